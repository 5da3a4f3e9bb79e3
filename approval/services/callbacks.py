"""Running a kind's callback (approval.kinds) inside the deciding transaction."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType

from approval.kinds import Decision, registered_kind
from approval.models import Document


def subject_of(document: Document):
    """The subject a document decides about, locked for the deciding transaction (None for a
    document without one)."""
    if document.subject_type_id is None:
        return None
    model = ContentType.objects.get_for_id(document.subject_type_id).model_class()
    return model._default_manager.select_for_update().get(pk=document.subject_id)


def run_callback(document: Document, event: str, *, actor, at: datetime, reason: str = "") -> None:
    """Run the kind's callback for `event` (approved / rejected / withdrawn) in the caller's
    transaction. Documents of a kind no longer registered have no callbacks to run."""
    kind = registered_kind(document.kind)
    callback = getattr(kind, f"on_{event}", None) if kind else None
    if callback is None:
        return
    callback(
        Decision(
            event=event,
            subject=subject_of(document),
            actor=actor,
            at=at,
            document_id=document.pk,
            round=document.round,
            registration=document.registration_display,
            reason=reason,
        )
    )
