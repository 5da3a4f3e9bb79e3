"""The plan keeps its approved document's registration number (told by the approval callback, so
budget's pages never read the engine's tables) and the new-plan form's token (core.once: one plan
per submitted form). Plans approved before keep their number, copied once from their document."""

from django.db import migrations, models

COPY_NUMBERS = """
UPDATE budget_expenseplan AS plan
   SET registration = document.registered_department_name || '-' || document.registration_serial
  FROM approval_document AS document
 WHERE plan.document_id = document.id AND document.registration_serial IS NOT NULL;
"""


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="expenseplan",
            name="registration",
            field=models.CharField(blank=True, max_length=120, verbose_name="생산등록번호"),
        ),
        migrations.AddField(
            model_name="expenseplan",
            name="submission_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.RunSQL(COPY_NUMBERS, migrations.RunSQL.noop),
    ]
