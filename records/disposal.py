"""평가·폐기 (공공기록물법 제27조, 시행령 제43조): files whose retention has expired are reviewed in
three steps and only then destroyed.

1. The 기록관 (기록물관리전문요원) lists expired files (`disposal_create`) and asks each 처리과 for
   its opinion; a file under a legal hold (법적 보존 요청: 소송·감사·정보공개 청구), one still open
   or in transfer, one already in a review or 보류 until a later date cannot be chosen.
2. The 처리과 gives its opinion per file (`disposal_opinion`): 폐기, 보존기간 재책정 or 보류.
3. The 전문요원 proposes a decision per file with the 기록물평가심의회's members (outside members
   included) and submits it through e-approval as the kind `records.disposal`
   (`disposal_submit`). Each member of the 심의회 signs individually (`disposal_sign`: 동의 or
   부동의 with a reason, per file; outside members on the paper 기록물평가심의서 the 전문요원
   records as 간사); the approval cannot be given until every member has signed every file. The
   approval's callback then applies each decision; a 폐기 one or more members disagreed with is
   not carried out but becomes 보류 for a year, with their names and reasons (시행령 제43조: a
   record is destroyed only by the 심의회's agreement):
   - 폐기: every record of the file loses its content (body cleared, stored components
     overwritten and removed after the commit), and so does its original, which shares those
     files: the approval document (approval.services.document_dispose) or the received document
     (receipts.services.received_dispose) keeps only its 등록정보 (a paper record has none); the
     file is marked 폐기, and what was destroyed
     (numbers, titles, checksums) stays on the item with the decision: the 폐기 확인서 is printed
     from it;
   - 보존기간 재책정: the file's retention becomes the new, longer period;
   - 보류: the file is left as it is until its 재평가일.
   A file placed under a legal hold while the decision was pending refuses the approval.

The 처리과 can never destroy: only the approval of a disposal the 기록관 submitted does. Every step
is an audit event. Retention ends on 31 December of (production year + period) (records.duties)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.kinds import Decision, register_kind
from approval.selectors import stored_paths_in_use
from approval.services import approval_resubmit_subject, approval_submit_subject, document_dispose
from audit.services import AuditEntry, audit_record, audit_record_many
from org.models import User
from org.visibility import viewer_for
from receipts.services import received_dispose
from records import duties
from records.models import (
    CommitteeSignature,
    Disposal,
    DisposalDecision,
    DisposalItem,
    DisposalStatus,
    FileStatus,
    HoldReason,
    LegalHold,
    Record,
    RecordFile,
    RecordSource,
)
from records.permissions import is_records_manager
from tasks.models import RetentionPeriod, UnitTask

logger = logging.getLogger(__name__)

KIND = "records.disposal"
FINITE = (RetentionPeriod.YEARS_1, RetentionPeriod.YEARS_3, RetentionPeriod.YEARS_5, RetentionPeriod.YEARS_10)
FINITE_ALL = (*FINITE, RetentionPeriod.YEARS_30)


# --- Which files may be reviewed ----------------------------------------------------------------


def expired_q(today: date) -> Q:
    """Files whose retention ended before `today`: 31 December of year + period < today, i.e.
    year + period < today.year (영구·준영구 never expire here)."""
    q = Q(pk__in=[])
    for period in FINITE_ALL:
        years = RetentionPeriod.years(period) or 0
        q |= Q(retention_period=period, year__lt=today.year - years)
    return q


def held_q() -> Q:
    """Files under a legal hold in force."""
    return Q(Exists(LegalHold.objects.filter(record_file=OuterRef("pk"), released_at__isnull=True)))


def _in_review_q() -> Q:
    return Q(Exists(DisposalItem.objects.filter(record_file=OuterRef("pk")).exclude(disposal__status="decided")))


def _deferred_q(today: date) -> Q:
    """보류: files whose last decision deferred them to a 재평가일 still ahead."""
    return Q(
        Exists(
            DisposalItem.objects.filter(
                record_file=OuterRef("pk"),
                disposal__status=DisposalStatus.DECIDED,
                decision=DisposalDecision.HOLD,
                hold_until__gt=today,
            )
        )
    )


def pending_q(today: date) -> Q:
    """Expired files not yet destroyed (the KPI 'disposal pending'): held and deferred ones aside."""
    return expired_q(today) & Q(status__in=(FileStatus.CLOSED, FileStatus.ARCHIVED)) & ~_deferred_q(today)


def candidates(today: date) -> QuerySet[RecordFile]:
    """Files the 기록관 may list for a new review now."""
    return (
        RecordFile.objects.filter(pending_q(today))
        .exclude(held_q())
        .exclude(_in_review_q())
        .select_related("department", "unit_task")
        .order_by("year", "department__path", "unit_task__code", "pk")
    )


def held_expired(today: date) -> QuerySet[RecordFile]:
    """Expired files a legal hold keeps out of review (listed so the 기록관 sees why)."""
    return (
        RecordFile.objects.filter(pending_q(today))
        .filter(held_q())
        .select_related("department", "unit_task")
        .order_by("year", "pk")
    )


def expires_on(record_file: RecordFile) -> date | None:
    return duties.retention_ends(record_file.year, record_file.retention_period)


def _refusal(record_file: RecordFile, today: date) -> str | None:
    """Why `record_file` cannot be listed for review today (None: it can)."""
    ends = expires_on(record_file)
    if record_file.status not in (FileStatus.CLOSED, FileStatus.ARCHIVED):
        return _("정리(종결)된 기록물철만 평가할 수 있습니다 (%(status)s): %(n)s") % {
            "status": record_file.get_status_display(),
            "n": record_file.number,
        }
    if ends is None or ends >= today:
        return _("보존기간이 끝나지 않은 기록물철은 평가할 수 없습니다: %(n)s (만료일 %(ends)s)") % {
            "n": record_file.number,
            "ends": _kdate(ends) if ends else record_file.get_retention_period_display(),
        }
    if RecordFile.objects.filter(pk=record_file.pk).filter(held_q()).exists():
        return _("법적 보존 요청 중인 기록물철은 폐기 대상으로 선택할 수 없습니다: %(n)s") % {"n": record_file.number}
    if RecordFile.objects.filter(pk=record_file.pk).filter(_in_review_q()).exists():
        return _("이미 평가 중인 기록물철입니다: %(n)s") % {"n": record_file.number}
    if RecordFile.objects.filter(pk=record_file.pk).filter(_deferred_q(today)).exists():
        return _("보류되어 재평가일이 지나지 않은 기록물철입니다: %(n)s") % {"n": record_file.number}
    return None


def _kdate(day: date) -> str:
    return f"{day.year}. {day.month}. {day.day}."


def _require_manager(actor: User) -> None:
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원만 평가·폐기를 진행할 수 있습니다."))


# --- Step 1: the 기록관 lists expired files --------------------------------------------------------


def disposal_create(
    *, actor: User, files: Iterable[RecordFile], title: str = "", now: datetime | None = None
) -> Disposal:
    now = now or timezone.now()
    today = timezone.localdate(now)
    _require_manager(actor)
    chosen = sorted({f.pk for f in files})
    if not chosen:
        raise ValidationError({"record_files": _("평가할 기록물철을 선택하세요.")})
    with transaction.atomic():
        locked = list(
            RecordFile.objects.select_for_update(of=("self",))
            .select_related("department", "unit_task")
            .filter(pk__in=chosen)
            .order_by("pk")
        )
        refusals = [r for r in (_refusal(f, today) for f in locked) if r]
        if refusals:
            raise ValidationError({"record_files": refusals})
        disposal = Disposal.objects.create(
            title=title.strip() or _("%(year)d년 기록물 평가·폐기") % {"year": today.year},
            created_by=actor,
            created_at=now,
        )
        DisposalItem.objects.bulk_create(
            DisposalItem(
                disposal=disposal,
                record_file=f,
                retention_before=f.retention_period,
                expired_on=expires_on(f) or today,
            )
            for f in locked
        )
        audit_record(
            action="record_disposal.create",
            actor=actor,
            target=disposal,
            data={"files": [f.number for f in locked]},
        )
        _ask_departments(disposal, locked, actor, now)
    return disposal


def _ask_departments(disposal: Disposal, files: list[RecordFile], actor: User, now: datetime) -> None:
    from notifications.services import notify

    heads = {f.department.head_id for f in files if f.department.head_id}
    notify(
        recipients=User.objects.filter(pk__in=heads, is_active=True),
        category="records_disposal",
        title=_("[기록관리] 보존기간이 끝난 기록물철의 폐기 여부에 대한 처리과 의견을 제출해 주세요 (%(title)s)")
        % {"title": disposal.title},
        url=reverse("records:disposal", args=[disposal.pk]),
        actor=actor,
        now=now,
    )


# --- Step 2: the 처리과's opinion ---------------------------------------------------------------------


def may_give_opinion(user: User, item: DisposalItem) -> bool:
    """The 처리과's members and the heads over it (the 기록관 too, recording an opinion sent on paper)."""
    return is_records_manager(user) or viewer_for(user).in_scope(item.record_file.department)


