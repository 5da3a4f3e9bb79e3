"""A new institution's schema made by replaying the template's DDL: a cost that does not grow with
the number of institutions.

django-tenants' ``clone_schema`` (tenants/clone_function.py) walks ``information_schema`` and
``pg_indexes``, whose lookups scan every schema's catalogue rows: with hundreds of institutions a
clone took seconds and kept growing (docs/PERFORMANCE.md, "Provisioning as the province grows").
Here the template's definition is read once from the catalogue — every query selects by the
template's namespace or by an object's oid — and kept, keyed by the template's migration state
(its ``django_migrations`` rows). A provisioning then runs that script with the schema name
swapped in, in one round trip, inside the caller's transaction: plain DDL, whose cost is the same
with 30 or 1,000 schemas present.

The script makes what the clone makes, in this order: the schema, the template's functions, its
tables (columns with types, defaults, identities and NOT NULL), the template's rows
(``INSERT … SELECT``, identities overridden), every sequence set to the template's value,
primary keys, unique, check and exclusion constraints, indexes, foreign keys, triggers, then
owners and grants where the template has them. Two things differ from the clone, both on
purpose: constraint names are the template's (``CREATE TABLE … LIKE`` renames named unique
constraints after their columns, so a later migration dropping ``approval_step_order_unique``
by name would fail on a cloned schema), and grants are written only where the template has
explicit ones (the clone grants the owner what the owner already has).

Anything in the template the script does not know how to copy (views, types, rules, policies,
comments, sequences not backing an identity, …) is refused loudly at capture rather than left
out silently. tests/tenants/test_schema_copy.py compares a replayed schema with the template and
with a clone through the catalogue.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from dataclasses import dataclass

from django.db import DatabaseError, connection

# Objects of the template the replay does not reproduce; each query returns a count.
_UNSUPPORTED = {
    "relations other than tables, indexes and sequences": """
        SELECT count(*) FROM pg_catalog.pg_class
        WHERE relnamespace = %(ns)s AND relkind NOT IN ('r', 'i', 'S')""",
    "types (enums, domains, ranges, composites)": """
        SELECT count(*) FROM pg_catalog.pg_type t
        WHERE t.typnamespace = %(ns)s AND t.typtype <> 'b' AND NOT (t.typtype = 'c' AND EXISTS (
            SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))
          AND t.typelem = 0""",
    "sequences that do not back an identity column": """
        SELECT count(*) FROM pg_catalog.pg_class s
        WHERE s.relnamespace = %(ns)s AND s.relkind = 'S' AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass
              AND d.objid = s.oid AND d.deptype = 'i')""",
    "rules": """
        SELECT count(*) FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
        WHERE c.relnamespace = %(ns)s""",
    "row-level security policies": """
        SELECT count(*) FROM pg_catalog.pg_class c
        WHERE c.relnamespace = %(ns)s AND (c.relrowsecurity OR EXISTS (
            SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid))""",
    "comments": """
        SELECT count(*) FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON c.oid = d.objoid
        WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND c.relnamespace = %(ns)s""",
    "storage parameters, inheritance or unlogged tables": """
        SELECT count(*) FROM pg_catalog.pg_class c
        WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND (c.reloptions IS NOT NULL
              OR c.relpersistence <> 'p' OR c.relhassubclass OR c.relispartition
              OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid))""",
    "disabled triggers": """
        SELECT count(*) FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal AND t.tgenabled <> 'O'""",
    "functions other than plain functions and procedures": """
        SELECT count(*) FROM pg_catalog.pg_proc WHERE pronamespace = %(ns)s AND prokind NOT IN ('f', 'p')""",
    "operators, collations, conversions, statistics or text search objects": """
        SELECT (SELECT count(*) FROM pg_catalog.pg_operator WHERE oprnamespace = %(ns)s)
             + (SELECT count(*) FROM pg_catalog.pg_collation WHERE collnamespace = %(ns)s)
             + (SELECT count(*) FROM pg_catalog.pg_conversion WHERE connamespace = %(ns)s)
             + (SELECT count(*) FROM pg_catalog.pg_statistic_ext WHERE stxnamespace = %(ns)s)
             + (SELECT count(*) FROM pg_catalog.pg_ts_config WHERE cfgnamespace = %(ns)s)
             + (SELECT count(*) FROM pg_catalog.pg_ts_dict WHERE dictnamespace = %(ns)s)""",
}

_FUNCTIONS = """
    SELECT pg_catalog.pg_get_functiondef(p.oid) FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = %(ns)s ORDER BY p.proname, p.oid"""

_TABLES = """
    SELECT c.oid, pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c
    WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' ORDER BY c.relname"""

