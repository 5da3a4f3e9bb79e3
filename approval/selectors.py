"""Reads for the e-approval boxes (결재함) and the navigation counters, the actions a person may
take on a document page, and a subject's approval as a client app shows it (`subject_approval`,
part of the public face: approval.kinds). Each box is a fixed number of queries whatever the
number of documents, with what a list row shows joined in; who may decide a step is approval.turn's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, Exists, F, FilteredRelation, Model, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from approval.models import OPEN_STATUSES, ApprovalStep, Circulation, Document, DocumentStatus, StepState
from approval.turn import deciders as turn_deciders
from approval.turn import own_step_q, presence_for, stand_in_document_ids, standing_in_now, turn_for
from org.models import User
from org.visibility import viewer_for


def _rows(queryset: QuerySet[Document]) -> QuerySet[Document]:
    return queryset.select_related("drafter", "department", "unit_task")


def documents_waiting_for(user: User, *, now: datetime | None = None) -> QuerySet[Document]:
    """결재대기함: running documents with a step this person decides now, their own or one they
    stand in for (대결, as approval.turn names the stand-in), the longest waiting first."""
    now = now or timezone.now()
    own = ApprovalStep.objects.filter(document=OuterRef("pk")).filter(own_step_q(user))
    standing_in = stand_in_document_ids(user, now)
    return _rows(
        Document.objects.filter(status__in=OPEN_STATUSES).filter(Exists(own) | Q(pk__in=standing_in))
    ).order_by("submitted_at", "pk")


def waiting_count(user: User, *, now: datetime | None = None) -> int:
    return documents_waiting_for(user, now=now).count()


def in_progress_q(user: User) -> Q:
    """결재진행함's rule: running documents this person drafted or already acted on."""
    acted = ApprovalStep.objects.filter(document=OuterRef("pk"), state=StepState.DONE, acted_by=user)
    return Q(status__in=OPEN_STATUSES) & (Q(drafter=user) | Q(Exists(acted)))


def returned_q(user: User) -> Q:
    """반려함's rule: this person's documents that came back and have not been redrafted yet."""
    return Q(drafter=user, status=DocumentStatus.REJECTED, redraft__isnull=True)


def documents_in_progress_for(user: User) -> QuerySet[Document]:
    """결재진행함: running documents this person drafted or already acted on."""
    return _rows(Document.objects.filter(in_progress_q(user))).order_by("-submitted_at", "-pk")


def documents_drafted_by(user: User, *, status: str | None = None) -> QuerySet[Document]:
    """기안함 (drafts and everything this person drafted), optionally of one status."""
    queryset = Document.objects.filter(drafter=user)
    if status:
        queryset = queryset.filter(status=status)
    return _rows(queryset).order_by("-updated_at", "-pk")


def documents_returned_to(user: User) -> QuerySet[Document]:
    """반려함: this person's documents that came back and have not been redrafted yet."""
    return _rows(Document.objects.filter(returned_q(user))).order_by("-closed_at", "-pk")


def documents_awaiting_post_approval(user: User) -> QuerySet[Document]:
    """후결 to give: documents a proxy decided for this person where the table asks for 후결."""
    pending = ApprovalStep.objects.filter(
        document=OuterRef("pk"), proxy_for=user, post_approval_required=True, post_approved_at__isnull=True
    )
    return _rows(Document.objects.filter(Exists(pending))).order_by("closed_at", "pk")


# --- the boxes' pages: one entry per box, search filters, the current approver, tab counters ------


