"""비공개 재분류 (공공기록물법 제35조): the 기록관 reviews the 공개구분 of 비공개 records at 이관 and
then every 5 years; a record reviewed as 비공개 again waits another 5 years. A 비공개 record becomes
공개 by default 30 years after production (records.duties.opens_by_default): from then on the
review lists it as '30년 경과' and keeping it closed needs its reason recorded like any other.

When a record is due (`due_q`, one query):
- never reviewed and its file accepted by the 기록관 (이관): due now (재분류 at 이관);
- otherwise 5 years after its last review, or, never reviewed, 5 years after its 기산일.

Each review is a `DisclosureReview` row (before, after, ground, reason) and an audit event."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.models import User
from records import duties
from records.models import DisclosureReview, FileStatus, Record
from records.permissions import is_records_manager
from tasks.models import Disclosure

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


def record_reclassify(
    *, actor: User, record: Record, disclosure: str, ground: str, reason: str, now: datetime | None = None
) -> DisclosureReview:
    """Record the review of one record's 공개구분 and apply it. The 기록관 only; the reason is always
    recorded; 부분공개·비공개 keep a ground (정보공개법 제9조① 1~8호)."""
    now = now or timezone.now()
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원만 비공개 기록물을 재분류할 수 있습니다."))
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("공개구분을 고르세요.")})
    ground = ground.replace(" ", "")
    if disclosure == Disclosure.PUBLIC:
        ground = ""
    elif not GROUND.match(ground):
        raise ValidationError({"ground": _("비공개·부분공개의 근거 호수(1~8, 여러 개는 쉼표로)를 적으세요.")})
    if not reason.strip():
        raise ValidationError({"reason": _("재분류 사유를 적으세요.")})
    with transaction.atomic():
        record = Record.objects.select_for_update(of=("self",)).select_related("record_file").get(pk=record.pk)
        if record.record_file is not None and record.record_file.status == FileStatus.DISPOSED:
            raise ValidationError(_("폐기한 기록물은 재분류할 수 없습니다."))
        if record.disclosure != Disclosure.PRIVATE:
            raise ValidationError(_("비공개 기록물만 재분류 대상입니다."))
        review = DisclosureReview.objects.create(
            record=record,
            reviewed_on=timezone.localdate(now),
            reviewed_by=actor,
            disclosure_before=record.disclosure,
            ground_before=record.disclosure_ground,
            disclosure=disclosure,
            ground=ground,
            reason=reason.strip(),
        )
        record.disclosure = disclosure
        record.disclosure_ground = ground
        record.save(update_fields=["disclosure", "disclosure_ground"])
        audit_record(
            action="record.reclassify",
            actor=actor,
            target=record,
            data={
                "number": record.registration_number,
                "from": f"{review.disclosure_before}({review.ground_before})",
                "to": f"{disclosure}({ground})",
                "reason": review.reason,
            },
        )
    return review
