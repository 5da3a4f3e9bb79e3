"""Writes to unit-task cards (과제관리카드): the 표제부, goals and indicators, dated entries
(추진계획·실적·품질·홍보·고객), milestones met, and the link from any document to the task it is
filed under (관련문서).

Entries are versioned: a revision appends a `TaskCardEntryVersion` and copies its content onto
the entry; no version is ever overwritten or deleted. Every write recomputes the card's stored
completeness, which the nightly job also refreshes because milestones fall due with time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from tasks.models import (
    CardEntryKind,
    RelatedDocument,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    TaskCardYear,
    TaskGoal,
    UnitTask,
)
from tasks.permissions.cards import can_revise_entry, require_edit, revise_refusal
from tasks.produced import card_year_work
from tasks.signals import work_produced

# A card counts as "kept up" only if someone recorded a result this recently.
RECENT_PERFORMANCE_DAYS = 90


# --- Completeness (작성 충실도) ---------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessItem:
    label: str
    met: bool


_FIXED_ITEMS = (
    ("summary", gettext_lazy("과제 개요")),
    ("legal_basis", gettext_lazy("근거 법령·규정")),
    ("goal", gettext_lazy("올해 목표와 성과지표·목표치")),
    ("plan", gettext_lazy("추진계획(일정) 1건 이상")),
    ("performance", gettext_lazy("최근 90일 안의 실적")),
    ("owner", gettext_lazy("담당자")),
    ("deputy", gettext_lazy("부담당자")),
    ("quality", gettext_lazy("품질관리")),
    ("public_relations", gettext_lazy("홍보관리")),
    ("customer", gettext_lazy("고객관리")),
)


def completeness_items(
    card: TaskCard,
    today: date,
    *,
    goals: list[TaskGoal] | None = None,
    entries: list[TaskCardEntry] | None = None,
) -> list[CompletenessItem]:
    """The items a card is scored on, in a fixed order, each met or not.

    Ten fixed items:
      1. 과제 개요 (summary) is written;  2. 근거 법령·규정 is written;
      3. a goal for `today`'s year with its 성과지표 and 목표치;  4. at least one 추진계획 milestone;
      5. at least one 실적 dated within the last 90 days (today-89 … today);
      6. a 담당자;  7. a 부담당자;  8-10. at least one 품질관리, 홍보관리 and 고객관리 entry.
    Then one item per milestone already due (due date before `today`): met if it was completed.
    Milestones not yet due are not scored, so planning ahead never lowers the score.

    Reads `card.unit_task` and the card's goals and entries (given, or `card.goals.all()` and
    `card.entries.all()`: prefetch them to score many cards in a fixed number of queries).
    """
    met, due = _completeness_facts(card, today, goals, entries)
    items = [CompletenessItem(str(label), met[key]) for key, label in _FIXED_ITEMS]
    for entry in sorted(due, key=lambda e: (e.entry_date, e.pk)):
        label = _("일정 %(date)s까지: %(title)s") % {"date": _kdate(entry.entry_date), "title": entry.title}
        items.append(CompletenessItem(label, entry.completed_on is not None))
    return items


def _completeness_facts(card: TaskCard, today: date, goals, entries) -> tuple[dict[str, bool], list]:
    """The fixed items met or not, and the milestones due (see `completeness_items`). Goals need
    only `year`, `indicator`, `target`; entries only `kind`, `entry_date`, `completed_on`."""
    goals = list(card.goals.all()) if goals is None else goals
    entries = list(card.entries.all()) if entries is None else entries
    kinds = {entry.kind for entry in entries}
    recent_from = today - timedelta(days=RECENT_PERFORMANCE_DAYS - 1)
    unit_task = card.unit_task
    met = {
        "summary": bool(card.summary.strip()),
        "legal_basis": bool(card.legal_basis.strip()),
        "goal": any(g.year == today.year and g.indicator.strip() and g.target.strip() for g in goals),
        "plan": CardEntryKind.PLAN in kinds,
        "performance": any(
            e.kind == CardEntryKind.PERFORMANCE and recent_from <= e.entry_date <= today for e in entries
        ),
        "owner": unit_task.owner_id is not None,
        "deputy": unit_task.deputy_id is not None,
        "quality": CardEntryKind.QUALITY in kinds,
        "public_relations": CardEntryKind.PUBLIC_RELATIONS in kinds,
        "customer": CardEntryKind.CUSTOMER in kinds,
    }
    due = [e for e in entries if e.kind == CardEntryKind.PLAN and e.entry_date < today]
    return met, due


def _kdate(value: date) -> str:
    return f"{value.year}. {value.month}. {value.day}."


def percent_half_up(met: int, total: int) -> int:
    """Integer percent, rounded half up (8/12 = 66.67 → 67; 1/8 = 12.5 → 13), integers only."""
    if total <= 0:
        return 0
    return (200 * met + total) // (2 * total)


def card_completeness(card: TaskCard, today: date, *, goals=None, entries=None) -> int:
    """Completeness in percent: met items over all items of `completeness_items` (counted
    without writing their labels, as the nightly refresh and province monitoring score every
    card)."""
    met, due = _completeness_facts(card, today, goals, entries)
    done = sum(met.values()) + sum(entry.completed_on is not None for entry in due)
    return percent_half_up(done, len(met) + len(due))


def card_refresh_completeness(card: TaskCard, today: date | None = None) -> int:
    """Recompute and store the card's completeness (an idempotent write of two columns)."""
    today = today or timezone.localdate()
    fresh = TaskCard.objects.select_related("unit_task").prefetch_related("goals", "entries").get(pk=card.pk)
    value = card_completeness(fresh, today)
    if fresh.completeness != value or fresh.completeness_checked_on != today:
        # update(), not save(): the nightly refresh must not move `updated_at` (a real edit does).
        TaskCard.objects.filter(pk=card.pk).update(completeness=value, completeness_checked_on=today)
    card.completeness, card.completeness_checked_on = value, today
    return value