# Every column of every table: its definition, and whether the data copy includes it.
_COLUMNS = """
    SELECT a.attrelid, pg_catalog.quote_ident(a.attname), pg_catalog.format_type(a.atttypid, a.atttypmod),
           CASE WHEN a.attcollation <> t.typcollation
                THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,
           a.attnotnull, a.attidentity, a.attgenerated, pg_catalog.pg_get_expr(d.adbin, d.adrelid),
           pg_catalog.quote_ident(s.relname), q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache,
           q.seqcycle
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
    LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_catalog.pg_depend dep ON a.attidentity <> '' AND dep.refobjid = a.attrelid
         AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_catalog.pg_class'::regclass
         AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype = 'i'
    LEFT JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
    LEFT JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid
    WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum"""

# Constraints other than NOT NULL (a column property here) and constraint triggers (made by
# their CREATE CONSTRAINT TRIGGER); foreign keys come last, after the keys they reference.
_CONSTRAINTS = """
    SELECT k.conrelid, k.contype = 'f', pg_catalog.quote_ident(k.conname), pg_catalog.pg_get_constraintdef(k.oid)
    FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = %(ns)s AND k.contype IN ('p', 'u', 'c', 'x', 'f')
    ORDER BY c.relname, k.contype = 'f', k.conname"""

# Indexes that no primary key, unique or exclusion constraint of their table makes.
_INDEXES = """
    SELECT pg_catalog.pg_get_indexdef(x.indexrelid)
    FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
    JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
    WHERE c.relnamespace = %(ns)s AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint k
        WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
    ORDER BY c.relname, i.relname"""

_TRIGGERS = """
    SELECT pg_catalog.pg_get_triggerdef(t.oid)
    FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal
    ORDER BY c.relname, t.tgname"""

# Owners other than the role that replays (who owns what it creates).
_OWNERS = """
    SELECT 'SCHEMA', NULL, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(n.nspowner))
    FROM pg_catalog.pg_namespace n WHERE n.oid = %(ns)s AND n.nspowner <> (
        SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
    UNION ALL
    SELECT CASE c.relkind WHEN 'r' THEN 'TABLE' END, pg_catalog.quote_ident(c.relname),
           pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.relowner))
    FROM pg_catalog.pg_class c WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND c.relowner <> (
        SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
    UNION ALL
    SELECT 'FUNCTION',
           pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
           pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.proowner))
    FROM pg_catalog.pg_proc p WHERE p.pronamespace = %(ns)s AND p.proowner <> (
        SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
    ORDER BY 1, 2"""

# Explicit privileges that differ from the owner's defaults: what to grant and what to revoke.
_GRANTS = """
    WITH objects AS (
        SELECT 'SCHEMA' AS kind, NULL AS name, n.nspacl AS acl, pg_catalog.acldefault('n'::"char", n.nspowner) AS dflt
        FROM pg_catalog.pg_namespace n WHERE n.oid = %(ns)s AND n.nspacl IS NOT NULL
        UNION ALL
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, pg_catalog.quote_ident(c.relname),
               c.relacl, pg_catalog.acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)
        FROM pg_catalog.pg_class c
        WHERE c.relnamespace = %(ns)s AND c.relkind IN ('r', 'S') AND c.relacl IS NOT NULL
        UNION ALL
        SELECT 'FUNCTION',
               pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
               p.proacl, pg_catalog.acldefault('f'::"char", p.proowner)
        FROM pg_catalog.pg_proc p WHERE p.pronamespace = %(ns)s AND p.proacl IS NOT NULL
    ), wanted AS (
        SELECT o.kind, o.name, e.grantee, e.privilege_type, e.is_grantable
        FROM objects o, pg_catalog.aclexplode(o.acl) e
    ), given AS (
        SELECT o.kind, o.name, e.grantee, e.privilege_type, e.is_grantable
        FROM objects o, pg_catalog.aclexplode(o.dflt) e
    )
    SELECT change.verb, change.kind, change.name, change.privilege_type,
           CASE change.grantee WHEN 0 THEN 'PUBLIC'
                ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(change.grantee)) END,
           change.is_grantable
    FROM (SELECT 'GRANT' AS verb, * FROM (SELECT * FROM wanted EXCEPT SELECT * FROM given) g
          UNION ALL
          SELECT 'REVOKE', * FROM (SELECT * FROM given EXCEPT SELECT * FROM wanted) r) change
    ORDER BY change.verb, change.kind, change.name, change.grantee, change.privilege_type"""


