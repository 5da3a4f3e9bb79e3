"""서명 링크: a 기록물평가심의회 member without an account here (an outside member) signs the 심의서
themselves. The 간사 (기록물관리전문요원) makes a one-time link for one member of a review before the
심의회 (`committee_invite`) and sends it; it is valid for LINK_DAYS, only its token's SHA-256 is
kept, and a newer link for the same member revokes the older one. Opening it shows the member the
files under review with the proposed decision; signing (`committee_sign_by_link`) records 동의 or
부동의 with a reason per file, exactly as the 간사's record of a paper 심의서 (records.disposal.
write_signatures) but with no 간사, the link as the signature's source and the member's name and
address in the audit event. Used, expired, revoked or for a review no longer before the 심의회, a
link signs nothing and says why."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.models import User
from records.disposal import Vote, write_signatures
from records.models import CommitteeInvitation, CommitteeSignature, Disposal, DisposalStatus
from records.permissions import is_records_manager

LINK_DAYS = 7


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def committee_invite(
    *, actor: User, disposal: Disposal, member: int, now: datetime | None = None
) -> tuple[CommitteeInvitation, str]:
    """A new signing link for `member` (their place in the committee) of a review before the
    심의회; returns the invitation and the token (shown once, never stored)."""
    now = now or timezone.now()
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원(간사)만 심의회 위원의 서명 링크를 만들 수 있습니다."))
    with transaction.atomic():
        disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if disposal.status != DisposalStatus.COMMITTEE:
            raise ValidationError(_("심의회에 올라가 결정을 기다리는 평가에만 서명 링크를 만들 수 있습니다."))
        if not 0 <= member < len(disposal.committee):
            raise ValidationError(_("서명 링크를 보낼 심의회 위원을 고르세요."))
        CommitteeInvitation.objects.filter(
            disposal=disposal, member=member, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        name = disposal.committee[member]["name"]
        invitation = CommitteeInvitation.objects.create(
            disposal=disposal,
            member=member,
            member_name=name,
            token_sha256=token_hash(token),
            expires_at=now + timedelta(days=LINK_DAYS),
            created_by=actor,
            created_at=now,
        )
        audit_record(
            action="record_disposal.invite",
            actor=actor,
            target=disposal,
            data={"member": name, "expires_at": invitation.expires_at.isoformat()},
        )
    return invitation, token


BAD_LINK = "서명 링크가 올바르지 않습니다. 받은 주소를 그대로 열었는지 확인하세요."


def _refusal(invitation: CommitteeInvitation, now: datetime) -> str | None:
    if invitation.used_at is not None:
        return _("이미 서명한 링크입니다. 서명을 고치려면 간사에게 새 링크를 요청하세요.")
    if invitation.revoked_at is not None:
        return _("새 링크가 발급되어 더는 쓸 수 없는 링크입니다. 가장 최근에 받은 링크를 여세요.")
    if invitation.expires_at <= now:
        return _("서명 기한이 지난 링크입니다. 간사에게 새 링크를 요청하세요.")
    if invitation.disposal.status != DisposalStatus.COMMITTEE:
        return _("이 평가는 더 이상 심의회 서명을 받지 않습니다.")
    return None


def invitation_for(token: str, now: datetime | None = None) -> CommitteeInvitation:
    """The open invitation of `token`, or a ValidationError saying (in Korean) why it cannot sign."""
    now = now or timezone.now()
    invitation = CommitteeInvitation.objects.select_related("disposal").filter(token_sha256=token_hash(token)).first()
    if invitation is None:
        raise ValidationError(_(BAD_LINK))
    refusal = _refusal(invitation, now)
    if refusal:
        raise ValidationError(refusal)
    return invitation


def committee_sign_by_link(
    *, token: str, votes: dict[int, Vote], ip_address: str | None = None, now: datetime | None = None
) -> list[CommitteeSignature]:
    """The member signs through their link: their votes for every file, signed today; the link is
    used up in the same transaction (a second submission, or two at once, sign nothing more)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = CommitteeInvitation.objects.select_for_update().filter(token_sha256=token_hash(token)).first()
        if invitation is None:
            raise ValidationError(_(BAD_LINK))
        disposal = Disposal.objects.select_for_update().get(pk=invitation.disposal_id)
        invitation.disposal = disposal
        refusal = _refusal(invitation, now)
        if refusal:
            raise ValidationError(refusal)
        rows = write_signatures(
            disposal=disposal,
            member=invitation.member,
            votes=votes,
            signed_on=timezone.localdate(now),
            now=now,
            invitation=invitation,
            ip_address=ip_address,
        )
        invitation.used_at = now
        invitation.used_ip = ip_address
        invitation.save(update_fields=["used_at", "used_ip"])
    return rows
