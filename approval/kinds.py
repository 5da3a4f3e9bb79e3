"""The approval engine's API for other apps: approval kinds (결재 양식) and submitting a subject.

An app that needs a decision (leave, overtime, a trip, an expenditure, a payroll run, a record
disposal) never writes approval rows itself and is never imported by this app. It registers a
kind once, from its AppConfig.ready()::

    from approval.kinds import register_kind

    register_kind(
        "leave",
        label="휴가 신청",
        subject_model="attendance.LeaveRequest",
        form=LeaveApprovalForm,                 # the fields the drafter sees (optional)
        default_line=leave_line,                # (drafter, amount, importance) -> ApprovalLine (optional)
        on_approved=leave_approved,             # (document, subject) -> None
        on_rejected=leave_rejected,
        on_withdrawn=leave_withdrawn,
    )

and submits a subject with one call::

    from approval.kinds import approval_submit_subject

    document = approval_submit_subject(
        kind="leave", subject=leave_request, actor=request.user,
        title="연가 신청(3. 5.~3. 6.)", body="<p>…</p>", unit_task=unit_task,
    )

Who may take the final decision comes from the institution's delegation table
(`DelegationRule` rows for the kind, edited by its admins); without a `default_line` the line is
suggested from the drafter's department chain up to that position (approval.lines).

The callbacks run inside the transaction of the final decision, after the document's own rows
are written: `on_approved` when the last step approves (the document is registered by then and
carries its number), `on_rejected` when it is returned to the drafter, `on_withdrawn` when the
drafter withdraws it. If a callback raises, the decision is rolled back with it: the approver
sees the error and the document stays where it was. Callbacks must not send mail or enqueue jobs
directly; use `transaction.on_commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.models import GENERAL_KIND, Document, Importance

if TYPE_CHECKING:
    from approval.lines import ApprovalLine

Callback = Callable[[Document, Any], None]


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

    def model(self):
        return apps.get_model(self.subject_model) if self.subject_model else None


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


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((kind.name, kind.label) for kind in _REGISTRY.values()), key=lambda item: item[1])


def register_builtin_kinds() -> None:
    """The general draft (일반 기안) every institution has; no subject, no callbacks."""
    register_kind(GENERAL_KIND, label=str(gettext_lazy("일반 기안")))


def subject_of(document: Document):
    """The subject a document decides about, locked for the deciding transaction (None for a
    document without one)."""
    if document.subject_type_id is None:
        return None
    model = ContentType.objects.get_for_id(document.subject_type_id).model_class()
    return model._default_manager.select_for_update().get(pk=document.subject_id)


def run_callback(document: Document, event: str) -> None:
    """Run the kind's callback for `event` (approved / rejected / withdrawn) in the caller's
    transaction. Documents of a kind no longer registered have no callbacks to run."""
    kind = _REGISTRY.get(document.kind)
    callback = getattr(kind, f"on_{event}", None) if kind else None
    if callback is not None:
        callback(document, subject_of(document))


def approval_submit_subject(
    *,
    kind: str,
    subject,
    actor,
    title: str,
    body: str,
    unit_task,
    line: ApprovalLine | None = None,
    decision_amount: int | None = None,
    importance: str | None = None,
    form_data: dict | None = None,
    retention_period: str | None = None,
    disclosure: str | None = None,
    disclosure_ground: str = "",
    is_internal: bool = True,
    recipients: list[dict] | None = None,
    now=None,
) -> Document:
    """Draft and submit (상신) a document deciding about `subject`, in one transaction.

    The line is `line` if given, else the kind's `default_line`, else the suggestion from the
    drafter's department chain and the delegation table; it is validated either way. Raises
    ValidationError (Korean) when the filing data or the line is not acceptable, or when the
    subject already has a running document.
    """
    from approval.lines import approval_line_suggest
    from approval.services import document_draft, document_submit

    approval_kind = get_kind(kind)
    model = approval_kind.model()
    if model is None or not isinstance(subject, model):
        raise ImproperlyConfigured(
            f"approval kind {kind!r} decides about {approval_kind.subject_model}, not {subject!r}"
        )
    importance = importance or approval_kind.default_importance
    with transaction.atomic():
        document = document_draft(
            actor=actor,
            title=title,
            body=body,
            unit_task=unit_task,
            kind=kind,
            subject=subject,
            decision_amount=decision_amount,
            importance=importance,
            form_data=form_data,
            retention_period=retention_period,
            disclosure=disclosure,
            disclosure_ground=disclosure_ground,
            is_internal=is_internal,
            recipients=recipients,
        )
        if line is None:
            if approval_kind.default_line is not None:
                line = approval_kind.default_line(actor, decision_amount, importance)
            else:
                line = approval_line_suggest(actor, kind, amount=decision_amount, importance=importance)
        return document_submit(document=document, actor=actor, line=line, now=now)
