"""Builders for the function classification and unit-task cards, through the services (actor None
is the system, as the seed uses it). Call them inside an institution's schema."""

from __future__ import annotations

import itertools
from datetime import date

from org.models import Department, User
from tasks.models import FunctionClass, FunctionLevel, RetentionPeriod, TaskCard, UnitTask
from tasks.services.classification import function_create, unit_task_create

_serial = itertools.count(1)


def function_path(*, department: Department | None = None, prefix: str = "") -> FunctionClass:
    """A fresh 대기능 > 중기능 > 소기능 chain; returns the 소기능."""
    n = next(_serial)
    prefix = prefix or f"F{n:03d}"
    top = function_create(
        code=prefix, name=f"대기능{n}", level=FunctionLevel.FUNCTION, department=department, actor=None
    )
    middle = function_create(
        code=f"{prefix}-1", name=f"중기능{n}", level=FunctionLevel.SUB_FUNCTION, parent=top, actor=None
    )
    return function_create(
        code=f"{prefix}-1-1", name=f"소기능{n}", level=FunctionLevel.ACTIVITY, parent=middle, actor=None
    )


def unit_task(
    *,
    department: Department,
    function: FunctionClass | None = None,
    code: str = "",
    name: str = "",
    owner: User | None = None,
    deputy: User | None = None,
    retention_period: str = RetentionPeriod.YEARS_5,
    **extra,
) -> UnitTask:
    n = next(_serial)
    return unit_task_create(
        code=code or f"UT{n:04d}",
        name=name or f"단위과제{n}",
        function=function or function_path(department=department),
        department=department,
        retention_period=retention_period,
        retention_reason=extra.pop("retention_reason", "기록관리기준표"),
        owner=owner,
        deputy=deputy,
        actor=None,
        **extra,
    )


def card_for(task: UnitTask, actor: User, **fields) -> TaskCard:
    from tasks.services.cards import task_card_create

    return task_card_create(unit_task=task, actor=actor, **fields)


def d(text: str) -> date:
    return date.fromisoformat(text)
