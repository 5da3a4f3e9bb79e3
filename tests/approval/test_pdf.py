"""The official PDF (기안문): what it says (read back with pypdf), that it is stored once with its
checksum, and that the completion enqueues its render job on commit."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import ProgrammingError, connection, transaction
from pypdf import PdfReader

from approval.models import DocumentPdf, DocumentStatus, StepKind
from approval.pdf import (
    body_with_end_mark,
    body_without_end_mark,
    document_pdf_render,
    pdf_response,
    render_document_pdf,
    sign_boxes,
    stored_pdf,
)
from approval.services import (
    document_approve,
    document_attach,
    document_draft,
    document_submit,
    document_update_draft,
)
from approval.tasks import pdf_renders_in_backlog, render_all_missing_pdfs, render_missing_pdfs, render_pdf
from core.pdf import RECEIPT_SLOT
from org.models import Absence
from org.services import absence_create
from tenants.models import Institution
from tests.factories.approval import line, org_chart, standard_line, submitted

pytestmark = pytest.mark.django_db

R, C, A = StepKind.REVIEW, StepKind.CONCURRENCE, StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files go to a throw-away directory (setting the relative root too makes django-tenants'
    storage forget the root it cached)."""
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _completed_with_proxy_and_delegation(org, **fields):
    """팀장 검토 (대결: 변동료 while 도팀장 is away) → 재무부장 협조 → 부서장 결재 (전결, 200만원)."""
    absence_create(
        user=org.lead,
        proxy=org.colleague,
        starts_at=MARCH_5 - timedelta(days=1),
        ends_at=MARCH_5 + timedelta(days=1),
        reason=Absence.Reason.TRIP,
    )
    approval_line = line((R, org.lead), (C, org.finance_head), (A, org.manager))
    document = submitted(
        org,
        approval_line=approval_line,
        decision_amount=2_000_000,
        disclosure="partial",
        disclosure_ground="5",
        now=MARCH_5,
        **fields,
    )
    document_approve(document=document, actor=org.colleague, now=MARCH_5)
    document_approve(document=document, actor=org.finance_head, now=MARCH_5 + timedelta(hours=1))
    document = document_approve(document=document, actor=org.manager, now=MARCH_5 + timedelta(hours=2))
    assert document.status == DocumentStatus.COMPLETED
    return document


def test_the_pdf_says_what_the_official_form_says(org, alpha):
    document = _completed_with_proxy_and_delegation(org)

    text = _text(render_document_pdf(document))
    flat = _squeezed(text)

    assert alpha.name.replace(" ", "") in flat
    assert "2026년사무용품구매계획" in flat  # 제목
    assert "사무용품을구매하고자합니다.끝." in flat  # the body ends with two spaces and 끝.
    assert f"총무팀-{document.registration_serial}" in flat  # 생산등록번호 처리과명-연번
    assert "시행총무팀-1(2026.3.5.)" in flat
    for name in ("문기안", "변동료", "석재무", "남부장"):  # drafter, proxy, concurrence, 전결권자
        assert name in flat
    assert "도팀장" not in flat  # the absent reviewer signed nothing: no box
    assert "전결" in flat
    assert "대결" in flat
    assert "협조" in flat
    assert "내부결재" in flat
    assert "기관장" not in flat  # no 발신명의 on an internal document
    assert "공개구분부분공개(5)" in flat
    assert "2026.3.5." in flat


def test_signing_boxes_follow_the_signing_order_with_marks(org):
    document = _completed_with_proxy_and_delegation(org)
    steps = list(document.steps.select_related("acted_by", "approver").order_by("order"))

    main, concurrence = sign_boxes(document, steps)

    assert [(b.position, b.name, b.mark) for b in main] == [
        ("팀원", "문기안", ""),
        ("팀원", "변동료", "대결"),
        ("부서장", "남부장", "전결"),
    ]
    assert [(b.position, b.name, b.mark) for b in concurrence] == [("부서장", "석재무", "")]
    assert [b.signed_at for b in main] == [MARCH_5, MARCH_5, MARCH_5 + timedelta(hours=2)]


def test_a_delegated_decision_by_a_proxy_shows_both_marks(org):
    absence_create(
        user=org.manager,
        proxy=org.finance_head,
        starts_at=MARCH_5 - timedelta(days=1),
        ends_at=MARCH_5 + timedelta(days=1),
        reason=Absence.Reason.TRIP,
    )
    document = submitted(org, decision_amount=2_000_000, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.finance_head, now=MARCH_5)

    main, _ = sign_boxes(document, list(document.steps.select_related("acted_by", "approver").order_by("order")))

    # 시행규칙 제7조: "전결" where the 전결권자 signs, "대결" in the proxy's box.
    assert [(b.position, b.name, b.mark) for b in main] == [
        ("팀원", "문기안", ""),
        ("팀장", "도팀장", ""),
        ("부서장", "", "전결"),
        ("부서장", "석재무", "대결"),
    ]


