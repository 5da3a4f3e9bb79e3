"""Unit-task cards (과제관리카드) of a demo institution: goals, dated plans met or not, versioned
performance entries and notes, kept well, typically or poorly; and the filing of memo reports,
directives and minutes under their unit tasks (관련문서), written once the filed rows exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from core.bulk import backdate, update_columns
from org.models import User
from tasks.demo.base import Part
from tasks.demo.classification import Classification
from tasks.demo_data import cards as data
from tasks.models import (
    CardEntryKind,
    RelatedDocument,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    TaskGoal,
    UnitTask,
)
from tasks.services.cards import completeness_items, percent_half_up

# Share of regular (not 처리과공통) unit tasks that have a card, and how well cards are kept:
# kept up to date / mostly kept / left behind.
CARD_SHARE = 0.7
CARD_PROFILES = (("full", 0.15), ("typical", 0.5), ("sparse", 0.35))
# How far back cards have history.
HISTORY_DAYS = 150


@dataclass
class _Entry:
    entry: TaskCardEntry
    versions: list[TaskCardEntryVersion]
    created_at: datetime


@dataclass
class _Card:
    card: TaskCard
    created_at: datetime
    goals: list[TaskGoal] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)


class Filing(Part):
    """관련문서: what the other areas file under a unit task (tasks.services.cards.related_document_link
    would do it one by one), linked once the filed rows have their ids."""

    def __init__(self, **clock) -> None:
        super().__init__(**clock)
        self.related: list[tuple[RelatedDocument, str, object]] = []  # (row, source, the filed object)

    def file_under(self, task: UnitTask, source: str, document, title: str, produced: datetime) -> None:
        row = RelatedDocument(
            unit_task=task,
            source=source,
            source_id="",
            title=title[:300],
            produced_on=timezone.localdate(produced, self.tz),
        )
        self.related.append((row, source, document))

    def write(self) -> None:
        links = []
        for row, source, document in self.related:
            row.source_id = str(document.pk)
            if source == "memo":
                row.url = reverse("memos:detail", args=[document.pk])
            elif source == "directive":
                row.url = reverse("directives:detail", args=[document.pk])
            else:
                row.url = reverse("meetings:detail", args=[document.meeting.pk])
            links.append(row)
        RelatedDocument.objects.bulk_create(links)


class Cards(Part):
    def __init__(self, *, classification: Classification, **clock) -> None:
        super().__init__(**clock)
        self.classification = classification
        self.planned: list[_Card] = []

    def plan(self) -> None:
        self.plan_cards()

    def plan_cards(self) -> None:
        staff = self.org.staff
        tasks = self.classification.tasks
        staff_tasks = self.classification.owned_by(staff)
        others = [t for t in tasks if not t.is_common and t.owner is not None and t not in staff_tasks]
        chosen = set(self.rng.sample(range(len(others)), round(len(others) * CARD_SHARE)))
        carded = {id(t) for k, t in enumerate(others) if k in chosen}
        for task in tasks:
            if task in staff_tasks:
                # The first of staff's cards is behind: a milestone overdue, no recent result.
                profile = "sparse" if task is staff_tasks[0] else ("full", "typical")[staff_tasks.index(task) % 2]
            elif id(task) in carded:
                profile = self.rng.choices([p for p, _w in CARD_PROFILES], [w for _p, w in CARD_PROFILES])[0]
            else:
                continue
            self.plan_card(task, profile, behind=task in staff_tasks[:1])

    def plan_card(self, task: UnitTask, profile: str, *, behind: bool) -> None:
        rng, today = self.rng, self.today
        spec = self.classification.specs[task.code]
        pattern = data.PATTERNS[spec.pattern]
        authors = [p for p in (task.owner, task.deputy) if p is not None]
        years_back = rng.choice((0, 0, 1, 2, 3, 5))
        started_on = date(today.year - years_back, rng.choice((1, 1, 2, 3)), rng.choice((1, 2, 15)))
        started_on = min(started_on, today - timedelta(days=HISTORY_DAYS))
        opened = today - timedelta(days=rng.randint(HISTORY_DAYS + 10, HISTORY_DAYS + 50))
        created_at = self.at(self.weekday(opened), 10)
        sparse = profile == "sparse"
        card = TaskCard(
            unit_task=task,
            summary=(
                f"○ 목적: {pattern.purpose}\n○ 주요 내용: {task.name}\n○ 추진 체계: {pattern.flow}\n"
                f"○ 주관: {task.department.name}"
            ),
            legal_basis="" if sparse and rng.random() < 0.7 else spec.basis,
            budget_program=f"{today.year}년 {task.name}" if spec.pattern in ("program", "event", "build") else "",
            started_on=started_on,
            created_by=task.owner,
        )
        planned = _Card(card, created_at)
        self.planned.append(planned)
        # Goals: this year's (missing on cards left behind), and last year's with its result.
        for order, goal in enumerate(pattern.goals):
            if not sparse and (order == 0 or rng.random() < 0.6):
                planned.goals.append(self.goal(card, goal, today.year, order, share=self.year_share()))
            if years_back and order == 0:
                planned.goals.append(self.goal(card, goal, today.year - 1, order, share=rng.uniform(0.9, 1.1)))
        self.plan_milestones(planned, pattern, authors, profile, behind=behind)
        self.plan_results(planned, pattern, authors, profile)
        for kind in (CardEntryKind.QUALITY, CardEntryKind.PUBLIC_RELATIONS, CardEntryKind.CUSTOMER):
            if profile == "full" or (profile == "typical" and rng.random() < 0.3):
                title, body = self.pick(data.CARD_NOTES[kind])
                day = self.weekday(today - timedelta(days=rng.randint(5, 150)), forward=False)
                self.card_entry(planned, kind, title, body.format(**self.numbers()), day, None, self.pick(authors))

    def year_share(self) -> float:
        return self.today.timetuple().tm_yday / 365 * self.rng.uniform(0.75, 1.1)

    def goal(self, card: TaskCard, goal: data.Goal, year: int, order: int, *, share: float) -> TaskGoal:
        rng = self.rng
        target = goal.low if goal.low == goal.high else rng.randint(goal.low, goal.high)
        if goal.cumulative and target >= 20:
            target = round(target, -1)
        if goal.cumulative:
            result = f"{round(target * min(share, 1.15))}{goal.unit}"
        elif target == 0:
            result = f"0{goal.unit}"
        elif share < 0.3:
            result = ""  # too early in the year for a rate
        else:
            result = f"{max(0, min(target, round(target * rng.uniform(0.9, 1.02))))}{goal.unit}"
        return TaskGoal(
            card=card,
            year=year,
            title=goal.title,
            indicator=goal.indicator,
            target=f"{target}{goal.unit}",
            result=result,
            order=order,
        )

    def plan_milestones(self, planned: _Card, pattern, authors: list[User], profile: str, *, behind: bool) -> None:
        """The pattern's steps come back every year on their month and day; the card plans those
        from about five months back to three months ahead. Past ones are met (mostly on time) as
        often as the profile says; on `staff`'s card left behind the latest past one is not met."""
        rng, today = self.rng, self.today
        window = (today - timedelta(days=rng.randint(110, 150)), today + timedelta(days=rng.randint(45, 90)))
        dated = []
        for year in (today.year - 1, today.year, today.year + 1):
            for month, day_of_month, title in pattern.steps:
                day = date(year, month, day_of_month) + timedelta(days=rng.randint(-4, 4))
                if window[0] <= day <= window[1]:
                    label = title if year == today.year else f"{year}년 {title}"
                    dated.append((self.weekday(day), label))
        met_share = {"full": 1.0, "typical": 0.85, "sparse": 0.4}[profile]
        past = [day for day, _label in dated if day < today]
        latest_past = max(past) if past else None
        for due, title in dated:
            completed: date | None = None
            if due < today and not (behind and due == latest_past) and rng.random() < met_share:
                completed = min(today, due + timedelta(days=rng.randint(-6, 3)))
            self.milestone(planned, title, due, completed, authors)

    def milestone(self, planned: _Card, title: str, due: date, completed: date | None, authors) -> None:
        author = authors[0]
        body = ""
        written = planned.created_at + timedelta(days=self.rng.randint(0, 5), hours=self.rng.randint(0, 6))
        versions = [(title, body, due, None, author, written)]
        if completed is not None:
            # Marking a milestone met appends a version (tasks.services.cards.milestone_complete).
            finished = max(self.at(completed, 17, self.rng.randint(0, 50)), written + timedelta(hours=1))
            versions.append((title, body, due, completed, self.pick(authors), min(finished, self.now)))
        self.versioned_entry(planned, CardEntryKind.PLAN, versions)

    def plan_results(self, planned: _Card, pattern, authors: list[User], profile: str) -> None:
        rng, today = self.rng, self.today
        if profile == "sparse":
            ages = [rng.randint(95, 140)] if rng.random() < 0.6 else []
        else:
            latest = rng.randint(2, 30) if profile == "full" else rng.randint(10, 80)
            ages = sorted({latest, *(rng.randint(latest + 10, HISTORY_DAYS - 10) for _ in range(rng.randint(1, 4)))})
        for age in ages:
            day = self.weekday(today - timedelta(days=age), forward=False)
            title = f"{day.month}월 {self.pick(pattern.results)}"
            lines = rng.sample(pattern.details, 2)
            first = f"○ {lines[0].format(**self.numbers())}"
            author = authors[0] if rng.random() < 0.8 else self.pick(authors)
            written = self.at(day, 16, rng.randint(0, 59))
            if written >= self.now:
                written = self.now - timedelta(minutes=30)
            versions = [(title, first, day, None, author, written)]
            # Some results are revised by their author, every version kept: a line added, then
            # its figures corrected.
            for revision in range(rng.choices((0, 1, 2), (0.67, 0.25, 0.08))[0]):
                edited = self.later(versions[-1][5], 60 * 20, 60 * 72)
                if edited is None:
                    break
                added = lines[1].format(**self.numbers()) + (" (수치 정정)" if revision else "")
                versions.append((title, f"{first}\n○ {added}", day, None, author, edited))
            self.versioned_entry(planned, CardEntryKind.PERFORMANCE, versions)

    def card_entry(self, planned: _Card, kind, title: str, body: str, day: date, completed, author: User) -> None:
        written = min(self.at(day, 15, self.rng.randint(0, 59)), self.now - timedelta(minutes=5))
        self.versioned_entry(planned, kind, [(title, body, day, completed, author, written)])

    def versioned_entry(self, planned: _Card, kind: str, versions: list[tuple]) -> None:
        title, body, day, completed, _author, edited = versions[-1]
        entry = TaskCardEntry(
            card=planned.card,
            kind=kind,
            title=title,
            body=body,
            entry_date=day,
            completed_on=completed,
            author=versions[0][4],
            version=len(versions),
            updated_at=edited,
        )
        rows = [
            TaskCardEntryVersion(
                entry=entry, version=n, title=t, body=b, entry_date=d, completed_on=c, edited_by=a, edited_at=e
            )
            for n, (t, b, d, c, a, e) in enumerate(versions, start=1)
        ]
        planned.entries.append(_Entry(entry, rows, versions[0][5]))

    def write(self) -> dict[str, int]:
        cards = [c.card for c in self.planned]
        TaskCard.objects.bulk_create(cards)
        TaskGoal.objects.bulk_create([g for c in self.planned for g in c.goals])
        entries = [e for c in self.planned for e in c.entries]
        TaskCardEntry.objects.bulk_create([e.entry for e in entries])
        TaskCardEntryVersion.objects.bulk_create([v for e in entries for v in e.versions])
        for planned in self.planned:
            goals = planned.goals
            rows = [e.entry for e in planned.entries]
            items = completeness_items(planned.card, self.today, goals=goals, entries=rows)
            planned.card.completeness = percent_half_up(sum(i.met for i in items), len(items))
            planned.card.completeness_checked_on = self.today
            planned.card.created_at = planned.created_at
            planned.card.updated_at = max([planned.created_at] + [e.entry.updated_at for e in planned.entries])
        update_columns(TaskCard, cards, ["completeness", "completeness_checked_on", "created_at", "updated_at"])
        backdate(TaskCardEntry, [(e.entry, e.created_at) for e in entries])
        return {"cards": len(cards), "card_entries": len(entries)}
