"""Budget benchmark: commitments under concurrency, and the cost of a balance check.

    .venv/bin/python -m bench.budget [--threads 50] [--per-thread 20]

Runs against its own database (``works_bench_budget`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing, where only the
benchmark's institution is dropped and made again), so it never touches the dev data.

1. Contention: `--threads` callers, each on its own connection, commit 30,000원 at once against
   one line of 1,000,000원 (33 fit). Prints the wall time, accepted and refused, and the overspend
   (committed beyond the line's 예산현액: must be 0).
2. Throughput: `--threads` callers commit `--per-thread` times each (30,000원, distinct sources)
   against a line that affords them all, half of them over two lines in opposite orders. Prints
   commitments per second and the overspend.
3. Queries: the balance check (`balances`) for 1 and for 150 lines, and a commitment on 1 and on
   10 lines: the counts must not grow with the number of lines (stored running totals under the
   row lock).
Every phase ends with `ledger_drift()` (what `manage.py budget_reconcile` checks): 0 drifted lines.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import date
from urllib.parse import urlsplit

CODE = "benchbudget"
ON = date(2026, 3, 5)


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

        url = devservices.postgres_url().replace("/works?", "/works_bench_budget?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _at_once(calls, schema: str) -> tuple[list, float]:
    """Run every call in its own thread and connection, started together; (outcomes, seconds from
    the start signal to the last one done)."""
    from django.db import connection
    from django_tenants.utils import schema_context

    barrier = threading.Barrier(len(calls) + 1)
    outcomes: list = [None] * len(calls)

    def run(index: int, call) -> None:
        try:
            with schema_context(schema):
                connection.ensure_connection()
                barrier.wait()
                outcomes[index] = call()
        except BaseException as error:  # counted by the caller: a refusal is an outcome here
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def _overspend(line_id: int) -> int:
    from django_tenants.utils import schema_context

    from budget.models import BudgetItem

    with schema_context(CODE):
        line = BudgetItem.objects.get(pk=line_id)
    return max(0, line.committed_amount + line.executed_amount - line.current_amount)


def _drifted() -> int:
    from django_tenants.utils import schema_context

    from budget.ledger import ledger_drift

    with schema_context(CODE):
        return len({d.line_id for d in ledger_drift()})


def bench_contention(budget, threads: int, schema: str) -> None:
    from budget.charges import BudgetShortfall, SourceRef, commit

    line = budget.items["국내여비"]  # 1,000,000원
    calls = [
        lambda n=n: commit(
            line=line.pk, amount=30_000, source=SourceRef("bench", "contention", n), actor=budget.officer, on=ON
        )
        for n in range(threads)
    ]
    outcomes, seconds = _at_once(calls, schema)
    accepted = sum(isinstance(o, list) for o in outcomes)
    refused = sum(isinstance(o, BudgetShortfall) for o in outcomes)
    other = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, BudgetShortfall)]
    if other:
        raise RuntimeError(f"unexpected failures: {other[:3]!r}")
    print(
        f"contention: {threads} commitments of 30,000원 at once on a 1,000,000원 line: {seconds * 1000:.0f} ms, "
        f"{threads / seconds:.0f} decisions/s; accepted {accepted}, refused {refused} (naming the shortfall); "
        f"overspend {_overspend(line.pk):,}원; drifted lines {_drifted()}"
    )


def bench_throughput(budget, threads: int, per_thread: int, schema: str) -> None:
    from budget.charges import Charge, SourceRef, commit, commit_many

    office, facilities = budget.items["사무관리비"].pk, budget.items["시설비"].pk
    officer = budget.officer

    def work(n: int) -> int:
        for k in range(per_thread):
            source = SourceRef("bench", "throughput", f"{n}-{k}")
            if n % 2:
                commit(line=office, amount=30_000, source=source, actor=officer, on=ON)
            else:
                first, second = (office, facilities) if k % 2 else (facilities, office)
                commit_many(
                    charges=[Charge(first, 15_000), Charge(second, 15_000)], source=source, actor=officer, on=ON
                )
        return per_thread

    outcomes, seconds = _at_once([lambda n=n: work(n) for n in range(threads)], schema)
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    if failures:
        raise RuntimeError(f"{len(failures)} callers failed: {failures[:3]!r}")
    total = threads * per_thread
    print(
        f"throughput: {threads} callers × {per_thread} commitments (half over two lines in opposite orders): "
        f"{total:,} in {seconds:.2f} s = {total / seconds:.0f} commitments/s; "
        f"overspend {_overspend(office) + _overspend(facilities):,}원; drifted lines {_drifted()}"
    )


def bench_queries(budget) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from budget.charges import Charge, SourceRef, balances, commit_many
    from budget.models import BudgetItem, Level

    lines = list(
        BudgetItem.objects.filter(fiscal_year=budget.year, level=Level.ITEM, code__startswith="201-9").values_list(
            "pk", flat=True
        )
    )

    def count(func) -> int:
        with CaptureQueriesContext(connection) as captured:
            func()
        return len(captured)

    one = count(lambda: balances(lines[:1]))
    many = count(lambda: balances(lines))

    def charge(n: int, prefix: str):
        with transaction.atomic():
            commit_many(
                charges=[Charge(pk, 1_000) for pk in lines[:n]],
                source=SourceRef("bench", "queries", prefix),
                actor=budget.officer,
                on=ON,
            )

    commit_one = count(lambda: charge(1, "one"))
    commit_ten = count(lambda: charge(10, "ten"))
    print(
        f"queries: balance check of 1 line {one}, of {len(lines)} lines {many}; "
        f"a commitment on 1 line {commit_one}, on 10 lines {commit_ten} (savepoints included)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=50, help="concurrent callers, each on its own connection")
    parser.add_argument("--per-thread", type=int, default=20, help="commitments per caller in the throughput phase")
    args = parser.parse_args()
    _setup_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from budget.structure import fiscal_year_confirm
    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create
    from tests.factories.budget_lines import item, small_budget

    call_command("migrate_all", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()
    institution_create(code=CODE, name="예산벤치재단", kind=InstitutionKind.AGENCY)
    lines = args.threads * args.per_thread * 30_000
    with schema_context(CODE):
        budget = small_budget(amounts={"국내여비": 1_000_000, "사무관리비": lines, "시설비": lines}, confirm=False)
        parent = budget.items["일반운영비"]
        for n in range(150):  # the size of a real 출연기관's budget, for the query counts
            item(budget.officer, budget.year, parent, f"201-9{n:03d}", f"벤치과목{n}", budget.department,
                 standard_code="201-03", planned_amount=1_000_000)  # fmt: skip
        budget.year = fiscal_year_confirm(actor=budget.officer, fiscal_year=budget.year)
    bench_contention(budget, args.threads, CODE)
    bench_throughput(budget, args.threads, args.per_thread, CODE)
    with schema_context(CODE):
        bench_queries(budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
