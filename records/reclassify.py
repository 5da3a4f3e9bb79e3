"""비공개 재분류 (공공기록물법 제35조): the 기록관 reviews the 공개구분 of 비공개 records at 이관 and
then every 5 years; a record reviewed as 비공개 again waits another 5 years. A 비공개 record becomes
공개 by default 30 years after production (records.duties.opens_by_default): from then on the
review lists it as '30년 경과' and keeping it closed needs its reason recorded like any other.

When a record is due (`due_q`, one query):
- never reviewed and its file accepted by the 기록관 (이관): due now (재분류 at 이관);
- otherwise 5 years after its last review, or, never reviewed, 5 years after its 기산일;
- from 1 January of the 30th year after production (a year before it opens), unless a 비공개 유지
  결정 is in force, and again once that decision's 재검토일 has come.

30년 경과 공개 (법 제35조③): on 1 January of the 31st year after production (duties.opens_by_default)
the daily job `open_after_thirty_years` makes every 비공개 record 공개, each as an automatic
`DisclosureReview` and an audit event, except:
- a record whose latest review is a 비공개 유지 결정: kept 비공개 with its ground, reason and
  재검토일 (`keep_closed_until`, at most 5 years ahead), which a 30-year-old record kept 비공개
  must carry. When the 재검토일 passes it is listed due again, never opened unreviewed (opening
  cannot be undone; the 기록관 decides);
- a record in a 재분류안 being prepared or in approval (the 기록관's decision is under way);
- a record of a destroyed file.

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
from django.db.models import DateField, Exists, Max, OuterRef, Q, QuerySet, Subquery
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


def _keep_closed_until() -> Subquery:
    """The 재검토일 of the record's latest review (None unless that review kept it closed past 30 years)."""
    return Subquery(
        DisclosureReview.objects.filter(record=OuterRef("pk"))
        .order_by("-reviewed_on", "-id")
        .values("keep_closed_until")[:1],
        output_field=DateField(),
    )


def with_last_review(records: QuerySet[Record]) -> QuerySet[Record]:
    return records.annotate(last_review=_last_review(), keep_until=_keep_closed_until())


def thirty_year_notice(record_year: int, today: date) -> bool:
    """From 1 January of the 30th year after production a 비공개 record is listed: a year before it
    opens, so a 비공개 유지 결정 can be made in time."""
    return record_year <= today.year - 30


def due_q(today: date) -> Q:
    """비공개 records due for review on `today` (the queryset must be `with_last_review`)."""
    five_years_ago = _years_before(today, REVIEW_YEARS)
    at_transfer = Q(last_review__isnull=True, record_file__status=FileStatus.ARCHIVED)
    periodic = Q(base__lte=five_years_ago)
    thirty = Q(year__lte=today.year - 30) & (Q(keep_until__isnull=True) | Q(keep_until__lte=today))
    return (
        Q(disclosure=Disclosure.PRIVATE)
        & ~Q(record_file__status=FileStatus.DISPOSED)
        & (at_transfer | periodic | thirty)
    )


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
    keep_until = getattr(record, "keep_until", None)
    opens = duties.opens_by_default(record.year)
    if keep_until is not None:
        if keep_until <= today:
            reasons.append(_("비공개 유지 재검토일 경과"))
    elif opens <= today:
        reasons.append(_("30년 경과(공개 원칙)"))
    elif thirty_year_notice(record.year, today):
        reasons.append(_("30년 경과 예정: %(day)s 자동 공개") % {"day": f"{opens.year}. {opens.month}. {opens.day}."})
    return ", ".join(reasons)


def opens_by_default(record: Record) -> date:
    return duties.opens_by_default(record.year)


def _require_manager(actor: User) -> None:
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원만 비공개 기록물을 재분류할 수 있습니다."))


def _keep_closed(record: Record, disclosure: str, keep_closed_until: date | None, today: date) -> date | None:
    """A 30-year-old record (or one within a year of it) kept 비공개 needs its 재검토일: after
    today and at most 5 years ahead (the review cycle). Any other decision carries none."""
    if disclosure != Disclosure.PRIVATE or not thirty_year_notice(record.year, today):
        return None
    if keep_closed_until is None:
        raise ValidationError(
            {"keep_closed_until": _("생산 후 30년이 되는 기록물을 계속 비공개하려면 재검토일을 정하세요.")}
        )
    latest = duties.disclosure_review_due(today)
    if not today < keep_closed_until <= latest:
        raise ValidationError(
            {
                "keep_closed_until": _("재검토일은 내일부터 %(day)s 사이로 정하세요.")
                % {"day": f"{latest.year}. {latest.month}. {latest.day}."}
            }
        )
    return keep_closed_until


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
    *,
    actor: User,
    record: Record,
    disclosure: str,
    ground: str,
    reason: str,
    keep_closed_until: date | None = None,
    now: datetime | None = None,
) -> ReclassificationItem:
    """Put one record's decision into the open 재분류안 (started here when there is none); a second
    decision on the same record replaces the first. Nothing about the record changes yet. A record
    30 years old (or within a year of it) kept 비공개 needs `keep_closed_until` (비공개 유지 결정)."""
    now = now or timezone.now()
    _require_manager(actor)
    disclosure, ground, reason = _checked(disclosure, ground, reason)
    with transaction.atomic():
        record = Record.objects.select_for_update(of=("self",)).select_related("record_file").get(pk=record.pk)
        refusal = _refusal(record)
        if refusal:
            raise ValidationError(refusal)
        keep_closed_until = _keep_closed(record, disclosure, keep_closed_until, timezone.localdate(now))
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
            defaults={
                "disclosure": disclosure,
                "ground": ground,
                "reason": reason,
                "keep_closed_until": keep_closed_until,
            },
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
                keep_closed_until=item.keep_closed_until,
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
                    **({"keep_closed_until": item.keep_closed_until.isoformat()} if item.keep_closed_until else {}),
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


