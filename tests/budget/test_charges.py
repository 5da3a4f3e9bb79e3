"""The charging API (budget.charges) on one small budget, with figures worked by hand:

    201-01 사무관리비   본예산 10,000,000
    201-02 공공운영비   본예산  5,000,000
    202-01 국내여비     본예산  2,000,000
    401-01 시설비       본예산 30,000,000

Balance = 예산현액 (or the allotted amount) − committed − executed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F

from audit.models import AuditEvent
from budget.amendments import allotments_post
from budget.charges import (
    BudgetShortfall,
    Charge,
    SourceRef,
    balance,
    balances,
    commit,
    commit_many,
    execute,
    execute_many,
    release,
    reverse,
)
from budget.models import BudgetItem, BudgetPosting, BudgetSettings, PostingKind
from budget.structure import budget_settings_save, fiscal_year_close
from tests.factories.budget_lines import small_budget

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 5)
PLAN = SourceRef("budget", "expenseplan", 1)
EXPENDITURE = SourceRef("budget", "expenditure", 1)
TRIP = SourceRef("attendance", "trip", 7)


@pytest.fixture
def budget(in_alpha):
    return small_budget()


def figures(line: BudgetItem) -> tuple[int, int, int, int]:
    """(예산현액, committed, executed, available) as stored now."""
    b = balance(line.pk)
    return b.current_amount, b.committed_amount, b.executed_amount, b.available_amount


def test_confirming_the_year_posts_the_original_budget(budget):
    office = budget.line("사무관리비")

    assert figures(office) == (10_000_000, 0, 0, 10_000_000)
    assert (office.original_amount, office.amended_amount) == (10_000_000, 0)
    postings = list(BudgetPosting.objects.filter(line=office).values_list("kind", "amount", "posted_on"))
    assert postings == [(PostingKind.ORIGINAL, 10_000_000, date(2026, 1, 1))]
    # Non-leaf rows carry nothing of their own.
    assert budget.line("일반운영비").original_amount == 0


def test_commit_settle_partly_then_release_the_rest(budget):
    office = budget.line("사무관리비")
    officer = budget.officer

    commit(line=office, amount=3_000_000, source=PLAN, actor=officer, on=MARCH)
    assert figures(office) == (10_000_000, 3_000_000, 0, 7_000_000)

    # 지출결의 for 1,200,000 of the 3,000,000 committed: committed → executed, balance unchanged.
    execute(source=EXPENDITURE, amount=1_200_000, commitment_source=PLAN, actor=officer, on=date(2026, 3, 20))
    assert figures(office) == (10_000_000, 1_800_000, 1_200_000, 7_000_000)

    # The plan is closed: the 1,800,000 it still holds goes back to the balance.
    release(source=PLAN, actor=officer, on=date(2026, 3, 31))
    assert figures(office) == (10_000_000, 0, 1_200_000, 8_800_000)

    kinds = list(BudgetPosting.objects.filter(line=office).order_by("pk").values_list("kind", "amount"))
    assert kinds == [
        (PostingKind.ORIGINAL, 10_000_000),
        (PostingKind.COMMIT, 3_000_000),
        (PostingKind.SETTLE, -1_200_000),
        (PostingKind.EXECUTE, 1_200_000),
        (PostingKind.RELEASE, -1_800_000),
    ]


def test_direct_execution_and_its_reversal_restore_the_balance(budget):
    travel = budget.line("국내여비")

    execute(source=TRIP, amount=185_000, line=travel, actor=budget.officer, on=MARCH)
    assert figures(travel) == (2_000_000, 0, 185_000, 1_815_000)

    reverse(source=TRIP, actor=budget.officer, on=date(2026, 4, 1))
    assert figures(travel) == (2_000_000, 0, 0, 2_000_000)
    # Once: a second reversal returns the first.
    again = reverse(source=TRIP, actor=budget.officer, on=date(2026, 4, 2))
    assert [(p.kind, p.amount) for p in again] == [(PostingKind.REVERSE, -185_000)]
    assert figures(travel) == (2_000_000, 0, 0, 2_000_000)


def test_reversing_an_execution_that_settled_a_commitment_keeps_the_commitment_settled(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=1_000_000, source=PLAN, actor=budget.officer, on=MARCH)
    execute(source=EXPENDITURE, amount=1_000_000, commitment_source=PLAN, actor=budget.officer, on=MARCH)
    assert figures(office) == (10_000_000, 0, 1_000_000, 9_000_000)

    reverse(source=EXPENDITURE, actor=budget.officer, on=MARCH)  # 반납: the money came back
    assert figures(office) == (10_000_000, 0, 0, 10_000_000)


def test_reversing_a_commitment_releases_what_it_still_holds(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=700_000, source=PLAN, actor=budget.officer, on=MARCH)

    reverse(source=PLAN, actor=budget.officer, on=MARCH)
    assert figures(office) == (10_000_000, 0, 0, 10_000_000)


def test_a_repeated_call_with_the_same_source_is_a_no_op(budget):
    office = budget.line("사무관리비")
    first = commit(line=office, amount=400_000, source=PLAN, actor=budget.officer, on=MARCH)
    events = AuditEvent.objects.filter(action="budget.commit").count()

    second = commit(line=office, amount=400_000, source=PLAN, actor=budget.officer, on=MARCH)

    assert [p.pk for p in second] == [p.pk for p in first]
    assert figures(office) == (10_000_000, 400_000, 0, 9_600_000)
    assert AuditEvent.objects.filter(action="budget.commit").count() == events
    execute(source=EXPENDITURE, amount=400_000, commitment_source=PLAN, actor=budget.officer, on=MARCH)
    execute(source=EXPENDITURE, amount=400_000, commitment_source=PLAN, actor=budget.officer, on=MARCH)
    assert figures(office) == (10_000_000, 0, 400_000, 9_600_000)
    release(source=PLAN, actor=budget.officer, on=MARCH)  # nothing left to release: no posting
    assert not BudgetPosting.objects.filter(kind=PostingKind.RELEASE).exists()


def test_the_same_source_with_another_amount_is_refused(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=400_000, source=PLAN, actor=budget.officer, on=MARCH)

    with pytest.raises(ValidationError) as caught:
        commit(line=office, amount=500_000, source=PLAN, actor=budget.officer, on=MARCH)

    assert caught.value.messages == [
        "같은 출처(budget.expenseplan:1)로 이 예산과목에 이미 400,000원이(가) 처리되었습니다."
    ]
    assert figures(office) == (10_000_000, 400_000, 0, 9_600_000)


def test_a_source_may_charge_more_lines_one_call_at_a_time(budget):
    office, travel = budget.line("사무관리비"), budget.line("국내여비")
    run = SourceRef("payroll", "payrollrun", 3)

    commit(line=office, amount=100_000, source=run, actor=budget.officer, on=MARCH)
    commit(line=travel, amount=50_000, source=run, actor=budget.officer, on=MARCH)

    assert balances([office, travel])[travel.pk].committed_amount == 50_000
    assert BudgetPosting.objects.filter(source_app="payroll", kind=PostingKind.COMMIT).count() == 2


def test_a_shortfall_names_the_line_its_balance_and_the_shortfall(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=8_765_440, source=PLAN, actor=budget.officer, on=MARCH)

    with pytest.raises(BudgetShortfall) as caught:
        commit(line=office, amount=1_300_000, source=EXPENDITURE, actor=budget.officer, on=MARCH)

    assert caught.value.messages == [
        "예산 잔액이 부족합니다: 201-01 사무관리비 — 잔액 1,234,560원, 요청 1,300,000원, 부족 65,440원"
    ]
    [shortfall] = caught.value.shortfalls
    assert (shortfall.line_id, shortfall.available_amount, shortfall.shortfall_amount) == (office.pk, 1_234_560, 65_440)
    assert figures(office) == (10_000_000, 8_765_440, 0, 1_234_560)


def test_a_charge_over_several_lines_is_all_or_nothing(budget):
    office, travel = budget.line("사무관리비"), budget.line("국내여비")
    run = SourceRef("payroll", "payrollrun", 4)

    with pytest.raises(BudgetShortfall) as caught:
        commit_many(
            charges=[Charge(office, 1_000_000), Charge(travel, 2_000_001)], source=run, actor=budget.officer, on=MARCH
        )

    assert caught.value.messages == [
        "예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 2,000,000원, 요청 2,000,001원, 부족 1원"
    ]
    assert not BudgetPosting.objects.filter(source_app="payroll").exists()
    assert figures(office) == (10_000_000, 0, 0, 10_000_000)


def test_execution_beyond_what_the_commitment_holds_is_refused(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=500_000, source=PLAN, actor=budget.officer, on=MARCH)

    with pytest.raises(ValidationError) as caught:
        execute(source=EXPENDITURE, amount=520_000, commitment_source=PLAN, actor=budget.officer, on=MARCH)

    assert caught.value.messages == [
        "지출원인행위 잔액이 부족합니다: 201-01 사무관리비 — 원인행위 잔액 500,000원, 요청 520,000원, 부족 20,000원"
    ]
    assert figures(office) == (10_000_000, 500_000, 0, 9_500_000)


def test_partial_release_then_the_remainder_is_settled(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=900_000, source=PLAN, actor=budget.officer, on=MARCH)

    release(source=PLAN, amount=300_000, actor=budget.officer, on=MARCH)
    assert figures(office) == (10_000_000, 600_000, 0, 9_400_000)
    with pytest.raises(ValidationError):
        execute(source=EXPENDITURE, amount=600_001, commitment_source=PLAN, actor=budget.officer, on=MARCH)
    execute(source=EXPENDITURE, amount=600_000, commitment_source=PLAN, actor=budget.officer, on=MARCH)
    assert figures(office) == (10_000_000, 0, 600_000, 9_400_000)


def test_with_allotment_on_commitments_are_limited_by_the_allotted_amount(budget):
    budget_settings_save(actor=budget.officer, settings=BudgetSettings(allotment_enabled=True))
    office = budget.line("사무관리비")
    assert figures(office)[3] == 0  # nothing allotted yet

    allotments_post(actor=budget.officer, quarter=1, charges=[Charge(office, 2_500_000)], on=date(2026, 1, 2))
    assert balance(office).available_amount == 2_500_000

    with pytest.raises(BudgetShortfall) as caught:
        commit(line=office, amount=3_000_000, source=PLAN, actor=budget.officer, on=MARCH)
    assert caught.value.messages == [
        "배정 잔액이 부족합니다: 201-01 사무관리비 — 배정 잔액 2,500,000원, 요청 3,000,000원, 부족 500,000원"
    ]

    allotments_post(actor=budget.officer, quarter=2, charges=[Charge(office, 2_500_000)], on=date(2026, 4, 1))
    commit(line=office, amount=3_000_000, source=PLAN, actor=budget.officer, on=date(2026, 4, 2))
    assert balance(office).available_amount == 2_000_000  # 5,000,000 allotted − 3,000,000
    assert budget.line("사무관리비").allotted_amount == 5_000_000


def test_allotments_never_exceed_the_current_budget(budget):
    travel = budget.line("국내여비")
    allotments_post(actor=budget.officer, quarter=1, charges=[Charge(travel, 1_500_000)], on=MARCH)

    with pytest.raises(ValidationError) as caught:
        allotments_post(actor=budget.officer, quarter=2, charges=[Charge(travel, 500_001)], on=MARCH)

    assert caught.value.messages == [
        "202-01 국내여비: 배정 누계가 예산현액을 넘습니다 — 예산현액 2,000,000원, 배정 누계 1,500,000원, 요청 500,001원"
    ]
    assert budget.line("국내여비").allotted_amount == 1_500_000


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "금액은 1원 이상이어야 합니다."),
        (-5, "금액은 1원 이상이어야 합니다."),
        ("1000", "금액은 원 단위 정수로 입력하세요."),
        (1.5, "금액은 원 단위 정수로 입력하세요."),
        (True, "금액은 원 단위 정수로 입력하세요."),
        (10**15, "금액이 너무 큽니다. 자릿수를 확인하세요."),
    ],
)
def test_bad_amounts_are_refused_in_korean(budget, amount, message):
    with pytest.raises(ValidationError) as caught:
        commit(line=budget.line("사무관리비"), amount=amount, source=PLAN, actor=budget.officer, on=MARCH)

    assert caught.value.message_dict == {"amount": [message]}
    assert not BudgetPosting.objects.filter(kind=PostingKind.COMMIT).exists()


def test_dates_outside_the_fiscal_year_are_refused(budget):
    with pytest.raises(ValidationError) as caught:
        commit(line=budget.line("사무관리비"), amount=1, source=PLAN, actor=budget.officer, on=date(2027, 1, 2))
    assert caught.value.message_dict == {"on": ["2027. 1. 2.은(는) 2026 회계연도(1. 1.~12. 31.) 밖의 날짜입니다."]}

    with pytest.raises(ValidationError) as caught:
        commit(
            line=budget.line("사무관리비"),
            amount=1,
            source=PLAN,
            actor=budget.officer,
            on=datetime(2026, 3, 5, tzinfo=UTC),
        )
    assert caught.value.message_dict == {"on": ["일자를 날짜로 지정하세요."]}


def test_a_line_of_a_closed_year_or_a_year_in_drafting_takes_no_charge(budget, in_alpha):
    fiscal_year_close(actor=budget.officer, fiscal_year=budget.year)
    with pytest.raises(ValidationError) as caught:
        commit(line=budget.line("사무관리비"), amount=1, source=PLAN, actor=budget.officer, on=MARCH)
    assert caught.value.messages == ["2026 회계연도는 마감되어 집행할 수 없습니다: 201-01 사무관리비"]

    drafting = small_budget(year=2027, confirm=False, department=budget.department, officer=budget.officer)
    with pytest.raises(ValidationError) as caught:
        commit(line=drafting.line("사무관리비"), amount=1, source=PLAN, actor=budget.officer, on=date(2027, 3, 5))
    assert caught.value.messages == ["2027 회계연도는 아직 확정되지 않아 집행할 수 없습니다: 201-01 사무관리비"]


def test_only_a_line_takes_a_charge(budget):
    with pytest.raises(ValidationError) as caught:
        commit(line=budget.line("일반운영비"), amount=1, source=PLAN, actor=budget.officer, on=MARCH)

    assert caught.value.messages == ["예산은 통계목에만 집행할 수 있습니다: 201 일반운영비"]


def test_every_charge_is_an_audit_event_naming_its_source_and_lines(budget):
    office = budget.line("사무관리비")
    commit(line=office, amount=250_000, source=PLAN, actor=budget.officer, on=MARCH)

    event = AuditEvent.objects.filter(action="budget.commit").latest("id")
    assert event.actor_id == budget.officer.pk
    assert event.data == {
        "source": "budget.expenseplan:1",
        "on": "2026-03-05",
        "lines": [{"id": office.pk, "line": "201-01 사무관리비", "amount": 250_000}],
    }
    assert event.action_label == "지출원인행위(예산 확보)"


def test_the_database_refuses_a_raw_write_that_would_overspend(budget):
    office = budget.line("사무관리비")

    with pytest.raises(IntegrityError, match="budget_item_no_overspend"), transaction.atomic():
        BudgetItem.objects.filter(pk=office.pk).update(committed_amount=F("committed_amount") + 10_000_001)
    with (
        pytest.raises(IntegrityError, match="budget_item_no_overspend"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE budget_budgetitem SET executed_amount = 10000001 WHERE id = %s", [office.pk])
    with pytest.raises(IntegrityError, match="budget_item_amounts_on_lines_only"), transaction.atomic():
        BudgetItem.objects.filter(pk=budget.items["일반운영비"].pk).update(committed_amount=1)


def test_postings_are_append_only(budget):
    posting = BudgetPosting.objects.filter(line=budget.items["사무관리비"]).first()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        BudgetPosting.objects.filter(pk=posting.pk).update(amount=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM budget_budgetposting WHERE id = %s", [posting.pk])


def test_balances_of_many_lines_take_two_queries(budget, django_assert_num_queries):
    lines = [budget.items[name] for name in ("사무관리비", "공공운영비", "국내여비", "시설비")]
    with django_assert_num_queries(2):
        found = balances(lines)
    assert {b.label: b.available_amount for b in found.values()} == {
        "201-01 사무관리비": 10_000_000,
        "201-02 공공운영비": 5_000_000,
        "202-01 국내여비": 2_000_000,
        "401-01 시설비": 30_000_000,
    }


def test_execute_many_checks_each_line(budget):
    office, facilities = budget.line("사무관리비"), budget.line("시설비")
    execute_many(
        charges=[Charge(office, 100_000), Charge(facilities, 29_000_000)],
        source=SourceRef("budget", "expenditure", 9),
        actor=budget.officer,
        on=MARCH,
    )
    assert figures(facilities) == (30_000_000, 0, 29_000_000, 1_000_000)
    assert figures(office) == (10_000_000, 0, 100_000, 9_900_000)
