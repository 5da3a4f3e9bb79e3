"""The patched clone function makes exactly the schema django-tenants' original one makes.

tenants/clone_function.py replaces the function's index-pair lookup (the part whose cost grew with
the number of institutions). Both versions clone the migrated template here, inside the test's
transaction, and the two schemas are compared through the catalogue: tables, columns with their
types, defaults and identities, constraints (FKs pointing inside the new schema), index names and
definitions, sequences and their owners, triggers, functions, and every table's row count.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django_tenants import clone

from tenants.clone_function import (
    ORIGINAL_CLONE_FUNCTION,
    SLOW_INDEX_PAIRS,
    SLOW_RENAME_CHECK,
    patched_clone_function,
)
from tenants.services import ensure_template_schema

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "columns": """
        SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, a.attgenerated, replace(pg_catalog.pg_get_expr(d.adbin, d.adrelid), %(q)s, '')
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0
          AND NOT a.attisdropped
    """,
    "constraints": """
        SELECT c.relname, k.conname, k.contype, replace(pg_catalog.pg_get_constraintdef(k.oid), %(q)s, ''),
               k.condeferrable,
               k.condeferred, f.relnamespace = %(ns)s::regnamespace
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class f ON f.oid = k.confrelid
        WHERE c.relnamespace = %(ns)s::regnamespace
    """,
    "indexes": """
        SELECT c.relname, i.relname, replace(pg_catalog.pg_get_indexdef(i.oid), %(q)s, '')
        FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE c.relnamespace = %(ns)s::regnamespace
    """,
    "sequences": """
        SELECT s.relname, t.relname, a.attname, d.deptype
        FROM pg_class s LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass
        LEFT JOIN pg_class t ON t.oid = d.refobjid AND t.relnamespace = %(ns)s::regnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.relnamespace = %(ns)s::regnamespace AND s.relkind = 'S'
    """,
    "triggers": """
        SELECT c.relname, t.tgname, replace(pg_catalog.pg_get_triggerdef(t.oid), %(q)s, '')
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
    """,
    "functions": """
        SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), md5(p.prosrc)
        FROM pg_proc p WHERE p.pronamespace = %(ns)s::regnamespace
    """,
}


def _catalogue(schema: str) -> dict[str, list[tuple]]:
    found = {}
    with connection.cursor() as cursor:
        for part, sql in CATALOGUE.items():
            cursor.execute(sql, {"ns": schema, "q": f"{schema}."})
            found[part] = sorted(cursor.fetchall(), key=repr)
        for table in sorted({row[0] for row in found["columns"]}):
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 -- catalogue names
            found.setdefault("rows", []).append((table, cursor.fetchone()[0]))
    return found


def _clone_with(function_sql: str, target: str) -> None:
    db_user = settings.DATABASES["default"].get("USER") or "postgres"
    with connection.cursor() as cursor:
        cursor.execute(function_sql.format(db_user=db_user))
        cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [settings.TENANT_BASE_SCHEMA, target])


def test_the_patched_function_is_the_one_clones_use():
    assert patched_clone_function() == clone.CLONE_SCHEMA_FUNCTION
    assert SLOW_INDEX_PAIRS not in clone.CLONE_SCHEMA_FUNCTION
    assert SLOW_INDEX_PAIRS in ORIGINAL_CLONE_FUNCTION
    assert SLOW_RENAME_CHECK not in clone.CLONE_SCHEMA_FUNCTION
    assert SLOW_RENAME_CHECK in ORIGINAL_CLONE_FUNCTION


def test_a_changed_upstream_function_is_refused_loudly():
    with pytest.raises(RuntimeError, match="clone_schema changed"):
        patched_clone_function(ORIGINAL_CLONE_FUNCTION.replace("pg_indexes old, pg_indexes new", "x"))
    with pytest.raises(RuntimeError, match="index-rename check"):
        patched_clone_function(ORIGINAL_CLONE_FUNCTION.replace(SLOW_RENAME_CHECK, "x"))


def test_patched_clone_equals_the_original_clone():
    ensure_template_schema()
    _clone_with(ORIGINAL_CLONE_FUNCTION, "cmp_original")
    _clone_with(patched_clone_function(), "cmp_patched")
    original = _catalogue("cmp_original")
    patched = _catalogue("cmp_patched")
    template = _catalogue(settings.TENANT_BASE_SCHEMA)
    # The comparison is not vacuous: the template has tables, FKs, indexes, triggers and rows.
    assert len({row[0] for row in template["columns"]}) > 50
    assert any(row[2] == "f" for row in template["constraints"])
    assert template["triggers"]
    assert template["functions"]
    assert sum(count for _table, count in template["rows"]) > 0
    for part in [*CATALOGUE, "rows"]:
        assert patched[part] == original[part], part
    # Plain indexes (not backing a constraint) carry the template's names: the lookup this patch
    # replaced renames them back after CREATE TABLE LIKE (constraint-backed ones it leaves alone).
    assert len(patched["indexes"]) == len(template["indexes"])

    def plain(found: dict) -> set[tuple]:
        constrained = {(row[0], row[1]) for row in found["constraints"]}
        return {row[:2] for row in found["indexes"] if row[:2] not in constrained}

    assert plain(patched)
    assert plain(patched) <= {row[:2] for row in template["indexes"]}
    # Every FK of the clone points inside the clone.
    assert all(row[6] for row in patched["constraints"] if row[2] == "f")