@dataclass(frozen=True)
class BoxFilters:
    """Search on a box: words in the title, the registration number or the drafter's name; the
    drafting date (기안일: 상신 date, or the creation date of a draft) from/to; a unit task by name
    or code; a status where the box holds several."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    unit_task: str = ""
    status: str = ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def box_filter(queryset: QuerySet[Document], filters: BoxFilters) -> QuerySet[Document]:
    if filters.q:
        words = filters.q.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(registration_number__icontains=word) | Q(drafter__name__icontains=word)
            )
    if filters.date_from:
        start = _day_start(filters.date_from)
        queryset = queryset.filter(Q(submitted_at__gte=start) | Q(submitted_at__isnull=True, created_at__gte=start))
    if filters.date_to:
        end = _day_start(filters.date_to + timedelta(days=1))
        queryset = queryset.filter(Q(submitted_at__lt=end) | Q(submitted_at__isnull=True, created_at__lt=end))
    if filters.unit_task:
        term = filters.unit_task.strip()
        queryset = queryset.filter(Q(unit_task__name__icontains=term) | Q(unit_task__code__iexact=term))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def with_current_approvers(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate `current_approvers`: the names of whoever's turn it is (several for parallel
    협조), in line order, as one string; empty when the line is not running."""
    names = (
        ApprovalStep.objects.filter(document=OuterRef("pk"), state=StepState.PENDING)
        .order_by()
        .values("document")
        .annotate(names=StringAgg("approver__name", ", ", order_by="order"))
        .values("names")
    )
    return queryset.annotate(current_approvers=Subquery(names, output_field=CharField()))


def documents_completed_for(user: User) -> QuerySet[Document]:
    """완료함: completed documents this person drafted or decided (themselves or in someone's place)."""
    decided = ApprovalStep.objects.filter(document=OuterRef("pk"), acted_by=user)
    return _rows(
        Document.objects.filter(status=DocumentStatus.COMPLETED).filter(Q(drafter=user) | Exists(decided))
    ).order_by("-closed_at", "-pk")


def documents_circulated_to(user: User) -> QuerySet[Document]:
    """공람함: documents circulated to this person, unread first, then the newest circulation;
    each row carries `circulation_read_at` and `circulated_at`."""
    return (
        _rows(Document.objects.all())
        .annotate(mine=FilteredRelation("circulations", condition=Q(circulations__user=user)))
        .filter(mine__isnull=False)
        .annotate(circulation_read_at=F("mine__read_at"), circulated_at=F("mine__circulated_at"))
        .order_by(F("mine__read_at").desc(nulls_first=True), "-mine__circulated_at", "-pk")
    )


def documents_of_department(user: User, *, now: datetime | None = None) -> QuerySet[Document]:
    """부서문서함: completed documents of the person's department and, for a head, of the
    department tree they head, as far as approval.permissions lets them read them."""
    scope = viewer_for(user).department_q("department")
    return _rows(Document.objects.visible_to(user, now=now).filter(scope, status=DocumentStatus.COMPLETED)).order_by(
        "-closed_at", "-pk"
    )


_OPEN_CHOICES = tuple((status.value, status.label) for status in OPEN_STATUSES)


@dataclass(frozen=True)
class Box:
    key: str  # the URL name under approval:
    label: str | Promise  # a lazy translation
    statuses: tuple[tuple[str, str | Promise], ...] = ()  # the status filter's choices; empty: no filter


BOXES = {
    box.key: box
    for box in (
        Box("waiting", _("결재대기함"), _OPEN_CHOICES),
        Box("drafted", _("기안함"), tuple(DocumentStatus.choices)),
        Box("in_progress", _("진행함"), _OPEN_CHOICES),
        Box("completed", _("완료함")),
        Box("returned", _("반려함")),
        Box("circulation", _("공람함")),
        Box("department", _("부서문서함")),
        Box("post_approval", _("후결함")),
    )
}


def box_documents(user: User, key: str, filters: BoxFilters, *, now: datetime | None = None) -> QuerySet[Document]:
    """The rows of box `key` for `user`, filtered, with the current approvers annotated."""
    now = now or timezone.now()
    base = {
        "waiting": lambda: documents_waiting_for(user, now=now),
        "drafted": lambda: documents_drafted_by(user),
        "in_progress": lambda: documents_in_progress_for(user),
        "completed": lambda: documents_completed_for(user),
        "returned": lambda: documents_returned_to(user),
        "circulation": lambda: documents_circulated_to(user),
        "department": lambda: documents_of_department(user, now=now),
        "post_approval": lambda: documents_awaiting_post_approval(user),
    }[key]()
    if not BOXES[key].statuses:
        filters = replace(filters, status="")
    if key == "waiting":
        # A row waiting for someone this person stands in for is marked 대결 on the page.
        own = ApprovalStep.objects.filter(document=OuterRef("pk"), state=StepState.PENDING, approver=user)
        base = base.annotate(as_proxy=~Exists(own))
    # A list row never shows the body or the form's data: leave the large columns in the table.
    return with_current_approvers(box_filter(base, filters)).defer("body", "form_data", "draft_line")