def test_recipients_attachments_and_the_end_mark_after_them(org):
    document = document_draft(
        actor=org.drafter,
        title="협조 요청",
        body="<p>자료를 보내 주시기 바랍니다.</p>",
        unit_task=org.task,
        is_internal=False,
        recipients=[
            {"institution_code": "beta", "name": "베타연구원장", "via": ""},
            {"institution_code": "gb", "name": "경상북도지사(기획조정실장)", "via": "경상북도 기획조정실장"},
        ],
    )
    document_attach(
        document=document,
        actor=org.drafter,
        files=[
            SimpleUploadedFile("계획서.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
            SimpleUploadedFile("명단.pdf", b"%PDF-1.4\n1\n%%EOF\n", content_type="application/pdf"),
        ],
    )
    document = document_submit(
        document=document, actor=org.drafter, line=line((R, org.lead), (A, org.manager)), now=MARCH_5
    )
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    flat = _squeezed(_text(render_document_pdf(document)))

    assert "수신수신자참조" in flat
    assert "(경유)경상북도기획조정실장" in flat
    assert "바랍니다.끝." not in flat  # with 붙임, 끝. follows the list instead
    assert "붙임1.계획서.pdf1부.2.명단.pdf1부.끝." in flat
    assert "수신자베타연구원장,경상북도지사(기획조정실장)" in flat
    assert "알파개발공사기관장" in flat  # 발신명의: the head of the top department by title
    assert "공개구분공개" in flat


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>한다.</p>", '<p>한다.<span class="end-mark">\u00a0\u00a0끝.</span></p>'),
        (
            "<ol><li>가</li><li>나</li></ol>",
            '<ol><li>가</li><li>나<span class="end-mark">\u00a0\u00a0끝.</span></li></ol>',
        ),
        ("<table><tr><td>1</td></tr></table>", '<table><tr><td>1</td></tr></table><p class="end-line">끝.</p>'),
        ("본문", '본문<span class="end-mark">\u00a0\u00a0끝.</span>'),
        (
            '<p>자세한 내용은 <a href="https://example.kr">누리집</a></p>',
            '<p>자세한 내용은 <a href="https://example.kr">누리집</a><span class="end-mark">\u00a0\u00a0끝.</span></p>',
        ),
        ("<p><strong>굵게</strong></p>\n", '<p><strong>굵게</strong><span class="end-mark">\u00a0\u00a0끝.</span></p>'),
        ("", "<p>끝.</p>"),
        # the drafter ended with it already: nothing more
        ("<p>한다.\u00a0\u00a0끝.</p>", "<p>한다.\u00a0\u00a0끝.</p>"),
        ("<p>한다.  끝.</p>", "<p>한다.  끝.</p>"),
        ("<p>한다.</p><p>끝.</p>", "<p>한다.</p><p>끝.</p>"),
        ("<ol><li>가  끝.</li></ol>", "<ol><li>가  끝.</li></ol>"),
    ],
)
def test_the_end_mark_rule(body, expected):
    assert body_with_end_mark(body) == expected


def test_the_pdf_is_stored_once_with_its_checksum(org, media):
    document = _completed_with_proxy_and_delegation(org)

    assert stored_pdf(document) is None  # not rendered yet
    record, created = document_pdf_render(document.pk)
    again, created_again = document_pdf_render(document.pk)
    assert stored_pdf(document) == record

    assert (created, created_again) == (True, False)
    assert again.pk == record.pk
    with record.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == record.sha256
    assert len(content) == record.size
    assert content.startswith(b"%PDF")
    assert record.file.name.startswith(f"approval/pdf/{document.pk}/")
    assert (media / "alpha" / record.file.name).is_file()  # in the institution's own folder
    assert DocumentPdf.objects.filter(document=document).count() == 1

    response = pdf_response(record)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content
    response.close()


def test_the_job_delivered_twice_stores_one_pdf(org):
    document = _completed_with_proxy_and_delegation(org)

    first = render_pdf(document.pk)
    second = render_pdf(document.pk)

    assert (first["created"], second["created"]) == (True, False)
    assert first["sha256"] == second["sha256"]
    assert DocumentPdf.objects.filter(document=document).count() == 1