def disposal_opinion(
    *, actor: User, item: DisposalItem, opinion: str, reason: str, now: datetime | None = None
) -> DisposalItem:
    now = now or timezone.now()
    if not may_give_opinion(actor, item):
        raise PermissionDenied(_("이 기록물철의 처리과만 의견을 제출할 수 있습니다."))
    if opinion not in DisposalDecision.values:
        raise ValidationError({"opinion": _("폐기, 보존기간 재책정, 보류 중에서 의견을 고르세요.")})
    if opinion != DisposalDecision.DISPOSE and not reason.strip():
        raise ValidationError({"opinion_reason": _("폐기가 아닌 의견에는 사유를 적어야 합니다.")})
    with transaction.atomic():
        disposal = Disposal.objects.select_for_update().get(pk=item.disposal_id)
        if disposal.status not in (DisposalStatus.OPINION, DisposalStatus.REVIEW):
            raise ValidationError({"opinion": _("심의회에 올라간 뒤에는 의견을 바꿀 수 없습니다.")})
        item = DisposalItem.objects.select_related("record_file__department").get(pk=item.pk)
        item.opinion = opinion
        item.opinion_reason = reason.strip()
        item.opinion_by = actor
        item.opinion_at = now
        item.save(update_fields=["opinion", "opinion_reason", "opinion_by", "opinion_at"])
        audit_record(
            action="record_disposal.opinion",
            actor=actor,
            target=disposal,
            data={"file": item.record_file.number, "opinion": opinion, "reason": item.opinion_reason},
        )
    return item


