"""Budget reports benchmark: 예산집행현황 for a year with 50,000 postings over 150 lines.

    .venv/bin/python -m bench.budget_reports [--requests 50]

Runs against its own database (``works_bench_budget_reports`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing, where only the
benchmark's institution is dropped and made again), so it never touches the dev data.

1. Builds one institution's 2026 budget through the structure services: 10 departments, 15
   세부사업, 150 통계목 lines mapped to the province's standard codes, 본예산 250,000,000원 each,
   confirmed (150 본예산 postings).
2. Times 예산집행현황 (each view), the budget home and the KPI function with only the 본예산, to
   show the query counts do not depend on the ledger.
3. Adds 50,000 postings in bulk (per line: 60 commitments, each settled into 집행 in two parts,
   10 remainders released, 20 direct executions of which 3 are returned, and a 추경 on every third
   line; dated over the year with a slow January and a year-end rush), sets every line's running
   totals from them in one UPDATE, and runs ``manage.py budget_reconcile`` on the institution
   (it must find no drift).
4. Times, warm, in-process (server time without the network), as the 예산 담당: 예산집행현황 by
   line tree, department, month and standard code (p50/p95 over `--requests`, SQL queries per
   request), its XLSX and PDF, the budget home of the institution's head (every line), and the
   KPI function.
5. Books the year's journal in bulk (an entry per 집행, a payment for most, monthly 출연금) and
   times the year's 합계잔액시산표 with its 재무상태표·운영계산서, as a page and as a PDF.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import time
from datetime import date
from urllib.parse import urlsplit

CODE = "benchreports"
YEAR = 2026
LINE_BUDGET = 250_000_000
DEPARTMENTS = 10
PROJECTS = 15
LINES_PER_PROJECT = 10
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Share of the year's postings per month: a slow January, a year-end rush (as 집행 goes).
MONTH_WEIGHTS = (3, 6, 8, 8, 9, 10, 7, 7, 8, 9, 10, 15)


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

        url = devservices.postgres_url().replace("/works?", "/works_bench_budget_reports?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_structure():
    """The year's tree through budget.structure's services, confirmed. Returns (officer, head,
    fiscal year, lines)."""
    from budget.models import BudgetItem, Level
    from budget.plugin import BUDGET_OFFICER
    from budget.structure import budget_item_save, fiscal_year_confirm, fiscal_year_create
    from org import roles
    from org.services import department_set_head
    from standards.models import CodeLevel, StandardBudgetCode
    from tests.factories import DepartmentFactory, UserFactory

    root = DepartmentFactory(name="예산벤치재단", code="B000")
    departments = [
        DepartmentFactory(name=f"사업{n + 1}팀", code=f"B{n + 1:03d}", parent=root) for n in range(DEPARTMENTS)
    ]
    head = UserFactory(username="head", name="기관장", department=root)
    department_set_head(department=root, head=head)
    officer = UserFactory(username="officer", name="예산담당", department=departments[0],
                          roles=[roles.STAFF, BUDGET_OFFICER])  # fmt: skip
    year = fiscal_year_create(actor=officer, year=YEAR)
    codes = list(
        StandardBudgetCode.objects.filter(level=CodeLevel.ITEM, is_active=True)
        .select_related("parent")
        .order_by("code")
    )

    def save(parent, level, code, name, department, **kw):
        return budget_item_save(
            actor=officer,
            item=BudgetItem(fiscal_year=year, parent=parent, level=level, code=code, name=name,
                            department=department, **kw),
        )  # fmt: skip

    program = save(None, Level.PROGRAM, "1000", "기관 운영", root)
    units = [save(program, Level.UNIT, f"1{u + 1}00", f"단위사업{u + 1}", root) for u in range(3)]
    for p in range(PROJECTS):
        department = departments[p % DEPARTMENTS]
        project = save(units[p % 3], Level.PROJECT, f"P{p + 1:02d}", f"세부사업{p + 1}", department)
        objects: dict[str, BudgetItem] = {}
        for k in range(LINES_PER_PROJECT):
            code = codes[(p * LINES_PER_PROJECT + k) % len(codes)]
            parent_code = code.parent
            if parent_code.code not in objects:
                objects[parent_code.code] = save(project, Level.OBJECT, parent_code.code, parent_code.name, department,
                                                 standard_code=parent_code.code)  # fmt: skip
            save(objects[parent_code.code], Level.ITEM, code.code, code.name, department, standard_code=code.code,
                 planned_amount=LINE_BUDGET)  # fmt: skip
    year = fiscal_year_confirm(actor=officer, fiscal_year=year)
    lines = list(BudgetItem.objects.filter(fiscal_year=year, level=Level.ITEM).order_by("pk"))
    return officer, head, year, lines


def build_ledger(officer, lines, rng: random.Random) -> int:
    """Bulk postings consistent with the running totals (see the module docstring). Returns the
    number of postings added."""
    from budget.models import BudgetItem, BudgetPosting, PostingKind

    def on(first_month: int = 1, last_month: int = 12) -> date:
        months = list(range(first_month, last_month + 1))
        month = rng.choices(months, weights=[MONTH_WEIGHTS[m - 1] for m in months])[0]
        return date(YEAR, month, rng.randint(1, 28))

    def posting(line, kind, amount, day, model, key, **kw):
        return BudgetPosting(line_id=line.pk, kind=kind, amount=amount, posted_on=day, actor=officer,
                             source_app="bench", source_model=model, source_id=key, **kw)  # fmt: skip

    commits = []
    for line in lines:
        for k in range(60):
            amount = rng.randrange(1_000_000, 3_000_001, 10)
            commits.append(posting(line, PostingKind.COMMIT, amount, on(1, 11), "plan", f"{line.pk}-{k}"))
    commits = BudgetPosting.objects.bulk_create(commits, batch_size=5000)
    rest = []
    by_line = {line.pk: line for line in lines}
    for n, commit in enumerate(commits):
        line, k = by_line[commit.line_id], n % 60
        first, second = commit.amount // 2, commit.amount * 4 // 10
        for part, amount in ((0, first), (1, second)):
            day = max(on(commit.posted_on.month, 12), commit.posted_on)
            source = f"{line.pk}-{k}-{part}"
            rest.append(posting(line, PostingKind.SETTLE, -amount, day, "pay", source, settles_id=commit.pk))
            rest.append(posting(line, PostingKind.EXECUTE, amount, day, "pay", source))
        if k < 10:
            left = commit.amount - first - second
            rest.append(posting(line, PostingKind.RELEASE, -left, date(YEAR, 12, 30), "plan", f"{line.pk}-{k}"))
    for index, line in enumerate(lines):
        for k in range(20):
            amount = rng.randrange(500_000, 1_500_001, 10)
            day = on(1, 11)
            rest.append(posting(line, PostingKind.EXECUTE, amount, day, "direct", f"{line.pk}-{k}"))
            if k < 3:
                rest.append(
                    posting(line, PostingKind.REVERSE, -amount, on(day.month + 1, 12), "direct", f"{line.pk}-{k}")
                )
        if index % 3 == 0:
            rest.append(posting(line, PostingKind.SUPPLEMENTARY, 10_000_000, date(YEAR, 6, 15), "supplementary", "1"))
    BudgetPosting.objects.bulk_create(rest, batch_size=5000)

    totals = {line.pk: {"amended_amount": 0, "committed_amount": 0, "executed_amount": 0} for line in lines}
    for p in [*commits, *rest]:
        field = {
            PostingKind.SUPPLEMENTARY: "amended_amount",
            PostingKind.COMMIT: "committed_amount",
            PostingKind.SETTLE: "committed_amount",
            PostingKind.RELEASE: "committed_amount",
            PostingKind.EXECUTE: "executed_amount",
            PostingKind.REVERSE: "executed_amount",
        }[p.kind]
        totals[p.line_id][field] += p.amount
    for line in lines:
        for field, amount in totals[line.pk].items():
            setattr(line, field, amount)
    BudgetItem.objects.bulk_update(lines, ["amended_amount", "committed_amount", "executed_amount"])
    return len(commits) + len(rest)


def build_books(officer, rng: random.Random) -> int:
    """The year's journal in bulk, as the generated entries would book it: for each 집행 posting of
    the ledger an entry Dr 비용 (the line's expense account) / Cr 미지급금, and for four in five of
    them a payment Dr 미지급금 / Cr 보통예금 a few days later; twelve monthly 출연금 receipts (Dr
    보통예금 / Cr 출연금수익). Returns the number of journal lines."""
    from datetime import timedelta

    from budget.books import account_for_role, ensure_chart, expense_account_for
    from budget.models import Account, BudgetPosting, EntryKind, JournalEntry, JournalLine, PostingKind

    ensure_chart()
    bank, payable = account_for_role("bank"), account_for_role("payable")
    grant = Account.objects.get(code="4101")
    accounts: dict[str, Account] = {}
    executed = list(
        BudgetPosting.objects.filter(kind=PostingKind.EXECUTE)
        .select_related("line")
        .only("pk", "amount", "posted_on", "line__standard_code")
    )
    entries: list[JournalEntry] = []
    sides: list[list[tuple[Account, int, int]]] = []

    def add(kind: str, day: date, memo: str, key: str, lines: list[tuple[Account, int, int]]) -> None:
        entries.append(JournalEntry(entry_date=day, kind=kind, memo=memo, source_app="bench", source_model=kind,
                                    source_id=key, actor=officer))  # fmt: skip
        sides.append(lines)

    for month in range(1, 13):
        amount = 1_000_000_000
        add(
            EntryKind.RECEIPT,
            date(YEAR, month, 2),
            "출연금 수납",
            f"grant-{month}",
            [(bank, amount, 0), (grant, 0, amount)],
        )
    for p in executed:
        code = p.line.standard_code
        expense = accounts.setdefault(code, expense_account_for(code))
        add(EntryKind.EXPENDITURE, p.posted_on, "지출결의", str(p.pk), [(expense, p.amount, 0), (payable, 0, p.amount)])
        if rng.random() < 0.8:
            day = min(p.posted_on + timedelta(days=rng.randint(1, 10)), date(YEAR, 12, 31))
            add(EntryKind.PAYMENT, day, "지급", str(p.pk), [(payable, p.amount, 0), (bank, 0, p.amount)])
    created = JournalEntry.objects.bulk_create(entries, batch_size=5000)
    lines = [
        JournalLine(entry=entry, account=account, debit=debit, credit=credit)
        for entry, pairs in zip(created, sides, strict=True)
        for account, debit, credit in pairs
    ]
    JournalLine.objects.bulk_create(lines, batch_size=5000)
    return len(lines)


def bench_books(officer, requests: int) -> None:
    """합계잔액시산표 (with 재무상태표·운영계산서) of the year, as a page and as a PDF."""
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from tenants.services import institution_domain

    client = Client(HTTP_HOST=institution_domain(CODE))
    with schema_context(CODE):
        client.force_login(officer)
    connection.set_schema_to_public()
    params = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    p50, p95, queries, _size = _timed(client, "/budget/books/trial-balance/", params, requests)
    print(f"  합계잔액시산표·재무제표 of the year: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries")
    p50, p95, queries, size = _timed(client, "/budget/books/trial-balance/", {**params, "export": "pdf"}, 5)
    print(f"  … as PDF: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} SQL queries, {size / 1024:.0f} KiB")


def _timed(client, url: str, params: dict, requests: int) -> tuple[float, float, int, int]:
    """(p50 ms, p95 ms, SQL queries of one request, response bytes)."""
    from django.db import connection

    def get():
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} answered {response.status_code}")
        return response

    for _ in range(3):
        get()
    # Counted with an execute wrapper: the request cycle resets the debug query log.
    executed: list[str] = []

    def count(execute, sql, sql_params, many, context):
        executed.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count):
        size = len(get().content)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)
    return _quantile(timings, 0.5), _quantile(timings, 0.95), len(executed), size


def bench_pages(officer, head, requests: int, label: str) -> None:
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from tenants.services import institution_domain

    host = institution_domain(CODE)
    client, head_client = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
    with schema_context(CODE):
        client.force_login(officer)
        head_client.force_login(head)
    connection.set_schema_to_public()
    params = {"year": str(YEAR), "as_of": f"{YEAR}-12-31"}
    for view in ("line", "department", "month", "code"):
        p50, p95, queries, size = _timed(client, "/budget/status/", {**params, "view": view}, requests)
        print(f"  [{label}] 예산집행현황 {view:10s}: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, {queries} SQL queries, "
              f"{size / 1024:.0f} KiB")  # fmt: skip
    p50, p95, queries, size = _timed(head_client, "/budget/", {}, requests)
    print(
        f"  [{label}] budget home (head: every line, chart): p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries"
    )


def bench_exports(officer, runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from tenants.services import institution_domain

    client = Client(HTTP_HOST=institution_domain(CODE))
    with schema_context(CODE):
        client.force_login(officer)
    connection.set_schema_to_public()
    params = {"year": str(YEAR), "as_of": f"{YEAR}-12-31"}
    for export in ("xlsx", "pdf"):
        start = time.perf_counter()
        client.get("/budget/status/", {**params, "export": export})
        cold = (time.perf_counter() - start) * 1000
        p50, p95, queries, size = _timed(client, "/budget/status/", {**params, "export": export}, runs)
        print(f"  예산집행현황 by line as {export.upper()}: first {cold:.0f} ms, then p50 {p50:.0f} ms, "
              f"p95 {p95:.0f} ms, {queries} SQL queries, {size / 1024:.0f} KiB")  # fmt: skip


def bench_kpis(runs: int, label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    from budget.kpis import figures

    with schema_context(CODE):
        with CaptureQueriesContext(connection) as captured:
            found = figures(on=date(YEAR, 12, 31))
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            figures(on=date(YEAR, 12, 31))
            timings.append((time.perf_counter() - start) * 1000)
    print(f"  [{label}] budget.kpis.figures: {len(found)} figures, p50 {_quantile(timings, 0.5):.1f} ms, "
          f"p95 {_quantile(timings, 0.95):.1f} ms, {len(captured)} SQL queries")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    args = parser.parse_args()
    _setup_database()
    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its INFO lines narrate every page laid out
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings
    from django_tenants.utils import schema_context

    from budget.models import BudgetPosting
    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create

    call_command("migrate_all", verbosity=0)
    # DEBUG off, but static URLs unhashed: the bench runs no collectstatic (which the manifest
    # needs). Hashing a URL is a dictionary lookup; the pages' server time is the same either way.
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}).enable()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()
    institution_create(code=CODE, name="예산벤치재단", kind=InstitutionKind.AGENCY)
    from standards.models import ExecutionTarget

    ExecutionTarget.objects.update_or_create(year=YEAR, half=1, defaults={"target_rate": "55.50"})
    ExecutionTarget.objects.update_or_create(year=YEAR, half=2, defaults={"target_rate": "90.00"})

    start = time.perf_counter()
    with schema_context(CODE):
        officer, head, _year, lines = build_structure()
        before = BudgetPosting.objects.count()
    print(f"structure: {len(lines)} lines (본예산 {LINE_BUDGET:,}원 each) through the services in "
          f"{time.perf_counter() - start:.1f} s; {before} postings")  # fmt: skip
    bench_pages(officer, head, max(5, args.requests // 5), "본예산 only")
    bench_kpis(10, "본예산 only")

    start = time.perf_counter()
    with schema_context(CODE):
        added = build_ledger(officer, lines, random.Random(YEAR))
        total = BudgetPosting.objects.count()
    built = time.perf_counter() - start
    start = time.perf_counter()
    call_command("budget_reconcile", schema=CODE)  # raises CommandError if any line drifted
    print(f"ledger: {added:,} postings added in bulk in {built:.1f} s ({total:,} in all); budget_reconcile "
          f"found no drift in {time.perf_counter() - start:.2f} s")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{CODE}".budget_budgetposting')
    bench_pages(officer, head, args.requests, f"{total:,} postings")
    bench_exports(officer, 5)
    bench_kpis(20, f"{total:,} postings")

    start = time.perf_counter()
    with schema_context(CODE), transaction.atomic():
        journal_lines = build_books(officer, random.Random(YEAR + 1))
    print(f"books: {journal_lines:,} journal lines of a year added in bulk in {time.perf_counter() - start:.1f} s "
          f"(the balance trigger checked each entry at COMMIT)")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{CODE}".budget_journalline')
        cursor.execute(f'ANALYZE "{CODE}".budget_journalentry')
    bench_books(officer, args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
