"""The budget structure's rules: fiscal years (편성 → 확정 → 마감, one open at a time), the tree
(levels, standard codes, amounts on lines only), copying a year, the revenue tree, and the tree
with subtotals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from budget.models import BudgetItem, FiscalYear, Level, RevenueItem, RevenueLevel, YearStatus
from budget.queries import budget_tree
from budget.structure import (
    budget_item_delete,
    budget_item_save,
    fiscal_year_close,
    fiscal_year_confirm,
    fiscal_year_copy_structure,
    fiscal_year_create,
    revenue_item_save,
)
from tests.factories.budget_lines import item, small_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting(in_alpha):
    return small_budget(confirm=False)


def test_a_year_is_confirmed_once_its_lines_are_drafted_and_coded(drafting):
    travel = drafting.line("국내여비")
    travel.planned_amount = None
    BudgetItem.objects.filter(pk=travel.pk).update(planned_amount=None)

    with pytest.raises(ValidationError) as caught:
        fiscal_year_confirm(actor=drafting.officer, fiscal_year=drafting.year)
    assert caught.value.messages == ["202-01 국내여비: 본예산(편성액)을 입력하세요(없으면 0)."]
    assert FiscalYear.objects.get(pk=drafting.year.pk).status == YearStatus.DRAFTING

    BudgetItem.objects.filter(pk=travel.pk).update(planned_amount=0)
    confirmed = fiscal_year_confirm(actor=drafting.officer, fiscal_year=drafting.year)

    assert (confirmed.status, confirmed.confirmed_at is not None) == (YearStatus.CONFIRMED, True)
    event = AuditEvent.objects.filter(action="fiscal_year.confirm").latest("id")
    assert event.data == {"year": 2026, "lines": 4, "original_amount": 45_000_000}


def test_only_one_year_is_open_at_a_time(drafting):
    fiscal_year_confirm(actor=drafting.officer, fiscal_year=drafting.year)
    next_year = small_budget(year=2027, confirm=False, department=drafting.department, officer=drafting.officer)

    with pytest.raises(ValidationError) as caught:
        fiscal_year_confirm(actor=drafting.officer, fiscal_year=next_year.year)
    assert caught.value.messages == ["2026 회계연도가 집행 중입니다. 그 연도를 마감한 뒤에 확정하세요."]
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalYear.objects.filter(pk=next_year.year.pk).update(status=YearStatus.CONFIRMED)

    fiscal_year_close(actor=drafting.officer, fiscal_year=drafting.year)
    assert fiscal_year_confirm(actor=drafting.officer, fiscal_year=next_year.year).status == YearStatus.CONFIRMED
    with pytest.raises(ValidationError) as caught:
        fiscal_year_close(actor=drafting.officer, fiscal_year=drafting.year)
    assert caught.value.messages == ["집행 중(확정)인 회계연도만 마감할 수 있습니다."]


def test_a_year_is_created_once_and_plausible(in_alpha):
    small = small_budget(confirm=False)
    with pytest.raises(ValidationError) as caught:
        fiscal_year_create(actor=small.officer, year=2026)
    assert caught.value.message_dict == {"year": ["2026 회계연도는 이미 있습니다."]}
    with pytest.raises(ValidationError) as caught:
        fiscal_year_create(actor=small.officer, year=1999)
    assert caught.value.message_dict == {"year": ["연도를 2000에서 2100 사이로 입력하세요."]}


@pytest.mark.parametrize(
    ("parent", "code", "standard_code", "planned", "errors"),
    [
        (
            "일반운영비",
            "201-02x",
            "202-01",
            None,
            {"standard_code": ["통계목 202-01은(는) 상위 편성목의 표준코드 201에 속하지 않습니다."]},
        ),
        ("일반운영비", "201-09", "201", None, {"standard_code": ["통계목에는 통계목 코드를 지정하세요: 201"]}),
        ("기본경비", "203", "203-01", None, {"standard_code": ["편성목에는 편성목 코드를 지정하세요: 203-01"]}),
        ("기본경비", "999", "999", None, {"standard_code": ["도 표준 예산과목에 없는 코드입니다: 999"]}),
        ("기관운영", "1130", "201", None, {"standard_code": ["표준 예산과목은 편성목과 통계목에만 지정합니다."]}),
        ("기본경비", "203", "203", 1000, {"planned_amount": ["금액은 통계목에만 입력합니다."]}),
        ("일반운영비", "201-03", "201-03", -1, {"planned_amount": ["금액은 0원 이상이어야 합니다."]}),
        ("사무관리비", "x", "", None, {"parent": ["통계목 아래에는 과목을 둘 수 없습니다."]}),
    ],
)
def test_the_tree_rules(drafting, parent, code, standard_code, planned, errors):
    with pytest.raises(ValidationError) as caught:
        item(
            drafting.officer,
            drafting.year,
            drafting.items[parent],
            code,
            "새 과목",
            drafting.department,
            standard_code=standard_code,
            planned_amount=planned,
        )

    assert caught.value.message_dict == errors


def test_the_level_follows_the_parent_and_the_path_holds_the_subtree(drafting):
    added = item(
        drafting.officer,
        drafting.year,
        drafting.items["여비"],
        "202-02",
        "월액여비",
        drafting.department,
        standard_code="202-02",
        planned_amount=600_000,
    )

    assert added.level == Level.ITEM
    assert added.path.startswith(drafting.items["여비"].path)
    subtree = BudgetItem.objects.filter(path__startswith=drafting.items["기본경비"].path, level=Level.ITEM)
    assert sorted(subtree.values_list("code", flat=True)) == ["201-01", "201-02", "202-01", "202-02"]


def test_a_confirmed_year_keeps_its_original_budget_and_a_closed_year_everything(in_alpha):
    budget = small_budget()
    office = budget.line("사무관리비")

    office.planned_amount = 11_000_000
    with pytest.raises(ValidationError) as caught:
        budget_item_save(actor=budget.officer, item=office)
    assert caught.value.message_dict == {
        "planned_amount": ["확정된 회계연도의 본예산은 바꿀 수 없습니다. 추경이나 전용으로 변경하세요."]
    }
    office = budget.line("사무관리비")
    office.name = "사무관리비(일반)"
    assert budget_item_save(actor=budget.officer, item=office).name == "사무관리비(일반)"
    new_line = item(
        budget.officer,
        budget.year,
        budget.items["일반운영비"],
        "201-03",
        "행사운영비",
        budget.department,
        standard_code="201-03",
    )
    assert (new_line.original_amount, new_line.planned_amount) == (0, None)

    fiscal_year_close(actor=budget.officer, fiscal_year=budget.year)
    office = budget.line("사무관리비")
    office.name = "다른 이름"
    with pytest.raises(ValidationError) as caught:
        budget_item_save(actor=budget.officer, item=office)
    assert caught.value.messages == ["마감된 회계연도의 예산과목은 바꿀 수 없습니다."]


def test_items_with_children_or_postings_stay(in_alpha):
    budget = small_budget()

    with pytest.raises(ValidationError) as caught:
        budget_item_delete(actor=budget.officer, item=budget.items["일반운영비"])
    assert caught.value.messages == ["하위 과목이 있는 과목은 지울 수 없습니다: 201 일반운영비"]
    with pytest.raises(ValidationError) as caught:
        budget_item_delete(actor=budget.officer, item=budget.items["사무관리비"])
    assert caught.value.messages == ["예산이 반영되었거나 변경 내역이 있는 과목은 지울 수 없습니다: 201-01 사무관리비"]
    spare = item(
        budget.officer,
        budget.year,
        budget.items["여비"],
        "202-03",
        "국외업무여비",
        budget.department,
        standard_code="202-03",
    )
    budget_item_delete(actor=budget.officer, item=spare)
    assert not BudgetItem.objects.filter(pk=spare.pk).exists()


def test_copying_last_years_structure_keeps_the_tree(in_alpha):
    budget = small_budget()
    revenue_root = revenue_item_save(
        actor=budget.officer, item=RevenueItem(fiscal_year=budget.year, code="1", name="경상세외수입")
    )
    revenue_item_save(
        actor=budget.officer, item=RevenueItem(fiscal_year=budget.year, parent=revenue_root, code="11", name="사업수입")
    )

    target = fiscal_year_copy_structure(actor=budget.officer, source=budget.year, year=2027)

    assert target.status == YearStatus.DRAFTING
    copied = {i.code: i for i in BudgetItem.objects.filter(fiscal_year=target)}
    assert len(copied) == 11
    assert copied["201-01"].planned_amount is None  # amounts are drafted anew
    assert copied["401-01"].parent_id == copied["401"].pk
    assert copied["401-01"].path == copied["401"].path + f"{copied['401-01'].pk:010d}."
    assert [r.level for r in RevenueItem.objects.filter(fiscal_year=target).order_by("path")] == [
        RevenueLevel.SECTION,
        RevenueLevel.CHAPTER,
    ]
    with pytest.raises(ValidationError):
        fiscal_year_copy_structure(actor=budget.officer, source=budget.year, year=2027)


def test_the_revenue_tree_has_amounts_on_its_items_only(in_alpha):
    budget = small_budget(confirm=False)
    section = revenue_item_save(
        actor=budget.officer, item=RevenueItem(fiscal_year=budget.year, code="1", name="세외수입")
    )
    chapter = revenue_item_save(
        actor=budget.officer, item=RevenueItem(fiscal_year=budget.year, parent=section, code="11", name="사업수입")
    )
    with pytest.raises(ValidationError) as caught:
        revenue_item_save(
            actor=budget.officer,
            item=RevenueItem(fiscal_year=budget.year, parent=chapter, code="111", name="x", budgeted_amount=-5),
        )
    assert caught.value.message_dict == {"budgeted_amount": ["금액은 0원 이상이어야 합니다."]}
    with pytest.raises(ValidationError) as caught:
        revenue_item_save(
            actor=budget.officer, item=RevenueItem(fiscal_year=budget.year, code="2", name="y", budgeted_amount=5)
        )
    assert caught.value.message_dict == {"budgeted_amount": ["금액은 목에만 입력합니다."]}
    item_ = revenue_item_save(
        actor=budget.officer,
        item=RevenueItem(
            fiscal_year=budget.year, parent=chapter, code="111", name="교육사업수입", budgeted_amount=3_000_000
        ),
    )
    assert (item_.level, item_.budgeted_amount) == (RevenueLevel.ITEM, 3_000_000)


def test_the_tree_with_subtotals_in_one_query(in_alpha, django_assert_num_queries):
    budget = small_budget()

    with django_assert_num_queries(1):
        rows = budget_tree(budget.year)

    assert [(r.item.code, r.depth, r.current_amount) for r in rows] == [
        ("1000", 0, 47_000_000),
        ("1100", 1, 47_000_000),
        ("1110", 2, 17_000_000),
        ("201", 3, 15_000_000),
        ("201-01", 4, 10_000_000),
        ("201-02", 4, 5_000_000),
        ("202", 3, 2_000_000),
        ("202-01", 4, 2_000_000),
        ("1120", 2, 30_000_000),
        ("401", 3, 30_000_000),
        ("401-01", 4, 30_000_000),
    ]