# --- Step 3: the 전문요원's 심사 and the 심의회's decision through e-approval -------------------------------


@dataclass(frozen=True)
class Proposal:
    decision: str
    reason: str = ""
    new_retention: str = ""
    hold_until: date | None = None


def parse_committee(text: str) -> list[dict[str, Any]]:
    """One member a line: `성명 / 소속 / 외부` (or 내부); at least three, one of them outside."""
    members: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("/")]
        if len(parts) != 3 or not parts[0] or not parts[1] or parts[2] not in ("외부", "내부"):
            raise ValidationError(
                {"committee": _("%(n)d번째 줄: '성명 / 소속 / 외부(또는 내부)' 형식으로 적으세요.") % {"n": number}}
            )
        members.append({"name": parts[0], "affiliation": parts[1], "outside": parts[2] == "외부"})
    if len(members) < 3:
        raise ValidationError({"committee": _("기록물평가심의회 위원을 3명 이상 적으세요.")})
    if not any(m["outside"] for m in members):
        raise ValidationError({"committee": _("기록물평가심의회에는 외부 위원이 1명 이상 있어야 합니다.")})
    return members


def _check_proposal(item: DisposalItem, proposal: Proposal, today: date) -> str | None:
    number = item.record_file.number
    if proposal.decision not in DisposalDecision.values:
        return _("%(n)s: 심사 결과를 고르세요.") % {"n": number}
    if proposal.decision != DisposalDecision.DISPOSE and not proposal.reason.strip():
        return _("%(n)s: 폐기가 아닌 결정에는 사유를 적어야 합니다.") % {"n": number}
    if proposal.decision == DisposalDecision.RESET:
        if proposal.new_retention not in RetentionPeriod.values:
            return _("%(n)s: 재책정할 보존기간을 고르세요.") % {"n": number}
        ends = duties.retention_ends(item.record_file.year, proposal.new_retention)
        if ends is not None and ends < today:
            return _("%(n)s: 재책정한 보존기간(%(p)s)도 이미 끝났습니다. 더 긴 기간을 고르세요.") % {
                "n": number,
                "p": RetentionPeriod(proposal.new_retention).label,
            }
    if proposal.decision == DisposalDecision.HOLD and (proposal.hold_until is None or proposal.hold_until <= today):
        return _("%(n)s: 보류한 기록물철의 재평가일을 오늘 이후로 정하세요.") % {"n": number}
    return None