@dataclass(frozen=True)
class SchemaScript:
    """The template's DDL and data copy as text, split where the schema's name goes."""

    template: str
    parts: tuple[str, ...]
    tables: int

    def sql_for(self, schema: str) -> str:
        return f'"{schema}"'.join(self.parts)


_cache: dict[tuple, SchemaScript] = {}
_cache_lock = threading.Lock()


def _database_key() -> tuple:
    settings = connection.settings_dict
    return (settings.get("HOST"), settings.get("PORT"), settings.get("NAME"))


def migration_state(template: str) -> str:
    """A digest of the template's applied migrations: the script is reused while it is unchanged."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{template}".django_migrations ORDER BY app, name')  # noqa: S608
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def capture(template: str) -> SchemaScript:
    """Read the template's definition from the catalogue and write the script that rebuilds it.

    The catalogue's functions print names schema-qualified unless the schema is on the search
    path, so they run with ``pg_catalog`` alone on it: every reference to the template's objects
    reads ``template.name`` and is swapped for the new schema's (and ``public.`` stays public).
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", template):
        raise ValueError(f"template schema name {template!r} is not a plain identifier")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_catalog.current_setting('search_path')")
        (search_path,) = cursor.fetchone()
        cursor.execute("SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)")
        try:
            return _capture(cursor, template)
        finally:
            # After an error the transaction is aborted and rolls the setting back itself.
            with contextlib.suppress(DatabaseError):
                cursor.execute("SELECT pg_catalog.set_config('search_path', %s, false)", [search_path])


def _fetch(cursor, query: str, ns: int) -> list[tuple]:
    cursor.execute(query, {"ns": ns})
    return cursor.fetchall()


