"""What attendance adds to a person's home page (org/home.py): the 출근·퇴근 buttons with
today's times (one query)."""

from __future__ import annotations

from datetime import datetime

from attendance.selectors import today_for
from org.home import HomePanel
from org.models import User


def clock_panel(user: User, now: datetime) -> HomePanel:
    return HomePanel(template="attendance/home_panel.html", order=1, context={"today": today_for(user, now=now)})
