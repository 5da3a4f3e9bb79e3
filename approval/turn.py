"""Whose turn it is (결재 차례): the one rule that says who may decide a pending step now.

`whose_turn` is a pure function (no database): given a document's steps, the actor, who is away
at that moment (org `Absence` rows in force: the absent person and their designated proxy), the
heads up each approver's department chain, and the document's drafter and the subject's
requester, it returns the step the actor may decide now and whom they stand in for, or the
Korean reason they may not. Everything that asks "may this person decide, and which step?" goes
through it: the deciding services (approval.services.deciding), the document page's buttons
(`approval.selectors.available_actions`), `approval.permissions.may_act`, the 결재대기함 and the
visibility of a document to a stand-in, and the 결재 요청 notices (approval.notify).

The rule (issue 9 item 1: nobody approves their own document, not even through 대결):

- A pending step's approver decides it, absent or not.
- While the approver is absent, their designated proxy decides it for them (대결) — unless that
  proxy is the document's drafter or the subject's requester. Then the stand-in is the next head
  up the absent approver's department chain (the head of their own department when that is not
  the approver, then the head of the parent department, then its parent …) who is active,
  present (not absent themselves) and neither the drafter nor the requester. That head decides
  it as 대결, and the absent approver's 후결 is then always required, whatever the delegation
  table says (`Turn.forces_post_approval`).
- The drafter and the requester never decide a step of that document: not as approver (the line
  refuses them: approval.lines.approval_line_validate), not as proxy, not as the fallback head.
  When nobody eligible is present, the step waits for the approver's return.
- Someone who holds their own step and stands in for another in the same parallel group decides
  their own first; otherwise the first step in line order.
- A held document (보류) moves on only through whoever may decide the held step.

`presence_at` loads the facts for one moment (one query, two more only when a designated proxy
may not decide and the chain has to be walked); `turn_for` is the usual entry point for one
document, `waiting_people` and `stand_in_now` name who decides a step. `stand_in_document_ids`
and `own_step_q` give the same rule's answer for lists (the query narrows, `stand_in` decides).
Code that plans history in memory (approval.demo.history) loads the chains once
(`department_chains`), builds each moment's `Presence` from its own absences and asks the pure
functions, so it follows this rule without a query per action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _

from approval.models import ApprovalStep, Document, DocumentStatus, StepState
from org.models import Absence, Department, EmploymentStatus, User

# Why the actor may not decide (Korean, shown as they are).
SELF_DECISION = "self"
STALE = "stale"
DECIDED = "decided"
NOT_YOUR_TURN = "not_your_turn"
HELD = "held"


def reason_message(code: str) -> str:
    return {
        SELF_DECISION: _("본인이 기안하거나 신청한 문서는 결재할 수 없습니다(대결 포함)."),
        STALE: _("문서의 결재 상태가 바뀌었습니다. 새로 고친 뒤 다시 처리하세요."),
        DECIDED: _("이미 처리한 문서입니다."),
        NOT_YOUR_TURN: _("지금은 결재할 차례가 아닙니다."),
        HELD: _("보류 중인 문서입니다. 보류한 결재자만 처리할 수 있습니다."),
    }[code]


@dataclass(frozen=True)
class Head:
    """A department head up an approver's chain, with whether they may decide at all."""

    user_id: int
    active: bool  # an active account of someone employed (재직)


@dataclass(frozen=True)
class Presence:
    """Who is away at one moment, and the heads above the approvers whose stand-in is in doubt."""

    at: datetime
    away: Mapping[int, int] = field(default_factory=dict)  # absent person's id -> designated proxy's id
    heads_above: Mapping[int, tuple[Head, ...]] = field(default_factory=dict)  # approver id -> chain, nearest first


@dataclass(frozen=True)
class StandIn:
    """Who decides in an absent approver's place (대결)."""

    user_id: int
    fallback: bool = False  # a head up the chain, because the designated proxy may not decide


@dataclass(frozen=True)
class Turn:
    """The step the actor may decide now (None with a `reason` when they may not), and whether
    they decide it in its absent approver's place."""

    step: ApprovalStep | None = None
    stand_in: StandIn | None = None
    reason: str = ""

    @property
    def absent(self) -> User | None:
        """The absent approver the actor stands in for (대결), or None for their own step."""
        return self.step.approver if self.step is not None and self.stand_in is not None else None

    @property
    def forces_post_approval(self) -> bool:
        """The fallback head's 대결 always needs the absent approver's 후결."""
        return self.stand_in is not None and self.stand_in.fallback

    @property
    def message(self) -> str:
        return reason_message(self.reason) if self.reason else ""


def _barred(drafter_id: int | None, requester_id: int | None) -> frozenset[int]:
    return frozenset(pk for pk in (drafter_id, requester_id) if pk is not None)


