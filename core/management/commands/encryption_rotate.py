"""Re-encrypt every encrypted column (core.encryption) of every schema with the newest key of
FIELD_ENCRYPTION_KEYS, so the older keys can then be dropped. Run after putting a new key first;
safe to run again (each run re-encrypts with whatever key is newest). Prints what it rotated."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context
from psycopg import sql

from core.encryption import encrypted_fields, rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        targets = list(encrypted_fields(apps.get_models()))
        public = get_public_schema_name()
        institutions = get_tenant_model().objects.exclude(schema_name=public)
        schemas = [public, *institutions.values_list("schema_name", flat=True)]
        total = 0
        for schema in schemas:
            with schema_context(schema), transaction.atomic():
                existing = set(connection.introspection.table_names())
                for model, columns in targets:
                    table = model._meta.db_table
                    if table not in existing:
                        continue
                    total += self._rotate_table(table, model._meta.pk.column, columns)
        self.stdout.write(f"encryption_rotate: {total} values re-encrypted in {len(schemas)} schemas")

    @staticmethod
    def _rotate_table(table: str, pk: str, columns: list[str]) -> int:
        count = 0
        with connection.cursor() as cursor:
            for column in columns:
                cursor.execute(
                    sql.SQL("SELECT {pk}, {col} FROM {table} WHERE {col} <> '' FOR UPDATE").format(
                        pk=sql.Identifier(pk), col=sql.Identifier(column), table=sql.Identifier(table)
                    )
                )
                rows = [(rotate(token), key) for key, token in cursor.fetchall()]
                cursor.executemany(
                    sql.SQL("UPDATE {table} SET {col} = %s WHERE {pk} = %s").format(
                        pk=sql.Identifier(pk), col=sql.Identifier(column), table=sql.Identifier(table)
                    ),
                    rows,
                )
                count += len(rows)
        return count
