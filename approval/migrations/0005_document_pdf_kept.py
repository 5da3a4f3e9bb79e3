"""The stored official PDF is the record: the database refuses to change or delete its row, so
nothing can swap the file or its checksum after the render (rendered once, never re-rendered)."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION approval_documentpdf_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the official PDF of document % is a record and cannot be changed or deleted', OLD.document_id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER approval_documentpdf_keep BEFORE UPDATE OR DELETE ON approval_documentpdf
    FOR EACH ROW EXECUTE FUNCTION approval_documentpdf_keep();
"""

ALLOW = """
DROP TRIGGER IF EXISTS approval_documentpdf_keep ON approval_documentpdf;
DROP FUNCTION IF EXISTS approval_documentpdf_keep();
"""


class Migration(migrations.Migration):
    dependencies = [("approval", "0004_document_pdf")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]