# --- The card and its 표제부 -------------------------------------------------------------------------

CARD_FIELDS = ("summary", "legal_basis", "budget_program", "started_on")


def _lock_card_task(unit_task: UnitTask) -> UnitTask:
    return UnitTask.objects.select_for_update(of=("self",)).select_related("department").get(pk=unit_task.pk)


def _check_card_fields(values: dict) -> None:
    errors: dict[str, str] = {}
    if len(values.get("legal_basis") or "") > 300:
        errors["legal_basis"] = _("근거 법령·규정은 300자 이내로 적으세요.")
    if len(values.get("budget_program") or "") > 200:
        errors["budget_program"] = _("관련 세부사업은 200자 이내로 적으세요.")
    if len(values.get("summary") or "") > 10000:
        errors["summary"] = _("과제 개요는 10,000자 이내로 적으세요.")
    if errors:
        raise ValidationError(errors)


def _require_active(unit_task: UnitTask) -> None:
    if not unit_task.is_active:
        raise ValidationError(_("폐지된 단위과제의 과제관리카드는 고칠 수 없습니다."))


def task_card_create(
    *,
    unit_task: UnitTask,
    actor,
    summary: str = "",
    legal_basis: str = "",
    budget_program: str = "",
    started_on: date | None = None,
) -> TaskCard:
    """Open the card of a unit task (one per task). Its owner, deputy, participants, the head of
    its department tree or an admin may."""
    values = {"summary": summary, "legal_basis": legal_basis, "budget_program": budget_program}
    with transaction.atomic():
        # Lock the task: two people opening its card at once must not both pass the check below.
        task = _lock_card_task(unit_task)
        require_edit(actor, task)
        _require_active(task)
        if TaskCard.objects.filter(unit_task=task).exists():
            raise ValidationError(_("이 단위과제에는 이미 과제관리카드가 있습니다."))
        _check_card_fields(values)
        card = TaskCard.objects.create(
            unit_task=task,
            summary=summary.strip(),
            legal_basis=legal_basis.strip(),
            budget_program=budget_program.strip(),
            started_on=started_on,
            created_by=actor,
        )
        audit_record(action="task_card.create", actor=actor, target=card, data={"unit_task": task.code})
        card_refresh_completeness(card)
    return card


def _editable_card(card: TaskCard, actor) -> TaskCard:
    """Re-read the card and check that `actor` may change it (the task is active)."""
    locked = TaskCard.objects.select_related("unit_task__department").get(pk=card.pk)
    require_edit(actor, locked.unit_task)
    _require_active(locked.unit_task)
    return locked


