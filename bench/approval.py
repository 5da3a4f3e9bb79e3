"""E-approval benchmark: official PDF rendering, completions under concurrency, the 결재대기함.

    .venv/bin/python -m bench.approval [--pdfs 20] [--threads 8,16] [--per-thread 25]
                                       [--documents 10000] [--requests 200]

Runs against its own database (``works_bench_approval`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``), so it never touches the dev data.
Files go to a temporary MEDIA_ROOT; render jobs are not sent to any broker (the PDFs are rendered
in-process, which is what the worker does).

1. PDF: completes `--pdfs` + 1 documents through the services and renders and stores each one's
   PDF (approval.pdf.document_pdf_render): the first render in the process (fonts loaded) and the
   warm ones (min / median / max).
2. Completions: for each thread count N, a fresh department gets N × `--per-thread` documents
   waiting for its head's final approval; N threads (each its own database connection) approve
   them at once. Reports completions per second and checks the department's serials are exactly
   1..total (no gap, no duplicate).
3. 결재대기함: `--documents` documents in the institution (bulk-created within the models'
   constraints), 40 % waiting for one person; times the box's first page (selector, count and
   the 50 rows; and the page itself when the approval pages exist) with p50/p95 and its queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta

CODE = "benchappr"


def _setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    # Notification mail (if any) goes nowhere; files go to a throw-away folder.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-approval-media-")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench_approval?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _complete_one(org, title: str, now):
    from approval.services import document_approve
    from tests.factories.approval import submitted

    document = submitted(org, title=title, body=f"<p>{title} 본문입니다.</p>", now=now)
    document_approve(document=document, actor=org.lead, now=now)
    return document_approve(document=document, actor=org.manager, now=now)


def bench_pdf(org, count: int) -> dict:
    from approval.pdf import document_pdf_render

    now = _now()
    documents = [_complete_one(org, f"PDF 시험 문서 {n}", now) for n in range(count + 1)]
    timings = []
    for document in documents:
        start = time.perf_counter()
        record, created = document_pdf_render(document.pk)
        timings.append((time.perf_counter() - start) * 1000)
        if not created or record.size == 0:
            raise RuntimeError(f"document {document.pk}: no PDF stored")
    first, warm = timings[0], timings[1:]
    sizes = [d.pdf.size for d in documents]
    print(
        f"PDF render+store: first in process {first:.0f} ms; warm ({len(warm)} documents) "
        f"min {min(warm):.0f} ms, median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms; "
        f"size median {statistics.median(sizes) / 1024:.0f} KiB"
    )
    return {"first": first, "warm": warm}


def _now():
    from django.utils import timezone

    return timezone.now() - timedelta(minutes=1)


def bench_completions(threads: int, per_thread: int, positions) -> None:
    """N threads approve the last step of N × per_thread documents of one fresh department."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from approval.lines import ApprovalLine, LineStep
    from approval.models import Document, DocumentStatus, StepKind
    from approval.services import document_approve, document_draft, document_submit
    from org.services import department_set_head
    from tests.factories import DepartmentFactory, UserFactory
    from tests.factories.tasks_cards import unit_task

    department = DepartmentFactory(name=f"동시처리{threads}팀", code=f"C{threads:03d}")
    head = UserFactory(
        username=f"head{threads}", name=f"팀장{threads}", department=department, position=positions["팀장"]
    )
    drafter = UserFactory(
        username=f"drafter{threads}", name=f"기안{threads}", department=department, position=positions["팀원"]
    )
    department_set_head(department=department, head=head)
    task = unit_task(department=department, owner=drafter, name=f"동시처리 과제 {threads}", retention_period="5")
    # 100만원 미만: the 팀장 decides (전결), so one approval completes the document.
    approval_line = ApprovalLine(steps=(LineStep(kind=StepKind.APPROVAL, approver=head, parallel=False),), cc=())
    total = threads * per_thread
    now = _now()
    ids = []
    for n in range(total):
        document = document_draft(
            actor=drafter, title=f"동시 결재 {n}", body="<p>동시 결재 시험</p>", unit_task=task, decision_amount=1000
        )
        ids.append(document_submit(document=document, actor=drafter, line=approval_line, now=now).pk)
    chunks = [ids[i::threads] for i in range(threads)]
    schema = connection.schema_name
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def work(chunk: list[int]) -> None:
        try:
            with schema_context(schema):
                barrier.wait()
                for pk in chunk:
                    document_approve(document=Document(pk=pk), actor=head, now=now)
        except BaseException as error:  # reported below; a benchmark with a failure is no figure
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} completions failed: {errors[0]!r}")
    serials = sorted(
        Document.objects.filter(department=department, status=DocumentStatus.COMPLETED).values_list(
            "registration_serial", flat=True
        )
    )
    ok = serials == list(range(1, total + 1))
    print(
        f"completions, {threads} threads × {per_thread}: {total} in {elapsed:.2f} s = {total / elapsed:.0f}/s; "
        f"serials 1..{total} {'without gap or duplicate' if ok else 'WRONG: ' + str(serials[:20])}"
    )
    if not ok:
        raise RuntimeError("registration serials have a gap or a duplicate")