def box_counts(user: User, *, now: datetime | None = None) -> dict[str, int]:
    """The tab counters: what waits for this person (결재대기, 반려 not yet redrafted, unread 공람,
    후결 to give). Four count queries whatever the number of documents."""
    now = now or timezone.now()
    return {
        "waiting": waiting_count(user, now=now),
        "returned": documents_returned_to(user).count(),
        "circulation": Circulation.objects.filter(user=user, read_at__isnull=True).count(),
        "post_approval": documents_awaiting_post_approval(user).count(),
    }


# --- what a person may do on a document now (the document page's buttons) -------------------------


@dataclass(frozen=True)
class DocumentActions:
    """The actions `available_actions` offers. They mirror the services' own checks (which stay
    the authority: a button shown on a stale page is still refused there, in Korean)."""

    step: ApprovalStep | None = None  # the pending step the person decides now (own, or 대결)
    absent: object = None  # the absent approver when deciding in their place (대결)
    decide: bool = False  # 승인/협조/검토, 반려, 본문 수정
    hold: bool = False
    resume: bool = False
    withdraw: bool = False
    redraft: bool = False
    comment: bool = False
    circulate: bool = False
    grant_read: bool = False  # 열람 권한 부여/회수
    post_approval_steps: tuple[ApprovalStep, ...] = ()

    @property
    def any(self) -> bool:
        return any(
            (
                self.decide,
                self.hold,
                self.resume,
                self.withdraw,
                self.redraft,
                self.comment,
                self.circulate,
                self.grant_read,
            )
        ) or bool(self.post_approval_steps)


def available_actions(
    user: User,
    document: Document,
    now: datetime | None = None,
    *,
    steps: list[ApprovalStep] | None = None,
    has_redraft: bool | None = None,
) -> DocumentActions:
    """The actions `user` may take on `document` at `now`. `steps` (the document's steps with
    their approvers) and `has_redraft` may be passed by a page that loaded them already."""
    now = now or timezone.now()
    if steps is None:
        steps = list(ApprovalStep.objects.filter(document=document).select_related("approver").order_by("order"))
    is_drafter = document.drafter_id == user.pk
    if document.status == DocumentStatus.DRAFT:
        return DocumentActions()  # a draft is edited in the draft editor, not acted on
    is_open = document.status in OPEN_STATUSES
    presence = presence_for(document, steps, now) if is_open else None
    turn = turn_for(document, user, now, steps=steps, presence=presence) if presence is not None else None
    deciding = turn.step if turn is not None else None
    may_decide = deciding is not None
    on_hold = document.status == DocumentStatus.ON_HOLD
    on_line = any(step.approver_id == user.pk or step.acted_by_id == user.pk for step in steps)
    standing_in = presence is not None and bool(standing_in_now(document, user, now, steps=steps, presence=presence))
    may_act = is_drafter or on_line or standing_in
    head_over = viewer_for(user).oversees(document.department)
    if has_redraft is None and is_drafter and document.status in (DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN):
        has_redraft = Document.objects.filter(redraft_of=document).exists()
    return DocumentActions(
        step=deciding,
        absent=turn.absent if turn is not None and may_decide else None,
        decide=may_decide,
        hold=may_decide and not on_hold,
        resume=may_decide and on_hold,
        withdraw=is_drafter and is_open and not any(step.state == StepState.DONE for step in steps),
        redraft=is_drafter
        and document.status in (DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN)
        and not has_redraft,
        comment=may_act and document.disposed_at is None,
        circulate=document.status == DocumentStatus.COMPLETED
        and document.disposed_at is None
        and (may_act or head_over),
        grant_read=is_drafter or head_over,
        post_approval_steps=tuple(
            step
            for step in steps
            if step.proxy_for_id == user.pk and step.post_approval_required and step.post_approved_at is None
        ),
    )


