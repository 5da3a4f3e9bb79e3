"""Reads for the unit-task pages: the list of unit tasks, the classification tree, the card page,
and what other areas ask of this one (tasks to file under, milestones falling due).

Each returns evaluated data, or a queryset whose evaluation is one query, in a number of queries
that does not grow with the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from org.models import User
from org.visibility import Viewer, viewer_for
from tasks.models import (
    CardEntryKind,
    ClassificationChange,
    Disclosure,
    FunctionClass,
    FunctionLevel,
    RelatedDocument,
    RetentionPeriod,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    TaskGoal,
    UnitTask,
    UnitTaskHandover,
)
from tasks.permissions.cards import (
    UnitTaskRights,
    can_revise_entry,
    participant_permissions,
    participant_task_ids,
    visible_unit_tasks_q,
    with_participation,
)
from tasks.services.cards import CompletenessItem, completeness_items

# --- The list of unit tasks ---------------------------------------------------------------------


@dataclass(frozen=True)
class UnitTaskFilters:
    q: str = ""
    department: int | None = None
    function: int | None = None  # any level: the 대기능/중기능/소기능 itself or anything under it
    retention: str = ""
    active: bool | None = True
    mine: bool = False
    card: str = ""  # "with" | "without" | ""
    below: int | None = None  # completeness below this percent (cards only)


def unit_task_list(viewer: Viewer, filters: UnitTaskFilters) -> QuerySet[UnitTask]:
    """The unit tasks whose cards this viewer may see, filtered; one query when evaluated."""
    user_id = viewer.user.pk
    tasks = UnitTask.objects.filter(visible_unit_tasks_q(viewer))
    if filters.q:
        tasks = tasks.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.department:
        tasks = tasks.filter(department_id=filters.department)
    if filters.function:
        tasks = tasks.filter(
            Q(function_id=filters.function)
            | Q(function__parent_id=filters.function)
            | Q(function__parent__parent_id=filters.function)
        )
    if filters.retention:
        tasks = tasks.filter(retention_period=filters.retention)
    if filters.active is not None:
        tasks = tasks.filter(is_active=filters.active)
    if filters.mine:
        tasks = tasks.filter(Q(owner_id=user_id) | Q(deputy_id=user_id) | Q(pk__in=participant_task_ids(user_id)))
    if filters.card == "with":
        tasks = tasks.filter(card__isnull=False)
    elif filters.card == "without":
        tasks = tasks.filter(card__isnull=True)
    if filters.below is not None:
        tasks = tasks.filter(card__completeness__lt=filters.below)
    return (
        with_participation(tasks, user_id)
        .select_related("department", "function__parent__parent", "owner", "deputy", "card")
        .order_by("department__path", "code")
    )


def unit_task_filter_choices(viewer: Viewer) -> dict:
    """Options of the list's filters: departments and functions that have visible unit tasks
    (two queries)."""
    from org.models import Department

    visible = UnitTask.objects.filter(visible_unit_tasks_q(viewer))
    departments = list(Department.objects.filter(unit_tasks__in=visible).distinct().order_by("path"))
    functions = list(FunctionClass.objects.filter(is_active=True).order_by("level", "order", "code"))
    return {"departments": departments, "functions": _functions_in_tree_order(functions)}


def _functions_in_tree_order(functions: list[FunctionClass]) -> list[FunctionClass]:
    children: dict[int | None, list[FunctionClass]] = defaultdict(list)
    for function in functions:
        children[function.parent_id].append(function)
    ordered: list[FunctionClass] = []

    def walk(parent_id: int | None) -> None:
        for function in children.get(parent_id, []):
            ordered.append(function)
            walk(function.pk)

    walk(None)
    return ordered


# --- The classification tree -----------------------------------------------------------------------


@dataclass
class TreeNode:
    function: FunctionClass
    children: list[TreeNode] = field(default_factory=list)
    unit_tasks: list[UnitTask] = field(default_factory=list)

    @property
    def unit_task_count(self) -> int:
        return len(self.unit_tasks) + sum(child.unit_task_count for child in self.children)


@dataclass(frozen=True)
class ClassificationTree:
    roots: list[TreeNode]
    visible_task_ids: frozenset[int]  # unit tasks whose card the viewer may open
    function_count: int
    unit_task_count: int


def classification_tree(viewer: Viewer, *, include_retired: bool = False, q: str = "") -> ClassificationTree:
    """The whole tree 대기능 > 중기능 > 소기능 > 단위과제 in three queries, built in Python. Codes and
    names are open to all staff; `visible_task_ids` says which cards the viewer may open.

    With `q`, only unit tasks whose name or code contains it are kept, with the nodes above them.
    """
    functions = FunctionClass.objects.order_by("level", "order", "code")
    tasks = UnitTask.objects.select_related("department").order_by("code")
    if not include_retired:
        functions = functions.filter(is_active=True)
        tasks = tasks.filter(is_active=True)
    if q:
        tasks = tasks.filter(Q(name__icontains=q) | Q(code__icontains=q))
    task_list = list(tasks)
    visible = frozenset(
        UnitTask.objects.filter(visible_unit_tasks_q(viewer), pk__in=[t.pk for t in task_list]).values_list(
            "pk", flat=True
        )
    )
    nodes = {function.pk: TreeNode(function) for function in functions}
    for task in task_list:
        node = nodes.get(task.function_id)
        if node is not None:
            node.unit_tasks.append(task)
    roots: list[TreeNode] = []
    for node in nodes.values():  # ordered by level, so a parent is placed before its children
        parent = nodes.get(node.function.parent_id) if node.function.parent_id else None
        if parent is not None:
            parent.children.append(node)
        elif node.function.level == 1:
            roots.append(node)
    if q:
        roots = _prune(roots)
    return ClassificationTree(
        roots=roots,
        visible_task_ids=visible,
        function_count=len(nodes),
        unit_task_count=sum(root.unit_task_count for root in roots),
    )


def _prune(nodes: list[TreeNode]) -> list[TreeNode]:
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.unit_tasks or node.children:
            kept.append(node)
    return kept


# --- The card page ---------------------------------------------------------------------------------------


_CHANGE_LABELS = {
    "code": _("코드"),
    "name": _("이름"),
    "level": _("단계"),
    "parent": _("상위 기능"),
    "function": _("소기능"),
    "department": _("처리과"),
    "description": _("설명"),
    "order": _("정렬 순서"),
    "retention_period": _("보존기간"),
    "retention_reason": _("보존기간 책정 사유"),
    "disclosure": _("공개구분"),
    "disclosure_ground": _("비공개 근거"),
    "is_common": _("처리과공통"),
    "is_active": _("사용"),
    "retired_on": _("폐지일"),
}


def _change_value(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("예") if value else _("아니오")) if key != "is_active" else str(_("사용") if value else _("폐지"))
    if key == "retention_period" and value in RetentionPeriod.values:
        return str(RetentionPeriod(value).label)
    if key == "disclosure" and value in Disclosure.values:
        return str(Disclosure(value).label)
    if key == "level" and value in FunctionLevel.values:
        return str(FunctionLevel(value).label)
    return str(value)


@dataclass(frozen=True)
class ChangeView:
    change: ClassificationChange
    rows: list[tuple[str, str, str]]  # (what, before, after), readable


def change_rows(change: ClassificationChange) -> list[tuple[str, str, str]]:
    """A change's before/after as readable rows; a creation lists what was set."""
    keys = list(dict.fromkeys([*change.before, *change.after]))
    if change.kind == ClassificationChange.Kind.CREATE:
        keys = [k for k in keys if k not in {"code", "is_active", "retired_on", "description"} and change.after.get(k)]
    return [
        (
            str(_CHANGE_LABELS.get(key, key)),
            _change_value(key, change.before.get(key)) if change.kind != ClassificationChange.Kind.CREATE else "",
            _change_value(key, change.after.get(key)),
        )
        for key in keys
    ]


