"""Provisioning as the province grows: clone time of a new institution with N schemas present.

    .venv/bin/python -m bench.clone [--counts 10,50,100,150] [--runs 2] [--reuse]

Uses a database of its own (``BENCH_DATABASE_URL``, or DATABASE_URL's server with database
``works_bench_clone``; dropped and re-created first unless ``--reuse``), migrates it, then for each
count tops the database up to that many institution-sized schemas and times ``--runs`` clones of
the template, each in a transaction that is rolled back, with django-tenants' original
``clone_schema`` and with the patched one (tenants/clone_function.py) the project installs.

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


def _time_clone(function_sql: str, template: str) -> float:
    from django.conf import settings
    from django.db import connection, transaction

    db_user = settings.DATABASES["default"].get("USER") or "postgres"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(function_sql.format(db_user=db_user))
        started = time.perf_counter()
        cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [template, "bench_clone_probe"])
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="10,50,100,150", help="schema counts to time the clone at")
    parser.add_argument("--runs", type=int, default=2, help="clones timed per count and function")
    parser.add_argument("--reuse", action="store_true", help="keep the database (and its filler schemas)")
    args = parser.parse_args()

    _setup_database(args.reuse)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tenants.clone_function import ORIGINAL_CLONE_FUNCTION, patched_clone_function
    from tenants.services import ensure_template_schema

    t0 = time.perf_counter()
    call_command("migrate_all", verbosity=0)
    ensure_template_schema()
    print(f"migrate (public + template): {time.perf_counter() - t0:.1f}s")
    template = settings.TENANT_BASE_SCHEMA
    functions = {"original": ORIGINAL_CLONE_FUNCTION, "patched": patched_clone_function()}
    for count in [int(value) for value in args.counts.split(",")]:
        t0 = time.perf_counter()
        _top_up(count, template)
        with connection.cursor() as cursor:
            present = _schema_count(cursor)
        figures = []
        for name, sql in functions.items():
            seconds = [_time_clone(sql, template) for _ in range(args.runs)]
            figures.append(f"{name} median {statistics.median(seconds):.2f}s (max {max(seconds):.2f}s)")
        print(f"{present:4d} schemas (topped up in {time.perf_counter() - t0:.0f}s): clone " + ", ".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
