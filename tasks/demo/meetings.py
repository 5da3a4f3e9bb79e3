"""Rooms and meetings of a demo institution: the board (속기록 designated), weekly and monthly
management meetings, unit-task and team meetings, bookings (never two at once in a room), RSVPs
(whoever is away declines with the reason), minutes with the legally required fields, and the
decisions that later become directives."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from core.bulk import backdate
from org.models import Department, User
from tasks.demo.base import Part
from tasks.demo.cards import Cards, Filing
from tasks.demo.classification import Classification
from tasks.demo_data import classification as classification_data
from tasks.demo_data import meetings as data
from tasks.models import (
    Meeting,
    MeetingAgendaItem,
    MeetingAttendee,
    MeetingDecision,
    MeetingStatus,
    Minutes,
    Room,
    RoomBooking,
    UnitTask,
)

# How many weeks of weekly meetings are behind and ahead.
WEEKS_BACK = 8
WEEKS_AHEAD = 3


@dataclass
class _Meeting:
    meeting: Meeting
    created_at: datetime
    room: Room | None
    agenda: list[MeetingAgendaItem]
    attendees: list[MeetingAttendee]
    minutes: Minutes | None = None
    decisions: list[MeetingDecision] = field(default_factory=list)


class Meetings(Part):
    def __init__(self, *, classification: Classification, cards: Cards, filing: Filing, **clock) -> None:
        super().__init__(**clock)
        self.classification = classification
        self.cards = cards
        self.filing = filing
        self.rooms: list[Room] = []
        self.bookings: list[tuple[RoomBooking, datetime]] = []
        self.busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)  # room name -> booked
        self.engaged: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)  # user id -> in meetings
        self.planned: list[_Meeting] = []

    def plan(self) -> None:
        self.plan_rooms()
        self.plan_meetings()

    def plan_rooms(self) -> None:
        people = sum(len(p) for p in self.org.members.values()) + len(self.org.heads)
        count = 4 if people >= 150 else 3 if people >= 60 else 2
        self.rooms = [Room(name=n, location=loc, capacity=cap) for n, loc, cap in data.ROOMS[:count]]

    def room(self, name: str) -> Room | None:
        return next((r for r in self.rooms if r.name == name), None)

    def book(self, room: Room | None, starts: datetime, ends: datetime, purpose: str, by: User, booked_at):
        """Book the room if it is free then (the database refuses overlaps; so does this)."""
        if room is None or any(s < ends and starts < e for s, e in self.busy[room.name]):
            return None
        self.busy[room.name].append((starts, ends))
        booking = RoomBooking(room=room, starts_at=starts, ends_at=ends, purpose=purpose, booked_by=by)
        self.bookings.append((booking, booked_at))
        return booking

    def plan_meetings(self) -> None:
        org = self.org
        planning = next(
            (t for t in org.children[org.management.pk] if t.name in classification_data.PLANNING_TEAMS),
            org.children[org.management.pk][0] if org.children[org.management.pk] else org.management,
        )
        self.planning = planning
        self.plan_staff_meeting()
        self.plan_board(planning)
        self.plan_weekly(planning)
        self.plan_task_meetings()
        self.plan_team_meetings()
        self.plan_standalone_bookings(planning)

    def meeting(
        self,
        *,
        title: str,
        department: Department,
        organiser: User,
        starts: datetime,
        hours: float,
        rooms: tuple[str, ...],
        attendees: list[User],
        observers: list[User] = (),
        agenda: tuple[str, ...] | list[str],
        unit_task: UnitTask | None = None,
        verbatim: bool = False,
        description: str = "",
        fallback_place: str = "",
    ) -> _Meeting | None:
        ends = starts + timedelta(minutes=round(hours * 60))
        created = min(starts - timedelta(days=self.rng.randint(2, 10)), self.now - timedelta(hours=1))
        booking, room = None, None
        for name in rooms:
            booking = self.book(self.room(name), starts, ends, title, organiser, created)
            if booking is not None:
                room = booking.room
                break
        if booking is None and not fallback_place:
            return None
        meeting = Meeting(
            title=title,
            department=department,
            organiser=organiser,
            starts_at=starts,
            ends_at=ends,
            booking=booking,
            place=f"{room.name} ({room.location})" if room else fallback_place,
            description=description,
            unit_task=unit_task,
            is_verbatim=verbatim,
            status=MeetingStatus.SCHEDULED,
        )
        items = [
            MeetingAgendaItem(meeting=meeting, order=i, title=t, presenter=self.org.title(organiser) if i == 1 else "")
            for i, t in enumerate(agenda, start=1)
        ]
        people: list[MeetingAttendee] = []
        seen: set[int] = set()
        for user, role in (
            [(organiser, "attendee")] + [(u, "attendee") for u in attendees] + [(u, "observer") for u in observers]
        ):
            if user.pk in seen:
                continue
            seen.add(user.pk)
            people.append(self.attendee(meeting, user, role, created, starts, is_organiser=user.pk == organiser.pk))
        planned = _Meeting(meeting, created, room, items, people)
        self.planned.append(planned)
        for row in people:
            self.engaged[row.user.pk].append((starts, ends))
        return planned

    def slot(self, day: date, hours: tuple[int, ...], length: float, people: list[User], *, forward: bool):
        """The first start (at one of `hours`, on `day` or the working days after/before it) when
        none of `people` is in another meeting; None if the week is full."""
        for _ in range(5):
            for hour in hours:
                starts = self.at(day, hour)
                ends = starts + timedelta(minutes=round(length * 60))
                if not any(s < ends and starts < e for p in people for s, e in self.engaged[p.pk]):
                    return starts
            day = self.weekday(day + timedelta(days=1 if forward else -1), forward=forward)
        return None

    def attendee(self, meeting, user, role, created, starts, *, is_organiser: bool) -> MeetingAttendee:
        rng = self.rng
        row = MeetingAttendee(meeting=meeting, user=user, role=role)
        past = starts < self.now
        away = self.org.away(user, starts, meeting.ends_at)
        if away and not is_organiser:
            # Someone away then (org's absences: 출장, 휴가, 교육) declines, giving the reason.
            row.rsvp, row.rsvp_note = MeetingAttendee.Rsvp.NO, away
            row.responded_at = created + (min(starts, self.now) - created) / 2
            return row
        if is_organiser:
            answer = MeetingAttendee.Rsvp.YES
        elif past:
            answer = MeetingAttendee.Rsvp.YES if rng.random() < 0.9 else MeetingAttendee.Rsvp.NO
        else:
            answer = rng.choices(
                (
                    MeetingAttendee.Rsvp.PENDING,
                    MeetingAttendee.Rsvp.YES,
                    MeetingAttendee.Rsvp.MAYBE,
                    MeetingAttendee.Rsvp.NO,
                ),
                (0.4, 0.45, 0.08, 0.07),
            )[0]
        if answer != MeetingAttendee.Rsvp.PENDING:
            answered = self.later(created, 10, 60 * 40)
            if answered is None or answered >= starts:
                answered = created + (min(starts, self.now) - created) / 2
            row.rsvp, row.responded_at = answer, answered
            if answer == MeetingAttendee.Rsvp.NO:
                row.rsvp_note = self.pick(data.RSVP_DECLINE_NOTES)
        return row

    def plan_staff_meeting(self) -> None:
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        task = next(iter(self.classification.owned_by(staff)), None)
        if head is None or task is None:
            return
        local = timezone.localtime(self.now, self.tz)
        # This afternoon if the morning is not over, else the next working day.
        if local.hour < 13 and self.today.weekday() < 5:
            starts = self.at(self.today, 15)
        else:
            starts = self.at(self.weekday(self.today + timedelta(days=1)), 10)
        colleagues = [p for p in org.members[team.pk] if p.pk != staff.pk][:3]
        planned = self.meeting(
            title=f"{task.name} 추진 점검회의",
            department=team,
            organiser=head,
            starts=starts,
            hours=1,
            rooms=("소회의실 1", "소회의실 2", "영상회의실", "대회의실"),
            attendees=[staff, *colleagues],
            agenda=("추진 실적 보고", "지연 일정 대책 논의"),
            unit_task=task,
            description=f"{task.name}의 지연 일정 점검과 대책 협의",
            fallback_place=f"{team.name} 사무실",
        )
        for row in planned.attendees:
            if row.user.pk == staff.pk:
                row.rsvp, row.responded_at, row.rsvp_note = MeetingAttendee.Rsvp.PENDING, None, ""

    def plan_board(self, planning: Department) -> None:
        """이사회 is designated for a verbatim record (속기록): the last one's minutes wait as a draft
        until the record is attached; the next one is coming up."""
        org, rng = self.org, self.rng
        organiser = org.heads.get(planning.pk)
        chair = org.heads.get(org.root.pk)
        if organiser is None or chair is None:
            return
        units = org.children[org.root.pk]
        observers = list(org.members[planning.pk][:1]) + self.heads_of([d for d in units if d is org.audit])
        for offset, number in ((-rng.randint(35, 50), 1), (rng.randint(15, 25), 2)):
            day = self.weekday(self.today + timedelta(days=offset))
            agenda = [a.format(year=self.today.year, last=self.today.year - 1) for a in data.BOARD_AGENDA]
            planned = self.meeting(
                title=f"{self.today.year}년 제{number}차 이사회",
                department=planning,
                organiser=organiser,
                starts=self.at(day, 10),
                hours=2,
                rooms=("대회의실",),
                attendees=[chair, *self.heads_of([org.management])],
                observers=observers,
                agenda=agenda,
                verbatim=True,
                description="정관에 따른 정기이사회(속기록 작성 대상)",
                fallback_place="본관 이사회의실",
            )
            if planned is not None and number == 1:
                votes = "\n".join(
                    f"제{i}호 의안: 원안 가결(출석 이사 7명 전원 찬성)" for i in range(1, len(agenda) + 1)
                )
                self.minutes(planned, final=False, votes=votes)

    def plan_weekly(self, planning: Department) -> None:
        org, rng = self.org, self.rng
        organiser = org.heads.get(planning.pk)
        if organiser is None:
            return
        monday = self.today - timedelta(days=self.today.weekday())
        units = org.children[org.root.pk]
        heads = self.heads_of([org.root, *units]) + self.heads_of(
            [t for u in units for t in org.children[u.pk] if t.pk != planning.pk]
        )
        recorder = org.members[planning.pk][-1:] if org.members[planning.pk] else []
        for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
            starts = self.at(monday + timedelta(weeks=week), 9)
            planned = self.meeting(
                title="주간 간부회의",
                department=planning,
                organiser=organiser,
                starts=starts,
                hours=1,
                rooms=("대회의실",),
                attendees=heads,
                observers=recorder,
                agenda=data.WEEKLY_AGENDA,
                description="부서별 주요 업무 추진상황과 금주 일정 공유",
                fallback_place="본관 3층 대회의실",
            )
            if planned is not None and starts + timedelta(days=2) < self.now:
                self.minutes(planned, final=True)
        for months_back in (2, 1, 0):
            first = (self.today.replace(day=1) - timedelta(days=28 * months_back)).replace(day=1)
            day = first + timedelta(days=(3 - first.weekday()) % 7)  # the first Thursday
            planned = self.meeting(
                title=f"{day.month}월 경영전략회의",
                department=planning,
                organiser=organiser,
                starts=self.at(day, 14),
                hours=2,
                rooms=("대회의실", "영상회의실"),
                attendees=self.heads_of([org.root, *units]),
                observers=recorder,
                agenda=data.STRATEGY_AGENDA,
                description="월간 경영실적과 경영평가 지표 점검",
                fallback_place="본관 3층 대회의실",
            )
            if planned is not None and planned.meeting.ends_at + timedelta(days=1) < self.now:
                self.minutes(planned, final=rng.random() < 0.9)

    def plan_task_meetings(self) -> None:
        org, rng = self.org, self.rng
        carded = [c.card.unit_task for c in self.cards.planned]
        for task in carded:
            if rng.random() >= 0.15 or task.owner is None:
                continue
            head = org.heads.get(task.department_id)
            if head is None:
                continue
            title_template, agenda = self.pick(data.TASK_MEETING_KINDS)
            past = rng.random() < 0.7
            offset = -rng.randint(3, 50) if past else rng.randint(1, 20)
            day = self.weekday(self.today + timedelta(days=offset), forward=not past)
            attendees = [p for p in (task.owner, task.deputy) if p is not None]
            others = [m for m in org.members[self.planning.pk] if m.pk not in {a.pk for a in attendees}][:1]
            hours = tuple(rng.sample((10, 14, 15, 16), 4))
            starts = self.slot(day, hours, 1.5, [head, *attendees, *others], forward=not past)
            if starts is None:
                continue
            planned = self.meeting(
                title=title_template.format(task=task.name),
                department=task.department,
                organiser=head,
                starts=starts,
                hours=1.5,
                rooms=("영상회의실", "소회의실 1", "소회의실 2"),
                attendees=attendees,
                observers=others,
                agenda=agenda,
                unit_task=task,
                description=f"{task.name} 관련 협의",
                fallback_place=f"{task.department.name} 사무실",
            )
            if planned is not None and planned.meeting.ends_at + timedelta(days=2) < self.now:
                self.minutes(planned, final=True)

    def plan_team_meetings(self) -> None:
        org, rng = self.org, self.rng
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None or not members:
                continue
            for offset in (-rng.randint(15, 35), -rng.randint(3, 10), rng.randint(2, 12)):
                day = self.weekday(self.today + timedelta(days=offset), forward=offset > 0)
                starts = self.slot(day, tuple(rng.sample((9, 10, 16), 3)), 1, [head, *members], forward=offset > 0)
                if starts is None:
                    continue
                planned = self.meeting(
                    title=f"{team.name} 업무회의",
                    department=team,
                    organiser=head,
                    starts=starts,
                    hours=1,
                    rooms=("소회의실 2", "소회의실 1") if rng.random() < 0.5 else (),
                    attendees=members,
                    agenda=data.TEAM_AGENDA,
                    description="팀 주요 업무 공유와 현안 토의",
                    fallback_place=f"{team.name} 사무실",
                )
                if planned is None or starts >= self.now:
                    continue
                if offset < -12 and rng.random() < 0.08:
                    self.cancel(planned)
                elif planned.meeting.ends_at + timedelta(days=1) < self.now:
                    self.minutes(planned, final=rng.random() < 0.85)

    def cancel(self, planned: _Meeting) -> None:
        planned.meeting.status = MeetingStatus.CANCELLED
        if planned.meeting.booking is not None:
            booking = planned.meeting.booking
            booking.cancelled_at = planned.created_at + (planned.meeting.starts_at - planned.created_at) / 2
            self.busy[booking.room.name].remove((booking.starts_at, booking.ends_at))

    def plan_standalone_bookings(self, planning: Department) -> None:
        org, rng = self.org, self.rng
        hr = next((t for t in org.children[org.management.pk] if "인사" in t.name), planning)
        booker = (org.members[hr.pk] or [org.staff])[0]
        for title, offset, hour, hours, room in (
            ("신규직원 면접 전형", rng.randint(3, 12), 9, 8, "영상회의실"),
            ("외부기관 방문 접견", -rng.randint(2, 20), 14, 2, "소회의실 1"),
            ("직무교육(외부 강사)", rng.randint(5, 15), 13, 4, "대회의실"),
        ):
            day = self.weekday(self.today + timedelta(days=offset))
            starts = self.at(day, hour)
            booked_at = min(starts - timedelta(days=3), self.now - timedelta(hours=2))
            self.book(
                self.room(room) or self.rooms[-1], starts, starts + timedelta(hours=hours), title, booker, booked_at
            )

    def minutes(self, planned: _Meeting, *, final: bool, votes: str = "") -> None:
        rng, meeting = self.rng, planned.meeting
        present = [a for a in planned.attendees if a.role == "attendee" and a.rsvp != MeetingAttendee.Rsvp.NO]
        observers = [a for a in planned.attendees if a.role == "observer"]
        subject = meeting.unit_task.name if meeting.unit_task else meeting.department.name
        decisions = [
            self.pick(data.MEETING_DECISIONS).format(task=self.decision_subject(meeting))
            for _ in range(rng.randint(1, 3))
        ]
        decisions = list(dict.fromkeys(decisions))
        remarks = [
            f"○ {self.org.title(a.user)}: {self.pick(data.MEETING_REMARKS)}"
            for a in rng.sample(present, min(3, len(present)))
        ]
        recorder = observers[0].user if observers else (present[-1].user if present else meeting.organiser)
        finalised = self.later(meeting.ends_at, 60 * 3, 60 * 30) if final else None
        minutes = Minutes(
            meeting=meeting,
            title=meeting.title,
            department_name=meeting.department.name,
            held_from=meeting.starts_at,
            held_to=meeting.ends_at,
            place=meeting.place,
            attendees_text=", ".join(self.org.title(a.user) for a in present),
            observers_text=", ".join(self.org.title(a.user) for a in observers),
            order_of_business="1. 개회\n2. 안건 보고 및 토의\n3. 결정사항 정리\n4. 폐회",
            agenda_text="\n".join(f"{i}. {item.title}" for i, item in enumerate(planned.agenda, start=1)),
            remarks="\n".join(remarks) or f"○ {subject} 관련 추진 현황 공유",
            decisions_text="\n".join(f"{i}. {d}" for i, d in enumerate(decisions, start=1)),
            votes=votes,
            status=Minutes.Status.FINAL if finalised else Minutes.Status.DRAFT,
            recorded_by=recorder,
            finalised_at=finalised,
        )
        planned.minutes = minutes
        if finalised:
            meeting.status = MeetingStatus.HELD
            if meeting.unit_task is not None:
                self.filing.file_under(
                    meeting.unit_task, "minutes", minutes, f"{meeting.title} 회의록", meeting.starts_at
                )
        planned.decisions = [
            MeetingDecision(meeting=meeting, order=i, text=text) for i, text in enumerate(decisions, start=1)
        ]

    def decision_subject(self, meeting: Meeting) -> str:
        if meeting.unit_task is not None:
            return meeting.unit_task.name
        tasks = self.classification.regular_tasks("department_id", meeting.department_id)
        return self.pick(tasks).name if tasks else "소관 업무"

    def write(self) -> dict[str, int]:
        Room.objects.bulk_create(self.rooms)
        RoomBooking.objects.bulk_create([b for b, _at in self.bookings])
        backdate(RoomBooking, self.bookings, "booked_at")
        meetings = [m.meeting for m in self.planned]
        Meeting.objects.bulk_create(meetings)
        backdate(Meeting, [(m.meeting, m.created_at) for m in self.planned])
        MeetingAgendaItem.objects.bulk_create([a for m in self.planned for a in m.agenda])
        MeetingAttendee.objects.bulk_create([a for m in self.planned for a in m.attendees])
        minutes = [m.minutes for m in self.planned if m.minutes is not None]
        Minutes.objects.bulk_create(minutes)
        return {"meetings": len(meetings), "minutes": len(minutes), "bookings": len(self.bookings)}

    def write_decisions(self) -> None:
        """After the directives: a decision names the directive it became."""
        MeetingDecision.objects.bulk_create([d for m in self.planned for d in m.decisions])