def task_card_update(
    *, card: TaskCard, actor, summary: str, legal_basis: str, budget_program: str, started_on: date | None
) -> TaskCard:
    """Change the 표제부 (title section)."""
    with transaction.atomic():
        current = _editable_card(card, actor)
        _check_card_fields({"summary": summary, "legal_basis": legal_basis, "budget_program": budget_program})
        current.summary = summary.strip()
        current.legal_basis = legal_basis.strip()
        current.budget_program = budget_program.strip()
        current.started_on = started_on
        current.save(update_fields=[*CARD_FIELDS, "updated_at"])
        card_refresh_completeness(current)
    return current


# --- Goals and indicators (목표·성과지표) ----------------------------------------------------------


def _check_goal(*, year: int, title: str, indicator: str, target: str, result: str) -> None:
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("연도를 2000~2100 사이로 입력하세요.")
    for field, value, label, limit in (
        ("title", title, _("목표"), 200),
        ("indicator", indicator, _("성과지표"), 200),
        ("target", target, _("목표치"), 100),
    ):
        if not (value or "").strip():
            errors[field] = _("%(label)s를 입력하세요.") % {"label": label}
        elif len(value) > limit:
            errors[field] = _("%(label)s는 %(n)d자 이내로 적으세요.") % {"label": label, "n": limit}
    if len(result or "") > 100:
        errors["result"] = _("실적치는 100자 이내로 적으세요.")
    if errors:
        raise ValidationError(errors)


def task_goal_add(
    *, card: TaskCard, year: int, title: str, indicator: str, target: str, result: str = "", actor
) -> TaskGoal:
    with transaction.atomic():
        current = _editable_card(card, actor)
        _check_goal(year=year, title=title, indicator=indicator, target=target, result=result)
        order = current.goals.filter(year=year).count()
        goal = TaskGoal.objects.create(
            card=current,
            year=year,
            title=title.strip(),
            indicator=indicator.strip(),
            target=target.strip(),
            result=(result or "").strip(),
            order=order,
        )
        card_refresh_completeness(current)
    return goal


def task_goal_update(
    *, goal: TaskGoal, year: int, title: str, indicator: str, target: str, result: str = "", actor
) -> TaskGoal:
    with transaction.atomic():
        current = _editable_card(goal.card, actor)
        _check_goal(year=year, title=title, indicator=indicator, target=target, result=result)
        TaskGoal.objects.filter(pk=goal.pk).update(
            year=year, title=title.strip(), indicator=indicator.strip(), target=target.strip(), result=result.strip()
        )
        goal.refresh_from_db()
        card_refresh_completeness(current)
    return goal


def task_goal_delete(*, goal: TaskGoal, actor) -> None:
    """Goals are the card's plan for a year, not anyone's account of work: editors may remove one."""
    with transaction.atomic():
        current = _editable_card(goal.card, actor)
        TaskGoal.objects.filter(pk=goal.pk).delete()
        card_refresh_completeness(current)


# --- Entries (추진계획·실적·품질·홍보·고객) ---------------------------------------------------------------


def _check_entry(*, kind: str, title: str, body: str, entry_date, completed_on, today: date) -> None:
    errors: dict[str, str] = {}
    if kind not in CardEntryKind.values:
        errors["kind"] = _("항목 구분이 올바르지 않습니다.")
    if not (title or "").strip():
        errors["title"] = _("제목을 입력하세요.")
    elif len(title) > 200:
        errors["title"] = _("제목은 200자 이내로 적으세요.")
    if len(body or "") > 20000:
        errors["body"] = _("내용은 20,000자 이내로 적으세요.")
    is_plan = kind == CardEntryKind.PLAN
    if entry_date is None:
        errors["entry_date"] = _("완료 예정일을 입력하세요.") if is_plan else _("일자를 입력하세요.")
    elif not is_plan and entry_date > today:
        errors["entry_date"] = _("실적·관리 항목의 일자는 오늘 이후일 수 없습니다.")
    if completed_on is not None:
        if not is_plan:
            errors["completed_on"] = _("완료일은 추진계획(일정)에만 적습니다.")
        elif completed_on > today:
            errors["completed_on"] = _("완료일은 오늘 이후일 수 없습니다.")
    if errors:
        raise ValidationError(errors)


