"""The e-approval engine's rules, held in memory, for a seeded history.

Each method here is one service of approval.services (document_draft, document_submit,
document_approve …) applied to rows that are not in the database yet: it changes the documents and
steps as the service would and notes what the service would write beside them (versions, the
decision path, comments, circulations, notifications, audit entries, the registration number, the
card link, the dispatch and the PDF render). approval.demo.writer then writes it all in a few
statements. Nothing is checked here that the planner already guarantees; what the services would
refuse, the replay test refuses (tests/approval/test_demo_replay.py replays `actions` through the
services and finds the same rows).

Who may decide which step at a moment is approval.turn's one rule, asked here as the services ask
it: the institution's absences are read once (the planner has written the history's absences
first) and the heads up the absent people's department chains loaded once
(approval.turn.department_chains); each moment's `Presence` is built from them in memory and
handed to the rule's pure functions (`whose_turn`, `deciders`, `stand_in`, `standing_in_now`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from approval.lines import ApprovalLine
from approval.models import (
    GENERAL_KIND,
    OPEN_STATUSES,
    ApprovalStep,
    Attachment,
    CarbonCopy,
    Circulation,
    DelegationRule,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    Recipient,
    StepAction,
    StepKind,
    StepState,
)
from approval.notify import ARRIVED_TITLES
from approval.turn import Presence, Turn, deciders, department_chains, stand_in, standing_in_now, whose_turn
from core.sanitise import clean_body
from org.models import Absence, User
from tasks.models import UnitTask

REJECT_TO_DRAFTER = "drafter"  # the only 반려 the demo uses (approval.services.REJECT_TO_DRAFTER)


@dataclass(eq=False)
class Doc:
    """A document of the history: its row and the rows that hang off it, in creation order."""

    row: Document
    drafted_at: datetime
    line: ApprovalLine  # the draft's line, submitted as it is
    steps: list[ApprovalStep] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    carbon_copies: list[CarbonCopy] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    circulations: list[Circulation] = field(default_factory=list)

    def pending(self) -> list[ApprovalStep]:
        return [s for s in self.steps if s.state == StepState.PENDING]


@dataclass(frozen=True)
class Upload:
    """A file attached while drafting (stored on writing, as document_attach stores it)."""

    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Action:
    """One service call of the history, as tests/approval/test_demo_replay.py replays it."""

    name: str
    at: datetime
    actor: User
    doc: Doc
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """One notify() call: recipients in order (the actor and inactive people are left out on writing)."""

    recipients: tuple[User, ...]
    category: str
    title: str
    body: str
    doc: Doc
    actor: User
    at: datetime


@dataclass(frozen=True)
class Entry:
    """One audit_record() call; `redraft` names the new round for document.redraft's data."""

    action: str
    actor: User
    doc: Doc
    data: dict[str, Any]
    redraft: Doc | None = None


@dataclass(frozen=True)
class Dispatch:
    """document_dispatch() of a completing document addressed to other institutions."""

    doc: Doc
    actor: User