def fill_box(org, count: int) -> int:
    """`count` documents in the institution, 40 % waiting for org.manager (review done by the
    team lead, final approval pending), 30 % waiting for the team lead, 30 % completed."""
    from django.utils import timezone

    from approval.models import ApprovalStep, Document, DocumentStatus, StepAction, StepKind, StepState

    now = timezone.now()
    year = timezone.localtime(now).year
    documents = []
    for n in range(count):
        share = n % 10
        status = DocumentStatus.COMPLETED if share >= 7 else DocumentStatus.IN_PROGRESS
        submitted_at = now - timedelta(days=30, minutes=count - n)
        document = Document(
            title=f"대량 문서 {n}",
            body="<p>대량 문서</p>",
            drafter=org.drafter,
            department=org.team,
            unit_task=org.task,
            retention_period="5",
            status=status,
            submitted_at=submitted_at,
        )
        if status == DocumentStatus.COMPLETED:
            serial = 100_000 + n  # far above the serials the services gave in this department
            document.closed_at = submitted_at
            document.registration_year = year
            document.registration_serial = serial
            document.registration_number = f"{org.team.code}-{serial}"
            document.registered_department_name = org.team.name
            document.registered_at = submitted_at
        documents.append(document)
    documents = Document.objects.bulk_create(documents, batch_size=2000)
    steps = []
    waiting_for_manager = 0
    for n, document in enumerate(documents):
        share = n % 10
        at = document.submitted_at
        lead_done = share < 4 or share >= 7
        steps.append(
            ApprovalStep(
                document=document, order=1, group=1, kind=StepKind.REVIEW, approver=org.lead,
                approver_position="팀장", activated_at=at,
                state=StepState.DONE if lead_done else StepState.PENDING,
                action=StepAction.APPROVED if lead_done else StepAction.NONE,
                acted_by=org.lead if lead_done else None, acted_at=at if lead_done else None,
            )
        )  # fmt: skip
        final_done = share >= 7
        steps.append(
            ApprovalStep(
                document=document, order=2, group=2, kind=StepKind.APPROVAL, approver=org.manager,
                approver_position="부서장",
                state=StepState.DONE if final_done else (StepState.PENDING if share < 4 else StepState.WAITING),
                action=StepAction.APPROVED if final_done else StepAction.NONE,
                acted_by=org.manager if final_done else None, acted_at=at if final_done else None,
                activated_at=at if lead_done else None, delegated=final_done,
            )
        )  # fmt: skip
        waiting_for_manager += share < 4
    ApprovalStep.objects.bulk_create(steps, batch_size=4000)
    return waiting_for_manager


def bench_box(org, requests: int, host: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from approval.selectors import documents_waiting_for

    def first_page():
        queryset = documents_waiting_for(org.manager)
        total = queryset.count()
        rows = list(queryset[:50])
        return total, rows

    for _ in range(5):
        first_page()
    with CaptureQueriesContext(connection) as captured:
        total, _rows = first_page()
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        first_page()
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"결재대기함 selector (count + first 50 rows of {total:,} waiting): p50 {_quantile(timings, 0.5):.1f} ms, "
        f"p95 {_quantile(timings, 0.95):.1f} ms, {len(captured)} SQL queries"
    )

    try:
        url = reverse("approval:waiting")
    except NoReverseMatch:
        print("결재대기함 page: the approval pages are not there yet (approval:waiting); selector timed only")
        return
    schema = connection.schema_name
    client = Client(HTTP_HOST=host)
    client.force_login(org.manager)
    connection.set_schema_to_public()

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"결재대기함 answered {response.status_code}")

    for _ in range(5):
        get()
    # Counted with an execute wrapper: the request cycle resets the debug query log, so a
    # CaptureQueriesContext around a client request can come back empty here.
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)
    connection.set_schema(schema)
    print(
        f"결재대기함 page {url} ({total:,} waiting): p50 {_quantile(timings, 0.5):.1f} ms, "
        f"p95 {_quantile(timings, 0.95):.1f} ms, {len(executed)} SQL queries (tenant, session, user, "
        "four tab counters, count and rows, the page chrome)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdfs", type=int, default=20, help="warm PDF renders timed (after the first)")
    parser.add_argument("--threads", default="8,16", help="thread counts for the completion test")
    parser.add_argument("--per-thread", type=int, default=25, help="documents each thread completes")
    parser.add_argument("--documents", type=int, default=10_000, help="documents in the institution for the box")
    parser.add_argument("--requests", type=int, default=200, help="timed box requests")
    args = parser.parse_args()

    _setup_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from approval.tasks import render_pdf
    from tenants.models import InstitutionKind
    from tenants.services import institution_create
    from tests.factories.approval import org_chart

    settings.ALLOWED_HOSTS = ["*"]
    # The PDFs are rendered here in-process; nothing is sent to a broker a dev worker listens to.
    render_pdf.delay = lambda *args, **kwargs: None
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate_all", verbosity=0)
    institution = institution_create(code=CODE, name="결재벤치공사", kind=InstitutionKind.AGENCY).institution
    with schema_context(institution.schema_name):
        org = org_chart()
        bench_pdf(org, args.pdfs)
        for threads in [int(n) for n in args.threads.split(",") if n]:
            bench_completions(threads, args.per_thread, org.positions)
        t0 = time.perf_counter()
        waiting = fill_box(org, args.documents)
        seconds = time.perf_counter() - t0
        print(f"bulk-created {args.documents:,} documents ({waiting:,} waiting for one person) in {seconds:.1f} s")

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        bench_box(org, args.requests, f"{CODE}.{settings.BASE_DOMAIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
