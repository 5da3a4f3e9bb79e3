"""What attendance adds to a person's home page (org/home.py): the 출근·퇴근 buttons. Today's
times load after the page through htmx (attendance:clock, GET), so the panel adds no query to the
home page, which keeps within its budget of queries (tests/tasks/test_home_panels.py)."""

from __future__ import annotations

from datetime import datetime

from org.home import HomePanel
from org.models import User


def clock_panel(user: User, now: datetime) -> HomePanel:
    return HomePanel(template="attendance/home_panel.html", order=1)