OPEN_BATCH = 500
OPENED_REASON = "생산 후 30년 경과로 공개(공공기록물법 제35조③)"
OPENING_ACTOR = "30년 경과 자동 공개 작업"


def opening_candidates(today: date) -> QuerySet[Record]:
    """비공개 records whose 30 years have passed on `today` and nothing keeps closed: no 비공개 유지
    결정 as their latest review, not in a 재분류안 being prepared or in approval, file not destroyed."""
    deciding = ReclassificationItem.objects.filter(
        record=OuterRef("pk"),
        reclassification__status__in=(ReclassificationStatus.DRAFT, ReclassificationStatus.SUBMITTED),
    )
    return (
        Record.objects.filter(disclosure=Disclosure.PRIVATE, year__lte=today.year - 31)
        .exclude(record_file__status=FileStatus.DISPOSED)
        .annotate(keep_until=_keep_closed_until())
        .filter(keep_until__isnull=True)
        .exclude(Exists(deciding))
    )


def kept_closed(today: date) -> QuerySet[Record]:
    """비공개 records past 30 years kept closed by a 비공개 유지 결정 or an ongoing 재분류안 (the page
    shows why each one was not opened)."""
    deciding = ReclassificationItem.objects.filter(
        record=OuterRef("pk"),
        reclassification__status__in=(ReclassificationStatus.DRAFT, ReclassificationStatus.SUBMITTED),
    )
    latest = DisclosureReview.objects.filter(record=OuterRef("pk")).order_by("-reviewed_on", "-id")
    return (
        Record.objects.filter(disclosure=Disclosure.PRIVATE, year__lte=today.year - 31)
        .exclude(record_file__status=FileStatus.DISPOSED)
        .annotate(
            keep_until=_keep_closed_until(),
            keep_ground=Subquery(latest.values("ground")[:1]),
            keep_reason=Subquery(latest.values("reason")[:1]),
            kept_on=Subquery(latest.values("reviewed_on")[:1], output_field=DateField()),
            deciding=Exists(deciding),
        )
        .filter(Q(keep_until__isnull=False) | Q(deciding=True))
        .select_related("department")
        .order_by("year", "pk")
    )


def open_after_thirty_years(*, today: date | None = None, batch: int = OPEN_BATCH) -> list[str]:
    """30년 경과 공개: make every candidate (`opening_candidates`) 공개, in batches of `batch` records
    each in its own transaction; each opening is an automatic `DisclosureReview` and an audit event.
    Returns the registration numbers opened. Run again the same day it finds nothing left."""
    today = today or timezone.localdate()
    opened: list[str] = []
    while True:
        with transaction.atomic():
            records = list(
                Record.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk__in=opening_candidates(today).order_by("pk").values("pk")[:batch])
                .order_by("pk")
            )
            if not records:
                break
            reviews, entries = [], []
            for record in records:
                reviews.append(
                    DisclosureReview(
                        record=record,
                        reviewed_on=today,
                        reviewed_by=None,
                        automatic=True,
                        disclosure_before=record.disclosure,
                        ground_before=record.disclosure_ground,
                        disclosure=Disclosure.PUBLIC,
                        ground="",
                        reason=OPENED_REASON,
                    )
                )
                entries.append(
                    AuditEntry(
                        action="record.open_after_30_years",
                        actor_label=OPENING_ACTOR,
                        target=record,
                        data={
                            "number": record.registration_number,
                            "year": record.year,
                            "from": f"{record.disclosure}({record.disclosure_ground})",
                            "to": "public()",
                            "opens_on": duties.opens_by_default(record.year).isoformat(),
                        },
                    )
                )
                record.disclosure = Disclosure.PUBLIC
                record.disclosure_ground = ""
            DisclosureReview.objects.bulk_create(reviews)
            Record.objects.bulk_update(records, ["disclosure", "disclosure_ground"])
            audit_record_many(entries)
            opened += [r.registration_number for r in records]
        if len(records) < batch:
            break
    return opened