def disposal_submit(
    *,
    actor: User,
    disposal: Disposal,
    proposals: dict[int, Proposal],
    committee: list[dict[str, Any]],
    unit_task: UnitTask | None,
    now: datetime | None = None,
) -> Disposal:
    """심사: record the proposal per file and the committee, and submit to the 심의회 through
    e-approval (the next round when the last one was returned)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    _require_manager(actor)
    if unit_task is None:
        raise ValidationError({"unit_task": _("결재 문서를 편철할 단위과제를 선택하세요.")})
    if not committee or not any(m.get("outside") for m in committee):
        raise ValidationError({"committee": _("기록물평가심의회에는 외부 위원이 1명 이상 있어야 합니다.")})
    with transaction.atomic():
        disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if disposal.status not in (DisposalStatus.OPINION, DisposalStatus.REVIEW):
            raise ValidationError({"decision": _("이미 심의회에 올렸거나 결정이 끝난 평가입니다.")})
        items = list(disposal.items.select_related("record_file__department", "record_file__unit_task").order_by("pk"))
        missing = [i.record_file.number for i in items if not i.opinion]
        if missing:
            raise ValidationError(
                {"decision": _("처리과 의견이 아직 없는 기록물철이 있습니다: %(n)s") % {"n": ", ".join(missing)}}
            )
        problems = []
        for item in items:
            proposal = proposals.get(item.pk)
            problem = (
                _check_proposal(item, proposal, today)
                if proposal
                else (_("%(n)s: 심사 결과를 고르세요.") % {"n": item.record_file.number})
            )
            if problem or proposal is None:
                problems.append(problem)
                continue
            item.decision = proposal.decision
            item.decision_reason = proposal.reason.strip()
            item.new_retention = proposal.new_retention if proposal.decision == DisposalDecision.RESET else ""
            item.hold_until = proposal.hold_until if proposal.decision == DisposalDecision.HOLD else None
        if problems:
            raise ValidationError({"decision": problems})
        held = RecordFile.objects.filter(pk__in=[i.record_file_id for i in items]).filter(held_q())
        if held.exists():
            raise ValidationError(
                {
                    "decision": _("법적 보존 요청 중인 기록물철이 있어 올릴 수 없습니다: %(n)s")
                    % {"n": ", ".join(f.number for f in held.select_related("department", "unit_task"))}
                }
            )
        DisposalItem.objects.bulk_update(items, ["decision", "decision_reason", "new_retention", "hold_until"])
        # A new round is a new 심의서: members sign what is submitted now (earlier signatures stay
        # in the audit chain).
        CommitteeSignature.objects.filter(item__in=items).delete()
        disposal.committee = committee
        disposal.reviewed_at = now
        body = render_to_string(
            "records/disposal_body.html", {"disposal": disposal, "items": items, "committee": committee}
        )
        title = _("기록물 평가·폐기 심의(%(title)s)") % {"title": disposal.title}
        if disposal.document_id is None:
            document = approval_submit_subject(
                kind=KIND, subject=disposal, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        else:
            document = approval_resubmit_subject(
                subject=disposal, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        disposal.document_id = document.pk
        disposal.status = DisposalStatus.COMMITTEE
        disposal.submitted_at = now
        disposal.save()
        audit_record(
            action="record_disposal.submit",
            actor=actor,
            target=disposal,
            data={
                "document": document.pk,
                "decisions": {i.record_file.number: i.decision for i in items},
                "committee": [m["name"] for m in committee],
            },
        )
    return disposal


SIGNATURE_REASON_MAX = CommitteeSignature._meta.get_field("reason").max_length or 500


@dataclass(frozen=True)
class Vote:
    agrees: bool
    reason: str = ""


def disposal_sign(
    *,
    actor: User,
    disposal: Disposal,
    member: int,
    votes: dict[int, Vote],
    signed_on: date | None,
    now: datetime | None = None,
) -> list[CommitteeSignature]:
    """Record one 심의회 member's signed 심의서: 동의 or 부동의 (with its reason) for every file of the
    review, while the review is before the 심의회. Signing again before the decision replaces the
    member's earlier signature (the audit chain keeps both)."""
    now = now or timezone.now()
    _require_manager(actor)
    if signed_on is None or signed_on > timezone.localdate(now):
        raise ValidationError({"signed_on": _("서명일을 오늘 또는 그 이전 날짜로 적으세요.")})
    with transaction.atomic():
        disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
        return write_signatures(
            disposal=disposal, member=member, votes=votes, signed_on=signed_on, recorded_by=actor, now=now
        )