def test_an_unfinished_document_has_no_pdf(org):
    document = submitted(org, now=MARCH_5)
    with pytest.raises(RuntimeError):
        document_pdf_render(document.pk)
    assert not DocumentPdf.objects.exists()


def test_completion_sends_the_render_job_on_commit(org, django_capture_on_commit_callbacks):
    document = submitted(org, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    with mock.patch.object(render_pdf, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document_approve(document=document, actor=org.manager, now=MARCH_5)
        send.assert_not_called()  # not before the completion commits
        for callback in callbacks:
            callback()
    send.assert_called_once_with((document.pk,), queue="pdf")


def test_a_bulk_historys_renders_wait_on_the_backlog_queue(org, django_capture_on_commit_callbacks):
    document = submitted(org, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    with (
        mock.patch.object(render_pdf, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
        pdf_renders_in_backlog(),
    ):
        document_approve(document=document, actor=org.manager, now=MARCH_5)
    send.assert_called_once_with((document.pk,), queue="pdf_backlog")


def test_the_sweep_sends_the_documents_without_their_pdf(org):
    rendered = _completed_with_proxy_and_delegation(org)
    document_pdf_render(rendered.pk)
    missing = submitted(org, title="PDF가 없는 문서", now=MARCH_5)
    document_approve(document=missing, actor=org.lead, now=MARCH_5)
    document_approve(document=missing, actor=org.manager, now=MARCH_5)
    submitted(org, title="진행 중인 문서", now=MARCH_5)  # not completed: no PDF to render

    with mock.patch.object(render_pdf, "delay") as delay:
        assert render_missing_pdfs() == 1
    delay.assert_called_once_with(missing.pk)


def test_the_nightly_sweep_fans_out_into_every_institution(alpha, beta):
    sent_from = []
    with mock.patch.object(render_missing_pdfs, "delay", side_effect=lambda: sent_from.append(connection.schema_name)):
        schemas = render_all_missing_pdfs()
    assert {"alpha", "beta"} <= set(schemas)
    assert "public" not in schemas
    assert sent_from == schemas  # each sent from inside its own schema


def test_one_attachment_is_listed_without_a_number_and_ends_with_the_mark(org):
    document = document_draft(
        actor=org.drafter, title="단건 붙임", body="<p>붙임을 확인하세요.</p>", unit_task=org.task
    )
    document_attach(
        document=document,
        actor=org.drafter,
        files=[SimpleUploadedFile("결과보고서.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
    )
    document_update_draft(document=document, actor=org.drafter, decision_amount=500_000)
    document = document_submit(document=document, actor=org.drafter, line=line((A, org.lead)), now=MARCH_5)
    document = document_approve(document=document, actor=org.lead, now=MARCH_5)

    flat = _squeezed(_text(render_document_pdf(document)))

    assert "확인하세요.붙임결과보고서.pdf1부.끝." in flat
    assert "전결도팀장2026.3.5." in flat  # 100만원 미만: the 팀장 decides, 전결 in their box


def test_the_database_keeps_the_stored_pdf(org):
    document = _completed_with_proxy_and_delegation(org)
    record, _ = document_pdf_render(document.pk)

    for attempt in (
        lambda: DocumentPdf.objects.filter(pk=record.pk).update(sha256="0" * 64),
        lambda: DocumentPdf.objects.filter(pk=record.pk).delete(),
    ):
        with pytest.raises(ProgrammingError, match="is a record"), transaction.atomic():
            attempt()
    assert DocumentPdf.objects.get(pk=record.pk).sha256 == record.sha256


def _lines(content: bytes) -> list[str]:
    return [" ".join(line.split()) for line in _text(content).splitlines()]


def test_the_closing_block_has_what_the_form_has(org, alpha):
    Institution.objects.filter(pk=alpha.pk).update(
        postal_code="36759",
        address="경상북도 안동시 풍천면 도청대로 455",
        homepage="www.alpha.or.kr",
        phone="054-880-2114",
        fax="054-880-2119",
    )
    org.drafter.email = "adrafter@alpha.example.kr"
    org.drafter.save(update_fields=["email"])
    document = _completed_with_proxy_and_delegation(org)

    lines = _lines(render_document_pdf(document))

    # 별지 제1호서식: 우 우편번호 주소 / 홈페이지, 전화 전송 / 전자우편 / 공개구분
    assert "우 36759 경상북도 안동시 풍천면 도청대로 455 / www.alpha.or.kr" in lines
    assert "전화 054-880-2114 전송 054-880-2119 / adrafter@alpha.example.kr / 공개구분 부분공개(5)" in lines


def test_empty_closing_fields_are_left_out(org, alpha):
    Institution.objects.filter(pk=alpha.pk).update(postal_code="", address="", homepage="", phone="", fax="")
    document = _completed_with_proxy_and_delegation(org)

    lines = _lines(render_document_pdf(document))

    assert "공개구분 부분공개(5)" in lines  # nothing else on the line, no stray separators
    assert not any(line.startswith(("우 ", "전화", "전송")) or "/ /" in line for line in lines)


def test_an_address_kept_with_its_postal_code_inside_still_prints_as_the_form_has_it(org, alpha):
    Institution.objects.filter(pk=alpha.pk).update(
        postal_code="", address="(36759) 경상북도 안동시 풍천면 도청대로 455"
    )
    document = _completed_with_proxy_and_delegation(org)

    assert "우 36759 경상북도 안동시 풍천면 도청대로 455" in _lines(render_document_pdf(document))


def test_the_institution_phone_stands_in_when_neither_department_nor_drafter_has_one(org, alpha):
    Institution.objects.filter(pk=alpha.pk).update(phone="054-880-2114")
    org.team.phone = ""
    org.team.save(update_fields=["phone"])
    org.drafter.phone = ""
    org.drafter.save(update_fields=["phone"])
    document = _completed_with_proxy_and_delegation(org)

    assert any(line.startswith("전화 054-880-2114") for line in _lines(render_document_pdf(document)))


def test_the_amount_that_decided_the_line_is_printed_as_the_rule_writes_money(org):
    document = _completed_with_proxy_and_delegation(org)  # 2,000,000원: 부서장 전결

    assert "결재 금액 금2,000,000원(금이백만원)" in _lines(render_document_pdf(document))


def test_a_document_without_an_amount_prints_no_amount_line(org):
    document = submitted(org, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    assert "결재금액" not in _squeezed(_text(render_document_pdf(document)))


def test_the_sender_is_named_with_a_space_between_institution_and_title(org, alpha):
    document = document_draft(
        actor=org.drafter,
        title="협조 요청",
        body="<p>자료를 보내 주시기 바랍니다.</p>",
        unit_task=org.task,
        is_internal=False,
        recipients=[{"institution_code": "beta", "name": "베타연구원장", "via": ""}],
    )
    document = document_submit(document=document, actor=org.drafter, line=standard_line(org), now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    assert f"{alpha.name} 기관장" in _lines(render_document_pdf(document))


@pytest.mark.parametrize(
    "body",
    [
        "<p>협조 바랍니다.\u00a0\u00a0끝.</p>",
        "<p>협조 바랍니다. 끝.</p>",
        "<p>협조 바랍니다.</p><p>끝.</p>",
        "<ol><li><p>협조 바랍니다.  끝.</p></li></ol>",
    ],
)
def test_a_body_the_drafter_ended_with_the_mark_gets_no_second_one(org, body):
    document = submitted(org, body=body, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    text = _text(render_document_pdf(document))

    assert text.count("끝.") == 1
    assert "바랍니다." in _squeezed(text)


def test_with_attachments_a_typed_mark_moves_after_them(org):
    document = document_draft(
        actor=org.drafter, title="단건 붙임", body="<p>붙임을 확인하세요.  끝.</p>", unit_task=org.task
    )
    document_attach(
        document=document,
        actor=org.drafter,
        files=[SimpleUploadedFile("결과보고서.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
    )
    document = document_submit(document=document, actor=org.drafter, line=standard_line(org), now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    text = _text(render_document_pdf(document))

    assert text.count("끝.") == 1
    assert "확인하세요.붙임결과보고서.pdf1부.끝." in _squeezed(text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>확인하세요.  끝.</p>", "<p>확인하세요.</p>"),
        ("<p>확인하세요.</p><p>끝.</p>", "<p>확인하세요.</p>"),
        ("<p><strong>확인하세요. 끝.</strong></p>", "<p><strong>확인하세요.</strong></p>"),
        ("<p>확인하세요.</p>", "<p>확인하세요.</p>"),
        ("<p>끝.까지 갑니다.</p>", "<p>끝.까지 갑니다.</p>"),
    ],
)
def test_a_typed_end_mark_is_taken_off_when_the_attachments_carry_it(body, expected):
    assert body_without_end_mark(body) == expected


def test_the_receipt_line_is_left_blank_for_the_receiver_and_named(org):
    content = render_document_pdf(_completed_with_proxy_and_delegation(org))

    reader = PdfReader(io.BytesIO(content))
    assert RECEIPT_SLOT in reader.named_destinations  # receipts.stamp writes the 접수 number there
    line = next(line for line in _lines(content) if line.startswith("시행"))
    assert line == "시행 총무팀-1 (2026. 3. 5.) 접수"