def card_entry_add(
    *,
    card: TaskCard,
    kind: str,
    title: str,
    body: str,
    entry_date: date,
    completed_on: date | None = None,
    actor,
) -> TaskCardEntry:
    """Add an entry; its first version is kept like every later one."""
    now = timezone.now()
    with transaction.atomic():
        current = _editable_card(card, actor)
        _check_entry(
            kind=kind, title=title, body=body, entry_date=entry_date, completed_on=completed_on,
            today=timezone.localdate(now),
        )  # fmt: skip
        entry = TaskCardEntry.objects.create(
            card=current,
            kind=kind,
            title=title.strip(),
            body=(body or "").strip(),
            entry_date=entry_date,
            completed_on=completed_on,
            author=actor,
            version=1,
            updated_at=now,
        )
        _append_version(entry, actor, now)
        card_refresh_completeness(current)
    return entry


def _append_version(entry: TaskCardEntry, actor, now) -> TaskCardEntryVersion:
    return TaskCardEntryVersion.objects.create(
        entry=entry,
        version=entry.version,
        title=entry.title,
        body=entry.body,
        entry_date=entry.entry_date,
        completed_on=entry.completed_on,
        edited_by=actor,
        edited_at=now,
    )


def card_entry_revise(
    *,
    entry: TaskCardEntry,
    title: str,
    body: str,
    entry_date: date,
    completed_on: date | None = None,
    expected_version: int | None = None,
    actor,
) -> TaskCardEntry:
    """Revise an entry: a new version is appended and becomes the entry's content; every older
    version stays as it was. Only the author revises a performance, quality, PR or customer
    entry; any card editor revises a milestone.

    `expected_version` is the version the editor started from: if someone revised the entry in
    between, the revision is refused instead of silently replacing theirs.
    """
    now = timezone.now()
    with transaction.atomic():
        # Lock the entry: two revisions at once must not both become version n+1.
        current = (
            TaskCardEntry.objects.select_for_update(of=("self",))
            .select_related("card__unit_task__department")
            .get(pk=entry.pk)
        )
        _authorise_revision(current, actor)
        if expected_version is not None and current.version != expected_version:
            raise ValidationError(
                _("다른 사람이 먼저 고쳤습니다(현재 %(v)d판). 최신 내용을 확인한 뒤 다시 고치세요.")
                % {"v": current.version}
            )
        _check_entry(
            kind=current.kind, title=title, body=body, entry_date=entry_date, completed_on=completed_on,
            today=timezone.localdate(now),
        )  # fmt: skip
        new = {
            "title": title.strip(),
            "body": (body or "").strip(),
            "entry_date": entry_date,
            "completed_on": completed_on,
        }
        if all(getattr(current, field) == value for field, value in new.items()):
            raise ValidationError(_("바뀐 내용이 없습니다."))
        for field, value in new.items():
            setattr(current, field, value)
        current.version += 1
        current.updated_at = now
        current.save(update_fields=[*new, "version", "updated_at"])
        _append_version(current, actor, now)
        card_refresh_completeness(current.card)
    return current


def _authorise_revision(entry: TaskCardEntry, actor) -> None:
    rights = require_edit(actor, entry.card.unit_task)
    _require_active(entry.card.unit_task)
    if not can_revise_entry(actor, entry, rights):
        raise PermissionDenied(revise_refusal(entry))


def milestone_complete(*, entry: TaskCardEntry, actor, completed_on: date | None = None) -> TaskCardEntry:
    """Mark a milestone (추진계획) met: a new version with its completion date."""
    if entry.kind != CardEntryKind.PLAN:
        raise ValidationError(_("완료 처리는 추진계획(일정)에만 할 수 있습니다."))
    completed_on = completed_on or timezone.localdate()
    with transaction.atomic():
        current = TaskCardEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if current.completed_on is not None:
            raise ValidationError(_("이미 완료한 일정입니다(%(d)s).") % {"d": _kdate(current.completed_on)})
        return card_entry_revise(
            entry=current,
            title=current.title,
            body=current.body,
            entry_date=current.entry_date,
            completed_on=completed_on,
            expected_version=current.version,
            actor=actor,
        )


# --- 관련문서 -------------------------------------------------------------------------------------