def _capture(cursor, template: str) -> SchemaScript:
    cursor.execute("SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %s", [template])
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"the template schema {template} does not exist")
    ns = row[0]
    refused = [what for what, query in _UNSUPPORTED.items() if _fetch(cursor, query, ns)[0][0]]
    if refused:
        raise RuntimeError(
            f"the template schema {template} has objects the schema copy does not reproduce: "
            + ", ".join(refused)
            + "; extend tenants/schema_copy.py before provisioning from it."
        )

    # Every reference to the template in the catalogue's text reads "<template>." and becomes the
    # new schema's; the data copy's sources are written "<template>" (quoted) and stay the template's.
    q = template
    statements = [f"CREATE SCHEMA {q}"]
    statements += [f"{definition.rstrip()}" for (definition,) in _fetch(cursor, _FUNCTIONS, ns)]

    tables = dict(_fetch(cursor, _TABLES, ns))
    columns: dict[int, list[str]] = {oid: [] for oid in tables}
    copied: dict[int, list[str]] = {oid: [] for oid in tables}
    identities: list[tuple[str, str]] = []  # (table, sequence)
    overriding: set[int] = set()
    for (
        rel,
        name,
        type_,
        collation,
        notnull,
        identity,
        generated,
        default,
        sequence,
        start,
        increment,
        minimum,
        maximum,
        cache,
        cycle,
    ) in _fetch(cursor, _COLUMNS, ns):
        definition = f"{name} {type_}"
        if collation:
            definition += f" COLLATE {collation}"
        if generated:
            definition += f" GENERATED ALWAYS AS ({default}) STORED"
        elif default is not None:
            definition += f" DEFAULT {default}"
        if notnull:
            definition += " NOT NULL"
        if identity:
            if sequence is None:
                raise RuntimeError(f"identity column {tables[rel]}.{name} has no sequence in {template}")
            kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
            definition += (
                f" GENERATED {kind} AS IDENTITY (SEQUENCE NAME {q}.{sequence} START WITH {start}"
                f" INCREMENT BY {increment} MINVALUE {minimum} MAXVALUE {maximum} CACHE {cache}"
                f"{' CYCLE' if cycle else ' NO CYCLE'})"
            )
            identities.append((tables[rel], sequence))
            if identity == "a":
                overriding.add(rel)
        columns[rel].append(definition)
        if not generated:
            copied[rel].append(name)
    for rel, table in tables.items():
        statements.append(f"CREATE TABLE {q}.{table} (\n    " + ",\n    ".join(columns[rel]) + "\n)")

    # The template's rows (permissions, groups, content types, migrations, …) as they are at each
    # provisioning, then every identity's sequence where the template's stands.
    for rel, table in tables.items():
        names = ", ".join(copied[rel])
        override = " OVERRIDING SYSTEM VALUE" if rel in overriding else ""
        statements.append(f'INSERT INTO {q}.{table} ({names}){override} SELECT {names} FROM "{template}".{table}')  # noqa: S608
    for _table, sequence in identities:
        statements.append(
            f"SELECT pg_catalog.setval('{q}.{sequence}', last_value, is_called) FROM \"{template}\".{sequence}"  # noqa: S608
        )

    keys: dict[int, list[str]] = {}
    foreign: dict[int, list[str]] = {}
    for rel, is_foreign, name, definition in _fetch(cursor, _CONSTRAINTS, ns):
        (foreign if is_foreign else keys).setdefault(rel, []).append(f"ADD CONSTRAINT {name} {definition}")
    for rel, added in keys.items():
        statements.append(f"ALTER TABLE {q}.{tables[rel]} " + ", ".join(added))
    statements += [definition for (definition,) in _fetch(cursor, _INDEXES, ns)]
    for rel, added in foreign.items():
        statements.append(f"ALTER TABLE {q}.{tables[rel]} " + ", ".join(added))
    statements += [definition for (definition,) in _fetch(cursor, _TRIGGERS, ns)]

    for kind, name, owner in _fetch(cursor, _OWNERS, ns):
        target = q if kind == "SCHEMA" else f"{q}.{name}"
        statements.append(f"ALTER {kind} {target} OWNER TO {owner}")
    for verb, kind, name, privilege, grantee, grantable in _fetch(cursor, _GRANTS, ns):
        target = q if kind == "SCHEMA" else f"{q}.{name}"
        direction = "TO" if verb == "GRANT" else "FROM"
        option = " WITH GRANT OPTION" if verb == "GRANT" and grantable else ""
        statements.append(f"{verb} {privilege} ON {kind} {target} {direction} {grantee}{option}")

    script = ";\n".join(statements) + ";\n"
    # Split at each reference to the template: its name, not inside a longer or a quoted name,
    # before a dot (a qualified name) or the end of a word (CREATE SCHEMA, GRANT … ON SCHEMA).
    parts = tuple(re.split(rf"(?<![\w$\"]){re.escape(template)}(?=[.;\s])", script))
    return SchemaScript(template=template, parts=parts, tables=len(tables))


def script_for(template: str) -> SchemaScript:
    """The template's script, captured at most once per migration state and database."""
    key = (*_database_key(), template, migration_state(template))
    with _cache_lock:
        script = _cache.get(key)
        if script is None:
            script = _cache[key] = capture(template)
    return script


def forget_scripts() -> None:
    """Drop the captured scripts (a test that changes the template without a migration)."""
    with _cache_lock:
        _cache.clear()


def copy_template(template: str, schema: str) -> None:
    """Create ``schema`` as a copy of the template, in the caller's transaction.

    The schema name must already be validated (institution codes are ``[a-z][a-z0-9]{1,19}``);
    it is double-quoted in the script, so a code that is an SQL keyword is still a name.
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise ValueError(f"schema name {schema!r} is not a plain identifier")
    script = script_for(template)
    with connection.cursor() as cursor:
        cursor.execute(script.sql_for(schema))
