"""django-tenants' ``clone_schema`` plpgsql function with its catalogue-size hot spot removed.

After ``CREATE TABLE ... (LIKE ... INCLUDING ALL)`` the function renames every index of the new
table back to the template's name. It finds the pairs by joining the ``pg_indexes`` view with
itself on the table's *name*: PostgreSQL looks that name up in every schema (one hit per
institution) and computes ``pg_get_indexdef`` for each, so the lookup — run once per table, about
115 times per clone — grew with the number of institutions (measured in docs/PERFORMANCE.md,
"Provisioning as the province grows"). The replacement selects the same pairs, in the same order,
from the two tables' own indexes (``pg_index.indrelid`` = the table's oid), which costs the same
whatever the number of schemas.

The replacement is an exact-text substitution on the function django-tenants ships; if an upgrade
changes that text, ``patched_clone_function`` raises instead of silently cloning the slow way
(tests/tenants/test_clone_function.py compares a patched clone with an original one).

The project's own provisioning no longer clones: it replays the template's captured DDL
(tenants/schema_copy.py), whose cost does not depend on the catalogue at all. The patch stays for
django-tenants' own ``create_schema`` (its ``create_tenant`` command).
"""

from __future__ import annotations

from django_tenants import clone

SLOW_INDEX_PAIRS = """      SELECT old.indexname, new.indexname
      FROM pg_indexes old, pg_indexes new
      WHERE old.schemaname = source_schema
        AND new.schemaname = dest_schema
        AND old.tablename = new.tablename
        AND old.tablename = tblname
        AND old.indexname <> new.indexname
        AND regexp_replace(old.indexdef, E'.*USING','') = regexp_replace(new.indexdef, E'.*USING','')
        ORDER BY old.indexdef, new.indexdef"""

# pg_indexes lists the indexes of tables ('r', 'm', 'p'); tblname is always one of the template's
# tables here, and every index of a table is of kind 'i' or 'I', so the two sides are equal.
FAST_INDEX_PAIRS = """      SELECT old.indexname, new.indexname
      FROM (SELECT i.relname AS indexname, pg_catalog.pg_get_indexdef(i.oid) AS indexdef
              FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
             WHERE x.indrelid = pg_catalog.to_regclass(quote_ident(source_schema) || '.' || quote_ident(tblname))) old,
           (SELECT i.relname AS indexname, pg_catalog.pg_get_indexdef(i.oid) AS indexdef
              FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
             WHERE x.indrelid = pg_catalog.to_regclass(quote_ident(dest_schema) || '.' || quote_ident(tblname))) new
      WHERE old.indexname <> new.indexname
        AND regexp_replace(old.indexdef, E'.*USING','') = regexp_replace(new.indexdef, E'.*USING','')
        ORDER BY old.indexdef, new.indexdef"""

# Before each rename: is the new name the table's and the old name still free? Same question, asked
# of the one table's indexes rather than of every table of that name in every schema.
SLOW_RENAME_CHECK = (
    "SELECT count(*) INTO cnt FROM pg_indexes WHERE schemaname = dest_schema AND tablename = tblname "
    "AND indexname =  ix_new_name AND ix_old_name <> ix_new_name AND NOT EXISTS (SELECT TRUE FROM pg_indexes\n"
    "\t        WHERE schemaname = dest_schema AND tablename = tblname AND indexname =  ix_old_name);"
)

FAST_RENAME_CHECK = """SELECT count(*) INTO cnt
            FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = pg_catalog.to_regclass(quote_ident(dest_schema) || '.' || quote_ident(tblname))
              AND i.relname = ix_new_name AND ix_old_name <> ix_new_name
              AND NOT EXISTS (SELECT TRUE FROM pg_catalog.pg_index y JOIN pg_catalog.pg_class j ON j.oid = y.indexrelid
                              WHERE y.indrelid = x.indrelid AND j.relname = ix_old_name);"""

ORIGINAL_CLONE_FUNCTION: str = clone.CLONE_SCHEMA_FUNCTION


def patched_clone_function(source: str = ORIGINAL_CLONE_FUNCTION) -> str:
    """The function's SQL with the index-pair lookups (both copies: one per code path) and the
    rename check replaced."""
    found = source.count(SLOW_INDEX_PAIRS)
    if found != 2:
        raise RuntimeError(
            f"django-tenants' clone_schema changed: expected the index-pair lookup twice, found {found}; "
            "review tenants/clone_function.py against the new version."
        )
    checks = source.count(SLOW_RENAME_CHECK)
    if checks != 1:
        raise RuntimeError(
            f"django-tenants' clone_schema changed: expected the index-rename check once, found {checks}; "
            "review tenants/clone_function.py against the new version."
        )
    return source.replace(SLOW_INDEX_PAIRS, FAST_INDEX_PAIRS).replace(SLOW_RENAME_CHECK, FAST_RENAME_CHECK)


def install() -> None:
    """Make every clone (``TenantMixin.create_schema``) create the patched function.

    ``CloneSchema._create_clone_schema_function`` reads the module constant at each clone, so
    replacing it is enough; called once from ``TenantsConfig.ready``.
    """
    clone.CLONE_SCHEMA_FUNCTION = patched_clone_function()
