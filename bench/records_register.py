"""Records benchmark: 기록물등록대장 and its search over 200,000 records.

    .venv/bin/python -m bench.records_register [--records 200000] [--requests 50]

Runs against its own database (``works_bench_records`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing, where only the
benchmark's institution is dropped and made again), so it never touches the dev data.

1. Provisions one institution with 20 departments (each with a head and a member) and 5 unit
   tasks per department (retention 1년 … 영구), then bulk-creates `--records` records over three
   production years in their 기록물철 (one per unit task, department and year), with titles drawn
   from Korean work vocabulary, a tenth of them 비공개.
2. Times, warm, in-process (server time without the network; p50/p95 over `--requests`, SQL
   queries per request): the register as the 기록관 (every record, first page), as a department
   head (their department's year), a title search for a Korean substring over everything the
   기록관 sees, a search for a registration number, the 기록물철등록부, and the 통합검색 page
   (records, documents, memos, minutes, cards) for a common and a rare term.
3. Times one fixity batch (records.fixity) of 2,000 records (bodies only: records per second).
4. Times the PDF/A-1b preservation copy (records.preservation.preservation_pdf) of `--pdfa`
   records kept 10 years or longer, rendered in memory one after another (the first, which loads
   the fonts, reported apart): seconds per document.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from datetime import date, datetime
from datetime import time as dtime
from urllib.parse import urlsplit

CODE = "benchrecords"
DEPARTMENTS = 20
TASKS_PER_DEPARTMENT = 5
YEARS = (2024, 2025, 2026)
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
WORDS = (
    "청사", "안전점검", "결과", "보고", "계획", "물품", "구매", "계약", "인사", "발령", "교육", "훈련", "예산",
    "집행", "감사", "수감", "민원", "처리", "회의", "개최", "협조", "요청", "시설", "보수", "정보화", "사업",
    "홍보", "행사", "운영", "지침", "개정", "통계", "제출", "복무", "점검", "용역", "착수", "완료",
)  # fmt: skip
RETENTIONS = ("1", "3", "5", "10", "permanent")


def _setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        import psycopg
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        admin = url.replace(f"/{name}", "/postgres", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    else:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench_records?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(records: int, rng: random.Random):
    """Departments, people, unit tasks, files and `records` records in bulk. Returns (기록관, a
    department head, that head's department)."""
    from django.utils import timezone

    from org import roles
    from org.services import department_set_head
    from records import duties
    from records.models import Record, RecordFile, RecordSource
    from records.plugin import RECORDS_MANAGER
    from tests.factories import DepartmentFactory, UserFactory
    from tests.factories.tasks_cards import unit_task

    root = DepartmentFactory(name="기록벤치재단", code="R000")
    archivist = UserFactory(username="archivist", name="기록관", department=root,
                            roles=[roles.STAFF, RECORDS_MANAGER])  # fmt: skip
    departments, heads, tasks = [], [], []
    for n in range(DEPARTMENTS):
        department = DepartmentFactory(name=f"업무{n + 1}팀", code=f"R{n + 1:03d}", parent=root)
        head = UserFactory(username=f"head{n}", name=f"팀장{n}", department=department)
        department_set_head(department=department, head=head)
        UserFactory(username=f"member{n}", name=f"팀원{n}", department=department)
        departments.append(department)
        heads.append(head)
        for k in range(TASKS_PER_DEPARTMENT):
            tasks.append(unit_task(department=department, name=f"단위과제{n + 1}-{k + 1}",
                                   retention_period=RETENTIONS[k % len(RETENTIONS)]))  # fmt: skip
    files = {}
    for task in tasks:
        for year in YEARS:
            files[(task.pk, year)] = RecordFile(unit_task=task, department_id=task.department_id, year=year,
                                                title=task.name, retention_period=task.retention_period,
                                                retention_reason="기록관리기준표")  # fmt: skip
    RecordFile.objects.bulk_create(files.values(), batch_size=5000)
    serials: dict[tuple[int, int], int] = {}
    names = {d.pk: d.name for d in departments}
    batch = []
    for n in range(records):
        task = tasks[rng.randrange(len(tasks))]
        year = YEARS[n * len(YEARS) // records]
        on = date(year, rng.randint(1, 12), rng.randint(1, 28))
        key = (task.department_id, year)
        serials[key] = serials.get(key, 0) + 1
        title = " ".join(rng.sample(WORDS, 4))
        body = f"<p>{title}에 관한 문서입니다.</p>"
        private = rng.random() < 0.1
        batch.append(
            Record(
                source=RecordSource.PRODUCED, source_id=n + 1,
                registration_number=f"{names[task.department_id]}-{serials[key]}",
                title=title, registered_on=on, year=year, department_id=task.department_id,
                author_label="기안자", unit_task=task, record_file=files[(task.pk, year)],
                retention_period=task.retention_period,
                disclosure="private" if private else "public", disclosure_ground="5" if private else "",
                start_date=duties.start_date(on), body=body, body_sha256=hashlib.sha256(body.encode()).hexdigest(),
                created_at=timezone.make_aware(datetime.combine(on, dtime(10))),
            )
        )  # fmt: skip
        if len(batch) == 10_000:
            Record.objects.bulk_create(batch)
            batch = []
    Record.objects.bulk_create(batch)
    return archivist, heads[0], departments[0]


def _timed(client, url: str, params: dict, requests: int) -> tuple[float, float, int, float, float]:
    """(p50 ms, p95 ms, SQL queries of one request, p50 ms of this process's CPU, p50 ms in SQL).
    On a shared, loaded machine the wall time mostly measures waiting for a core; the CPU time
    (Python: view, template) and the time spent in SQL are what the code itself costs."""
    from django.db import connection

    def get():
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} answered {response.status_code}")
        return response

    for _ in range(3):
        get()
    executed: list[str] = []

    def count(execute, sql, sql_params, many, context):
        executed.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count):
        get()
    sql_ms = [0.0]

    def timed_sql(execute, sql, sql_params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, sql_params, many, context)
        finally:
            sql_ms[0] += (time.perf_counter() - start) * 1000

    timings, cpu, in_sql = [], [], []
    with connection.execute_wrapper(timed_sql):
        for _ in range(requests):
            sql_ms[0] = 0.0
            start, cpu_start = time.perf_counter(), time.process_time()
            get()
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
            in_sql.append(sql_ms[0])
    return (_quantile(timings, 0.5), _quantile(timings, 0.95), len(executed), _quantile(cpu, 0.5),
            _quantile(in_sql, 0.5))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="time the institution a previous run built")
    parser.add_argument("--pdfa", type=int, default=20, help="PDF/A preservation copies timed")
    args = parser.parse_args()
    _setup_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django_tenants.utils import schema_context

    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create, institution_domain

    call_command("migrate_all", verbosity=0)
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}).enable()
    if args.reuse and Institution.objects.filter(schema_name=CODE).exists():
        from org.models import Department, User

        with schema_context(CODE):
            archivist, head = User.objects.get(username="archivist"), User.objects.get(username="head0")
            department = Department.objects.get(pk=head.department_id)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
        Domain.objects.filter(tenant__schema_name=CODE).delete()
        Institution.objects.filter(schema_name=CODE).delete()
        institution_create(code=CODE, name="기록벤치재단", kind=InstitutionKind.AGENCY)
        start = time.perf_counter()
        with schema_context(CODE):
            archivist, head, department = build(args.records, random.Random(2026))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE records_record; ANALYZE records_recordfile")
        print(f"built {args.records:,} records in {time.perf_counter() - start:.1f} s")

    host = institution_domain(CODE)
    manager_client, head_client = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
    with schema_context(CODE):
        manager_client.force_login(archivist)
        head_client.force_login(head)
    connection.set_schema_to_public()
    cases = [
        ("기록관: 등록대장 첫 쪽 (전체)", manager_client, "/records/", {}),
        ("부서장: 자기 부서 2026년", head_client, "/records/", {"department": str(department.pk), "year": "2026"}),
        ("기록관: 제목 검색 '안전점검'", manager_client, "/records/", {"q": "안전점검"}),
        ("기록관: 제목 검색 '보수 계약' (드묾)", manager_client, "/records/", {"q": "보수 계약"}),
        ("기록관: 등록번호 검색 '업무3팀-1234'", manager_client, "/records/", {"q": "업무3팀-1234"}),
        ("부서장: 검색 '점검' (자기 부서)", head_client, "/records/", {"q": "점검"}),
        ("기록관: 기록물철등록부", manager_client, "/records/files/", {}),
        ("기록관: 통합검색 '안전점검'", manager_client, "/records/search/", {"q": "안전점검"}),
        ("기록관: 통합검색 '보수 계약' (드묾)", manager_client, "/records/search/", {"q": "보수 계약"}),
        ("부서장: 통합검색 '보수 계약'", head_client, "/records/search/", {"q": "보수 계약"}),
        ("부서장: 통합검색 '점검' (두 글자)", head_client, "/records/search/", {"q": "점검"}),
    ]
    for label, client, url, params in cases:
        p50, p95, queries, cpu, in_sql = _timed(client, url, params, args.requests)
        print(f"  {label}: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, {queries} SQL queries; "
              f"p50 CPU {cpu:5.1f} ms, p50 in SQL {in_sql:5.1f} ms")  # fmt: skip

    from records.fixity import fixity_check

    with schema_context(CODE):
        start = time.perf_counter()
        run = fixity_check(batch=2000)
        seconds = time.perf_counter() - start
    print(f"  fixity batch: {run.records} records ({run.components} components) in {seconds:.2f} s = "
          f"{run.records / seconds:,.0f} records/s")  # fmt: skip

    from records.models import Record
    from records.preservation import needs_copy_q, preservation_pdf

    with schema_context(CODE):
        chosen = list(
            Record.objects.filter(needs_copy_q()).select_related("department", "unit_task").order_by("id")[: args.pdfa]
        )
        times, sizes = [], []
        for record in chosen:
            start = time.perf_counter()
            sizes.append(len(preservation_pdf(record)))
            times.append((time.perf_counter() - start) * 1000)
    if len(times) > 1:
        warm = sorted(times[1:])
        size = sorted(sizes)[len(sizes) // 2] / 1024
        print(f"  PDF/A copy: first {times[0]:.0f} ms; then {len(warm)} documents p50 {_quantile(warm, 0.5):.0f} ms, "
              f"p95 {_quantile(warm, 0.95):.0f} ms, median size {size:.1f} KiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
