"""Approval lines: the suggestion from the drafter's department chain and the delegation table,
validation with Korean messages, and personal saved lines."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from approval.lines import (
    approval_line_suggest,
    approval_line_validate,
    delegation_rule_for,
    line_from_json,
    saved_line_delete,
    saved_line_load,
    saved_line_save,
)
from approval.models import DelegationRule, Importance, SavedLine, StepKind
from org.models import EmploymentStatus
from tests.factories import UserFactory
from tests.factories.approval import line, org_chart

pytestmark = pytest.mark.django_db

R, C, A = StepKind.REVIEW, StepKind.CONCURRENCE, StepKind.APPROVAL


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _plan(approval_line):
    return [(step.kind, step.approver.username) for step in approval_line.steps]


@pytest.mark.parametrize(
    ("amount", "importance", "expected"),
    [
        # 100만원 미만 → 팀장 전결: the team head is the first head up the chain and may decide.
        (500_000, Importance.NORMAL, [(A, "alead")]),
        # 100만원 이상 1천만원 미만 → 부서장: 팀장 reviews, 부서장 decides.
        (1_000_000, Importance.NORMAL, [(R, "alead"), (A, "amanager")]),
        (9_999_999, Importance.NORMAL, [(R, "alead"), (A, "amanager")]),
        # 1천만원 이상 → 본부장.
        (10_000_000, Importance.NORMAL, [(R, "alead"), (R, "amanager"), (A, "adirector")]),
        # No amount → 일반 사항, 부서장.
        (None, Importance.NORMAL, [(R, "alead"), (A, "amanager")]),
        # 중요 사항 → 본부장 whatever the amount.
        (500_000, Importance.IMPORTANT, [(R, "alead"), (R, "amanager"), (A, "adirector")]),
    ],
)
def test_suggestion_climbs_the_chain_to_the_deciding_position(org, amount, importance, expected):
    suggested = approval_line_suggest(org.drafter, "general", amount=amount, importance=importance)

    assert _plan(suggested) == expected


def test_without_a_rule_the_line_climbs_to_the_institution_head(org):
    suggested = approval_line_suggest(org.drafter, "no_rules_for_this_kind")

    assert _plan(suggested) == [(R, "alead"), (R, "amanager"), (R, "adirector"), (A, "aceo")]


def test_a_head_drafting_starts_above_themselves(org):
    suggested = approval_line_suggest(org.lead, "general", amount=2_000_000)

    assert _plan(suggested) == [(A, "amanager")]


def test_an_absent_head_position_is_skipped(org):
    org.team.head = None
    org.team.save(update_fields=["head"])
    org.drafter.refresh_from_db()

    assert _plan(approval_line_suggest(org.drafter, "general", amount=2_000_000)) == [(A, "amanager")]


def test_most_specific_rule_wins(org):
    # The "일반 사항" row has no bounds; a bounded band matching the amount is more specific.
    assert delegation_rule_for("general", 500_000, Importance.NORMAL).label == "100만원 미만"
    assert delegation_rule_for("general", None, Importance.NORMAL).label == "일반 사항"
    assert delegation_rule_for("general", 500_000, Importance.IMPORTANT).label == "중요 사항"
    DelegationRule.objects.filter(label="중요 사항").update(is_active=False)
    assert delegation_rule_for("general", 500_000, Importance.IMPORTANT).label == "100만원 미만"


def test_a_valid_line_returns_the_rule_it_decides_under(org):
    rule = approval_line_validate(
        drafter=org.drafter,
        kind="general",
        line=line((R, org.lead), (C, org.finance_head), (A, org.manager)),
        amount=2_000_000,
    )
    assert rule.label == "100만원 이상 1천만원 미만"


def test_a_more_senior_final_approver_than_needed_is_fine(org):
    rule = approval_line_validate(drafter=org.drafter, kind="general", line=line((A, org.ceo)), amount=1000)
    assert rule.label == "100만원 미만"


def _errors(org, approval_line, **kwargs):
    with pytest.raises(ValidationError) as raised:
        approval_line_validate(drafter=org.drafter, kind=kwargs.pop("kind", "general"), line=approval_line, **kwargs)
    return raised.value.message_dict["line"]


def test_final_approver_below_the_deciding_position_is_refused(org):
    assert _errors(org, line((A, org.lead)), amount=2_000_000) == [
        "위임전결 규정(100만원 이상 1천만원 미만)에 따라 부서장 이상이 결재해야 합니다."
    ]


def test_without_a_rule_only_the_institution_head_may_decide(org):
    assert _errors(org, line((A, org.director)), kind="no_rules_for_this_kind") == [
        "위임전결 규정에 해당하는 항목이 없어 기관장이 결재해야 합니다."
    ]


def test_shape_errors_are_listed_in_korean(org):
    assert _errors(org, line()) == ["결재선을 지정하세요."]
    assert _errors(org, line((A, org.manager), (R, org.lead))) == ["결재선의 마지막 단계는 결재(결재권자)여야 합니다."]
    assert _errors(org, line((A, org.lead), (A, org.manager))) == ["결재(결재권자)는 한 명만 지정할 수 있습니다."]
    assert _errors(org, line((R, org.drafter), (A, org.manager))) == ["기안자는 결재선에 넣을 수 없습니다."]
    assert _errors(org, line((R, org.lead), (R, org.lead), (A, org.manager))) == [
        "도팀장 님이 결재선에 두 번 들어 있습니다."
    ]
    assert _errors(org, line((R, org.lead), (C, org.finance_head, True), (A, org.manager))) == [
        "동시 협조는 바로 앞 단계도 협조일 때만 지정할 수 있습니다."
    ]
    assert _errors(org, line((R, org.lead), (A, org.manager), cc=(org.lead,))) == [
        "참조자는 기안자나 결재선에 있는 사람과 겹치지 않게 한 번씩만 지정하세요."
    ]


def test_someone_not_in_service_cannot_be_on_the_line(org):
    org.lead.employment_status = EmploymentStatus.ON_LEAVE
    org.lead.save(update_fields=["employment_status"])

    assert _errors(org, line((R, org.lead), (A, org.manager))) == ["도팀장 님은 재직 중이 아니어서 결재할 수 없습니다."]


def test_final_approver_without_a_position_is_refused(org):
    nobody = UserFactory(department=org.team, name="무직위")

    assert _errors(org, line((A, nobody))) == ["직위가 없는 직원은 결재권자가 될 수 없습니다."]


def test_parallel_concurrence_groups(org):
    approval_line = line((R, org.lead), (C, org.finance_head), (C, org.accountant, True), (A, org.manager))

    assert approval_line.groups() == [1, 2, 2, 3]


def test_saved_lines_round_trip_and_are_personal(org):
    approval_line = line((R, org.lead), (A, org.manager), cc=(org.colleague,))

    saved = saved_line_save(owner=org.drafter, name=" 총무 기본 ", line=approval_line)
    again = saved_line_save(owner=org.drafter, name="총무 기본", line=line((A, org.manager)))

    assert again.pk == saved.pk  # same name: replaced, not duplicated
    assert SavedLine.objects.filter(owner=org.drafter).count() == 1
    saved_line_save(owner=org.drafter, name="총무 기본", line=approval_line)
    loaded = saved_line_load(owner=org.drafter, pk=saved.pk)
    assert _plan(loaded) == [(R, "alead"), (A, "amanager")]
    assert [user.username for user in loaded.cc] == ["acolleague"]
    with pytest.raises(ValidationError) as raised:
        saved_line_load(owner=org.colleague, pk=saved.pk)
    assert raised.value.messages == ["저장한 결재선을 찾을 수 없습니다."]
    saved_line_delete(owner=org.colleague, pk=saved.pk)
    assert SavedLine.objects.filter(pk=saved.pk).exists()
    saved_line_delete(owner=org.drafter, pk=saved.pk)
    assert not SavedLine.objects.filter(pk=saved.pk).exists()


def test_saving_needs_a_name_and_steps(org):
    with pytest.raises(ValidationError) as raised:
        saved_line_save(owner=org.drafter, name=" ", line=line((A, org.manager)))
    assert raised.value.messages == ["결재선 이름을 입력하세요."]
    with pytest.raises(ValidationError) as raised:
        saved_line_save(owner=org.drafter, name="빈 결재선", line=line())
    assert raised.value.messages == ["결재선을 지정하세요."]


def test_a_saved_line_drops_people_who_no_longer_exist(org):
    approval_line = line_from_json(
        {"steps": [{"kind": R, "approver": 999_999}, {"kind": A, "approver": org.manager.pk}]}
    )

    assert _plan(approval_line) == [(A, "amanager")]