def write_signatures(
    *,
    disposal: Disposal,
    member: int,
    votes: dict[int, Vote],
    signed_on: date,
    now: datetime,
    recorded_by: User | None = None,
    invitation: Any = None,
    ip_address: str | None = None,
) -> list[CommitteeSignature]:
    """One member's votes on every file of a review before the 심의회 (the caller holds the
    disposal's row lock): recorded by the 간사 (`recorded_by`) or signed by the member through
    their link (`invitation`, records.committee_links), replacing the member's earlier signature,
    with one audit event."""
    if disposal.status != DisposalStatus.COMMITTEE:
        raise ValidationError({"member": _("심의회에 올라가 결정을 기다리는 평가에만 위원 서명을 기록할 수 있습니다.")})
    if not 0 <= member < len(disposal.committee):
        raise ValidationError({"member": _("서명한 심의회 위원을 고르세요.")})
    items = list(disposal.items.select_related("record_file__department", "record_file__unit_task").order_by("pk"))
    problems = []
    for item in items:
        vote = votes.get(item.pk)
        if vote is None:
            problems.append(_("%(n)s: 동의 또는 부동의를 고르세요.") % {"n": item.record_file.number})
        elif not vote.agrees and not vote.reason.strip():
            problems.append(_("%(n)s: 부동의에는 의견(사유)을 적어야 합니다.") % {"n": item.record_file.number})
        elif len(vote.reason.strip()) > SIGNATURE_REASON_MAX:
            problems.append(
                _("%(n)s: 의견은 %(max)d자 이내로 적으세요.")
                % {"n": item.record_file.number, "max": SIGNATURE_REASON_MAX}
            )
    if problems:
        raise ValidationError({"votes": problems})
    name = disposal.committee[member]["name"]
    CommitteeSignature.objects.filter(item__disposal=disposal, member=member).delete()
    rows = CommitteeSignature.objects.bulk_create(
        CommitteeSignature(
            item=item,
            member=member,
            member_name=name,
            agrees=votes[item.pk].agrees,
            reason=votes[item.pk].reason.strip(),
            signed_on=signed_on,
            recorded_by=recorded_by,
            invitation=invitation,
            recorded_at=now,
        )
        for item in items
    )
    data = {
        "member": name,
        "signed_on": signed_on.isoformat(),
        "votes": {
            i.record_file.number: "동의" if votes[i.pk].agrees else f"부동의: {votes[i.pk].reason.strip()}"
            for i in items
        },
    }
    if invitation is not None:
        data["via"] = "서명 링크"
    audit_record(
        action="record_disposal.sign",
        actor=recorded_by,
        actor_label=None if recorded_by is not None else _("%(name)s(심의회 위원, 서명 링크)") % {"name": name},
        target=disposal,
        data=data,
        ip_address=ip_address,
    )
    return rows


