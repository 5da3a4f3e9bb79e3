"""Records benchmark: the 기록물등록대장 page's own query, whole rows against the page's columns.

    BENCH_DATABASE_URL=… .venv/bin/python -m bench.records_register_page [--requests 200]

Needs the institution `bench.records_register` built (200,000 records; run it first). Fetches the
register's first page (50 rows, newest first, as the 기록관 sees it) and reads what the page
shows of each row, the two ways in turn so the machine's load falls on both alike:

- whole: the select_related of every relation the export needs plus the drafter, every column
  (body, components, fixity included), as the page read them before;
- columns: records.selectors.record_register's page form (the page's columns, three joins).

Prints p50/p95 of wall and CPU time per page and the bytes of the rows each query returns."""

from __future__ import annotations

import argparse
import os
import time

from bench.records_register import CODE, _quantile

PAGE = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    # The database bench.records_register built; never dropped here (that one re-creates it).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench_records?")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.db import connection
    from django_tenants.utils import schema_context

    from records.models import Record
    from records.selectors import PAGE_COLUMNS

    def whole():
        return Record.objects.select_related(
            "department", "unit_task", "record_file__unit_task", "record_file__department", "drafter"
        ).order_by("-registered_on", "-id")

    def columns():
        return (
            Record.objects.select_related("department", "unit_task", "record_file")
            .only(*PAGE_COLUMNS)
            .order_by("-registered_on", "-id")
        )

    def read(rows) -> int:
        shown = 0
        for r in rows:
            shown += len(r.registration_number) + len(r.title) + len(r.department.name) + len(r.author_label)
            shown += len(r.unit_task.name if r.unit_task else "") + len(r.record_file.title if r.record_file else "")
            shown += len(r.disclosure_label) + len(r.get_source_display()) + len(r.get_retention_period_display())
        return shown

    with schema_context(CODE):
        if not Record.objects.exists():
            print("build the institution first: python -m bench.records_register")
            return 1
        times: dict[str, list[float]] = {"whole": [], "columns": []}
        cpu: dict[str, list[float]] = {"whole": [], "columns": []}
        for _warm in range(5):
            read(whole()[:PAGE])
            read(columns()[:PAGE])
        for _n in range(args.requests):
            for name, query in (("whole", whole), ("columns", columns)):
                start, cpu_start = time.perf_counter(), time.process_time()
                read(query()[:PAGE])
                times[name].append((time.perf_counter() - start) * 1000)
                cpu[name].append((time.process_time() - cpu_start) * 1000)
        for name, query in (("whole", whole), ("columns", columns)):
            sql, params = query()[:PAGE].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT sum(pg_column_size(t.*)) FROM ({sql}) t", params)  # noqa: S608 - the ORM's own SQL
                (size,) = cursor.fetchone()
            print(
                f"  {name:8}: p50 {_quantile(times[name], 0.5):6.2f} ms, p95 {_quantile(times[name], 0.95):6.2f} ms; "
                f"CPU p50 {_quantile(cpu[name], 0.5):6.2f} ms; {size:,} bytes of rows"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