@dataclass
class EntryView:
    entry: TaskCardEntry
    can_revise: bool
    is_overdue: bool


@dataclass
class CardPage:
    unit_task: UnitTask
    rights: UnitTaskRights
    card: TaskCard | None
    today: date
    goals: list[TaskGoal] = field(default_factory=list)
    entries: dict[str, list[EntryView]] = field(default_factory=dict)
    items: list[CompletenessItem] = field(default_factory=list)
    related_documents: list[RelatedDocument] = field(default_factory=list)
    handovers: list[UnitTaskHandover] = field(default_factory=list)
    changes: list[ChangeView] = field(default_factory=list)
    participants: list[User] = field(default_factory=list)

    @property
    def completeness(self) -> int:
        from tasks.services.cards import percent_half_up

        return percent_half_up(sum(item.met for item in self.items), len(self.items)) if self.items else 0

    @property
    def met_count(self) -> int:
        return sum(item.met for item in self.items)

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.met]

    @property
    def this_year_goals(self) -> list[TaskGoal]:
        return [goal for goal in self.goals if goal.year == self.today.year]


RELATED_DOCUMENTS_SHOWN = 50


def card_entries(card: TaskCard) -> list[TaskCardEntry]:
    """A card's entries with their authors and version counts (one query)."""
    return list(
        TaskCardEntry.objects.filter(card=card)
        .select_related("author")
        .annotate(version_count=Count("versions"))
        .order_by("entry_date", "pk")
    )


