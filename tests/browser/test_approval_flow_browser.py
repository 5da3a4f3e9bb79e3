"""The whole e-approval flow in real headless Chromium, each person in their own browser session:
the drafter writes a document filed under a unit task and puts the finance head on the line as
협조; the team head is away, so their proxy finds it in the 결재대기함 and decides it (대결); the
finance head concurs; the department head approves under the delegation table (전결); the
document gets its registration number; a real Celery worker on the `pdf` queue renders the
official PDF, and the drafter downloads it and finds the title, the number and every signer in
it as text. The document is addressed to another institution: the same worker delivers it into
that institution's schema, where its admin registers it (접수) and distributes it (배부) to a
department, whose head names the handler — each in their own browser session too.

Same set-up as the other browser tests (Debian's Chromium via Playwright's `executable_path`, a
live server thread, a committed institution of this module's own), plus a worker process like
tests/approval/test_pdf_worker.py's, sharing this process's media folder.
"""

from __future__ import annotations

import io
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from approval.models import Document, DocumentPdf, DocumentStatus, StepKind
from exchange.models import OutboxMessage
from org import roles
from org.models import Absence
from org.services import absence_create, department_set_head
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_url_or_refusal
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.approval import org_chart
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD
from tests.workers import WAIT_SECONDS, celery_worker

