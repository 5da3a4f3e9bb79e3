"""Sharing a document beyond its line: 공람 (circulating a completed document, each reading
recorded) and 열람 권한 (letting a named colleague read one document, a django-guardian object
permission)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from approval import notify as notices
from approval.models import CarbonCopy, Circulation, Document, DocumentStatus, EventAction
from approval.permissions import READER_CODENAME, may_act, read_grants
from approval.services.common import audit_document, lock_document, moment, record_event
from org.models import EmploymentStatus, User
from org.visibility import viewer_for


def document_circulate(*, document: Document, actor: User, users: list[User], now=None) -> list[Circulation]:
    """공람: circulate a completed document to named colleagues; each reading is recorded
    (circulation_mark_read). The drafter, anyone on the line and the heads over the handling
    department may circulate."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        if document.status != DocumentStatus.COMPLETED:
            raise ValidationError(_("결재가 끝난 문서만 공람할 수 있습니다."))
        if document.disposed_at is not None:
            raise ValidationError(_("기록물 폐기 절차에 따라 폐기된 문서는 공람할 수 없습니다."))
        if not (may_act(actor, document, now=at) or viewer_for(actor).oversees(document.department)):
            raise PermissionDenied(_("기안자, 결재선에 있는 사람, 처리과의 부서장만 공람을 지정할 수 있습니다."))
        inactive = [u.name for u in users if not u.is_active or u.employment_status != EmploymentStatus.ACTIVE]
        if inactive:
            raise ValidationError(
                {"users": _("재직 중이 아닌 직원에게는 공람할 수 없습니다: %(names)s") % {"names": ", ".join(inactive)}}
            )
        existing = set(Circulation.objects.filter(document=document).values_list("user_id", flat=True))
        created = Circulation.objects.bulk_create(
            Circulation(document=document, user=user, circulated_by=actor, circulated_at=at)
            for user in dict.fromkeys(users)
            if user.pk not in existing
        )
        if created:
            record_event(document, EventAction.CIRCULATE, actor, at)
            audit_document("document.circulate", actor, document, users=[c.user.get_username() for c in created])
            notices.notify_circulated(document, actor, [c.user for c in created], at)
    return created


def circulation_mark_read(*, document: Document, user: User, now=None) -> bool:
    """Record that `user` read a document circulated or copied to them (the first reading only).
    Returns whether a reading was recorded now. A compare-and-set: two tabs record one reading."""
    at = moment(now)
    circulated = Circulation.objects.filter(document=document, user=user, read_at__isnull=True).update(read_at=at)
    copied = CarbonCopy.objects.filter(document=document, user=user, read_at__isnull=True).update(read_at=at)
    return bool(circulated or copied)


# --- 열람 권한 부여 (letting a named colleague read one document) -----------------------------------


def _require_granter(document: Document, actor: User) -> None:
    if document.status == DocumentStatus.DRAFT:
        raise ValidationError(_("작성 중인 문서는 열람 권한을 줄 수 없습니다."))
    if not (document.drafter_id == actor.pk or viewer_for(actor).oversees(document.department)):
        raise PermissionDenied(_("기안자와 처리과의 부서장만 열람 권한을 주거나 거둘 수 있습니다."))


def document_grant_read(*, document: Document, actor: User, user: User) -> None:
    """Let `user` read this document although they are not party to it (a colleague who takes the
    matter over, an auditor of another unit …): a django-guardian object permission, audited."""
    with transaction.atomic():
        document = lock_document(document)
        _require_granter(document, actor)
        if not user.is_active or user.employment_status != EmploymentStatus.ACTIVE:
            raise ValidationError({"user": _("재직 중인 직원에게만 열람 권한을 줄 수 있습니다.")})
        if user.pk == document.drafter_id or read_grants(document.pk, user.pk).exists():
            raise ValidationError({"user": _("%(name)s 님은 이미 이 문서를 볼 수 있습니다.") % {"name": user.name}})
        assign_perm(READER_CODENAME, user, document)
        audit_document("document.grant_read", actor, document, user=user.get_username())


def document_revoke_read(*, document: Document, actor: User, user: User) -> None:
    """Take back a read grant (what the person saw meanwhile stays in the audit log)."""
    with transaction.atomic():
        document = lock_document(document)
        _require_granter(document, actor)
        if not read_grants(document.pk, user.pk).exists():
            raise ValidationError({"user": _("%(name)s 님에게 준 열람 권한이 없습니다.") % {"name": user.name}})
        remove_perm(READER_CODENAME, user, document)
        audit_document("document.revoke_read", actor, document, user=user.get_username())