def unsigned_members(disposal: Disposal, items: list[DisposalItem]) -> list[str]:
    """The committee members who have not signed every file yet (one query)."""
    signed: dict[int, set[int]] = {}
    for item_id, member in CommitteeSignature.objects.filter(item__in=items).values_list("item_id", "member"):
        signed.setdefault(member, set()).add(item_id)
    wanted = {i.pk for i in items}
    return [m["name"] for n, m in enumerate(disposal.committee) if not wanted <= signed.get(n, set())]


def _overrule_dissent(items: list[DisposalItem], files: dict[int, RecordFile], decision: Decision) -> list[AuditEntry]:
    """A 폐기 any member disagreed with is not carried out: the file is 보류 for a year, with the
    dissenting members' names and reasons as the decision's reason."""
    dissent: dict[int, list[CommitteeSignature]] = {}
    for signature in CommitteeSignature.objects.filter(item__in=items, agrees=False).order_by("member"):
        dissent.setdefault(signature.item_id, []).append(signature)
    decided_on = timezone.localdate(decision.at)
    entries = []
    for item in items:
        if item.decision != DisposalDecision.DISPOSE or item.pk not in dissent:
            continue
        voices = "; ".join(f"{s.member_name}: {s.reason}" for s in dissent[item.pk])
        item.decision = DisposalDecision.HOLD
        item.hold_until = _years_after(decided_on, 1)
        item.decision_reason = (_("심의회 위원 부동의로 폐기하지 않고 보류 (%(v)s)") % {"v": voices})[:500]
        item.save(update_fields=["decision", "hold_until", "decision_reason"])
        entries.append(
            AuditEntry(
                action="record_disposal.dissent",
                actor=decision.actor,
                target=files[item.record_file_id],
                data={
                    "number": files[item.record_file_id].number,
                    "dissent": voices,
                    "hold_until": str(item.hold_until),
                },
            )
        )
    return entries


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 2, 28)


def _current(decision: Decision) -> Disposal | None:
    disposal: Disposal = decision.subject
    return disposal if disposal.document_id == decision.document_id else None


