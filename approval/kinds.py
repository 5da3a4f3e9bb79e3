"""The approval engine's public face for other apps: the manual of how an app gets decisions.

An app that needs a decision (leave, overtime, a trip, an expenditure, a payroll run, a record
disposal) never writes approval rows, never reads them (no `ApprovalStep`, no `Document` query)
and is never imported by the engine. It uses only the names listed in `PUBLIC_FACE` at the end
of this module; a test per client app scans its imports against that list (budget's:
tests/budget/test_engine_face.py). This module itself is a pure registry: it imports no service.

1. Register a kind once, from the app's AppConfig.ready()::

    from approval.kinds import register_kind

    register_kind(
        "attendance.leave",
        label="휴가 신청",
        subject_model="attendance.LeaveRequest",
        requester=lambda leave: leave.applicant,  # who the subject is for (default: the drafter)
        form=LeaveApprovalForm,                   # the fields the drafter sees (optional)
        default_line=leave_line,                  # (drafter, amount, importance) -> ApprovalLine (optional)
        on_approved=leave_approved,               # (decision: Decision) -> None
        on_rejected=leave_rejected,
        on_withdrawn=leave_withdrawn,
    )

2. Submit a subject (상신) with one call, and the next round of a returned or withdrawn one
   (재기안) with another; both run in the caller's transaction::

    from approval.services import approval_resubmit_subject, approval_submit_subject

    document_id = approval_submit_subject(
        kind="attendance.leave", subject=leave, actor=request.user,
        title="연가 신청(3. 5.~3. 6.)", body="<p>…</p>", unit_task=unit_task,
    ).pk
    approval_resubmit_subject(subject=leave, actor=request.user, title=…, body=…, unit_task=…)

   The line is chosen in one place for both: the `line` passed (an `approval.lines.ApprovalLine`
   of `LineStep(kind=StepKind.REVIEW | CONCURRENCE | APPROVAL, approver=user)`), else the kind's
   `default_line`, else the suggestion from the drafter's department chain up to whom the
   institution's delegation table (위임전결, `DelegationRule` rows for the kind, kept by its
   admins) lets decide the amount. It is validated against that table either way; refusals are
   Korean ValidationErrors keyed by field ("line", "unit_task", "title" …). Keep the returned
   document's pk on your subject (a ForeignKey to "approval.Document", e.g. `document`): it is the
   current round.

3. Show it: `approval.selectors.subject_approval(subject)` gives the latest round's document
   (title, status, round, registration number, its page's URL), its steps in line order and who
   may decide now (approval.turn's rule: the approver, or their stand-in while they are absent),
   as plain values (`SubjectApproval`, `SubjectStep`).

4. Hide it exactly as the document is hidden: filter your subjects with
   `document_id__in=approval.permissions.visible_document_ids(user)`. A subject's page, list and
   export then show it to exactly those who may open its document (비공개 unit tasks and
   documents included); the rest get 404 and never see it listed.

5. React to the decision. The callbacks run inside the transaction of the deciding action, after
   the document's own rows are written, with the subject locked; each receives one `Decision`:
   `on_approved` when the last step approves (the document is registered: `decision.registration`
   is the printed number, e.g. "총무팀-12"), `on_rejected` when it is returned to the drafter,
   `on_withdrawn` when the drafter withdraws it (`decision.reason` carries the reason). If a
   callback raises, the decision is rolled back with it: the approver sees the error and the
   document stays where it was. Callbacks must not send mail or enqueue jobs directly; use
   `transaction.on_commit`. Only the subject's current round should move it: compare
   `decision.document_id` with the document you kept.

Nobody decides their own request: the drafter and the `requester` of a subject are refused on its
line, and never decide a step of it as proxy (대결) either (approval.turn has the whole rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.models import GENERAL_KIND, Importance

if TYPE_CHECKING:
    from approval.lines import ApprovalLine


@dataclass(frozen=True)
class Decision:
    """What a kind's callback is told of the decision it follows."""

    event: str  # "approved", "rejected" or "withdrawn"
    subject: Any  # the subject, locked for the deciding transaction
    # Who decided: the final approver (or their stand-in), the approver who returned it, or the
    # drafter who withdrew it.
    actor: Any
    at: datetime
    document_id: int
    round: int  # 기안 차수: 1, then 2 … for each resubmission
    registration: str = ""  # the 생산등록번호 as printed (총무팀-12), once approved
    reason: str = ""  # 반려 or 회수 사유


