"""Trigram indexes for the register's search (title and number ILIKE '%…%': Korean substrings
need no morphological analyser) where the PostgreSQL server has pg_trgm. The embedded
development server (pgserver's wheel) has no contrib extensions, so there the search scans; the
production image and the shared development server have it. Created with SQL, outside the model
state, so both kinds of server share the same migrations."""

from django.db import migrations

INDEXES = (
    ("record_title_trgm", "title"),
    ("record_number_trgm", "registration_number"),
)


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        # In the public schema, which every schema's search_path ends with (once per database).
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        for name, column in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON records_record USING gin ({column} public.gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("records", "0004_register_order")]

    operations = [migrations.RunPython(create, drop)]
