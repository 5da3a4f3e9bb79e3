"""비공개 재분류 (공공기록물법 제35조): the 기록관 reviews the 공개구분 of 비공개 records at 이관 and
then every 5 years; a record reviewed as 비공개 again waits another 5 years. A 비공개 record becomes
공개 by default 30 years after production (records.duties.opens_by_default): from then on the
review lists it as '30년 경과' and keeping it closed needs its reason recorded like any other.

When a record is due (`due_q`, one query):
- never reviewed and its file accepted by the 기록관 (이관): due now (재분류 at 이관);
- otherwise 5 years after its last review, or, never reviewed, 5 years after its 기산일.

The 기록관 (기록물관리전문요원) decides per record (공개구분, 근거 호, 사유) into the one open
재분류안 (`reclassify_propose`), then submits it through e-approval as the kind
`records.reclassify` (`reclassification_submit`). Nothing changes before the approval: the
approving transaction applies every decision (`reclassification_approved`), each one a
`DisclosureReview` row (before, after, ground, reason) and an audit event; a 반려 or 회수 sends the
재분류안 back to the 기록관 to change and submit again."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.kinds import Decision, register_kind
from approval.services import approval_resubmit_subject, approval_submit_subject
from audit.services import AuditEntry, audit_record, audit_record_many
from org.models import User
from records import duties
from records.models import (
    DisclosureReview,
    FileStatus,
    Reclassification,
    ReclassificationItem,
    ReclassificationStatus,
    Record,
)
from records.permissions import is_records_manager
from tasks.models import Disclosure, UnitTask

KIND = "records.reclassify"
REASON_MAX = ReclassificationItem._meta.get_field("reason").max_length or 500

GROUND = re.compile(r"^[1-8](,[1-8])*$")
REVIEW_YEARS = 5


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return date(today.year - years, 2, 28)


def _last_review() -> Subquery:
    return Subquery(
        DisclosureReview.objects.filter(record=OuterRef("pk"))
        .values("record")
        .annotate(last=Max("reviewed_on"))
        .values("last")[:1],
        output_field=DateField(),
    )


def with_last_review(records: QuerySet[Record]) -> QuerySet[Record]:
    return records.annotate(last_review=_last_review())


def due_q(today: date) -> Q:
    """비공개 records due for review on `today` (the queryset must be `with_last_review`)."""
    five_years_ago = _years_before(today, REVIEW_YEARS)
    at_transfer = Q(last_review__isnull=True, record_file__status=FileStatus.ARCHIVED)
    periodic = Q(base__lte=five_years_ago)
    return Q(disclosure=Disclosure.PRIVATE) & ~Q(record_file__status=FileStatus.DISPOSED) & (at_transfer | periodic)


def due_records(today: date) -> QuerySet[Record]:
    return (
        with_last_review(Record.objects.filter(disclosure=Disclosure.PRIVATE))
        .annotate(base=Coalesce("last_review", "start_date", output_field=DateField()))
        .filter(due_q(today))
        .select_related("department", "record_file__department", "record_file__unit_task")
        .order_by("year", "registered_on", "pk")
    )


def why_due(record: Record, today: date) -> str:
    """Why a due record (annotated by `due_records`) is listed, as the page says it."""
    reasons = []
    last = getattr(record, "last_review", None)
    if last is None and record.record_file is not None and record.record_file.status == FileStatus.ARCHIVED:
        reasons.append(_("이관 시 재분류"))
    if duties.disclosure_review_due(last or record.start_date) <= today:
        reasons.append(_("5년 주기 재분류"))
    if duties.opens_by_default(record.year) <= today:
        reasons.append(_("30년 경과(공개 원칙)"))
    return ", ".join(reasons)


def opens_by_default(record: Record) -> date:
    return duties.opens_by_default(record.year)


def _require_manager(actor: User) -> None:
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원만 비공개 기록물을 재분류할 수 있습니다."))


def _checked(disclosure: str, ground: str, reason: str) -> tuple[str, str, str]:
    """A decision as recorded: 부분공개·비공개 keep a ground (정보공개법 제9조① 1~8호), 공개 none;
    the reason is always required."""
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("공개구분을 고르세요.")})
    ground = ground.replace(" ", "")
    if disclosure == Disclosure.PUBLIC:
        ground = ""
    elif not GROUND.match(ground):
        raise ValidationError({"ground": _("비공개·부분공개의 근거 호수(1~8, 여러 개는 쉼표로)를 적으세요.")})
    if not reason.strip():
        raise ValidationError({"reason": _("재분류 사유를 적으세요.")})
    if len(reason.strip()) > REASON_MAX:
        raise ValidationError({"reason": _("재분류 사유는 %(n)d자 이내로 적으세요.") % {"n": REASON_MAX}})
    return disclosure, ground, reason.strip()


def _refusal(record: Record) -> str | None:
    if record.record_file is not None and record.record_file.status == FileStatus.DISPOSED:
        return _("폐기한 기록물은 재분류할 수 없습니다.")
    if record.disclosure != Disclosure.PRIVATE:
        return _("비공개 기록물만 재분류 대상입니다.")
    return None


def open_reclassification() -> Reclassification | None:
    """The 재분류안 being prepared (작성 중, or back from a 반려·회수), if any."""
    return Reclassification.objects.filter(status=ReclassificationStatus.DRAFT).first()


def reclassify_propose(
    *, actor: User, record: Record, disclosure: str, ground: str, reason: str, now: datetime | None = None
) -> ReclassificationItem:
    """Put one record's decision into the open 재분류안 (started here when there is none); a second
    decision on the same record replaces the first. Nothing about the record changes yet."""
    now = now or timezone.now()
    _require_manager(actor)
    disclosure, ground, reason = _checked(disclosure, ground, reason)
    with transaction.atomic():
        record = Record.objects.select_for_update(of=("self",)).select_related("record_file").get(pk=record.pk)
        refusal = _refusal(record)
        if refusal:
            raise ValidationError(refusal)
        if ReclassificationItem.objects.filter(
            record=record, reclassification__status=ReclassificationStatus.SUBMITTED
        ).exists():
            raise ValidationError(_("이미 결재 중인 재분류안에 있는 기록물입니다."))
        # Two 기록관 staff starting a 재분류안 at once: the partial unique index (one draft) lets one
        # in; the other's insert is ignored and it reads the winner's row.
        Reclassification.objects.bulk_create(
            [Reclassification(created_by=actor, created_at=now)], ignore_conflicts=True
        )
        draft = Reclassification.objects.select_for_update().get(status=ReclassificationStatus.DRAFT)
        item, _created = ReclassificationItem.objects.update_or_create(
            reclassification=draft,
            record=record,
            defaults={"disclosure": disclosure, "ground": ground, "reason": reason},
        )
    return item


def reclassify_drop(*, actor: User, item: ReclassificationItem) -> None:
    """Take a record out of the open 재분류안."""
    _require_manager(actor)
    with transaction.atomic():
        draft = Reclassification.objects.select_for_update().get(pk=item.reclassification_id)
        if draft.status != ReclassificationStatus.DRAFT:
            raise ValidationError(_("결재 중이거나 끝난 재분류안은 고칠 수 없습니다."))
        ReclassificationItem.objects.filter(pk=item.pk).delete()


def reclassification_submit(
    *, actor: User, reclassification: Reclassification, unit_task: UnitTask | None, now: datetime | None = None
) -> Reclassification:
    """상신: the 재분류안 goes to e-approval (`records.reclassify`); the next round after a 반려."""
    now = now or timezone.now()
    _require_manager(actor)
    if unit_task is None:
        raise ValidationError({"unit_task": _("결재 문서를 편철할 단위과제를 선택하세요.")})
    with transaction.atomic():
        draft = Reclassification.objects.select_for_update().get(pk=reclassification.pk)
        if draft.status != ReclassificationStatus.DRAFT:
            raise ValidationError(_("이미 결재를 올렸거나 끝난 재분류안입니다."))
        items = list(
            draft.items.select_related("record__record_file", "record__department").order_by("record__year", "pk")
        )
        if not items:
            raise ValidationError(_("재분류할 기록물을 하나 이상 정하세요."))
        problems = [f"{i.record.registration_number}: {r}" for i in items if (r := _refusal(i.record))]
        if problems:
            raise ValidationError(problems)
        body = render_to_string(
            "records/reclassification_body.html", {"items": items, "today": timezone.localdate(now)}
        )
        title = _("비공개 기록물 재분류(%(n)d건)") % {"n": len(items)}
        if draft.document_id is None:
            document = approval_submit_subject(
                kind=KIND, subject=draft, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        else:
            document = approval_resubmit_subject(
                subject=draft, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        draft.document_id = document.pk
        draft.status = ReclassificationStatus.SUBMITTED
        draft.submitted_by = actor
        draft.submitted_at = now
        draft.save(update_fields=["document", "status", "submitted_by", "submitted_at"])
        audit_record(
            action="record_reclassification.submit",
            actor=actor,
            target=draft,
            data={"document": document.pk, "records": [i.record.registration_number for i in items]},
        )
    return draft


def _current(decision: Decision) -> Reclassification | None:
    reclassification: Reclassification = decision.subject
    if reclassification.document_id != decision.document_id:
        return None
    return reclassification


def reclassification_approved(decision: Decision) -> None:
    """The approval decided: apply every record's new 공개구분 inside the approving transaction.
    A record destroyed or already reclassified meanwhile refuses the approval (nothing applied)."""
    reclassification = _current(decision)
    if reclassification is None or reclassification.status != ReclassificationStatus.SUBMITTED:
        return
    items = list(reclassification.items.order_by("record_id"))
    records = {
        r.pk: r
        for r in Record.objects.select_for_update(of=("self",))
        .select_related("record_file")
        .filter(pk__in=[i.record_id for i in items])
        .order_by("pk")
    }
    problems = [
        f"{records[i.record_id].registration_number}: {r}" for i in items if (r := _refusal(records[i.record_id]))
    ]
    if problems:
        raise ValidationError(_("재분류할 수 없는 기록물이 있습니다: %(p)s") % {"p": "; ".join(problems)})
    reviewed_by = reclassification.submitted_by or decision.actor
    reviewed_on = timezone.localdate(decision.at)
    entries = [
        AuditEntry(
            action="record_reclassification.approve",
            actor=decision.actor,
            target=reclassification,
            data={"registration": decision.registration, "records": len(items)},
        )
    ]
    reviews = []
    for item in items:
        record = records[item.record_id]
        reviews.append(
            DisclosureReview(
                record=record,
                reviewed_on=reviewed_on,
                reviewed_by=reviewed_by,
                disclosure_before=record.disclosure,
                ground_before=record.disclosure_ground,
                disclosure=item.disclosure,
                ground=item.ground,
                reason=item.reason,
                reclassification=reclassification,
            )
        )
        entries.append(
            AuditEntry(
                action="record.reclassify",
                actor=decision.actor,
                target=record,
                data={
                    "number": record.registration_number,
                    "from": f"{record.disclosure}({record.disclosure_ground})",
                    "to": f"{item.disclosure}({item.ground})",
                    "reason": item.reason,
                    "approval": decision.registration,
                },
            )
        )
        record.disclosure = item.disclosure
        record.disclosure_ground = item.ground
    DisclosureReview.objects.bulk_create(reviews)
    Record.objects.bulk_update(list(records.values()), ["disclosure", "disclosure_ground"])
    reclassification.status = ReclassificationStatus.APPROVED
    reclassification.decided_at = decision.at
    reclassification.registration_number = decision.registration
    reclassification.save(update_fields=["status", "decided_at", "registration_number"])
    audit_record_many(entries)


def reclassification_returned(decision: Decision) -> None:
    reclassification = _current(decision)
    if reclassification is None or reclassification.status != ReclassificationStatus.SUBMITTED:
        return
    # Back to the 기록관 as the one draft (its document makes the next submission a 재기안).
    reclassification.status = ReclassificationStatus.DRAFT
    reclassification.save(update_fields=["status"])
    audit_record(
        action="record_reclassification.return",
        actor=decision.actor,
        target=reclassification,
        data={"event": decision.event, "reason": decision.reason},
    )


def register_kind_reclassify() -> None:
    register_kind(
        KIND,
        label="비공개 기록물 재분류",
        subject_model="records.Reclassification",
        on_approved=reclassification_approved,
        on_rejected=reclassification_returned,
        on_withdrawn=reclassification_returned,
    )