Callback = Callable[[Decision], None]


@dataclass(frozen=True)
class ApprovalKind:
    name: str
    label: str
    subject_model: str | None = None
    form: type | None = None
    default_line: Callable[..., ApprovalLine] | None = None
    on_approved: Callback | None = None
    on_rejected: Callback | None = None
    on_withdrawn: Callback | None = None
    default_importance: str = Importance.NORMAL
    requester: Callable[[Any], Any] | None = None

    def model(self) -> type[Model] | None:
        return apps.get_model(self.subject_model) if self.subject_model else None

    def requester_of(self, subject: Any) -> Any:
        """Who `subject` is for when the kind says so (None: the drafter)."""
        return self.requester(subject) if self.requester is not None and subject is not None else None


_REGISTRY: dict[str, ApprovalKind] = {}


def register_kind(
    name: str,
    *,
    label: str,
    subject_model: str | None = None,
    form: type | None = None,
    default_line: Callable[..., ApprovalLine] | None = None,
    on_approved: Callback | None = None,
    on_rejected: Callback | None = None,
    on_withdrawn: Callback | None = None,
    default_importance: str = Importance.NORMAL,
    requester: Callable[[Any], Any] | None = None,
) -> ApprovalKind:
    """Register an approval kind. Registering the same definition twice is harmless (an app's
    ready() may run again); a different definition under a taken name is a configuration error."""
    kind = ApprovalKind(
        name=name,
        label=label,
        subject_model=subject_model,
        form=form,
        default_line=default_line,
        on_approved=on_approved,
        on_rejected=on_rejected,
        on_withdrawn=on_withdrawn,
        default_importance=default_importance,
        requester=requester,
    )
    existing = _REGISTRY.get(name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"approval kind {name!r} is already registered differently")
    if len(name) > 50 or not name.replace("_", "").replace(".", "").isalnum():
        raise ImproperlyConfigured(f"approval kind name {name!r} must be up to 50 letters, digits, '_' or '.'")
    _REGISTRY[name] = kind
    return kind


def get_kind(name: str) -> ApprovalKind:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValidationError({"kind": _("등록되지 않은 문서 종류입니다: %(kind)s") % {"kind": name}}) from None


def registered_kind(name: str) -> ApprovalKind | None:
    """The kind registered under `name`, or None (documents of a kind no longer registered)."""
    return _REGISTRY.get(name)


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((kind.name, kind.label) for kind in _REGISTRY.values()), key=lambda item: item[1])


def register_builtin_kinds() -> None:
    """The general draft (일반 기안) every institution has; no subject, no callbacks."""
    register_kind(GENERAL_KIND, label=str(gettext_lazy("일반 기안")))


# Everything a client app may import from the approval engine, by module. Nothing else: the rest
# is the engine's inside and changes without notice.
PUBLIC_FACE: dict[str, frozenset[str]] = {
    "approval.kinds": frozenset({"register_kind", "ApprovalKind", "Decision", "get_kind", "kind_choices"}),
    # document_dispose: a records 폐기 destroys the original's content and keeps its 등록정보.
    "approval.services": frozenset({"approval_submit_subject", "approval_resubmit_subject", "document_dispose"}),
    # stored_paths_in_use: which stored files a document still points at (never destroy those).
    "approval.selectors": frozenset({"subject_approval", "SubjectApproval", "SubjectStep", "stored_paths_in_use"}),
    "approval.permissions": frozenset({"visible_document_ids"}),
    "approval.lines": frozenset({"ApprovalLine", "LineStep"}),
    "approval.models": frozenset({"StepKind", "Importance"}),
    # Sent inside the completing transaction with the completed document (records registers it).
    "approval.signals": frozenset({"document_completed"}),
    # Words in the documents a person may open (records' 통합검색).
    "approval.search": frozenset({"documents_matching"}),
}
