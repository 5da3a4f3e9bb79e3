"""Calendars of a demo institution: institution and department events, and personal appointments
(a week of them for `staff`, never clashing with the meetings they are invited to)."""

from __future__ import annotations

from datetime import date, timedelta

from org.models import Department, User
from tasks.demo.base import Part
from tasks.demo.classification import Classification
from tasks.demo.meetings import Meetings
from tasks.demo_data import schedules as data
from tasks.models import MeetingStatus, ScheduleEntry, ScheduleScope


class Schedules(Part):
    def __init__(self, *, classification: Classification, meetings: Meetings, **clock) -> None:
        super().__init__(**clock)
        self.classification = classification
        self.meetings = meetings
        self.entries: list[ScheduleEntry] = []

    def plan(self) -> None:
        self.plan_schedule()

    def entry(self, *, scope, title, day, hour, hours, days=1, owner=None, department=None, location="", by=None):
        all_day = hours == 0
        if all_day:
            starts, ends = self.at(day, 0), self.at(day + timedelta(days=days - 1), 23, 59)
        else:
            starts = self.at(day, hour)
            ends = starts + timedelta(hours=hours)
        self.entries.append(
            ScheduleEntry(
                scope=scope,
                owner=owner,
                department=department,
                title=title,
                starts_at=starts,
                ends_at=ends,
                all_day=all_day,
                location=location,
                created_by=by or owner,
            )
        )

    def plan_schedule(self) -> None:
        org, rng, today = self.org, self.rng, self.today
        by = org.admin or org.heads.get(org.root.pk)
        for title, offset, hour, hours, days, place in data.INSTITUTION_EVENTS:
            day = self.weekday(today + timedelta(days=offset))
            self.entry(scope=ScheduleScope.INSTITUTION, title=title, day=day, hour=hour, hours=hours, days=days,
                       location=place, by=by)  # fmt: skip
        for team in org.departments:
            if not org.members[team.pk]:
                continue
            head = org.heads.get(team.pk)
            for title, hour, hours in rng.sample(data.DEPARTMENT_EVENTS, 2):
                day = self.weekday(today + timedelta(days=rng.randint(-30, 30)))
                self.entry(scope=ScheduleScope.DEPARTMENT, title=title.format(dept=team.name), day=day, hour=hour,
                           hours=hours, department=team, by=head)  # fmt: skip
        staff = org.staff
        staff_team = next(d for d in org.departments if d.pk == staff.department_id)
        week = [self.weekday(today + timedelta(days=k)) for k in range(5)]
        staff_events = rng.sample(data.PERSONAL_EVENTS[:7], 6)
        # staff's own appointments never clash with the meetings staff is invited to.
        meetings = [
            (m.meeting.starts_at, m.meeting.ends_at)
            for m in self.meetings.planned
            if m.meeting.status != MeetingStatus.CANCELLED and any(a.user.pk == staff.pk for a in m.attendees)
        ]
        for k, day in enumerate([week[0], week[1], week[3], *(today + timedelta(days=d) for d in (-9, -4, 12))]):
            day = self.weekday(day)
            title, hour, hours, _place = staff_events[k]
            while any(
                s < self.at(day, hour) + timedelta(hours=hours or 24) and self.at(day, hour) < e for s, e in meetings
            ):
                day = self.weekday(day + timedelta(days=1))
            self.personal(staff, staff_team, staff_events[k], day)
        everyone = [p for d in org.departments for p in org.members[d.pk]]
        colleagues = {p.pk for p in org.members[staff_team.pk]}
        for person in everyone:
            if person.pk == staff.pk:
                continue
            chance = 0.9 if person.pk in colleagues else 0.12
            for _ in range(2 if person.pk in colleagues else 1):
                if rng.random() < chance:
                    day = self.weekday(today + timedelta(days=rng.randint(-20, 20)))
                    department = next(d for d in org.departments if d.pk == person.department_id)
                    self.personal(person, department, self.pick(data.PERSONAL_EVENTS), day)

    def personal(self, person: User, department: Department, event, day: date) -> None:
        title, hour, hours, place = event
        task = self.classification.task_of(person, department)
        self.entry(scope=ScheduleScope.PERSONAL, title=title.format(task=task.name if task else "부서 현안"), day=day,
                   hour=hour, hours=hours, owner=person, location=place)  # fmt: skip

    def write(self) -> dict[str, int]:
        ScheduleEntry.objects.bulk_create(self.entries)
        return {"schedule_entries": len(self.entries)}
