"""A registered document (one with a 생산등록번호) is a public record: the database itself refuses
to delete it or to change what was decided (its number, text, drafter, handling department,
status). Its filing data (retention period, disclosure class) stay changeable, because records
procedures (보존기간 재책정, 비공개 재분류) change them lawfully."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION approval_document_keep_registered() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.registration_serial IS NOT NULL THEN
            RAISE EXCEPTION 'registered document % cannot be deleted', OLD.registration_number
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.registration_serial IS NOT NULL AND (
        NEW.registration_serial IS DISTINCT FROM OLD.registration_serial
        OR NEW.registration_year IS DISTINCT FROM OLD.registration_year
        OR NEW.registration_number IS DISTINCT FROM OLD.registration_number
        OR NEW.registered_at IS DISTINCT FROM OLD.registered_at
        OR NEW.registered_department_name IS DISTINCT FROM OLD.registered_department_name
        OR NEW.department_id IS DISTINCT FROM OLD.department_id
        OR NEW.drafter_id IS DISTINCT FROM OLD.drafter_id
        OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.body IS DISTINCT FROM OLD.body
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.status IS DISTINCT FROM OLD.status
    ) THEN
        RAISE EXCEPTION 'registered document % cannot be changed', OLD.registration_number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER approval_document_keep_registered_delete BEFORE DELETE ON approval_document
    FOR EACH ROW EXECUTE FUNCTION approval_document_keep_registered();
CREATE TRIGGER approval_document_keep_registered_update BEFORE UPDATE ON approval_document
    FOR EACH ROW EXECUTE FUNCTION approval_document_keep_registered();
"""

ALLOW = """
DROP TRIGGER IF EXISTS approval_document_keep_registered_delete ON approval_document;
DROP TRIGGER IF EXISTS approval_document_keep_registered_update ON approval_document;
DROP FUNCTION IF EXISTS approval_document_keep_registered();
"""


class Migration(migrations.Migration):
    dependencies = [("approval", "0001_initial")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]
