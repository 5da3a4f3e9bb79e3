"""Memo reports (메모보고) of a demo institution: reports to heads (read or not, some answered, some
filed under a unit task) and heads' instructions, with `staff`'s day of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.bulk import backdate
from org.models import User
from tasks.demo.base import Part
from tasks.demo.cards import Filing
from tasks.demo.classification import Classification
from tasks.demo_data import memos as data
from tasks.models import MemoRecipient, MemoReply, MemoReport, UnitTask


@dataclass
class _Memo:
    memo: MemoReport
    recipients: list[MemoRecipient]
    replies: list[tuple[MemoReply, datetime]]


class Memos(Part):
    def __init__(self, *, classification: Classification, filing: Filing, **clock) -> None:
        super().__init__(**clock)
        self.classification = classification
        self.filing = filing
        self.planned: list[_Memo] = []

    def plan(self) -> None:
        self.plan_memos()

    def memo(
        self,
        *,
        author: User,
        recipients: list[User],
        kind: str,
        task: UnitTask | None,
        sent: datetime,
        read_after: tuple[int, int] | None,
        reply: tuple[User, str, tuple[int, int]] | None = None,
        file: bool = False,
    ) -> _Memo:
        templates = data.MEMO_REPORTS if kind == MemoReport.Kind.REPORT else data.MEMO_INSTRUCTIONS
        title, body = self.pick(templates)
        words = {
            "task": task.name if task else "부서 현안",
            "detail": self.pick(self.classification.pattern_of(task).details).format(**self.numbers()),
            "next": self.pick(data.MEMO_NEXT_STEPS),
            **self.numbers(),
        }
        memo = MemoReport(
            kind=kind,
            title=title.format(**words),
            body=body.format(**words),
            author=author,
            department_id=author.department_id,
            unit_task=task if file else None,
            sent_at=sent,
        )
        rows = []
        for order, person in enumerate(recipients):
            read = self.later(sent, *read_after) if read_after else None
            rows.append(MemoRecipient(memo=memo, recipient=person, order=order, read_at=read))
        replies = []
        if reply is not None:
            who, text, (low, high) = reply
            base = max([sent] + [r.read_at for r in rows if r.read_at is not None])
            at = self.later(base, low, high)
            if at is not None:
                replies.append((MemoReply(memo=memo, author=who, body=text), at))
        planned = _Memo(memo, rows, replies)
        self.planned.append(planned)
        if file and task is not None:
            self.filing.file_under(task, "memo", memo, memo.title, sent)
        return planned

    def plan_memos(self) -> None:
        org, rng = self.org, self.rng
        self.plan_staff_memos()
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None:
                continue
            boss = org.heads.get(team.parent_id) if team.parent_id else None
            for _ in range(max(1, round(len(members) * 0.5)) if members else 0):
                author = self.pick(members)
                sent = self.past_moment(1, 45)
                recent = sent > self.now - timedelta(days=2)
                recipients = [head] + ([boss] if boss and rng.random() < 0.25 else [])
                read = None if recent and rng.random() < 0.6 else (10, 60 * 26)
                self.memo(
                    author=author,
                    recipients=recipients,
                    kind=MemoReport.Kind.REPORT,
                    task=self.classification.task_of(author, team),
                    sent=sent,
                    read_after=read,
                    reply=(head, self.pick(data.MEMO_REPLIES_FROM_HEAD), (5, 240)) if rng.random() < 0.3 else None,
                    file=rng.random() < 0.2,
                )
            for _ in range(round(len(members) * 0.15)):
                told = rng.sample(members, min(len(members), rng.randint(1, 3)))
                sent = self.past_moment(1, 40)
                self.memo(
                    author=head,
                    recipients=told,
                    kind=MemoReport.Kind.INSTRUCTION,
                    task=self.classification.task_of(told[0], team),
                    sent=sent,
                    read_after=(5, 60 * 8),
                    reply=(told[0], self.pick(data.MEMO_REPLIES_TO_HEAD), (5, 120)) if rng.random() < 0.4 else None,
                )
            if boss is not None and rng.random() < 0.6:
                self.memo(
                    author=head,
                    recipients=[boss],
                    kind=MemoReport.Kind.REPORT,
                    task=self.classification.task_of(head, team),
                    sent=self.past_moment(1, 30),
                    read_after=(10, 60 * 30),
                )

    def plan_staff_memos(self) -> None:
        """staff's memo day: a report answered by the head a few hours ago, an instruction not yet
        read, and reports (theirs and colleagues') waiting in the head's inbox."""
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        if head is None:
            return
        tasks = self.classification.owned_by(staff) or [None]
        replied = self.office(self.now - timedelta(hours=2), forward=False)
        read = self.office(replied - timedelta(hours=3), forward=False)
        answered = self.memo(
            author=staff,
            recipients=[head],
            kind=MemoReport.Kind.REPORT,
            task=tasks[0],
            sent=read - timedelta(minutes=40),
            read_after=None,
            file=True,
        )
        answered.recipients[0].read_at = read
        reply = MemoReply(memo=answered.memo, author=head, body=data.MEMO_REPLIES_FROM_HEAD[4])
        answered.replies.append((reply, replied))
        self.memo(
            author=head,
            recipients=[staff],
            kind=MemoReport.Kind.INSTRUCTION,
            task=tasks[-1],
            sent=self.office(self.now - timedelta(minutes=40), forward=False),
            read_after=None,
        )
        colleagues = [p for p in org.members[team.pk] if p.pk != staff.pk]
        for author, hours in [(staff, 5), *((c, h) for c, h in zip(colleagues, (20, 30), strict=False))]:
            self.memo(
                author=author,
                recipients=[head],
                kind=MemoReport.Kind.REPORT,
                task=self.classification.task_of(author, team),
                sent=self.office(self.now - timedelta(hours=hours), forward=False),
                read_after=None,
            )

    def write(self) -> dict[str, int]:
        memos = [m.memo for m in self.planned]
        MemoReport.objects.bulk_create(memos)
        MemoRecipient.objects.bulk_create([r for m in self.planned for r in m.recipients])
        replies = [r for m in self.planned for r in m.replies]
        MemoReply.objects.bulk_create([r for r, _at in replies])
        backdate(MemoReply, replies)
        return {"memos": len(memos)}