def stand_in(
    approver_id: int, presence: Presence, *, drafter_id: int | None, requester_id: int | None = None
) -> StandIn | None:
    """Who decides in place of `approver_id` now: None while they are present, or when nobody
    eligible is (the step then waits for them). Pure."""
    proxy_id = presence.away.get(approver_id)
    if proxy_id is None:
        return None
    barred = _barred(drafter_id, requester_id)
    if proxy_id not in barred:
        return StandIn(proxy_id)
    for head in presence.heads_above.get(approver_id, ()):
        if (
            head.active
            and head.user_id != approver_id
            and head.user_id not in barred
            and head.user_id not in presence.away
        ):
            return StandIn(head.user_id, fallback=True)
    return None


def deciders(
    step: ApprovalStep, presence: Presence, *, drafter_id: int | None, requester_id: int | None = None
) -> list[tuple[int, StandIn | None]]:
    """Everyone who may decide a pending `step` now: its approver, and while they are away their
    stand-in. Pure."""
    barred = _barred(drafter_id, requester_id)
    people: list[tuple[int, StandIn | None]] = []
    if step.approver_id not in barred:
        people.append((step.approver_id, None))
    other = stand_in(step.approver_id, presence, drafter_id=drafter_id, requester_id=requester_id)
    if other is not None:
        people.append((other.user_id, other))
    return people


def whose_turn(
    *,
    steps: Sequence[ApprovalStep],
    actor_id: int,
    presence: Presence,
    drafter_id: int,
    requester_id: int | None = None,
    held_step_id: int | None = None,
    shown_step_id: int | None = None,
) -> Turn:
    """The step `actor_id` may decide now among the document's `steps` (all of them: the done
    ones tell "already decided" from "not your turn"), and whom they stand in for. Pure.

    `held_step_id` is the held step of a document on hold (보류), else None; `shown_step_id` the
    step a page showed the actor: if it is no longer theirs to decide, the answer is "changed"
    rather than another step."""
    candidates: list[tuple[ApprovalStep, StandIn | None]] = []
    for step in steps:
        if step.state != StepState.PENDING:
            continue
        if actor_id in (step.approver_id, presence.away.get(step.approver_id)) and actor_id in _barred(
            drafter_id, requester_id
        ):
            # The drafter (or requester) named on the line or as the absent approver's proxy.
            return Turn(reason=SELF_DECISION)
        for user_id, other in deciders(step, presence, drafter_id=drafter_id, requester_id=requester_id):
            if user_id == actor_id:
                candidates.append((step, other))
    if shown_step_id is not None:
        candidates = [pair for pair in candidates if pair[0].pk == shown_step_id]
        if not candidates:
            return Turn(reason=STALE)
    if not candidates:
        # Decided already: by the actor, or by the approver or proxy the actor raced with.
        decided = any(
            step.state == StepState.DONE
            and actor_id in (step.approver_id, step.acted_by_id, presence.away.get(step.approver_id))
            for step in steps
        )
        return Turn(reason=DECIDED if decided else NOT_YOUR_TURN)
    step, other = min(candidates, key=lambda pair: (pair[1] is not None, pair[0].order))
    if held_step_id is not None and held_step_id != step.pk:
        return Turn(reason=HELD)
    return Turn(step=step, stand_in=other)


# --- loading the facts ------------------------------------------------------------------------------


def department_chains(user_ids: Iterable[int]) -> dict[int, tuple[Head, ...]]:
    """The heads up each user's department chain, nearest first: `Presence.heads_above` for
    these users (two queries, none for no users). A caller that holds who is away in memory,
    e.g. a demo seeder planning months of history, loads the chains once with this and builds
    each moment's Presence itself."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    departments = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "department__path"))
    rows = {
        pk: Head(head_id, bool(is_active) and status == EmploymentStatus.ACTIVE)
        for pk, head_id, is_active, status in Department.objects.filter(is_active=True, head__isnull=False).values_list(
            "pk", "head_id", "head__is_active", "head__employment_status"
        )
    }
    chains: dict[int, tuple[Head, ...]] = {}
    for user_id, path in departments.items():
        pks = [int(part) for part in (path or "").split(".") if part]
        chains[user_id] = tuple(rows[pk] for pk in reversed(pks) if pk in rows)
    return chains


def presence_at(at: datetime, documents: Iterable[tuple[Sequence[ApprovalStep], int, int | None]] = ()) -> Presence:
    """Who is away at `at` (every absence in force: one query), and, for the pending steps of
    `documents` ((steps, drafter id, requester id) each) whose designated proxy may not decide,
    the heads up their approvers' chains (two more queries, only then)."""
    away = dict(Absence.objects.filter(starts_at__lte=at, ends_at__gt=at).values_list("user_id", "proxy_id"))
    in_doubt: set[int] = set()
    for steps, drafter_id, requester_id in documents:
        barred = _barred(drafter_id, requester_id)
        in_doubt.update(
            step.approver_id
            for step in steps
            if step.state == StepState.PENDING and away.get(step.approver_id) in barred
        )
    return Presence(at=at, away=away, heads_above=department_chains(in_doubt))


