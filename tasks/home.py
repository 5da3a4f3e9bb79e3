"""What the work-management app adds to a person's home page (org/home.py): their meetings and
schedule for the week, milestones and directives falling due, unread memo reports; for a
department head, the overdue directives of their department tree."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from org.home import HomePanel
from org.visibility import viewer_for
from tasks.selectors.cards import milestones_due_for
from tasks.selectors.directives import directives_due_for, overdue_directives
from tasks.selectors.meetings import meetings_for
from tasks.selectors.memos import unread_memo_count
from tasks.selectors.schedules import schedule_entries_for

# How far ahead the home page looks, and how far back it still shows overdue items.
AHEAD_DAYS = 14
WEEK_DAYS = 7
OVERDUE_LOOKBACK_DAYS = 365


def work_panels(user, now: datetime) -> list[HomePanel]:
    today = timezone.localdate(now)
    day_start = timezone.make_aware(datetime.combine(today, time.min))
    week_end = day_start + timedelta(days=WEEK_DAYS)
    horizon = today + timedelta(days=AHEAD_DAYS)
    lookback = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    panels = [
        HomePanel(
            template="tasks/home/work_panel.html",
            order=10,
            context={
                "today": today,
                "meetings": meetings_for(user, day_start, week_end),
                "schedule": schedule_entries_for(user, day_start, week_end),
                "milestones": milestones_due_for(user, lookback, horizon),
                "directives": directives_due_for(user, lookback, horizon),
                "unread_memos": unread_memo_count(user),
            },
        )
    ]
    viewer = viewer_for(user)
    if viewer.is_head or viewer.is_admin:
        panels.append(
            HomePanel(
                template="tasks/home/head_panel.html",
                order=20,
                context={"today": today, "overdue": overdue_directives(viewer, today)},
            )
        )
    return panels
