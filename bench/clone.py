"""Provisioning as the province grows: clone time of a new institution with N schemas present.

    .venv/bin/python -m bench.clone [--counts 10,50,100,150] [--runs 2] [--reuse]

Uses a database of its own (``BENCH_DATABASE_URL``, or DATABASE_URL's server with database
``works_bench_clone``; dropped and re-created first unless ``--reuse``), migrates it, then for each
count tops the database up to that many institution-sized schemas and times ``--runs`` copies of
the template, each in a transaction that is rolled back: with django-tenants' original
``clone_schema``, with the patched one (tenants/clone_function.py), and by replaying the
template's captured DDL (tenants/schema_copy.py, what provisioning does now; the capture itself,
once per migration state, is timed apart). Where the database server runs on this machine, the
server process's CPU seconds are printed too: a figure the other work on a shared machine
disturbs far less than the wall time.

``--reuse`` with BENCH_DATABASE_URL pointing at another bench's database (bench.monitoring's, with
its hundreds of provisioned institutions) measures there without touching it: every copy is
rolled back, and a count below the schemas present adds none.

The filler schemas are made with ``CREATE TABLE ... (LIKE template INCLUDING ALL)`` for every
template table — the same tables, columns and indexes in the catalogue as a provisioned
institution (no FKs or rows), made in a fraction of a clone's time so that counts in the hundreds
stay quick to reach. What the clone pays for is the catalogue's size, which they reproduce.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

FILLER_PREFIX = "filler"


def _setup_database(reuse: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        base = os.environ.get("DATABASE_URL")
        if base:
            url = urlunsplit(urlsplit(base)._replace(path="/works_bench_clone"))
        else:
            from config import devservices

            url = devservices.postgres_url().replace("/works?", "/works_bench_clone?")
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    # devservices' helpers expect the embedded server's "?host=" URLs; this works with any URL.
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not reuse:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = url


def _schema_count(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
    )
    return cursor.fetchone()[0]


def _top_up(count: int, template: str) -> None:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'",
            [template],
        )
        tables = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE %s", [f"{FILLER_PREFIX}%"])
        made = cursor.fetchone()[0]
        while _schema_count(cursor) < count:
            made += 1
            schema = f"{FILLER_PREFIX}{made:04d}"
            with transaction.atomic():  # one schema per transaction: ~115 tables' locks at a time
                cursor.execute(f'CREATE SCHEMA "{schema}"')
                for table in tables:
                    cursor.execute(f'CREATE TABLE "{schema}"."{table}" (LIKE "{template}"."{table}" INCLUDING ALL)')


def _server_cpu() -> float | None:
    """CPU seconds (user + system) the connection's server process has used, if it runs here."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time_copy(function_sql: str | None, template: str) -> tuple[float, float | None]:
    """Wall and server-CPU seconds of one copy of the template, rolled back: by ``clone_schema``
    created from `function_sql`, or by replaying the captured DDL when it is None."""
    from django.conf import settings
    from django.db import connection, transaction

    from tenants import schema_copy

    db_user = settings.DATABASES["default"].get("USER") or "postgres"
    with transaction.atomic(), connection.cursor() as cursor:
        if function_sql is not None:
            cursor.execute(function_sql.format(db_user=db_user))
        cpu = _server_cpu()
        started = time.perf_counter()
        if function_sql is None:
            schema_copy.copy_template(template, "bench_clone_probe")
        else:
            cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [template, "bench_clone_probe"])
        seconds = time.perf_counter() - started
        after = _server_cpu()
        transaction.set_rollback(True)
    return seconds, (after - cpu if cpu is not None and after is not None else None)


def _figures(name: str, runs: list[tuple[float, float | None]]) -> str:
    walls = [wall for wall, _cpu in runs]
    text = f"{name} median {statistics.median(walls):.2f}s (max {max(walls):.2f}s"
    cpus = [cpu for _wall, cpu in runs if cpu is not None]
    if cpus:
        text += f", server CPU {statistics.median(cpus):.2f}s"
    return text + ")"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="10,50,100,150", help="schema counts to time the clone at")
    parser.add_argument("--runs", type=int, default=2, help="clones timed per count and function")
    parser.add_argument("--reuse", action="store_true", help="keep the database (and its filler schemas)")
    parser.add_argument("--skip-original", action="store_true", help="leave django-tenants' own clone out (slowest)")
    args = parser.parse_args()

    _setup_database(args.reuse)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tenants import schema_copy
    from tenants.clone_function import ORIGINAL_CLONE_FUNCTION, patched_clone_function
    from tenants.services import ensure_template_schema

    t0 = time.perf_counter()
    call_command("migrate_all", verbosity=0)
    ensure_template_schema()
    print(f"migrate (public + template): {time.perf_counter() - t0:.1f}s")
    template = settings.TENANT_BASE_SCHEMA
    functions = {"original": ORIGINAL_CLONE_FUNCTION, "patched": patched_clone_function(), "replay": None}
    if args.skip_original:
        del functions["original"]
    for count in [int(value) for value in args.counts.split(",")]:
        t0 = time.perf_counter()
        _top_up(count, template)
        with connection.cursor() as cursor:
            present = _schema_count(cursor)
        topped = time.perf_counter() - t0
        schema_copy.forget_scripts()
        t0 = time.perf_counter()
        schema_copy.script_for(template)
        captured = time.perf_counter() - t0
        figures = [
            _figures(name, [_time_copy(sql, template) for _ in range(args.runs)]) for name, sql in functions.items()
        ]
        print(
            f"{present:4d} schemas (topped up in {topped:.0f}s): clone "
            + ", ".join(figures)
            + f"; replay's capture (once per migration state) {captured:.2f}s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
