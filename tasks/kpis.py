"""What work management (업무관리) reports to province monitoring: how well unit-task cards are
kept (과제관리카드 충실도) and how many are behind schedule, directives open and overdue, memo
reports and meetings this month.

Every figure is counted as it stood on the day asked for, from the dated rows: a card's
completeness on a past day is scored (tasks.services.cards) with only the entries written by then,
a directive was open if it had been issued and not yet completed. What the tables do not date (a
card's 개요 text, its owners, a goal) is read as it is now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.kpis import PROVINCE_MEAN, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, quotient
from tasks.models import (
    CardEntryKind,
    Directive,
    DirectiveStatus,
    Meeting,
    MeetingStatus,
    MemoReport,
    TaskCard,
    TaskCardEntry,
    TaskGoal,
)
from tasks.services.cards import card_completeness

WORK = _("업무관리")


def figures(*, on: date) -> list[KpiFigure]:
    """Six queries: the cards, their goals, their entries, the directives, the memos, the
    meetings. Goals and entries are read as plain rows (this runs for every day of the demo's
    history, and for every institution every 15 minutes)."""
    day = KpiDay(on)
    kept = TaskCard.objects.filter(created_at__lt=day.until).filter(
        Q(unit_task__retired_on__isnull=True) | Q(unit_task__retired_on__gt=on)
    )
    cards = list(
        kept.select_related("unit_task").only("summary", "legal_basis", "unit_task__owner_id", "unit_task__deputy_id")
    )
    goals: dict[int, list] = defaultdict(list)
    for goal in TaskGoal.objects.filter(card__in=kept.values("pk")).values_list(
        "card_id", "year", "indicator", "target", named=True
    ):
        goals[goal.card_id].append(goal)
    entries: dict[int, list] = defaultdict(list)
    for entry in TaskCardEntry.objects.filter(card__in=kept.values("pk"), created_at__lt=day.until).values_list(
        "card_id", "kind", "entry_date", "completed_on", named=True
    ):
        if entry.completed_on is not None and entry.completed_on > on:
            entry = entry._replace(completed_on=None)  # met later: on that day it was still open
        entries[entry.card_id].append(entry)
    scores = [card_completeness(card, on, goals=goals[card.pk], entries=entries[card.pk]) for card in cards]
    behind = sum(
        1
        for card in cards
        if any(e.kind == CardEntryKind.PLAN and e.entry_date < on and e.completed_on is None for e in entries[card.pk])
    )
    open_ = Q(issued_at__lt=day.until) & ~Q(status=DirectiveStatus.CANCELLED)
    open_ &= Q(completed_at__isnull=True) | Q(completed_at__gte=day.until)
    directives = Directive.objects.aggregate(
        open=Count("pk", filter=open_), overdue=Count("pk", filter=open_ & Q(due_on__lt=on))
    )
    memos = MemoReport.objects.filter(sent_at__gte=day.month_start, sent_at__lt=day.until).count()
    meetings = Meeting.objects.filter(
        status=MeetingStatus.HELD, starts_at__gte=day.month_start, starts_at__lt=day.until
    ).count()
    result = [
        KpiFigure("tasks.cards", len(cards)),
        KpiFigure("tasks.cards_behind", behind),
        KpiFigure("tasks.directives_open", directives["open"]),
        KpiFigure("tasks.directives_overdue", directives["overdue"]),
        KpiFigure("tasks.memos_month", memos),
        KpiFigure("tasks.meetings_month", meetings),
    ]
    if scores:
        result.append(KpiFigure("tasks.card_completeness", quotient(sum(scores), len(scores))))
    return result


SOURCE = KpiSource(
    kpis=(
        Kpi(
            "tasks.card_completeness",
            _("과제관리카드 충실도"),
            "%",
            higher_is_better=True,
            group=WORK,
            decimals=1,
            description=_("과제관리카드 작성 충실도(개요·근거·목표·계획·최근 실적·담당자 등)의 기관 평균"),
            province=PROVINCE_MEAN,
            card=50,
            alert=KpiAlert("lt", 60),
        ),
        Kpi("tasks.cards", _("과제관리카드"), "건", group=WORK, description=_("작성된 과제관리카드 수")),
        Kpi(
            "tasks.cards_behind",
            _("일정 지연 과제"),
            "건",
            higher_is_better=False,
            group=WORK,
            description=_("기한이 지났는데 완료되지 않은 추진계획이 있는 카드"),
        ),
        Kpi(
            "tasks.directives_open",
            _("미완료 지시사항"),
            "건",
            higher_is_better=False,
            group=WORK,
            description=_("지시되었고 아직 완료·취소되지 않은 지시사항"),
        ),
        Kpi(
            "tasks.directives_overdue",
            _("기한 초과 지시사항"),
            "건",
            higher_is_better=False,
            group=WORK,
            description=_("처리기한이 지났는데 완료되지 않은 지시사항"),
            card=40,
            alert=KpiAlert("gt", 10),
        ),
        Kpi("tasks.memos_month", _("이번 달 메모보고"), "건", group=WORK, description=_("이번 달 보낸 메모보고")),
        Kpi("tasks.meetings_month", _("이번 달 회의 개최"), "건", group=WORK, description=_("이번 달 개최된 회의")),
    ),
    figures=figures,
)
