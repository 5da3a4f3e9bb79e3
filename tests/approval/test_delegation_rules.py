"""The delegation table kept by institution admins: sane bands, no overlaps within a kind and
importance, rows deactivated rather than deleted, every save audited; and its console page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from approval.models import DelegationRule, Importance
from approval.services import delegation_rule_save
from audit.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.support import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _rule(org, **fields) -> DelegationRule:
    values = {
        "kind": "general",
        "label": "새 규정",
        "deciding_position": org.positions["부서장"],
        "importance": "",
        **fields,
    }
    return DelegationRule(**values)


def test_a_new_row_is_saved_and_audited(org):
    rule = delegation_rule_save(
        rule=_rule(org, kind="expense", label="50만원 미만 소모품", max_amount=500_000), actor=org.manager
    )

    event = AuditEvent.objects.filter(action="delegation_rule.save").latest("id")
    assert (event.actor_label, event.target_id) == ("amanager", str(rule.pk))
    assert event.data == {
        "created": True,
        "kind": "expense",
        "label": "50만원 미만 소모품",
        "min_amount": None,
        "max_amount": 500_000,
        "importance": "",
        "deciding_position": "부서장",
        "post_approval_required": False,
        "is_active": True,
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"label": " "}, {"label": ["전결 사항을 입력하세요."]}),
        ({"min_amount": 5_000_000, "max_amount": 1_000_000}, {"max_amount": ["금액 상한은 하한보다 커야 합니다."]}),
        # The org chart's table has <1,000,000 and 1,000,000–10,000,000 and ≥10,000,000 already.
        (
            {"min_amount": 500_000, "max_amount": 2_000_000},
            {"min_amount": ["금액 구간이 「100만원 미만」 규정과 겹칩니다."]},
        ),
        ({"min_amount": 20_000_000}, {"min_amount": ["금액 구간이 「1천만원 이상」 규정과 겹칩니다."]}),
        # A second open (default) row for the same kind and importance.
        ({}, {"min_amount": ["금액 구간이 「일반 사항」 규정과 겹칩니다."]}),
    ],
)
def test_bad_rows_are_refused_in_korean(org, fields, expected):
    with pytest.raises(ValidationError) as raised:
        delegation_rule_save(rule=_rule(org, **fields), actor=org.manager)

    assert raised.value.message_dict == expected


def test_another_importance_or_an_inactive_row_does_not_overlap(org):
    delegation_rule_save(
        rule=_rule(org, label="중요 1억 이상", min_amount=100_000_000, importance=Importance.IMPORTANT),
        actor=org.manager,
    )
    old = DelegationRule.objects.get(kind="general", label="100만원 미만")
    old.is_active = False
    delegation_rule_save(rule=old, actor=org.manager)

    replacement = delegation_rule_save(rule=_rule(org, label="200만원 미만", max_amount=1_000_000), actor=org.manager)

    assert replacement.pk is not None


def test_the_console_lists_the_table_and_refuses_an_overlap(org, alpha, client_for):
    superuser = UserFactory(username="rootadmin", is_superuser=True)
    client = client_for(alpha)
    assert login(client, superuser.username).status_code == 302

    listing = client.get("/admin/approval/delegationrule/")
    assert listing.status_code == 200
    assert "100만원 이상 1천만원 미만" in listing.content.decode()

    response = client.post(
        "/admin/approval/delegationrule/add/",
        {
            "kind": "general",
            "label": "겹치는 규정",
            "min_amount": "500000",
            "max_amount": "2000000",
            "importance": "",
            "deciding_position": org.positions["팀장"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "금액 구간이 「100만원 미만」 규정과 겹칩니다." in response.content.decode()
    assert not DelegationRule.objects.filter(label="겹치는 규정").exists()
    assert client.post(f"/admin/approval/delegationrule/{org.positions['팀장'].pk}/delete/").status_code == 403