CODE = "flowweb"
RECEIVER = "flowrecv"
TITLE = "민원 응대 매뉴얼 개정 계획"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("flow-media")


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """The org chart of tests.factories.approval, a unit task 민원 응대 in the drafter's team, and
    the team head 도팀장 away on a trip today with 변동료 standing in."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="결재흐름공사", kind=InstitutionKind.CORPORATION).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                unit_task(department=org.team, code="MW-001", name="민원 응대", retention_period="10")
                now = timezone.now()
                absence_create(
                    user=org.lead,
                    proxy=org.colleague,
                    starts_at=now - timedelta(hours=2),
                    ends_at=now + timedelta(days=1),
                    reason=Absence.Reason.TRIP,
                )
            connection.set_schema_to_public()
            yield created
        finally:
            connection.set_schema_to_public()
            # The exchange's envelopes name both institutions (PROTECT): they go with the test.
            OutboxMessage.objects.filter(Q(sender=created) | Q(recipient=created)).delete()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture(scope="module")
def receiver(django_db_setup, django_db_blocker):
    """The receiving institution: its admin registers (접수), 기획팀 gets the document (배부) and
    its head names a handler."""
    with django_db_blocker.unblock():
        created = institution_create(code=RECEIVER, name="수신시험재단", kind=InstitutionKind.CONTRIBUTED).institution
        try:
            with schema_context(RECEIVER):
                root = DepartmentFactory(name="수신시험재단", code="R000")
                planning = DepartmentFactory(name="기획팀", code="R100", parent=root)
                head = UserFactory(username="rhead", name="하기획", department=planning, roles=[roles.STAFF])
                department_set_head(department=planning, head=head)
                UserFactory(username="rmember", name="맹담당", department=planning)
                UserFactory(username="radmin", name="채접수", department=root, roles=[roles.INSTITUTION_ADMIN])
            connection.set_schema_to_public()
            yield created
        finally:
            connection.set_schema_to_public()
            # The exchange's envelopes name both institutions (PROTECT): they go with the test.
            OutboxMessage.objects.filter(Q(sender=created) | Q(recipient=created)).delete()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture(scope="module")
def pdf_worker(institution, receiver, media_root: Path, tmp_path_factory):
    """A real worker on the `pdf` queue (the render) and the default one (the delivery), writing
    into the same media folder."""
    log = tmp_path_factory.mktemp("flow-worker") / "worker.log"
    with celery_worker(log, name="flow", queues="pdf,celery", media_root=media_root) as log:
        yield log


@pytest.fixture
def browser(settings, media_root):
    # The live server thread serves from the same media folder the worker writes to (setting the
    # relative root too makes django-tenants' storage forget the root it cached).
    settings.MEDIA_ROOT = media_root
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def in_schema(query, schema: str = CODE):
    """Run `query()` in an institution's schema on a thread of its own (Playwright's sync API
    keeps an event loop on this thread, where Django refuses database calls)."""

    def run():
        try:
            with schema_context(schema):
                return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_draft_approve_through_three_steps_with_a_proxy_and_download_the_pdf(browser, server_port, pdf_worker):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"
    problems: list[str] = []  # script errors and CSP refusals

    def session(username: str, base: str = base):
        page = browser.new_context(locale="ko-KR", accept_downloads=True).new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/approval/")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        expect(page.get_by_role("link", name=re.compile("전자결재"))).to_be_visible()
        return page

    # 기안: title, body, unit task (retention follows it), and 석재무 as 협조 on the suggested line.
    drafter = session("adrafter")
    drafter.goto(f"{base}/approval/new/")
    drafter.get_by_role("button", name="기안 시작").click()
    pk = int(re.search(r"/approval/(\d+)/draft/", drafter.url).group(1))
    drafter.get_by_label("제목", exact=True).fill(TITLE)
    # The rich-text editor replaces the plain textarea once the page's script has run; a query made
    # before that would hold on to the textarea the script then hides.
    expect(drafter.locator("#body-editor")).to_be_visible()
    drafter.get_by_role("textbox", name="본문").click()
    drafter.keyboard.type("민원 응대 매뉴얼을 개정하고자 합니다.")
    drafter.get_by_label("단위과제", exact=True).fill("민원")
    drafter.get_by_role("button", name=re.compile("민원 응대")).click()
    expect(drafter.get_by_label("보존기간", exact=True)).to_have_value("10")
    line_picker = drafter.get_by_role("combobox", name="결재선에 넣을 사람")
    line_picker.fill("석재무")
    expect(drafter.get_by_role("option", name=re.compile("석재무"))).to_be_visible()
    line_picker.press("Enter")
    drafter.get_by_label("구분", exact=True).select_option("concurrence")
    drafter.get_by_role("button", name="결재선에 추가").click()
    expect(drafter.locator("#line-editor")).to_contain_text("석재무")
    drafter.get_by_label("수신자 지정(시행)").check()
    drafter.get_by_label("수신시험재단").check()
    drafter.get_by_role("button", name="상신", exact=True).click()
    wait_for_url_or_refusal(drafter, f"{base}/approval/{pk}/")

    def line():
        document = Document.objects.get(pk=pk)
        steps = document.steps.order_by("order").values_list("approver__username", "kind")
        return document.status, list(steps)

    status, steps = in_schema(line)
    assert status == DocumentStatus.IN_PROGRESS
    assert steps == [
        ("alead", StepKind.REVIEW),
        ("afinhead", StepKind.CONCURRENCE),
        ("amanager", StepKind.APPROVAL),
    ]

    # 대결: the team head is away; their proxy finds the document waiting and decides it.
    proxy = session("acolleague")
    proxy.goto(f"{base}/approval/")
    proxy.get_by_role("link", name=TITLE).click()
    expect(proxy.locator("#actions")).to_contain_text("도팀장 님을 대신하여 결재합니다")
    proxy.locator("#actions").get_by_role("button", name="검토").click()
    expect(proxy.locator("#actions")).not_to_contain_text("대신하여 결재합니다")

    # 협조, then the department head's decision (전결 under the delegation table).
    for username, label in (("afinhead", "협조"), ("amanager", "승인")):
        approver = session(username)
        approver.goto(f"{base}/approval/")
        approver.get_by_role("link", name=TITLE).click()
        approver.locator("#actions").get_by_role("button", name=label).click()
        expect(approver.locator("#actions")).not_to_contain_text("결재할 차례입니다")

    def registered():
        document = Document.objects.get(pk=pk)
        return document.status, document.registration_display

    status, number = in_schema(registered)
    assert (status, number) == (DocumentStatus.COMPLETED, "총무팀-1")

    # The worker renders the PDF; the drafter sees the number and downloads the stored file.
    deadline = time.monotonic() + WAIT_SECONDS
    while not in_schema(lambda: DocumentPdf.objects.filter(document_id=pk).exists()):
        if time.monotonic() > deadline:
            pytest.fail(f"the PDF was not rendered:\n{pdf_worker.read_text()[-3000:]}")
        time.sleep(0.3)
    drafter.goto(f"{base}/approval/{pk}/")
    expect(drafter.locator(".facts")).to_contain_text("총무팀-1")
    with drafter.expect_download() as download_info:
        drafter.get_by_role("link", name="공문서 PDF 내려받기").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    text = "".join("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages).split())
    assert "민원응대매뉴얼개정계획" in text
    assert "총무팀-1" in text
    for name in ("문기안", "변동료", "석재무", "남부장"):  # drafter, proxy, concurrence, 전결권자
        assert name in text
    assert "대결" in text
    assert "전결" in text
    assert "도팀장" not in text  # away: decided by the proxy, so no box of their own
    assert "수신시험재단" in text  # 수신

    # 문서유통: the same worker delivers it into the receiver's 접수대기 once the PDF is stored.
    def arrived():
        from receipts.models import ReceivedDocument

        return ReceivedDocument.objects.filter(title=TITLE).values_list("pk", flat=True).first()

    deadline = time.monotonic() + WAIT_SECONDS
    while (received_pk := in_schema(arrived, RECEIVER)) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"the document was not delivered:\n{pdf_worker.read_text()[-3000:]}")
        time.sleep(0.3)
    receiver_base = f"http://{RECEIVER}.localhost:{server_port}"
    registrar = session("radmin", receiver_base)
    registrar.goto(f"{receiver_base}/receipts/")
    registrar.get_by_role("button", name=f"{TITLE} 접수").click()
    registrar.goto(f"{receiver_base}/receipts/{received_pk}/")
    registrar.get_by_label("배부할 부서(처리과)").select_option(label="기획팀")
    registrar.get_by_role("button", name="배부", exact=True).click()
    expect(registrar.get_by_role("main")).to_contain_text("기획팀에 배부했습니다")

    head = session("rhead", receiver_base)
    head.goto(f"{receiver_base}/receipts/{received_pk}/")
    handler_picker = head.get_by_role("combobox", name="처리담당자")
    handler_picker.fill("맹담")
    expect(head.get_by_role("option", name=re.compile("맹담당"))).to_be_visible()
    handler_picker.press("Enter")
    head.get_by_role("button", name="처리담당자 지정").click()
    expect(head.get_by_role("main")).to_contain_text("맹담당 님을 처리담당자로 지정했습니다")

    def receipt():
        from receipts.models import ReceivedDocument

        received = ReceivedDocument.objects.select_related("department", "handler").get(pk=received_pk)
        return received.registration_number, received.department.name, received.handler.username

    number, department, handler = in_schema(receipt, RECEIVER)
    assert number.startswith("수신시험재단-")  # the registrar's department, serial 1 of the year
    assert number.endswith("-1")
    assert (department, handler) == ("기획팀", "rmember")

    # The worker stamped the received PDF with the receipt number (접수 표시) after 접수.
    def stamped():
        from receipts.models import ReceivedDocument

        return bool(ReceivedDocument.objects.get(pk=received_pk).stamped_pdf)

    deadline = time.monotonic() + WAIT_SECONDS
    while not in_schema(stamped, RECEIVER):
        if time.monotonic() > deadline:
            pytest.fail(f"the received PDF was not stamped:\n{pdf_worker.read_text()[-3000:]}")
        time.sleep(0.3)
    registrar.goto(f"{receiver_base}/receipts/{received_pk}/")
    with registrar.expect_download() as download_info:
        registrar.get_by_role("link", name="공문서 PDF 내려받기(접수 표시)").click()
    received_pdf = Path(download_info.value.path()).read_bytes()
    last_page = "".join((PdfReader(io.BytesIO(received_pdf)).pages[-1].extract_text() or "").split())
    assert "접수" in last_page
    assert number in last_page
    assert problems == []