def _held_step_id(document: Document) -> int | None:
    return document.held_step_id if document.status == DocumentStatus.ON_HOLD else None


def presence_for(document: Document, steps: Sequence[ApprovalStep], at: datetime) -> Presence:
    return presence_at(at, [(steps, document.drafter_id, document.requester_id)])


def turn_for(
    document: Document,
    actor,
    at: datetime,
    *,
    steps: Sequence[ApprovalStep] | None = None,
    presence: Presence | None = None,
    shown_step_id: int | None = None,
) -> Turn:
    """`whose_turn` for one document at `at`, loading what it needs (`steps` with their approvers,
    and the `presence` at `at`, may be passed by a caller that has them)."""
    if steps is None:
        steps = list(ApprovalStep.objects.filter(document=document).select_related("approver").order_by("order"))
    presence = presence or presence_for(document, steps, at)
    return whose_turn(
        steps=steps,
        actor_id=actor.pk,
        presence=presence,
        drafter_id=document.drafter_id,
        requester_id=document.requester_id,
        held_step_id=_held_step_id(document),
        shown_step_id=shown_step_id,
    )


def standing_in_now(
    document: Document, user, at: datetime, *, steps: Sequence[ApprovalStep], presence: Presence | None = None
) -> list[ApprovalStep]:
    """The pending steps of `document` that `user` decides now in their absent approver's place."""
    presence = presence or presence_for(document, steps, at)
    found = []
    for step in steps:
        if step.state != StepState.PENDING:
            continue
        other = stand_in(step.approver_id, presence, drafter_id=document.drafter_id, requester_id=document.requester_id)
        if other is not None and other.user_id == user.pk:
            found.append(step)
    return found


def stand_in_now(document: Document, step: ApprovalStep, at: datetime) -> User | None:
    """The person the rule names to decide the pending `step` in its absent approver's place at
    `at` (대결), or None while the approver is present or nobody eligible is. For code that acts
    for people, e.g. a demo seeder replaying history: `stand_in_now(...) or step.approver`."""
    other = stand_in(
        step.approver_id,
        presence_for(document, [step], at),
        drafter_id=document.drafter_id,
        requester_id=document.requester_id,
    )
    return User.objects.get(pk=other.user_id) if other is not None else None


def waiting_people(document: Document, at: datetime, steps: Sequence[ApprovalStep]) -> list[User]:
    """Whoever may decide one of the pending `steps` at `at`: the approvers and the stand-ins the
    rule names (the people a 결재 요청 notice goes to)."""
    presence = presence_for(document, steps, at)
    ids: list[int] = []
    for step in steps:
        if step.state != StepState.PENDING:
            continue
        for user_id, _other in deciders(
            step, presence, drafter_id=document.drafter_id, requester_id=document.requester_id
        ):
            if user_id not in ids:
                ids.append(user_id)
    people = User.objects.in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]


# --- the same rule for lists (결재대기함, visibility) ----------------------------------------------------


def own_step_q(user) -> Q:
    """On ApprovalStep: the pending steps that are `user`'s own to decide (they are the approver and
    not an interested party of the document)."""
    return Q(state=StepState.PENDING, approver=user) & ~Q(document__drafter=user) & ~Q(document__requester=user)


def stand_in_document_ids(user, at: datetime) -> list[int]:
    """Ids of the documents with a pending step `user` decides at `at` in an absent approver's
    place. The query only narrows the candidates (steps of approvers away now whose proxy is
    `user`, or in a department tree `user` heads); `stand_in` decides. One query, and up to three
    more when there are candidates."""
    absent_now = Absence.objects.filter(starts_at__lte=at, ends_at__gt=at)
    # The departments `user` heads at or above the approver's (their path is a prefix of its path).
    headed_above = Department.objects.filter(
        StartsWith(OuterRef("approver__department__path"), F("path")), head=user, is_active=True
    )
    reach = Q(approver_id__in=absent_now.filter(proxy=user).values("user_id")) | Q(
        Exists(headed_above), approver_id__in=absent_now.values("user_id")
    )
    candidates = list(
        ApprovalStep.objects.filter(state=StepState.PENDING)
        .filter(reach)
        .values_list("pk", "document_id", "approver_id", "document__drafter_id", "document__requester_id")
    )
    if not candidates:
        return []
    steps = [
        (
            ApprovalStep(pk=pk, document_id=document_id, approver_id=approver_id, state=StepState.PENDING),
            drafter,
            requester,
        )
        for pk, document_id, approver_id, drafter, requester in candidates
    ]
    presence = presence_at(at, [([step], drafter, requester) for step, drafter, requester in steps])
    found = set()
    for step, drafter, requester in steps:
        other = stand_in(step.approver_id, presence, drafter_id=drafter, requester_id=requester)
        if other is not None and other.user_id == user.pk:
            found.add(step.document_id)
    return sorted(found)
