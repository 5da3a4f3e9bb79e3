"""지출결의 and 지급 with hand-worked figures on the small budget (201-01 사무관리비 10,000,000):

품의 800,000 approved          → committed 800,000, balance 9,200,000
지출결의 500,000 on it approved → committed 300,000, executed 500,000, balance 9,200,000
  journal: Dr 5201 일반운영비 500,000 / Cr 2101 미지급금 500,000
paid on 4. 20.                 → journal: Dr 2101 미지급금 500,000 / Cr 1102 보통예금 500,000
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from approval.models import DocumentStatus
from approval.services import document_reject
from audit.models import AuditEvent
from budget.charges import SourceRef, balance, commit
from budget.execution import expenditure_resubmit, payment_make, transfer_file
from budget.models import EntryKind, Expenditure, ExpenditureStatus, JournalEntry
from budget.vendors import vendor_save
from tests.factories.budget_execution import APRIL, approve, approved_plan, chain, expenditure

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(in_alpha):
    return chain()


def journal(source) -> list[tuple[str, str, int, int]]:
    return [
        (entry.kind, line.account.code, line.debit, line.credit)
        for entry in JournalEntry.objects.filter(**source.filter()).order_by("pk")
        for line in entry.lines.select_related("account").order_by("pk")
    ]


def figures(line) -> tuple[int, int, int]:
    b = balance(line)
    return b.committed_amount, b.executed_amount, b.available_amount


def test_an_expenditure_against_a_plan_is_executed_and_journalised(books):
    office = books.line("사무관리비")
    p = approved_plan(books)
    assert figures(office) == (800_000, 0, 9_200_000)

    pdf = SimpleUploadedFile("세금계산서.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    e = expenditure(books, plan=p, files=[pdf])
    assert (e.line, e.status, e.evidence.get().original_name) == (
        office,
        ExpenditureStatus.IN_PROGRESS,
        "세금계산서.pdf",
    )
    assert figures(office) == (800_000, 0, 9_200_000)

    e = approve(books, e, at=APRIL)

    assert (e.status, e.executed_on) == (ExpenditureStatus.APPROVED, date(2026, 4, 10))
    assert figures(office) == (300_000, 500_000, 9_200_000)
    assert journal(SourceRef.of(e)) == [
        (EntryKind.EXPENDITURE, "5201", 500_000, 0),
        (EntryKind.EXPENDITURE, "2101", 0, 500_000),
    ]


def test_settling_the_plan_releases_what_it_still_holds(books):
    office = books.line("사무관리비")
    p = approved_plan(books)

    approve(books, expenditure(books, plan=p, amount=650_000, settle_fully=True), at=APRIL)

    # 800,000 committed: 650,000 executed, 150,000 released back to the balance.
    assert figures(office) == (0, 650_000, 9_350_000)


def test_a_direct_expenditure_beyond_the_balance_is_refused_at_submission(books):
    with pytest.raises(ValidationError) as caught:
        expenditure(books, line=books.budget.items["국내여비"], amount=2_300_000)
    assert caught.value.message_dict == {
        "amount": ["예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 2,000,000원, 요청 2,300,000원, 부족 300,000원"]
    }
    assert not Expenditure.objects.exists()


def test_more_than_the_plan_holds_is_refused_at_submission(books):
    p = approved_plan(books, amount=300_000)
    with pytest.raises(ValidationError) as caught:
        expenditure(books, plan=p, amount=350_000)
    assert caught.value.message_dict["amount"] == [
        "지출원인행위 잔액이 부족합니다: 복사용지 구매 — 원인행위 잔액 300,000원, 요청 350,000원, 부족 50,000원"
    ]


def test_a_balance_spent_meanwhile_refuses_the_decision_and_the_document_stays(books):
    travel = books.line("국내여비")
    e = expenditure(books, line=travel, amount=900_000)
    commit(line=travel, amount=1_500_000, source=SourceRef("attendance", "trip", 3), actor=None, on=date(2026, 3, 2))

    with pytest.raises(ValidationError, match="잔액 500,000원, 요청 900,000원, 부족 400,000원"):
        approve(books, e, at=APRIL)

    e.refresh_from_db()
    assert (e.status, e.document.status) == (ExpenditureStatus.IN_PROGRESS, DocumentStatus.IN_PROGRESS)
    assert figures(travel) == (1_500_000, 0, 500_000)
    assert not JournalEntry.objects.exists()


def test_a_rejected_expenditure_is_redrafted_as_the_next_round(books):
    e = expenditure(books, line=books.budget.items["공공운영비"], amount=400_000)
    document_reject(document=e.document, actor=books.org.lead, reason="견적서 첨부 필요")
    e.refresh_from_db()
    assert e.status == ExpenditureStatus.REJECTED

    e = expenditure_resubmit(
        actor=books.org.drafter,
        expenditure=e,
        title=e.title,
        purpose=e.purpose,
        amount=380_000,
        vendor=books.vendor,
        pay_date=e.pay_date,
        unit_task=e.unit_task,
        line=books.budget.items["공공운영비"],
        files=[SimpleUploadedFile("견적서.pdf", b"%PDF-1.4 quote")],
    )

    assert (e.status, e.document.round, e.amount) == (ExpenditureStatus.IN_PROGRESS, 2, 380_000)
    approve(books, e, at=APRIL)
    assert figures(books.line("공공운영비")) == (0, 380_000, 4_620_000)
    with pytest.raises(PermissionDenied):
        expenditure_resubmit(
            actor=books.org.colleague,
            expenditure=e,
            title="x",
            purpose="x",
            amount=1,
            vendor=books.vendor,
            pay_date=e.pay_date,
            unit_task=e.unit_task,
            line=e.line,
        )


def test_bad_input_is_refused_next_to_each_field_and_nothing_is_written(books):
    with pytest.raises(ValidationError) as caught:
        expenditure(books, title=" ", amount=0, vendor=None, pay_date=None)
    assert caught.value.message_dict == {
        "title": ["건명을 입력하세요."],
        "amount": ["금액은 1원 이상이어야 합니다."],
        "line": ["예산과목이나 지출 품의를 고르세요."],
        "vendor": ["거래처를 고르세요."],
        "pay_date": ["지급 예정일을 입력하세요."],
    }
    with pytest.raises(ValidationError) as caught:
        expenditure(books, line=books.budget.items["사무관리비"], pay_date=date(2027, 1, 4))
    assert caught.value.message_dict == {
        "pay_date": ["2027. 1. 4.은(는) 2026 회계연도(1. 1.~12. 31.) 밖의 날짜입니다."]
    }
    with pytest.raises(ValidationError) as caught:
        expenditure(books, line=books.budget.items["사무관리비"], files=[SimpleUploadedFile("x.exe", b"MZ")])
    assert "x.exe: 첨부할 수 없는 형식입니다." in caught.value.message_dict["evidence"][0]
    assert not Expenditure.objects.exists()


def test_the_accountant_pays_a_batch_and_downloads_the_transfer_file(books):
    p = approved_plan(books)
    first = approve(books, expenditure(books, plan=p, amount=500_000), at=APRIL)
    printer = vendor_save(
        actor=books.org.accountant,
        name="=대한프린텍",
        business_number="220-81-62517",
        bank_code="088",
        account_number="110-222-333444",
        account_holder="=대한프린텍",
    )
    second = approve(
        books, expenditure(books, line=books.budget.items["공공운영비"], amount=120_000, vendor=printer), at=APRIL
    )

    with pytest.raises(PermissionDenied, match="회계 담당만"):
        payment_make(
            actor=books.org.drafter, expenditure_ids=[first.pk], paid_on=date(2026, 4, 20), from_account="x", memo="x"
        )
    batch = payment_make(
        actor=books.org.accountant,
        expenditure_ids=[first.pk, second.pk],
        paid_on=date(2026, 4, 20),
        from_account="농협 301-0000-0000-01",
        memo="알파개발공사 대금",
    )

    first.refresh_from_db()
    assert first.payment == batch
    assert journal(SourceRef.of(first))[2:] == [
        (EntryKind.PAYMENT, "2101", 500_000, 0),
        (EntryKind.PAYMENT, "1102", 0, 500_000),
    ]
    assert AuditEvent.objects.filter(action="payment.make").count() == 1
    content = transfer_file(batch)
    assert content.decode("cp949").splitlines() == [
        "은행코드,계좌번호,예금주,금액,적요",
        "004,123456789012,한빛문구,500000,알파개발공사 대금",
        "088,110222333444,'=대한프린텍,120000,알파개발공사 대금",
    ]
    # Paid once only.
    with pytest.raises(ValidationError, match="이미 지급했습니다"):
        payment_make(
            actor=books.org.accountant,
            expenditure_ids=[first.pk],
            paid_on=date(2026, 4, 21),
            from_account="x",
            memo="x",
        )