def related_document_link(
    *,
    unit_task: UnitTask,
    source: str,
    source_id,
    title: str,
    reference: str = "",
    produced_on: date,
    url: str = "",
) -> RelatedDocument:
    """File a document under a unit task so it shows among the card's 관련문서.

    Called by the producing app (e-approval on registration, memo reports, minutes, directives)
    after its own permission checks. Idempotent on (source, source_id): linking the same document
    again updates the link (title, number, task) instead of adding a second one.
    """
    if source not in RelatedDocument.Source.values:
        raise ValueError(f"unknown related-document source {source!r}")
    key = str(source_id)
    defaults = {
        "unit_task": unit_task,
        "title": title[:300],
        "reference": reference[:100],
        "produced_on": produced_on,
        "url": url[:300],
    }
    # update_or_create locks the row it finds and, if two links race to create it, retries the
    # lookup after the unique constraint refuses the second insert.
    document, _created = RelatedDocument.objects.update_or_create(source=source, source_id=key, defaults=defaults)
    return document


# --- 과제관리카드 기록물 등록 -----------------------------------------------------------------------------


def task_card_year_text(card: TaskCard, year: int) -> str:
    """A year of the card as registered: the 표제부, the year's goals and every entry dated in the
    year at its latest version (earlier versions stay in the card's history)."""
    task = card.unit_task
    lines = [
        f"[단위과제] {task.code} {task.name}",
        f"[주관부서] {task.department.name}",
        f"[담당자] {task.owner.name if task.owner else '-'} / [부담당자] {task.deputy.name if task.deputy else '-'}",
        f"[과제 개요]\n{card.summary or '-'}",
        f"[근거 법령·규정] {card.legal_basis or '-'}",
        f"[관련 세부사업] {card.budget_program or '-'}",
    ]
    goals = list(card.goals.filter(year=year).order_by("order", "id"))
    lines.append(f"[{year}년 목표·성과지표]")
    lines += [f"- {g.title} / {g.indicator} / 목표 {g.target} / 실적 {g.result or '-'}" for g in goals] or ["- 없음"]
    entries = card.entries.filter(entry_date__year=year).order_by("kind", "entry_date", "id")
    for kind, label in CardEntryKind.choices:
        rows = [e for e in entries if e.kind == kind]
        lines.append(f"[{label}]")
        lines += [
            f"- {e.entry_date:%Y. %-m. %-d.} {e.title} (v{e.version})"
            + (f" 완료 {e.completed_on:%Y. %-m. %-d.}" if e.completed_on else "")
            + (f"\n  {e.body}" if e.body else "")
            for e in rows
        ] or ["- 없음"]
    return "\n".join(lines)


def task_card_register_year(*, card: TaskCard, actor, year: int, now: datetime | None = None) -> TaskCardYear:
    """Register a finished year of the card as a record of its department, filed under its unit
    task (records follows work_produced). Those who may edit the card may; once per year, and
    only for a year that has ended."""
    now = now or timezone.now()
    if year >= timezone.localdate(now).year:
        raise ValidationError({"year": _("끝난 연도의 과제관리카드만 기록물로 등록할 수 있습니다.")})
    with transaction.atomic():
        # Lock the task: two registrations of the same year must not both pass the check below.
        task = _lock_card_task(card.unit_task)
        require_edit(actor, task)
        card = TaskCard.objects.select_related("unit_task__department", "unit_task__owner", "unit_task__deputy").get(
            pk=card.pk
        )
        if card.started_on and year < card.started_on.year:
            raise ValidationError({"year": _("과제 착수 이전 연도는 등록할 수 없습니다.")})
        if TaskCardYear.objects.filter(card=card, year=year).exists():
            raise ValidationError({"year": _("%(year)d년 과제관리카드는 이미 기록물로 등록했습니다.") % {"year": year}})
        registered = TaskCardYear.objects.create(
            card=card, year=year, body=task_card_year_text(card, year), registered_by=actor, registered_at=now
        )
        audit_record(
            action="task_card.register_year",
            actor=actor,
            target=registered,
            data={"unit_task": task.code, "year": year},
        )
        work_produced.send(sender=TaskCardYear, work=card_year_work(task, registered, actor, now), actor=actor)
    return registered