class History:
    def __init__(self, *, absences: list[Absence], people: dict[int, User], institution_head: User | None) -> None:
        self.people = people
        self.absences: dict[int, list[Absence]] = defaultdict(list)
        for absence in sorted(absences, key=lambda a: a.starts_at, reverse=True):  # Absence.Meta.ordering
            self.absences[absence.user_id].append(absence)
        # Only an absent approver's chain is ever walked, and nobody's department or head changes
        # while the history runs.
        self.chains = department_chains(self.absences)
        self.institution_head = institution_head
        self.docs: list[Doc] = []
        self.steps: list[ApprovalStep] = []
        self.versions: list[DocumentVersion] = []
        self.events: list[DocumentEvent] = []
        self.comments: list[DocumentComment] = []
        # A file to store, or (a redraft's copy) the attachment whose stored file it shares.
        self.uploads: list[tuple[Attachment, Upload | Attachment]] = []
        self.audit: list[Entry | Dispatch] = []
        self.notices: list[Notice] = []
        self.completed: list[tuple[Doc, User, datetime]] = []
        self.counters: dict[tuple[int, int], int] = defaultdict(int)
        self.actions: list[Action] = []

    # -- who (approval.turn) --

    def presence(self, at: datetime) -> Presence:
        """approval.turn.presence_at, from the history's absences: who is away at `at`, with whom
        as their proxy, and the heads up their chains."""
        away = {
            user_id: absence.proxy_id
            for user_id, absences in self.absences.items()
            for absence in absences
            if absence.starts_at <= at < absence.ends_at
        }
        return Presence(at=at, away=away, heads_above=self.chains)

    def turn(self, doc: Doc, actor: User, at: datetime) -> Turn:
        """approval.turn.whose_turn for `actor` on the document at `at`, as the services ask it:
        the step they decide now and whom they stand in for. A plan that asks for anything else is
        a bug: it fails here."""
        row = doc.row
        if row.status not in OPEN_STATUSES:
            raise ValueError(f"{row.title!r} is {row.status}: nobody decides it at {at}")
        # The rule tells steps apart by id (the held one among them), and planned steps have none
        # yet: it is shown copies numbered by their order in the line.
        seen = [
            ApprovalStep(pk=s.order, order=s.order, approver_id=s.approver_id, state=s.state, acted_by_id=s.acted_by_id)
            for s in doc.steps
        ]
        found = whose_turn(
            steps=seen,
            actor_id=actor.pk,
            presence=self.presence(at),
            drafter_id=row.drafter_id,
            requester_id=row.requester_id,
            held_step_id=row.held_step.order if row.status == DocumentStatus.ON_HOLD else None,
        )
        if found.step is None:
            raise ValueError(f"{actor} may not decide {row.title!r} at {at}: {found.message}")
        return replace(found, step=next(s for s in doc.steps if s.order == found.step.order))

    def stand_in(self, doc: Doc, step: ApprovalStep, at: datetime) -> User | None:
        """approval.turn.stand_in_now: who decides the pending `step` in its absent approver's
        place at `at` (대결), or None while the approver is present or nobody eligible is."""
        other = stand_in(
            step.approver_id, self.presence(at), drafter_id=doc.row.drafter_id, requester_id=doc.row.requester_id
        )
        return self.people[other.user_id] if other is not None else None

    def waiting_people(
        self, doc: Doc, at: datetime, *, arrived_now: bool = False, kind: str | None = None
    ) -> list[User]:
        """approval.notify.waiting_people (approval.turn.waiting_people): whoever may decide one of
        the pending steps at `at` — with arrived_now, of the steps that became pending then; with
        `kind`, of the steps of that kind."""
        presence, row = self.presence(at), doc.row
        ids: list[int] = []
        for step in doc.pending():
            if (arrived_now and step.activated_at != at) or (kind is not None and step.kind != kind):
                continue
            for user_id, _other in deciders(step, presence, drafter_id=row.drafter_id, requester_id=row.requester_id):
                if user_id not in ids:
                    ids.append(user_id)
        return [self.people[pk] for pk in ids]

    # -- what the services write beside the rows --

    def _event(self, doc: Doc, action: str, actor: User, at: datetime, *, step=None, on_behalf_of=None, comment=""):
        self.events.append(
            DocumentEvent(
                document=doc.row,
                step=step,
                action=action,
                actor=actor,
                on_behalf_of=on_behalf_of,
                version=doc.row.version,
                comment=comment,
                occurred_at=at,
            )
        )

    def _audit(self, action: str, actor: User, doc: Doc, **data) -> None:
        self.audit.append(Entry(action, actor, doc, {"round": doc.row.round, **data}))

    def _notify(self, doc: Doc, recipients, category: str, title: str, actor: User, at: datetime, body: str = ""):
        self.notices.append(Notice(tuple(recipients), category, title, body, doc, actor, at))

    def _notify_turn(self, doc: Doc, actor: User, at: datetime) -> None:
        """approval.notify.notify_turn: one notice per kind of step that became pending at `at`."""
        row = doc.row
        kinds = dict.fromkeys(step.kind for step in doc.pending() if step.activated_at == at)
        for kind in kinds:
            self._notify(
                doc,
                self.waiting_people(doc, at, arrived_now=True, kind=kind),
                "approval_waiting",
                ARRIVED_TITLES[kind] % {"title": row.title},
                actor,
                at,
                _("기안자 %(name)s · %(department)s") % {"name": row.drafter.name, "department": row.department.name},
            )

    def _record(self, name: str, at: datetime, actor: User, doc: Doc, **args) -> None:
        self.actions.append(Action(name, at, actor, doc, args))

    # -- the services --

    def draft(
        self,
        *,
        actor: User,
        at: datetime,
        title: str,
        body: str,
        unit_task: UnitTask,
        amount: int | None,
        importance: str,
        disclosure: str,
        disclosure_ground: str,
        recipients: list[dict],
        line: ApprovalLine,
    ) -> Doc:
        """document_draft (general kind; the disclosure is always given)."""
        row = Document(
            title=title.strip(),
            body=clean_body(body),
            kind=GENERAL_KIND,
            form_data={},
            decision_amount=amount,
            importance=importance,
            drafter=actor,
            department=actor.department,
            is_internal=not recipients,
            unit_task=unit_task,
            retention_period=unit_task.retention_period,
            disclosure=disclosure,
            disclosure_ground=disclosure_ground.replace(" ", ""),
            draft_line=line.to_json(),
        )
        doc = Doc(row, at, line)
        doc.recipients = [
            Recipient(document=row, order=index, institution_code=r["institution_code"], name=r["name"], via=r["via"])
            for index, r in enumerate(recipients, start=1)
        ]
        self.docs.append(doc)
        self._record(
            "draft",
            at,
            actor,
            doc,
            title=title,
            body=body,
            unit_task=unit_task,
            amount=amount,
            importance=importance,
            disclosure=disclosure,
            disclosure_ground=disclosure_ground,
            recipients=recipients,
            line=line,
        )
        return doc

    def attach(self, *, doc: Doc, actor: User, at: datetime, upload: Upload, checked) -> None:
        """document_attach of one file, already checked by core.uploads.check_upload."""
        attachment = Attachment(
            document=doc.row,
            order=len(doc.attachments) + 1,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        doc.attachments.append(attachment)
        self.uploads.append((attachment, upload))
        self._record("attach", at, actor, doc, upload=upload)

    def submit(self, *, doc: Doc, actor: User, at: datetime, rule: DelegationRule | None) -> None:
        """document_submit along the draft's line; `rule` is what approval_line_validate gave."""
        row, line = doc.row, doc.line
        for order, (line_step, group) in enumerate(zip(line.steps, line.groups(), strict=True), start=1):
            approver = line_step.approver
            step = ApprovalStep(
                document=row,
                order=order,
                group=group,
                kind=line_step.kind,
                approver=approver,
                approver_position=approver.position.name if approver.position_id else "",
                approver_department=approver.department.name if approver.department_id else "",
                state=StepState.PENDING if group == 1 else StepState.WAITING,
                activated_at=at if group == 1 else None,
            )
            doc.steps.append(step)
            self.steps.append(step)
        doc.carbon_copies = [CarbonCopy(document=row, user=user) for user in line.cc]
        row.status = DocumentStatus.IN_PROGRESS
        row.submitted_at = at
        row.delegation_rule = rule
        row.draft_line = line.to_json()
        self.versions.append(
            DocumentVersion(
                document=row,
                version=row.version,
                title=row.title,
                body=row.body,
                edited_by=actor,
                edited_at=at,
                note=_("상신"),
            )
        )
        self._event(doc, EventAction.SUBMIT, actor, at)
        self._audit(
            "document.submit",
            actor,
            doc,
            kind=row.kind,
            line=[[s.kind, s.approver.get_username()] for s in line.steps],
            cc=[user.get_username() for user in line.cc],
            rule=rule.pk if rule else None,
        )
        self._notify_turn(doc, actor, at)
        self._record("submit", at, actor, doc)

    def approve(self, *, doc: Doc, actor: User, at: datetime, comment: str = "") -> None:
        """document_approve: the actor's step (or the absent approver's, 대결, with their 후결 when
        the delegation table asks for it or a head up the chain stood in); the last one completes."""
        row = doc.row
        turn = self.turn(doc, actor, at)
        current, absent = turn.step, turn.absent
        current.state = StepState.DONE
        current.action = StepAction.APPROVED
        current.acted_by = actor
        current.acted_by_position = actor.position.name if actor.position_id else ""
        current.acted_at = at
        current.comment = comment.strip()
        current.proxy_for = absent
        current.post_approval_required = absent is not None and (
            turn.forces_post_approval or bool(row.delegation_rule and row.delegation_rule.post_approval_required)
        )
        is_final = current.kind == StepKind.APPROVAL
        if is_final:
            head = self.institution_head
            current.delegated = head is None or head.pk != current.approver_id  # approval.lines.is_delegated
        if row.status == DocumentStatus.ON_HOLD:
            row.status = DocumentStatus.IN_PROGRESS
            row.held_step = None
        action = {
            StepKind.REVIEW: EventAction.REVIEW,
            StepKind.CONCURRENCE: EventAction.CONCUR,
            StepKind.APPROVAL: EventAction.APPROVE,
        }[current.kind]
        self._event(doc, action, actor, at, step=current, on_behalf_of=absent, comment=comment)
        self._audit(
            "document.approve",
            actor,
            doc,
            step=current.order,
            kind=current.kind,
            proxy_for=absent.get_username() if absent else None,
            fallback=turn.forces_post_approval,
            delegated=current.delegated,
            version=row.version,
        )
        if current.post_approval_required:
            self._notify(
                doc,
                [current.proxy_for],
                "approval_post",
                _("대결된 문서의 후결이 필요합니다: %(title)s") % {"title": row.title},
                actor,
                at,
                _("%(name)s 님이 대결하였습니다.") % {"name": actor.name},
            )
        self._record("approve", at, actor, doc, comment=comment)
        if is_final:
            self._complete(doc, actor, at)
            return
        group = [s for s in doc.steps if s.group == current.group]
        if all(s.state == StepState.DONE for s in group):
            later = [s.group for s in doc.steps if s.group > current.group]
            for step in doc.steps:
                if later and step.group == min(later):
                    step.state, step.activated_at = StepState.PENDING, at
        self._notify_turn(doc, actor, at)

    def _complete(self, doc: Doc, actor: User, at: datetime) -> None:
        """_complete in approval.services, then notify_completed."""
        row = doc.row
        year = timezone.localtime(at).year
        self.counters[(row.department.pk, year)] += 1  # approval.numbering: in completion order
        serial = self.counters[(row.department.pk, year)]
        row.registration_year = year
        row.registration_serial = serial
        row.registration_number = f"{row.department.code}-{serial}"
        row.registered_department_name = row.department.name
        row.registered_at = at
        row.status = DocumentStatus.COMPLETED
        row.closed_at = at
        row.held_step = None
        self._event(doc, EventAction.COMPLETE, actor, at)
        self._audit(
            "document.complete",
            actor,
            doc,
            registration_number=row.registration_number,
            registration_year=row.registration_year,
            version=row.version,
        )
        self.completed.append((doc, actor, at))
        if not row.is_internal and doc.recipients:
            self.audit.append(Dispatch(doc, actor))
        self._notify(
            doc,
            [row.drafter, *(cc.user for cc in doc.carbon_copies)],
            "approval_completed",
            _("결재가 완료되었습니다: %(title)s") % {"title": row.title},
            actor,
            at,
            _("문서번호 %(number)s") % {"number": row.registration_display},
        )

    def _close(self, doc: Doc, status: str, at: datetime) -> None:
        for step in doc.pending():
            step.state = StepState.WAITING
        doc.row.status = status
        doc.row.held_step = None
        doc.row.closed_at = at

    def reject(self, *, doc: Doc, actor: User, at: datetime, reason: str) -> None:
        """document_reject back to the drafter (반려)."""
        row = doc.row
        turn = self.turn(doc, actor, at)
        current, absent = turn.step, turn.absent
        current.state = StepState.DONE
        current.action = StepAction.REJECTED
        current.acted_by = actor
        current.acted_by_position = actor.position.name if actor.position_id else ""
        current.acted_at = at
        current.comment = reason
        current.proxy_for = absent
        self._close(doc, DocumentStatus.REJECTED, at)
        self._event(doc, EventAction.REJECT, actor, at, step=current, on_behalf_of=absent, comment=reason)
        self._audit(
            "document.reject",
            actor,
            doc,
            step=current.order,
            to=REJECT_TO_DRAFTER,
            proxy_for=absent.get_username() if absent else None,
            reason=reason,
        )
        self._notify(
            doc,
            [row.drafter],
            "approval_returned",
            _("문서가 반려되었습니다: %(title)s") % {"title": row.title},
            actor,
            at,
            _("반려 사유: %(reason)s") % {"reason": reason},
        )
        self._record("reject", at, actor, doc, reason=reason)

    def hold(self, *, doc: Doc, actor: User, at: datetime, reason: str) -> None:
        """document_hold (보류) by whoever decides the step now."""
        row = doc.row
        turn = self.turn(doc, actor, at)
        current, absent = turn.step, turn.absent
        row.status = DocumentStatus.ON_HOLD
        row.held_step = current
        self._event(doc, EventAction.HOLD, actor, at, step=current, on_behalf_of=absent, comment=reason.strip())
        self._audit("document.hold", actor, doc, step=current.order, reason=reason.strip())
        self._notify(
            doc, [row.drafter], "approval_held", _("문서가 보류되었습니다: %(title)s") % {"title": row.title},
            actor, at, reason.strip(),
        )  # fmt: skip
        self._record("hold", at, actor, doc, reason=reason)

    def resume(self, *, doc: Doc, actor: User, at: datetime) -> None:
        """document_resume (보류 해제) by whoever decides the held step now."""
        row = doc.row
        turn = self.turn(doc, actor, at)
        current, absent = turn.step, turn.absent
        row.status = DocumentStatus.IN_PROGRESS
        row.held_step = None
        self._event(doc, EventAction.RESUME, actor, at, step=current, on_behalf_of=absent)
        self._audit("document.resume", actor, doc, step=current.order)
        self._notify(
            doc, [row.drafter], "approval_resumed", _("보류가 해제되었습니다: %(title)s") % {"title": row.title},
            actor, at,
        )  # fmt: skip
        self._record("resume", at, actor, doc)

    def withdraw(self, *, doc: Doc, actor: User, at: datetime, reason: str) -> None:
        """document_withdraw (회수) by the drafter before anyone decided."""
        row = doc.row
        waiting = self.waiting_people(doc, at)
        self._close(doc, DocumentStatus.WITHDRAWN, at)
        self._event(doc, EventAction.WITHDRAW, actor, at, comment=reason.strip())
        self._audit("document.withdraw", actor, doc, reason=reason.strip())
        self._notify(
            doc, waiting, "approval_withdrawn", _("기안자가 문서를 회수했습니다: %(title)s") % {"title": row.title},
            actor, at, reason.strip(),
        )  # fmt: skip
        self._record("withdraw", at, actor, doc, reason=reason)

    def redraft(self, *, doc: Doc, actor: User, at: datetime) -> Doc:
        """document_redraft: the next round, a draft with the old one's text, filing, recipients,
        attachments and line."""
        old = doc.row
        row = Document(
            title=old.title,
            body=old.body,
            kind=old.kind,
            form_data=old.form_data,
            decision_amount=old.decision_amount,
            importance=old.importance,
            subject_type_id=old.subject_type_id,
            subject_id=old.subject_id,
            requester_id=old.requester_id,
            drafter=actor,
            department=old.department,
            is_internal=old.is_internal,
            unit_task=old.unit_task,
            retention_period=old.retention_period,
            disclosure=old.disclosure,
            disclosure_ground=old.disclosure_ground,
            round=old.round + 1,
            redraft_of=old,
            draft_line=old.draft_line,
        )
        new = Doc(row, at, doc.line)
        self.docs.append(new)
        new.recipients = [
            Recipient(document=row, order=r.order, institution_code=r.institution_code, name=r.name, via=r.via)
            for r in doc.recipients
        ]
        for attachment in doc.attachments:
            copy = Attachment(
                document=row,
                order=attachment.order,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
                uploaded_by=attachment.uploaded_by,
            )
            new.attachments.append(copy)
            self.uploads.append((copy, attachment))
        self._event(doc, EventAction.REDRAFT, actor, at)
        self.audit.append(Entry("document.redraft", actor, doc, {"round": old.round}, redraft=new))
        self._record("redraft", at, actor, doc, new=new)
        return new

    def update_draft_body(self, *, doc: Doc, actor: User, at: datetime, body: str) -> None:
        """document_update_draft of the body alone."""
        doc.row.body = clean_body(body)
        self._record("update_draft", at, actor, doc, body=body)

    def edit(self, *, doc: Doc, actor: User, at: datetime, body: str, note: str) -> None:
        """document_edit of the body by whoever decides the step now; a new version."""
        row = doc.row
        turn = self.turn(doc, actor, at)
        current, absent = turn.step, turn.absent
        row.version += 1
        row.body = clean_body(body)
        self.versions.append(
            DocumentVersion(
                document=row,
                version=row.version,
                title=row.title,
                body=row.body,
                step=current,
                edited_by=actor,
                edited_at=at,
                note=note.strip()[:300],
            )
        )
        self._event(doc, EventAction.EDIT, actor, at, step=current, on_behalf_of=absent, comment=note.strip())
        self._audit("document.edit", actor, doc, step=current.order, version=row.version)
        self._record("edit", at, actor, doc, body=body, note=note)

    def comment(self, *, doc: Doc, actor: User, at: datetime, body: str) -> None:
        """document_comment; attached to the actor's step if they have one (theirs, or one they
        stand in for now), the first in line."""
        own = [s for s in doc.steps if actor.pk in (s.approver_id, s.acted_by_id)]
        own += standing_in_now(doc.row, actor, at, steps=doc.steps, presence=self.presence(at))
        own_step = min(own, key=lambda step: step.order, default=None)
        self.comments.append(DocumentComment(document=doc.row, step=own_step, author=actor, body=body, created_at=at))
        self._event(doc, EventAction.COMMENT, actor, at, step=own_step, comment=body)
        self._record("comment", at, actor, doc, body=body)

    def post_approve(self, *, doc: Doc, step: ApprovalStep, at: datetime) -> None:
        """document_post_approve (후결) by the approver a proxy decided for."""
        actor = step.proxy_for
        step.post_approved_at = at
        self._event(doc, EventAction.POST_APPROVE, actor, at, step=step)
        self._audit("document.post_approve", actor, doc, step=step.order, proxy=step.acted_by.get_username())
        self._record("post_approve", at, actor, doc, step=step.order)

    def circulate(self, *, doc: Doc, actor: User, at: datetime, users: list[User]) -> None:
        """document_circulate (공람) of a completed document."""
        existing = {c.user.pk for c in doc.circulations}
        created = [
            Circulation(document=doc.row, user=user, circulated_by=actor, circulated_at=at)
            for user in dict.fromkeys(users)
            if user.pk not in existing
        ]
        doc.circulations.extend(created)
        if created:
            self._event(doc, EventAction.CIRCULATE, actor, at)
            self._audit("document.circulate", actor, doc, users=[c.user.get_username() for c in created])
            self._notify(
                doc,
                [c.user for c in created],
                "circulation",
                _("공람 문서가 있습니다: %(title)s") % {"title": doc.row.title},
                actor,
                at,
                _("문서번호 %(number)s") % {"number": doc.row.registration_display},
            )
        self._record("circulate", at, actor, doc, users=users)

    def mark_read(self, *, doc: Doc, user: User, at: datetime) -> None:
        """circulation_mark_read: the first reading of a circulated or copied document."""
        for row in (*doc.circulations, *doc.carbon_copies):
            if row.user.pk == user.pk and row.read_at is None:
                row.read_at = at
        self._record("mark_read", at, user, doc)