# --- a subject's approval, as a client app's page shows it (the public face: approval.kinds) ---------


@dataclass(frozen=True)
class SubjectStep:
    """One step of a subject's document, as plain values."""

    order: int
    kind: str  # StepKind value
    kind_label: str  # 검토, 협조, 결재
    approver_name: str
    approver_position: str  # as it was when the line was submitted
    approver_department: str
    state: str  # StepState value
    progress_label: str  # 검토 / 협조 / 승인 / 반려 once decided, else 결재할 차례 / 대기
    acted_by_name: str  # who decided it in the approver's place (대결), else ""
    acted_at: datetime | None
    deciders: tuple[str, ...]  # while pending: who may decide it now, a stand-in marked (대결)


@dataclass(frozen=True)
class SubjectApproval:
    """A subject's latest approval round: its document and steps, as plain values."""

    document_id: int
    url: str  # the document's page
    title: str
    status: str  # DocumentStatus value
    status_label: str
    round: int
    registration: str  # 생산등록번호 as printed, once completed
    submitted_at: datetime | None
    closed_at: datetime | None
    steps: tuple[SubjectStep, ...]

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Everyone whose decision is awaited now (several for parallel 협조)."""
        return tuple(name for step in self.steps for name in step.deciders)


def subject_approval(subject: Model, *, now: datetime | None = None) -> SubjectApproval | None:
    """The latest round of `subject`'s approval with its steps and who may decide now
    (approval.turn), or None when it was never submitted. Four queries at most; the caller has
    already decided that the user may see the subject (approval.permissions.visible_document_ids)."""
    now = now or timezone.now()
    document = (
        Document.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))
        .order_by("-round", "-pk")
        .first()
    )
    if document is None:
        return None
    steps = list(
        ApprovalStep.objects.filter(document=document).select_related("approver", "acted_by").order_by("order")
    )
    names = {step.approver_id: step.approver.name for step in steps}
    deciders: dict[int, list[tuple[int, bool]]] = {}
    if document.status in OPEN_STATUSES:
        presence = presence_for(document, steps, now)
        for step in steps:
            if step.state == StepState.PENDING:
                deciders[step.pk] = [
                    (user_id, other is not None)
                    for user_id, other in turn_deciders(
                        step, presence, drafter_id=document.drafter_id, requester_id=document.requester_id
                    )
                ]
        missing = {user_id for people in deciders.values() for user_id, _proxy in people} - set(names)
        names.update(User.objects.filter(pk__in=missing).values_list("pk", "name"))

    def label(user_id: int, proxy: bool) -> str:
        return _("%(name)s (대결)") % {"name": names[user_id]} if proxy else names[user_id]

    return SubjectApproval(
        document_id=document.pk,
        url=reverse("approval:detail", args=[document.pk]),
        title=document.title,
        status=document.status,
        status_label=document.get_status_display(),
        round=document.round,
        registration=document.registration_display,
        submitted_at=document.submitted_at,
        closed_at=document.closed_at,
        steps=tuple(
            SubjectStep(
                order=step.order,
                kind=step.kind,
                kind_label=step.get_kind_display(),
                approver_name=step.approver.name,
                approver_position=step.approver_position,
                approver_department=step.approver_department,
                state=step.state,
                progress_label=step.action_label if step.action else step.get_state_display(),
                acted_by_name=step.acted_by.name
                if step.acted_by_id != step.approver_id and step.acted_by is not None
                else "",
                acted_at=step.acted_at,
                deciders=tuple(label(user_id, proxy) for user_id, proxy in deciders.get(step.pk, ())),
            )
            for step in steps
        ),
    )


def stored_paths_in_use(paths: list[str]) -> set[str]:
    """Which of these storage paths a 붙임 or an official PDF still points at. 붙임 are stored
    under their checksum, so two documents may share one file: a 폐기 destroys only the files no
    document still shows."""
    from approval.models import Attachment, DocumentPdf

    if not paths:
        return set()
    used = set(Attachment.objects.filter(file__in=paths).values_list("file", flat=True))
    return used | set(DocumentPdf.objects.filter(file__in=paths).values_list("file", flat=True))