def disposal_decided(decision: Decision) -> None:
    """The 심의회 approved: apply each file's decision (inside the approving transaction)."""
    disposal = _current(decision)
    if disposal is None or disposal.status != DisposalStatus.COMMITTEE:
        return
    items = list(disposal.items.select_related("record_file__department", "record_file__unit_task").order_by("pk"))
    files = {
        f.pk: f
        for f in RecordFile.objects.select_for_update()
        .select_related("department", "unit_task")
        .filter(pk__in=[i.record_file_id for i in items])
    }
    held = [f.number for f in files.values() if RecordFile.objects.filter(pk=f.pk).filter(held_q()).exists()]
    if held:
        raise ValidationError(
            _("법적 보존 요청이 등록된 기록물철이 있어 폐기를 결정할 수 없습니다: %(n)s") % {"n": ", ".join(held)}
        )
    unsigned = unsigned_members(disposal, items)
    if unsigned:
        raise ValidationError(
            _("기록물평가심의회 위원의 서명이 모두 모이지 않아 결정할 수 없습니다. 서명하지 않은 위원: %(n)s")
            % {"n": ", ".join(unsigned)}
        )
    entries: list[AuditEntry] = _overrule_dissent(items, files, decision)
    paths: list[str] = []
    for item in items:
        record_file = files[item.record_file_id]
        if item.decision == DisposalDecision.DISPOSE:
            paths += _destroy(item, record_file, decision.at, decision.actor)
            entries.append(
                AuditEntry(
                    action="record_file.destroy",
                    actor=decision.actor,
                    target=record_file,
                    data={"number": record_file.number, "records": len(item.destroyed), "disposal": disposal.pk},
                )
            )
        elif item.decision == DisposalDecision.RESET:
            record_file.retention_period = item.new_retention
            record_file.save(update_fields=["retention_period"])
            Record.objects.filter(record_file=record_file).update(retention_period=item.new_retention)
            entries.append(
                AuditEntry(
                    action="record_file.retention_reset",
                    actor=decision.actor,
                    target=record_file,
                    data={"number": record_file.number, "from": item.retention_before, "to": item.new_retention},
                )
            )
    disposal.status = DisposalStatus.DECIDED
    disposal.decided_at = decision.at
    disposal.registration_number = decision.registration
    if paths or any(i.decision == DisposalDecision.DISPOSE for i in items):
        disposal.destroyed_at = decision.at
    disposal.save(update_fields=["status", "decided_at", "registration_number", "destroyed_at"])
    entries.insert(
        0,
        AuditEntry(
            action="record_disposal.decide",
            actor=decision.actor,
            target=disposal,
            data={
                "registration": decision.registration,
                "decisions": {files[i.record_file_id].number: i.decision for i in items},
            },
        ),
    )
    audit_record_many(entries)
    # A file is destroyed once, and only when no document (another one sharing the same 붙임) and
    # no record left untouched still points at it.
    unique = sorted(set(paths) - stored_paths_in_use(sorted(set(paths))) - _paths_kept(set(paths)))
    if unique:
        transaction.on_commit(lambda: destroy_stored(unique))


def _destroy(item: DisposalItem, record_file: RecordFile, at: datetime, actor: User) -> list[str]:
    """Clear the content of every record of the file and of its original (the approval document
    a 생산 record registers, the received document of a 접수 one; a hand-registered paper record
    has none); keep what it was (numbers, titles, checksums) on the item. Returns the storage
    paths to overwrite and remove after the commit."""
    records = list(Record.objects.filter(record_file=record_file).order_by("registered_on", "pk"))
    destroyed, paths = [], []
    for record in records:
        destroyed.append(
            {
                "number": record.registration_number,
                "title": record.title,
                "registered_on": record.registered_on.isoformat(),
                "body_sha256": record.body_sha256,
                "components": [{"name": c.get("name", ""), "sha256": c.get("sha256", "")} for c in record.components],
            }
        )
        paths += [c["path"] for c in record.components if c.get("path")]
        paths += _destroy_original(record, at, actor)
        record.body = ""
        record.body_sha256 = ""
        record.components = []
        record.fixity_ok = None
        record.fixity_problems = []
    Record.objects.bulk_update(records, ["body", "body_sha256", "components", "fixity_ok", "fixity_problems"])
    record_file.status = FileStatus.DISPOSED
    record_file.save(update_fields=["status"])
    item.destroyed = destroyed
    item.destroyed_at = at
    item.save(update_fields=["destroyed", "destroyed_at"])
    return paths


