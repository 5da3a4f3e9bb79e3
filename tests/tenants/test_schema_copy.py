"""A schema made by replaying the template's captured DDL is the template again, and is what
django-tenants' clone made (tenants/schema_copy.py).

Everything happens inside the test's transaction (PostgreSQL DDL is transactional), so the schemas
made here disappear with the rollback. Schemas are compared through the catalogue, with their own
name taken out of the definitions: tables and columns (types, defaults, identities, NOT NULL),
constraints with their names and definitions (FKs pointing inside the schema), indexes, sequences
with their parameters and current values, triggers, functions, effective privileges, and every
table's rows (a digest of their text, not only their number).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection

from tenants import schema_copy
from tenants.clone_function import patched_clone_function
from tenants.services import ensure_template_schema

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "columns": """
        SELECT c.relname, row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
               pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, a.attgenerated, a.attcollation,
               replace(pg_catalog.pg_get_expr(d.adbin, d.adrelid), %(q)s, '')
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0
          AND NOT a.attisdropped
    """,
    "constraints": """
        SELECT c.relname, k.conname, k.contype, replace(pg_catalog.pg_get_constraintdef(k.oid), %(q)s, ''),
               k.condeferrable, k.condeferred, k.convalidated, f.relnamespace = %(ns)s::regnamespace
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class f ON f.oid = k.confrelid
        WHERE c.relnamespace = %(ns)s::regnamespace
    """,
    "indexes": """
        SELECT c.relname, i.relname, replace(pg_catalog.pg_get_indexdef(i.oid), %(q)s, ''), x.indisunique,
               x.indisprimary, x.indimmediate
        FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE c.relnamespace = %(ns)s::regnamespace
    """,
    "sequences": """
        SELECT s.relname, t.relname, a.attname, d.deptype, q.seqtypid::regtype::text, q.seqstart, q.seqincrement,
               q.seqmin, q.seqmax, q.seqcache, q.seqcycle, v.last_value
        FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
        JOIN pg_sequences v ON v.schemaname = %(ns)s AND v.sequencename = s.relname
        LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass
        LEFT JOIN pg_class t ON t.oid = d.refobjid AND t.relnamespace = %(ns)s::regnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.relnamespace = %(ns)s::regnamespace AND s.relkind = 'S'
    """,
    "triggers": """
        SELECT c.relname, t.tgname, replace(pg_catalog.pg_get_triggerdef(t.oid), %(q)s, ''), t.tgenabled
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
    """,
    "functions": """
        SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid),
               replace(pg_catalog.pg_get_functiondef(p.oid), %(q)s, ''), p.proowner::regrole::text
        FROM pg_proc p WHERE p.pronamespace = %(ns)s::regnamespace
    """,
    "privileges": """
        SELECT c.relname, c.relowner::regrole::text, e.grantee, e.privilege_type, e.is_grantable
        FROM pg_class c, pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault(
            (CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) e
        WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('r', 'S')
    """,
}


def _catalogue(schema: str) -> dict[str, list[tuple]]:
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_catalog.quote_ident(%s) || '.'", [schema])
        (qualifier,) = cursor.fetchone()  # how the definitions name the schema: "order". is quoted
        for part, sql in CATALOGUE.items():
            cursor.execute(sql, {"ns": schema, "q": qualifier})
            found[part] = sorted(cursor.fetchall(), key=repr)
        for table in sorted({row[0] for row in found["columns"]}):
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
                f' FROM "{schema}"."{table}" t'
            )
            found.setdefault("rows", []).append((table, *cursor.fetchone()))
    return found


# PostgreSQL stores `x IN ('a', 'b')` on a varchar column as `ANY ((ARRAY['a'::varchar, …])::text[])`;
# that text, parsed again (by the replay, as by any pg_dump restore), is stored with the cast on
# each element: `ANY (ARRAY[('a'::varchar)::text, …])`. The same test, spelt two ways.
_ARRAY_CAST = re.compile(r"\(\(ARRAY\[([^\]]*)\]\)::([a-z ]+)\[\]\)")


def _respelt(definition: str | None) -> str | None:
    if definition is None:
        return None
    return _ARRAY_CAST.sub(
        lambda m: "(ARRAY[" + ", ".join(f"({item})::{m.group(2)}" for item in m.group(1).split(", ")) + "])", definition
    )


def _spelt_alike(found: dict) -> dict:
    """Constraint and index definitions with their array casts spelt as a replay stores them."""
    return {
        **found,
        "constraints": sorted(((*row[:3], _respelt(row[3]), *row[4:]) for row in found["constraints"]), key=repr),
        "indexes": sorted(((*row[:2], _respelt(row[2]), *row[3:]) for row in found["indexes"]), key=repr),
    }


def _clone(target: str) -> None:
    db_user = settings.DATABASES["default"].get("USER") or "postgres"
    with connection.cursor() as cursor:
        cursor.execute(patched_clone_function().format(db_user=db_user))
        cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [settings.TENANT_BASE_SCHEMA, target])


def _renamed(found: dict) -> dict:
    """The catalogue without the names of unique constraints and of the indexes backing them:
    the one thing a clone does not keep (CREATE TABLE … LIKE names them after their columns)."""
    unique = {(row[0], row[1]) for row in found["constraints"] if row[2] == "u"}
    return {
        **found,
        "constraints": sorted(
            ((*row[:1], "", *row[2:]) if row[2] == "u" else row for row in found["constraints"]), key=repr
        ),
        "indexes": sorted(
            ((*row[:1], "", *row[2:]) if row[:2] in unique else row for row in found["indexes"]), key=repr
        ),
    }


def _without_index_names(found: dict) -> dict:
    """Index definitions carry the index's name; keep the rest of the definition."""
    return {
        **found,
        "indexes": sorted(
            ((*row[:2], re.sub(r"INDEX \S+ ON", "INDEX ON", row[2]), *row[3:]) for row in found["indexes"]),
            key=repr,
        ),
    }


@pytest.fixture
def template() -> dict:
    return _template_catalogue()


def _template_catalogue() -> dict:
    ensure_template_schema()
    found = _catalogue(settings.TENANT_BASE_SCHEMA)
    # The comparisons are not vacuous: the template has FKs, named unique constraints, identities
    # whose sequences have moved, triggers, functions and rows.
    assert len({row[0] for row in found["columns"]}) > 50
    assert any(row[2] == "f" for row in found["constraints"])
    assert any(row[2] == "u" and not row[1].endswith("_key") for row in found["constraints"])
    assert any(row[-1] and row[-1] > 1 for row in found["sequences"])
    assert found["triggers"]
    assert found["functions"]
    assert sum(row[1] for row in found["rows"]) > 0
    return found


def test_a_replayed_schema_is_the_template_again(template):
    # "order" is an SQL keyword: the script quotes the new schema's name everywhere.
    schema_copy.copy_template(settings.TENANT_BASE_SCHEMA, "order")
    replayed = _catalogue("order")
    for part in [*CATALOGUE, "rows"]:
        assert replayed[part] == _spelt_alike(template)[part], part
    respelt = [row for row in template["constraints"] + template["indexes"] if "::text[])" in repr(row)]
    assert respelt  # the respelling above is not idle, and it is all that differs:
    assert sum(_spelt_alike(template)[part] != template[part] for part in CATALOGUE) == 2
    # Every FK of the copy points inside the copy.
    assert all(row[7] for row in replayed["constraints"] if row[2] == "f")


def test_a_replayed_schema_is_what_the_clone_made(template):
    schema_copy.copy_template(settings.TENANT_BASE_SCHEMA, "cmpreplay")
    _clone("cmpclone")
    replayed = _catalogue("cmpreplay")
    cloned = _catalogue("cmpclone")
    # The clone grants the owner, explicitly, what the owner has anyway: the same effective rights.
    # It makes every identity's sequence bigint, where the template's integer columns have
    # integer ones (the same limits); the copy keeps the template's.
    assert {row[4] for row in cloned["sequences"]} == {"bigint"}
    assert (
        {row[4] for row in replayed["sequences"]} == {row[4] for row in template["sequences"]} == {"integer", "bigint"}
    )
    for found in (replayed, cloned):
        found["sequences"] = sorted(((*row[:4], "", *row[5:]) for row in found["sequences"]), key=repr)
    for part in [*CATALOGUE, "rows"]:
        same = _without_index_names(_renamed(replayed))[part]
        assert same == _without_index_names(_renamed(_spelt_alike(cloned)))[part], part
    # And that is the only difference: the clone renamed the named unique constraints, the copy
    # kept the template's names (a migration that drops one by its name must find it).
    renamed = {row[1] for row in cloned["constraints"]} ^ {row[1] for row in replayed["constraints"]}
    assert renamed
    assert renamed <= {row[1] for row in cloned["constraints"] + replayed["constraints"] if row[2] == "u"}
    assert {row[1] for row in replayed["constraints"]} == {row[1] for row in template["constraints"]}


def test_the_script_is_captured_once_per_migration_state(monkeypatch):
    ensure_template_schema()
    template = settings.TENANT_BASE_SCHEMA
    schema_copy.forget_scripts()
    captured = []
    capture = schema_copy.capture
    monkeypatch.setattr(schema_copy, "capture", lambda name: captured.append(name) or capture(name))
    first = schema_copy.script_for(template)
    assert schema_copy.script_for(template) is first
    assert captured == [template]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{template}".django_migrations (app, name, applied) VALUES (%s, %s, now())',  # noqa: S608
            ["tenants", "9999_later"],
        )
    assert schema_copy.script_for(template) is not first
    assert captured == [template, template]
    schema_copy.forget_scripts()


def test_explicit_privileges_are_replayed(template):
    name = settings.TENANT_BASE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT SELECT, INSERT ON "{name}".org_department TO PUBLIC')
        cursor.execute(f'REVOKE TRUNCATE ON "{name}".org_department FROM CURRENT_USER')
    script = schema_copy.capture(name)
    assert 'GRANT SELECT ON TABLE "x".org_department TO PUBLIC' in script.sql_for("x")
    assert 'REVOKE TRUNCATE ON TABLE "x".org_department FROM ' in script.sql_for("x")
    with connection.cursor() as cursor:
        cursor.execute(script.sql_for("withgrants"))
    assert _catalogue("withgrants")["privileges"] == _catalogue(name)["privileges"]


def test_a_template_with_something_the_copy_cannot_make_is_refused(template):
    name = settings.TENANT_BASE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIEW "{name}".department_names AS SELECT name FROM "{name}".org_department')  # noqa: S608
        cursor.execute(f"CREATE TYPE \"{name}\".mood AS ENUM ('ok')")
    with pytest.raises(RuntimeError, match=r"relations other than tables.*types"):
        schema_copy.capture(name)
