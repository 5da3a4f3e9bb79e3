"""Amendments decided through e-approval: 추경 (many lines at once), 전용 (one 세부사업, within the
limit), 이월 (명시/사고, from last year's closed lines). Approved → postings; rejected or
withdrawn → nothing. Figures worked by hand on the small budget (tests/factories/budget_lines):

    기본경비: 201-01 사무관리비 10,000,000 · 201-02 공공운영비 5,000,000 · 202-01 국내여비 2,000,000
    시설관리: 401-01 시설비 30,000,000

The 전용 limit is the default 20% of a line's 예산현액 before transfers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import ApprovalStep, DelegationRule, DocumentStatus
from approval.services import document_approve, document_reject, document_withdraw
from audit.models import AuditEvent
from budget.amendments import AMENDMENT_KIND, TRANSFER_KIND, LineChange, amendment_create, amendment_submit
from budget.charges import BudgetShortfall, SourceRef, balance, commit, execute
from budget.models import Amendment, AmendmentKind, AmendmentStatus, BudgetPosting, CarryoverType, PostingKind
from budget.queries import line_history
from budget.structure import fiscal_year_close
from org.models import User
from tasks.models import UnitTask
from tests.factories.approval import Org, org_chart
from tests.factories.budget_lines import BUDGET_OFFICER, SmallBudget, small_budget
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
JUNE = datetime(2026, 6, 15, 10, 0, tzinfo=SEOUL)


@dataclass
class Books:
    org: Org
    officer: User
    task: UnitTask

    def budget(self, year: int = 2026, **kw) -> SmallBudget:
        return small_budget(year=year, department=self.org.finance, officer=self.officer, **kw)


@pytest.fixture
def books(in_alpha) -> Books:
    org = org_chart()
    officer = org.accountant
    officer.groups.add(Group.objects.get(name=BUDGET_OFFICER))
    for kind in (AMENDMENT_KIND, TRANSFER_KIND):
        DelegationRule.objects.create(kind=kind, label="예산 변경", deciding_position=org.positions["부서장"])
    return Books(org=org, officer=officer, task=unit_task(department=org.finance, owner=officer, name="예산 운용"))


def draft(books: Books, budget: SmallBudget, kind: str, *changes: tuple, **kw) -> Amendment:
    return amendment_create(
        actor=books.officer,
        fiscal_year=budget.year,
        kind=kind,
        title=kw.pop("title", "제1회 추가경정예산"),
        reason=kw.pop("reason", "사업비 조정"),
        changes=[
            LineChange(budget.items[name] if isinstance(name, str) else name, amount, *rest)
            for name, amount, *rest in changes
        ],
        **kw,
    )


def submit(books: Books, amendment: Amendment) -> Amendment:
    return amendment_submit(actor=books.officer, amendment=amendment, unit_task=books.task)


def approve(books: Books, amendment: Amendment, at: datetime = JUNE) -> Amendment:
    amendment.refresh_from_db()
    document_approve(document=amendment.document, actor=books.org.finance_head, now=at)
    amendment.refresh_from_db()
    return amendment


def current(budget: SmallBudget, name: str) -> int:
    return balance(budget.items[name]).current_amount


def test_a_supplementary_budget_changes_many_lines_once_approved(books):
    budget = books.budget()
    amendment = draft(
        books,
        budget,
        AmendmentKind.SUPPLEMENTARY,
        ("사무관리비", 2_000_000),
        ("국내여비", 500_000),
        ("시설비", -1_000_000),
    )

    submit(books, amendment)
    amendment.refresh_from_db()
    document = amendment.document
    assert (amendment.status, document.kind, document.decision_amount) == (
        AmendmentStatus.IN_PROGRESS,
        AMENDMENT_KIND,
        2_500_000,
    )
    steps = list(ApprovalStep.objects.filter(document=document).values_list("kind", "approver__username"))
    assert steps == [("approval", "afinhead")]
    assert current(budget, "사무관리비") == 10_000_000  # nothing moves before the decision

    amendment = approve(books, amendment)

    assert (amendment.status, amendment.posted_on) == (AmendmentStatus.APPROVED, date(2026, 6, 15))
    assert amendment.registration == amendment.document.registration_display  # kept on budget's row
    assert (current(budget, "사무관리비"), current(budget, "국내여비"), current(budget, "시설비")) == (
        12_000_000,
        2_500_000,
        29_000_000,
    )
    postings = BudgetPosting.objects.filter(**SourceRef.of(amendment).filter()).order_by("line_id")
    assert sorted((p.kind, p.amount, p.posted_on) for p in postings) == [
        (PostingKind.SUPPLEMENTARY, -1_000_000, date(2026, 6, 15)),
        (PostingKind.SUPPLEMENTARY, 500_000, date(2026, 6, 15)),
        (PostingKind.SUPPLEMENTARY, 2_000_000, date(2026, 6, 15)),
    ]
    assert {p.actor_id for p in postings} == {books.org.finance_head.pk}
    assert AuditEvent.objects.filter(action="amendment.approve", target_id=str(amendment.pk)).exists()
    assert AuditEvent.objects.filter(action="amendment.submit", target_id=str(amendment.pk)).exists()


def test_a_line_history_shows_each_posting_with_the_running_current_budget(books):
    budget = books.budget()
    office = budget.items["사무관리비"]
    commit(
        line=office,
        amount=3_000_000,
        source=SourceRef("budget", "expenseplan", 1),
        actor=books.officer,
        on=date(2026, 3, 5),
    )
    approve(books, submit(books, draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("사무관리비", 2_000_000))))
    approve(
        books,
        submit(
            books, draft(books, budget, AmendmentKind.TRANSFER, ("사무관리비", -1_500_000), ("국내여비", 1_500_000))
        ),
        at=datetime(2026, 7, 1, 9, 0, tzinfo=SEOUL),
    )

    rows = [
        (r.posted_on, r.posting.kind, r.posting.amount, r.current_amount, r.committed_amount)
        for r in line_history(office)
    ]

    assert rows == [
        (date(2026, 1, 1), PostingKind.ORIGINAL, 10_000_000, 10_000_000, 0),
        (date(2026, 3, 5), PostingKind.COMMIT, 3_000_000, 10_000_000, 3_000_000),
        (date(2026, 6, 15), PostingKind.SUPPLEMENTARY, 2_000_000, 12_000_000, 3_000_000),
        (date(2026, 7, 1), PostingKind.TRANSFER_OUT, -1_500_000, 10_500_000, 3_000_000),
    ]


def test_rejected_or_withdrawn_amendments_post_nothing(books):
    budget = books.budget()
    rejected = submit(books, draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("사무관리비", 1_000_000)))
    withdrawn = submit(books, draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("국내여비", 300_000)))

    document_reject(document=rejected.document, actor=books.org.finance_head, reason="재검토 바랍니다")
    document_withdraw(document=withdrawn.document, actor=books.officer)

    rejected.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (rejected.status, withdrawn.status) == (AmendmentStatus.REJECTED, AmendmentStatus.WITHDRAWN)
    assert not BudgetPosting.objects.exclude(kind=PostingKind.ORIGINAL).exists()
    assert (current(budget, "사무관리비"), current(budget, "국내여비")) == (10_000_000, 2_000_000)


def test_a_transfer_within_one_project_and_within_the_limit(books):
    budget = books.budget()
    amendment = draft(
        books,
        budget,
        AmendmentKind.TRANSFER,
        ("사무관리비", -1_500_000),
        ("국내여비", 1_500_000),
        title="여비 부족분 전용",
    )

    amendment = approve(books, submit(books, amendment))

    assert amendment.document.kind == TRANSFER_KIND
    assert (current(budget, "사무관리비"), current(budget, "국내여비")) == (8_500_000, 3_500_000)
    kinds = sorted(BudgetPosting.objects.filter(**SourceRef.of(amendment).filter()).values_list("kind", "amount"))
    assert kinds == [(PostingKind.TRANSFER_IN, 1_500_000), (PostingKind.TRANSFER_OUT, -1_500_000)]


def test_a_transfer_beyond_the_yearly_limit_is_refused_at_submission(books):
    budget = books.budget()
    approve(
        books,
        submit(
            books, draft(books, budget, AmendmentKind.TRANSFER, ("사무관리비", -1_500_000), ("국내여비", 1_500_000))
        ),
    )
    # Limit: 20% of 10,000,000 = 2,000,000; 1,500,000 given already, 600,000 more would be 2,100,000.
    second = draft(books, budget, AmendmentKind.TRANSFER, ("사무관리비", -600_000), ("공공운영비", 600_000))

    with pytest.raises(ValidationError) as caught:
        submit(books, second)

    assert caught.value.messages == [
        "201-01 사무관리비: 전용 한도를 넘습니다 — 한도 2,000,000원(예산현액 10,000,000원의 20%), "
        "이미 전용 1,500,000원, 요청 600,000원, 초과 100,000원"
    ]
    second.refresh_from_db()
    assert (second.status, second.document) == (AmendmentStatus.DRAFT, None)
    # 500,000 still fits.
    approve(
        books,
        submit(books, draft(books, budget, AmendmentKind.TRANSFER, ("사무관리비", -500_000), ("공공운영비", 500_000))),
    )
    assert current(budget, "사무관리비") == 8_000_000


def test_a_supplementary_budget_raises_the_transfer_base(books):
    budget = books.budget()
    approve(books, submit(books, draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("국내여비", 3_000_000))))
    # 국내여비: 2,000,000 + 3,000,000 = 5,000,000; 20% = 1,000,000 may go.
    approve(
        books,
        submit(
            books, draft(books, budget, AmendmentKind.TRANSFER, ("국내여비", -1_000_000), ("사무관리비", 1_000_000))
        ),
    )
    assert current(budget, "국내여비") == 4_000_000


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            (("사무관리비", -1_000_000), ("시설비", 1_000_000)),
            "전용은 같은 세부사업 안의 통계목·편성목 사이에서만 할 수 있습니다.",
        ),
        (
            (("사무관리비", -1_000_000), ("국내여비", 900_000)),
            "전용의 감액 합계와 증액 합계가 같아야 합니다(차이 100,000원).",
        ),
        ((("사무관리비", 1_000_000),), "전용은 줄이는 과목(감액)과 늘리는 과목(증액)이 모두 있어야 합니다."),
    ],
)
def test_a_transfer_across_projects_or_unbalanced_is_refused(books, changes, message):
    budget = books.budget()
    amendment = draft(books, budget, AmendmentKind.TRANSFER, *changes)

    with pytest.raises(ValidationError) as caught:
        submit(books, amendment)

    assert caught.value.messages == [message]
    assert not BudgetPosting.objects.exclude(kind=PostingKind.ORIGINAL).exists()


def test_a_decrease_the_line_can_no_longer_afford_refuses_the_decision(books):
    budget = books.budget()
    amendment = submit(books, draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("공공운영비", -3_000_000)))
    # Meanwhile 4,000,000 of the 5,000,000 is committed: only 1,000,000 could still be cut.
    commit(
        line=budget.items["공공운영비"],
        amount=4_000_000,
        source=SourceRef("budget", "expenseplan", 2),
        actor=books.officer,
        on=date(2026, 5, 1),
    )

    with pytest.raises(BudgetShortfall) as caught:
        approve(books, amendment)

    assert caught.value.messages == [
        "예산 잔액이 부족합니다: 201-02 공공운영비 — 잔액 1,000,000원, 요청 3,000,000원, 부족 2,000,000원"
    ]
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.IN_PROGRESS
    assert amendment.document.status == DocumentStatus.IN_PROGRESS  # the decision was not taken
    assert current(budget, "공공운영비") == 5_000_000


def test_carryover_from_last_years_closed_line(books):
    last = books.budget(year=2025)
    execute(
        source=SourceRef("budget", "expenditure", 25),
        amount=7_000_000,
        line=last.items["사무관리비"],
        actor=books.officer,
        on=date(2025, 11, 20),
    )
    fiscal_year_close(actor=books.officer, fiscal_year=last.year)
    budget = books.budget()

    amendment = draft(
        books,
        budget,
        AmendmentKind.CARRYOVER,
        ("사무관리비", 2_000_000, last.items["사무관리비"]),
        carryover_type=CarryoverType.EXPLICIT,
        title="2025회계연도 명시이월",
    )
    amendment = approve(books, submit(books, amendment), at=datetime(2026, 2, 10, 9, 0, tzinfo=SEOUL))

    assert amendment.kind_label == "명시이월"
    assert current(budget, "사무관리비") == 12_000_000
    assert list(BudgetPosting.objects.filter(**SourceRef.of(amendment).filter()).values_list("kind", "amount")) == [
        (PostingKind.CARRYOVER, 2_000_000)
    ]
    # Left to carry: 10,000,000 − 7,000,000 executed − 2,000,000 carried = 1,000,000.
    again = draft(
        books,
        budget,
        AmendmentKind.CARRYOVER,
        ("사무관리비", 1_500_000, last.items["사무관리비"]),
        carryover_type=CarryoverType.ACCIDENT,
    )
    with pytest.raises(ValidationError) as caught:
        submit(books, again)
    assert caught.value.messages == [
        "201-01 사무관리비: 이월할 수 있는 금액을 넘습니다 — 이월 가능 1,000,000원, 요청 1,500,000원, 초과 500,000원"
    ]


def test_carryover_needs_a_closed_previous_year_and_the_same_standard_code(books):
    last = books.budget(year=2025)
    fiscal_year_close(actor=books.officer, fiscal_year=last.year)
    budget = books.budget()

    wrong_code = draft(
        books,
        budget,
        AmendmentKind.CARRYOVER,
        ("국내여비", 100_000, last.items["사무관리비"]),
        carryover_type=CarryoverType.EXPLICIT,
    )
    with pytest.raises(ValidationError) as caught:
        submit(books, wrong_code)
    assert caught.value.messages == [
        "202-01 국내여비: 이월 원 과목(201-01 사무관리비)과 표준 예산과목이 같은 과목으로 이월하세요."
    ]

    no_source = draft(
        books, budget, AmendmentKind.CARRYOVER, ("국내여비", 100_000), carryover_type=CarryoverType.ACCIDENT
    )
    with pytest.raises(ValidationError) as caught:
        submit(books, no_source)
    assert caught.value.messages == ["202-01 국내여비: 이월 원 과목(전년도)을 지정하세요."]


def test_carryover_from_a_year_not_closed_is_refused(books):
    budget = books.budget()
    amendment = draft(books, budget, AmendmentKind.CARRYOVER, ("국내여비", 1), carryover_type=CarryoverType.EXPLICIT)

    with pytest.raises(ValidationError) as caught:
        submit(books, amendment)

    assert caught.value.messages == ["이월은 마감된 전년도(2025) 예산과목에서만 할 수 있습니다."]


def test_bad_drafts_are_refused_in_korean_and_nothing_is_written(books):
    budget = books.budget()
    with pytest.raises(ValidationError) as caught:
        amendment_create(
            actor=books.officer, fiscal_year=budget.year, kind=AmendmentKind.CARRYOVER, title=" ", reason="", changes=[]
        )
    assert caught.value.message_dict == {
        "title": ["제목을 입력하세요."],
        "reason": ["사유를 입력하세요."],
        "carryover_type": ["명시이월인지 사고이월인지 고르세요."],
    }
    with pytest.raises(ValidationError) as caught:
        draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("사무관리비", 0))
    assert caught.value.message_dict == {"lines": ["변경 금액은 0이 아닌 원 단위 정수로 입력하세요."]}
    with pytest.raises(ValidationError) as caught:
        draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("사무관리비", 1), ("사무관리비", 2))
    assert caught.value.message_dict == {"lines": ["같은 예산과목이 두 번 들어 있습니다: 한 줄로 합치세요."]}
    assert not Amendment.objects.exists()

    other_year = books.budget(year=2027, confirm=False)
    amendment = draft(books, budget, AmendmentKind.SUPPLEMENTARY, (other_year.items["사무관리비"], 1_000))
    with pytest.raises(ValidationError) as caught:
        submit(books, amendment)
    assert caught.value.messages == ["201-01 사무관리비: 2026 회계연도의 통계목만 변경할 수 있습니다."]


def test_only_the_drafter_submits(books):
    budget = books.budget()
    amendment = draft(books, budget, AmendmentKind.SUPPLEMENTARY, ("사무관리비", 1_000))

    with pytest.raises(PermissionDenied, match="작성자만 상신할 수 있습니다"):
        amendment_submit(actor=books.org.colleague, amendment=amendment, unit_task=books.task)
