"""The delegation table (위임전결 규정), kept by institution admins in their console: which position
decides which kind of document up to which amount, and whether a 대결 needs 후결."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from approval.models import DelegationRule
from audit.services import audit_record
from org.models import User

# An open upper bound, as an integer beyond any BigIntegerField amount (money stays integer won).
_NO_UPPER_BOUND = 2**63


def _band(rule: DelegationRule) -> tuple[int, int]:
    return (rule.min_amount or 0, rule.max_amount if rule.max_amount is not None else _NO_UPPER_BOUND)


def delegation_rule_check(rule: DelegationRule) -> None:
    """Raise ValidationError (by field, Korean) unless the row can join the table: a sane band,
    and no other active row of the same kind and importance whose band overlaps it (the bounded
    bands of one kind partition the amounts; one open row may stand behind them as the default)."""
    errors: dict[str, str] = {}
    if not (rule.label or "").strip():
        errors["label"] = _("전결 사항을 입력하세요.")
    if rule.min_amount is not None and rule.min_amount < 0:
        errors["min_amount"] = _("금액은 0원 이상이어야 합니다.")
    if rule.min_amount is not None and rule.max_amount is not None and rule.max_amount <= rule.min_amount:
        errors["max_amount"] = _("금액 상한은 하한보다 커야 합니다.")
    if errors:
        raise ValidationError(errors)
    if not rule.is_active:
        return
    bounded = rule.min_amount is not None or rule.max_amount is not None
    low, high = _band(rule)
    others = (
        DelegationRule.objects.filter(kind=rule.kind, importance=rule.importance, is_active=True)
        .exclude(pk=rule.pk)
        .order_by(F("min_amount").asc(nulls_first=True), "pk")
    )
    for other in others:
        other_bounded = other.min_amount is not None or other.max_amount is not None
        if bounded != other_bounded:
            continue
        other_low, other_high = _band(other)
        if low < other_high and other_low < high:
            raise ValidationError(
                {"min_amount": _("금액 구간이 「%(label)s」 규정과 겹칩니다.") % {"label": other.label}}
            )


def delegation_rule_save(*, rule: DelegationRule, actor: User) -> DelegationRule:
    """Add or change a row of the delegation table (or deactivate it: rows are never deleted,
    because decided documents point at the row they were decided under)."""
    with transaction.atomic():
        # Two admins saving overlapping rows at once: serialise writers of the same kind's table.
        list(DelegationRule.objects.select_for_update().filter(kind=rule.kind).order_by("pk").values_list("pk"))
        delegation_rule_check(rule)
        is_new = rule.pk is None
        rule.save()
        audit_record(
            action="delegation_rule.save",
            actor=actor,
            target=rule,
            data={
                "created": is_new,
                "kind": rule.kind,
                "label": rule.label,
                "min_amount": rule.min_amount,
                "max_amount": rule.max_amount,
                "importance": rule.importance,
                "deciding_position": rule.deciding_position.name,
                "post_approval_required": rule.post_approval_required,
                "is_active": rule.is_active,
            },
        )
    return rule
