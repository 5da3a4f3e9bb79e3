"""Directives (지시사항) of a demo institution, from instruction to completion or cancellation, with
their history; some issued by the institution head, some turned from meeting decisions; `staff`
has one due in two days and one overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from core.bulk import backdate
from org.models import Department, User
from tasks.demo.base import Part, kdate
from tasks.demo.cards import Filing
from tasks.demo.classification import Classification
from tasks.demo.meetings import Meetings
from tasks.demo_data import directives as data
from tasks.models import (
    Directive,
    DirectiveAssignee,
    DirectiveStatus,
    DirectiveUpdate,
    MeetingDecision,
    UnitTask,
)


@dataclass
class _Directive:
    directive: Directive
    assignees: list[User]
    updates: list[tuple[DirectiveUpdate, datetime]]
    decision: MeetingDecision | None = None
    last_change: datetime | None = None  # its `updated_at` (auto_now overwrites it on insert)


class Directives(Part):
    def __init__(self, *, classification: Classification, meetings: Meetings, filing: Filing, **clock) -> None:
        super().__init__(**clock)
        self.classification = classification
        self.meetings = meetings
        self.filing = filing
        self.planned: list[_Directive] = []
        self.directive_titles: set[str] = set()

    def plan(self) -> None:
        self.plan_directives()

    def directive(
        self,
        *,
        issuer: User,
        department: Department,
        assignees: list[User],
        title: str,
        body: str,
        issued: datetime,
        due: date,
        status: str,
        report: str,
        task: UnitTask | None = None,
        progress: int = 0,
    ) -> _Directive:
        """A directive and its history up to `status`; `report` is the completion report ({n}: a
        number) the assignee files if it gets that far."""
        rng = self.rng
        directive = Directive(
            title=title,
            body=body,
            issued_by=issuer,
            issued_at=issued,
            due_on=due,
            department=department,
            unit_task=task,
            status=DirectiveStatus.ISSUED,
        )
        planned = _Directive(directive, assignees, [])
        doer = assignees[0]

        def log(kind: str, author: User, text: str, at: datetime, value: int | None = None) -> None:
            update = DirectiveUpdate(directive=directive, kind=kind, author=author, body=text, progress=value)
            planned.updates.append((update, at))

        log(DirectiveUpdate.Kind.ISSUE, issuer, body, issued)
        moment = issued
        if status == DirectiveStatus.CANCELLED:
            moment = self.later(issued, 60 * 20, 60 * 24 * 5) or issued
            log(DirectiveUpdate.Kind.CANCEL, issuer, self.pick(data.DIRECTIVE_CANCEL_REASONS), moment)
            directive.status = status
        elif status != DirectiveStatus.ISSUED:
            moment = self.later(issued, 60 * 3, 60 * 24 * 2) or issued
            directive.plan = self.pick(data.DIRECTIVE_PLANS)
            directive.planned_on = max(due - timedelta(days=rng.randint(0, 3)), timezone.localdate(issued, self.tz))
            log(
                DirectiveUpdate.Kind.PLAN,
                doer,
                f"{directive.plan}\n\n이행 완료 예정일: {kdate(directive.planned_on)}",
                moment,
            )
            directive.status = DirectiveStatus.PLANNED
            if status in (DirectiveStatus.IN_PROGRESS, DirectiveStatus.COMPLETED):
                value = progress or rng.choice((20, 30, 40, 50, 60, 70, 80))
                step = self.later(moment, 60 * 24, 60 * 24 * 6) or self.later(moment, 10, 60)
                if step is not None:
                    moment = step
                    log(DirectiveUpdate.Kind.PROGRESS, doer, self.pick(data.DIRECTIVE_PROGRESS), moment, value)
                    directive.status, directive.progress = DirectiveStatus.IN_PROGRESS, value
            if status == DirectiveStatus.COMPLETED:
                done = self.later(moment, 60 * 24, 60 * 24 * 8)
                if done is not None:
                    report = report.format(**self.numbers())
                    log(DirectiveUpdate.Kind.COMPLETE, doer, report, done, 100)
                    directive.status, directive.progress = DirectiveStatus.COMPLETED, 100
                    directive.completion_report, directive.completed_at = report, done
                    moment = done
                    if rng.random() < 0.3 and (comment := self.later(done, 30, 60 * 20)):
                        log(
                            DirectiveUpdate.Kind.COMMENT,
                            issuer,
                            "수고했습니다. 결과를 다음 회의에서 공유합시다.",
                            comment,
                        )
                        moment = comment
        planned.last_change = moment
        self.planned.append(planned)
        self.directive_titles.add(title)
        if task is not None:
            self.filing.file_under(task, "directive", directive, title, issued)
        return planned

    def draw_status(self) -> str:
        return self.rng.choices(
            (
                DirectiveStatus.COMPLETED,
                DirectiveStatus.IN_PROGRESS,
                DirectiveStatus.PLANNED,
                DirectiveStatus.ISSUED,
                DirectiveStatus.CANCELLED,
            ),
            (0.45, 0.25, 0.12, 0.13, 0.05),
        )[0]

    def timeline(self, status: str) -> tuple[datetime, date]:
        """When a directive of this status was issued and when it is due: closed ones in the past,
        open ones due from two weeks ago (overdue) to a month ahead."""
        rng, today = self.rng, self.today
        if status in (DirectiveStatus.COMPLETED, DirectiveStatus.CANCELLED):
            issued = self.past_moment(20, 110)
            return issued, timezone.localdate(issued, self.tz) + timedelta(days=rng.randint(7, 30))
        issued = self.past_moment(1, 5) if status == DirectiveStatus.ISSUED else self.past_moment(6, 45)
        due = today + timedelta(days=rng.randint(-14, 30))
        return issued, max(due, timezone.localdate(issued, self.tz) + timedelta(days=3))

    def plan_directives(self) -> None:
        org, rng = self.org, self.rng
        self.plan_staff_directives()
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None or not members:
                continue
            boss = org.heads.get(team.parent_id) if team.parent_id else None
            for _ in range(min(5, 1 + round(len(members) * 0.25))):
                issuer = boss if boss is not None and rng.random() < 0.3 else head
                assignees = rng.sample(members, min(len(members), rng.choice((1, 1, 1, 2))))
                task = self.classification.task_of(assignees[0], team)
                words = {"task": task.name if task else team.name}
                # One directive per title: a head does not give the same instruction twice.
                choices = [d for d in data.DIRECTIVES if d[0].format(**words) not in self.directive_titles]
                if not choices:
                    continue
                title, body, report = self.pick(choices)
                status = self.draw_status()
                issued, due = self.timeline(status)
                self.directive(
                    issuer=issuer,
                    department=team,
                    assignees=assignees,
                    title=title.format(**words),
                    body=body.format(**words),
                    issued=issued,
                    due=due,
                    status=status,
                    report=report,
                    task=task if rng.random() < 0.5 else None,
                )
        chair = org.heads.get(org.root.pk)
        units = [u for u in org.children[org.root.pk] if u is not org.audit]
        if chair is not None:
            for title, body, report in rng.sample(data.HEAD_DIRECTIVES, 3):
                unit = self.pick(units)
                assignees = self.heads_of([unit, *org.children[unit.pk][:2]])
                if not assignees:
                    continue
                status = self.draw_status()
                issued, due = self.timeline(status)
                self.directive(
                    issuer=chair,
                    department=unit,
                    assignees=assignees,
                    title=title,
                    body=body,
                    issued=issued,
                    due=due,
                    status=status,
                    report=report,
                )
        for planned in self.meetings.planned:
            meeting = planned.meeting
            if planned.minutes is None or not planned.decisions or rng.random() >= 0.3:
                continue
            members = [m for m in org.members[meeting.department_id] if m.pk != meeting.organiser_id]
            if not members:
                continue
            decision = planned.decisions[0]
            status = self.draw_status()
            issued = self.later(meeting.ends_at, 60, 60 * 4) or meeting.ends_at
            due = max(
                self.today + timedelta(days=rng.randint(-10, 25)),
                timezone.localdate(issued, self.tz) + timedelta(days=5),
            )
            if status in (DirectiveStatus.COMPLETED, DirectiveStatus.CANCELLED):
                due = timezone.localdate(issued, self.tz) + timedelta(days=rng.randint(7, 21))
            held = kdate(timezone.localdate(meeting.starts_at, self.tz))
            converted = self.directive(
                issuer=meeting.organiser,
                department=meeting.department,
                assignees=[self.pick(members)],
                title=decision.text.splitlines()[0][:200],
                body=f"{meeting.title}({held}) 결정사항\n\n{decision.text}",
                issued=issued,
                due=due,
                status=status,
                report=data.DECISION_REPORT,
                task=meeting.unit_task,
            )
            converted.decision = decision

    def plan_staff_directives(self) -> None:
        """One due in two days (in progress), one overdue (plan submitted, nothing since)."""
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        if head is None:
            return
        tasks = self.classification.owned_by(staff) or [None]
        name = tasks[0].name if tasks[0] else team.name
        self.directive(
            issuer=head,
            department=team,
            assignees=[staff],
            title=f"{name} 추진현황 전수 점검",
            body=data.DIRECTIVES[0][1].format(task=name),
            report=data.DIRECTIVES[0][2],
            issued=self.office(self.now - timedelta(days=6, hours=2), forward=False),
            due=self.today + timedelta(days=2),
            status=DirectiveStatus.IN_PROGRESS,
            task=tasks[0],
            progress=40,
        )
        name = tasks[-1].name if tasks[-1] else team.name
        colleague = next((p for p in org.members[team.pk] if p.pk != staff.pk), None)
        self.directive(
            issuer=head,
            department=team,
            assignees=[staff] + ([colleague] if colleague else []),
            title=f"도의회 행정사무감사 대비 {name} 자료 준비",
            body=data.DIRECTIVES[1][1].format(task=name),
            report=data.DIRECTIVES[1][2],
            issued=self.office(self.now - timedelta(days=20, hours=5), forward=False),
            due=self.today - timedelta(days=3),
            status=DirectiveStatus.PLANNED,
        )

    def write(self) -> dict[str, int]:
        directives = [d.directive for d in self.planned]
        Directive.objects.bulk_create(directives)
        backdate(Directive, [(d.directive, d.last_change) for d in self.planned], "updated_at")
        DirectiveAssignee.objects.bulk_create(
            [DirectiveAssignee(directive=d.directive, user=u) for d in self.planned for u in d.assignees]
        )
        updates = [u for d in self.planned for u in d.updates]
        DirectiveUpdate.objects.bulk_create([u for u, _at in updates])
        backdate(DirectiveUpdate, updates)
        for planned in self.planned:
            if planned.decision is not None:
                planned.decision.directive = planned.directive
        return {"directives": len(directives)}