def _paths_kept(paths: set[str]) -> set[str]:
    """Which of `paths` a record not destroyed still lists among its components."""
    if not paths:
        return set()
    kept: set[str] = set()
    for components in (
        Record.objects.exclude(components=[])
        .filter(Q(*[Q(components__contains=[{"path": p}]) for p in paths], _connector=Q.OR))
        .values_list("components", flat=True)
    ):
        kept |= {c.get("path", "") for c in components} & paths
    return kept


def _destroy_original(record: Record, at: datetime, actor: User) -> list[str]:
    """The record's original loses its content too: the record and the original share the same
    stored files, and an original still showing its text would undo the 폐기."""
    if record.source_id is None:
        return []
    if record.source == RecordSource.PRODUCED:
        return document_dispose(document_id=record.source_id, actor=actor, at=at)
    if record.source == RecordSource.RECEIVED:
        return received_dispose(received_id=record.source_id, actor=actor, at=at)
    return []


def destroy_stored(paths: Iterable[str]) -> int:
    """Overwrite each stored file with zeros where the storage is a local disk, then remove it.
    Returns how many were removed."""
    removed = 0
    for path in paths:
        try:
            if not default_storage.exists(path):
                continue
            try:
                local = default_storage.path(path)
            except NotImplementedError:
                # A remote storage (S3 and the like) has no local path to overwrite: deleting the
                # object is all it offers, and its own retention settings decide the rest.
                local = ""
            if local:
                size = os.path.getsize(local)
                with open(local, "r+b") as handle:
                    handle.write(b"\0" * size)
                    handle.flush()
                    os.fsync(handle.fileno())
            default_storage.delete(path)
            removed += 1
        except OSError:
            logger.exception("records disposal: could not destroy a stored file", extra={"path": path})
    return removed


def disposal_returned(decision: Decision) -> None:
    disposal = _current(decision)
    if disposal is None:
        return
    disposal.status = DisposalStatus.REVIEW
    disposal.save(update_fields=["status"])
    audit_record(
        action="record_disposal.return",
        actor=decision.actor,
        target=disposal,
        data={"event": decision.event, "reason": decision.reason},
    )


def register_kind_disposal() -> None:
    register_kind(
        KIND,
        label="기록물 평가·폐기 심의",
        subject_model="records.Disposal",
        on_approved=disposal_decided,
        on_rejected=disposal_returned,
        on_withdrawn=disposal_returned,
    )


# --- Legal holds ------------------------------------------------------------------------------------


def legal_hold_place(
    *, actor: User, record_file: RecordFile, reason: str, note: str, now: datetime | None = None
) -> LegalHold:
    now = now or timezone.now()
    _require_manager(actor)
    if reason not in HoldReason.values:
        raise ValidationError({"reason": _("보존 요청 사유를 고르세요.")})
    if not note.strip():
        raise ValidationError({"note": _("보존 요청의 근거(사건번호, 감사명, 청구번호 등)를 적으세요.")})
    if record_file.status == FileStatus.DISPOSED:
        raise ValidationError({"record_file": _("이미 폐기한 기록물철입니다.")})
    with transaction.atomic():
        hold = LegalHold.objects.create(
            record_file=record_file, reason=reason, note=note.strip(), placed_by=actor, placed_at=now
        )
        audit_record(
            action="record_hold.place",
            actor=actor,
            target=record_file,
            data={"number": record_file.number, "reason": reason, "note": hold.note},
        )
    return hold


def legal_hold_release(*, actor: User, hold: LegalHold, now: datetime | None = None) -> LegalHold:
    now = now or timezone.now()
    _require_manager(actor)
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("record_file").get(pk=hold.pk)
        if hold.released_at is not None:
            raise ValidationError(_("이미 해제한 보존 요청입니다."))
        hold.released_by = actor
        hold.released_at = now
        hold.save(update_fields=["released_by", "released_at"])
        audit_record(
            action="record_hold.release",
            actor=actor,
            target=hold.record_file,
            data={"hold": hold.pk, "reason": hold.reason},
        )
    return hold
