"""The subject's requester on the document (approval.kinds: who a request is for, when not its
drafter), and the database's backstop of the "nobody decides their own document" rule
(approval.turn): a step can never be recorded as decided by the document's drafter or requester,
whatever a service might get wrong."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORBID = """
CREATE OR REPLACE FUNCTION approval_step_not_self_decided() RETURNS trigger AS $$
DECLARE
    parties RECORD;
BEGIN
    IF NEW.acted_by_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT drafter_id, requester_id INTO parties FROM approval_document WHERE id = NEW.document_id;
    IF NEW.acted_by_id = parties.drafter_id OR NEW.acted_by_id = parties.requester_id THEN
        RAISE EXCEPTION 'step % of document % cannot be decided by its drafter or requester', NEW."order", NEW.document_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER approval_step_not_self_decided BEFORE INSERT OR UPDATE OF acted_by_id ON approval_approvalstep
    FOR EACH ROW EXECUTE FUNCTION approval_step_not_self_decided();
"""

ALLOW = """
DROP TRIGGER IF EXISTS approval_step_not_self_decided ON approval_approvalstep;
DROP FUNCTION IF EXISTS approval_step_not_self_decided();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("approval", "0005_document_pdf_kept"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="requester",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requested_documents",
                to=settings.AUTH_USER_MODEL,
                verbose_name="신청인",
            ),
        ),
        migrations.RunSQL(FORBID, ALLOW),
    ]
