"""Celery jobs of records: the daily reminder of the legal calendar (정리, 생산현황 통보, 이관),
one message per institution (core.jobs.fan_out), each notifying in its own schema the heads of the
departments with a duty due soon or overdue, and the 기록관. Idempotent per day: a person is
reminded of one duty once a day however often the job is delivered."""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import fan_out, job
from notifications.models import Notification
from notifications.services import notify
from org.models import Department, User
from records.due import due_duties
from records.plugin import RECORDS_MANAGER

logger = logging.getLogger(__name__)

CATEGORY = "records_due"


@job("records.remind_duties")
def remind_duties(today: str | None = None) -> dict:
    day = timezone.localdate() if today is None else date.fromisoformat(today)
    duties = due_duties(Department.objects.filter(is_active=True), day)
    managers = list(User.objects.filter(groups__in=Group.objects.filter(name=RECORDS_MANAGER), is_active=True))
    heads = dict(Department.objects.filter(head__isnull=False).values_list("pk", "head_id"))
    people = {u.pk: u for u in User.objects.filter(pk__in=set(heads.values()), is_active=True)}
    start = timezone.make_aware(datetime.combine(day, time.min))
    moment = timezone.make_aware(datetime.combine(day, timezone.localtime().time()))  # "today" of the job
    url = reverse("records:calendar")
    already = set(
        Notification.objects.filter(category=CATEGORY, created_at__gte=start).values_list("recipient_id", "title")
    )
    sent = 0
    for duty in duties:
        state = _("기한 지남") if duty.overdue else _("기한 임박")
        title = _("[기록관리] %(department)s %(year)d년 기록물 %(label)s %(state)s (%(due)s까지)") % {
            "department": duty.department_name,
            "year": duty.year,
            "label": duty.label,
            "state": state,
            "due": f"{duty.due.year}. {duty.due.month}. {duty.due.day}.",
        }
        head = people.get(heads.get(duty.department_id, 0))
        recipients = [u for u in [head, *managers] if u is not None and (u.pk, title) not in already]
        if recipients:
            notify(recipients=recipients, category=CATEGORY, title=title, url=url, email=False, now=moment)
            sent += len(recipients)
    logger.info("records duties reminded", extra={"duties": len(duties), "notified": sent})
    return {"duties": len(duties), "notified": sent}


@job("records.remind_all_duties", province_level=True)
def remind_all_duties() -> list[str]:
    """Fan out one reminder per active institution (the province keeps no records)."""
    return fan_out(remind_duties)


@job("records.check_fixity")
def check_fixity(batch: int | None = None) -> dict:
    """One batch of the fixity check in the schema this job was sent from (records.fixity)."""
    from records.fixity import BATCH, fixity_check

    run = fixity_check(batch=batch or BATCH)
    logger.info(
        "records fixity checked",
        extra={"records": run.records, "components": run.components, "failed": run.failed},
    )
    return {"records": run.records, "components": run.components, "failed": run.failed}


@job("records.check_all_fixity", province_level=True)
def check_all_fixity() -> list[str]:
    """Fan out one fixity batch per active institution."""
    return fan_out(check_fixity)


@job("records.make_preservation_copies", queue="pdf")
def make_preservation_copies(batch: int | None = None) -> dict:
    """One batch of PDF/A preservation copies in the schema this job was sent from."""
    from records.preservation import BATCH, make_copies

    made = make_copies(batch=batch or BATCH)
    logger.info("records preservation copies made", extra={"made": made})
    return {"made": made}


@job("records.make_all_preservation_copies", province_level=True)
def make_all_preservation_copies() -> list[str]:
    """Fan out one batch of preservation copies per active institution."""
    return fan_out(make_preservation_copies)


@job("records.open_private_after_thirty_years")
def open_private_after_thirty_years(today: str | None = None) -> dict:
    """30년 경과 공개 in the schema this job was sent from (records.reclassify): 비공개 records 30
    years after production become 공개 unless a 비공개 유지 결정 keeps them closed; the 기록관 is told
    how many were opened. Idempotent: an opened record is no longer a candidate."""
    from records.reclassify import open_after_thirty_years

    day = timezone.localdate() if today is None else date.fromisoformat(today)
    opened = open_after_thirty_years(today=day)
    if opened:
        managers = list(User.objects.filter(groups__in=Group.objects.filter(name=RECORDS_MANAGER), is_active=True))
        title = _("[기록관리] 생산 후 30년이 지난 비공개 기록물 %(n)d건을 공개했습니다") % {"n": len(opened)}
        if managers:
            notify(
                recipients=managers,
                category=CATEGORY,
                title=title,
                url=reverse("records:reclassification"),
                email=False,
            )
    logger.info("records private opened after thirty years", extra={"opened": len(opened)})
    return {"opened": len(opened)}


@job("records.open_all_private_after_thirty_years", province_level=True)
def open_all_private_after_thirty_years() -> list[str]:
    """Fan out the 30년 경과 공개 to every active institution."""
    return fan_out(open_private_after_thirty_years)