def card_page(user, unit_task: UnitTask, rights: UnitTaskRights, today: date) -> CardPage:
    """Everything the card page shows, in a fixed number of queries (about eight).

    `unit_task` comes from `access_unit_task`, with its department, function path, owner and
    deputy loaded.
    """
    card = TaskCard.objects.filter(unit_task=unit_task).first()
    page = CardPage(unit_task=unit_task, rights=rights, card=card, today=today)
    if card is not None:
        card.unit_task = unit_task
        page.goals = list(card.goals.order_by("-year", "order", "pk"))
        entries = card_entries(card)
        page.items = completeness_items(card, today, goals=page.goals, entries=entries)
        page.entries = group_entries(user, entries, rights, today, active=unit_task.is_active)
    page.related_documents = list(unit_task.related_documents.order_by("-produced_on", "-pk")[:RELATED_DOCUMENTS_SHOWN])
    page.handovers = list(
        unit_task.handovers.select_related("from_user", "to_user", "recorded_by").order_by("-handed_over_on", "-pk")
    )
    page.changes = [
        ChangeView(change, change_rows(change))
        for change in unit_task.changes.select_related("changed_by").order_by("-changed_at", "-pk")
    ]
    page.participants = unit_task_participants(unit_task)
    return page


def unit_task_participants(unit_task: UnitTask) -> list[User]:
    """The colleagues granted on this unit task (one query)."""
    return list(
        User.objects.filter(pk__in=participant_permissions().filter(object_pk=str(unit_task.pk)).values("user_id"))
        .select_related("department", "position")
        .order_by("department__path", "name")
    )


def group_entries(
    user, entries: list[TaskCardEntry], rights: UnitTaskRights, today: date, *, active: bool
) -> dict[str, list[EntryView]]:
    """Entries by kind: milestones in date order, the rest newest first. `active` is whether the
    unit task is in use (a retired task's card is read-only)."""
    grouped: dict[str, list[EntryView]] = {kind: [] for kind in CardEntryKind.values}
    for entry in entries:
        is_plan = entry.kind == CardEntryKind.PLAN
        grouped[entry.kind].append(
            EntryView(
                entry=entry,
                can_revise=active and can_revise_entry(user, entry, rights),
                is_overdue=is_plan and entry.completed_on is None and entry.entry_date < today,
            )
        )
    for kind, views in grouped.items():
        if kind != CardEntryKind.PLAN:
            views.reverse()
    return grouped


def entry_versions(entry: TaskCardEntry) -> list[TaskCardEntryVersion]:
    """Every version of one entry, newest first (one query)."""
    return list(entry.versions.select_related("edited_by").order_by("-version"))


# --- What other areas ask of this one -------------------------------------------------------------------------


def unit_tasks_for_filing(user) -> QuerySet[UnitTask]:
    """Active unit tasks this person may file a memo report, directive or meeting under: their
    department's (and, for heads, their tree's), the ones they own, deputise or participate in;
    admins any. Ordered for a `<select>` (by department, then code)."""
    viewer = viewer_for(user)
    tasks = UnitTask.objects.filter(is_active=True)
    if not viewer.is_admin:
        tasks = tasks.filter(
            viewer.department_q("department")
            | Q(owner_id=user.pk)
            | Q(deputy_id=user.pk)
            | Q(pk__in=participant_task_ids(user.pk))
        )
    return tasks.select_related("department").order_by("department__path", "code")


def milestones_due_for(user, start: date, end: date) -> list[TaskCardEntry]:
    """Open milestones (추진계획 not completed) due in [start, end] on the cards of active unit
    tasks this person owns, deputises or participates in; earliest first."""
    return list(
        TaskCardEntry.objects.filter(
            kind=CardEntryKind.PLAN,
            completed_on__isnull=True,
            entry_date__gte=start,
            entry_date__lte=end,
            card__unit_task__is_active=True,
        )
        .filter(
            Q(card__unit_task__owner_id=user.pk)
            | Q(card__unit_task__deputy_id=user.pk)
            | Q(card__unit_task_id__in=participant_task_ids(user.pk))
        )
        .select_related("card__unit_task")
        .order_by("entry_date", "pk")
    )


def cards_for_refresh() -> QuerySet[TaskCard]:
    """Every card with what its completeness needs, for the nightly refresh (chunked prefetch)."""
    return TaskCard.objects.select_related("unit_task").prefetch_related("goals", "entries").order_by("pk")
