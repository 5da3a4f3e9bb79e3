"""Reading and keeping the standard lists.

Institutions validate their lines' codes with `standard_codes_check`; the province console saves
through `standard_code_save` and `execution_target_save`, which check what the database cannot
(a 통계목 sits under the 편성목 of its first three digits) and write the province's audit chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.models import User
from standards.models import ITEM_CODE, OBJECT_CODE, CodeLevel, ExecutionTarget, HolidayOverride, StandardBudgetCode


def standard_code_clean(code: StandardBudgetCode) -> None:
    """The code's shape matches its level, and a 통계목 sits under its own 편성목. Raises
    ValidationError keyed by field."""
    text = (code.code or "").strip()
    code.code = text
    if code.level == CodeLevel.OBJECT:
        if not re.fullmatch(OBJECT_CODE, text):
            raise ValidationError({"code": _("편성목 코드는 세 자리 숫자입니다. 예: 201")})
        if code.parent_id is not None:
            raise ValidationError({"parent": _("편성목에는 상위 과목이 없습니다.")})
    elif code.level == CodeLevel.ITEM:
        if not re.fullmatch(ITEM_CODE, text):
            raise ValidationError({"code": _("통계목 코드는 '세 자리-두 자리' 숫자입니다. 예: 201-01")})
        parent = code.parent
        if parent is None:
            raise ValidationError({"parent": _("통계목이 속할 편성목을 고르세요.")})
        if parent.level != CodeLevel.OBJECT or parent.code != text[:3]:
            message = _("통계목 %(code)s은(는) 편성목 %(object)s 아래에 두어야 합니다.")
            raise ValidationError({"parent": message % {"code": text, "object": text[:3]}})
    else:
        raise ValidationError({"level": _("구분을 고르세요.")})


def standard_code_save(*, code: StandardBudgetCode, actor: User) -> StandardBudgetCode:
    standard_code_clean(code)
    with transaction.atomic():
        is_new = code.pk is None
        if not is_new:
            before = StandardBudgetCode.objects.select_for_update().get(pk=code.pk)
            if before.code != code.code:
                # Institutions hold the code string: a new meaning needs a new code.
                message = _("등록된 코드는 바꿀 수 없습니다. 새 코드를 만들고 이 코드는 사용 중지하세요.")
                raise ValidationError({"code": message})
        code.save()
        audit_record(
            action="standard_code.save",
            actor=actor,
            target=code,
            data={"created": is_new, "code": code.code, "name": code.name, "active": code.is_active},
        )
    return code


def execution_target_save(*, target: ExecutionTarget, actor: User) -> ExecutionTarget:
    if not Decimal(0) <= target.target_rate <= Decimal(100):
        raise ValidationError({"target_rate": _("목표 집행률은 0에서 100 사이입니다.")})
    with transaction.atomic():
        target.save()
        audit_record(
            action="execution_target.save",
            actor=actor,
            target=target,
            data={"year": target.year, "half": target.half, "rate": str(target.target_rate)},
        )
    return target


def standard_codes_by_code(
    codes: Iterable[str] | None = None, *, active_only: bool = False
) -> dict[str, StandardBudgetCode]:
    """code -> StandardBudgetCode for `codes` (or all), in one query."""
    rows = StandardBudgetCode.objects.all()
    if codes is not None:
        rows = rows.filter(code__in=set(codes))
    if active_only:
        rows = rows.filter(is_active=True)
    return {row.code: row for row in rows}


def standard_code_choices(level: int) -> list[tuple[str, str]]:
    """(code, "code name") of the active codes of one level, for pickers."""
    rows = StandardBudgetCode.objects.filter(level=level, is_active=True).order_by("code")
    return [(row.code, str(row)) for row in rows]


def holiday_override_save(*, override: HolidayOverride, actor: User) -> HolidayOverride:
    """Declare (or change) a province-wide holiday override; every institution's calendar reads it."""
    if not (override.name or "").strip():
        raise ValidationError({"name": _("명칭을 입력하세요.")})
    with transaction.atomic():
        override.save()
        audit_record(
            action="holiday_override.save",
            actor=actor,
            target=override,
            data={"date": override.date.isoformat(), "name": override.name, "holiday": override.is_holiday},
        )
    return override
