"""30년 경과 공개 (공공기록물법 제35조③), dates by hand: a 비공개 record produced on 2020-03-05 opens
on 2051-01-01 (1 January of the 31st year after production) and is listed for review from
2050-01-01, a year before. Kept 비공개 on 2050-06-01 (a 비공개 유지 결정) it needs a 재검토일 after
that day and at most 5 years ahead (2055-06-01); the nightly opening leaves it closed, and once its
재검토일 has come it is listed again — never opened unreviewed."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approval.models import Document
from approval.services import document_approve
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from notifications.models import Notification
from records.models import DisclosureReview, Record
from records.reclassify import (
    due_records,
    open_after_thirty_years,
    open_reclassification,
    reclassification_submit,
    reclassify_propose,
    why_due,
)
from records.tasks import open_private_after_thirty_years
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
IN_2020 = datetime(2020, 3, 5, 10, 0, tzinfo=KST)
KEPT = datetime(2050, 6, 1, 10, 0, tzinfo=KST)
PAGE_QUERIES = 19  # the 재분류 page, whatever the number of records listed


@pytest.fixture
def archivist(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


@pytest.fixture
def records_task(org):
    return unit_task(department=org.root, name="기록물관리", retention_period="permanent")


def _private(org, title: str, ground: str = "6", now: datetime = IN_2020) -> Record:
    return record_of(completed(org, title=title, disclosure="private", disclosure_ground=ground, now=now))


def _approve(org, archivist, records_task, now: datetime) -> None:
    plan = reclassification_submit(
        actor=archivist, reclassification=open_reclassification(), unit_task=records_task, now=now
    )
    document_approve(document=Document.objects.get(pk=plan.document_id), actor=org.ceo, now=now)


def test_listed_a_year_before_then_opened_unless_kept_closed(org, archivist, records_task):
    kept = _private(org, "인사 평정 원부")
    opened = _private(org, "감사 결과 보고", ground="5")
    deciding = _private(org, "소송 대응 자료")
    later = _private(org, "2021년 평정", now=datetime(2021, 3, 5, 10, 0, tzinfo=KST))
    public = record_of(completed(org, title="공개 문서", now=IN_2020))

    # Reviewed in 2046 and kept 비공개 (no 재검토일 needed yet): next 5-year review 2051-03-05.
    for record in (kept, opened, deciding, later):
        reclassify_propose(
            actor=archivist,
            record=record,
            disclosure="private",
            ground=record.disclosure_ground,
            reason="비공개 사유 계속",
            now=datetime(2046, 3, 5, 10, 0, tzinfo=KST),
        )
    _approve(org, archivist, records_task, datetime(2046, 3, 5, 10, 0, tzinfo=KST))
    assert list(due_records(date(2049, 12, 31))) == []
    listed = list(due_records(date(2050, 1, 1)))
    assert listed == [kept, opened, deciding]
    assert why_due(listed[0], date(2050, 1, 1)) == "30년 경과 예정: 2051. 1. 1. 자동 공개"

    # A 30-year-old record kept 비공개 needs its 재검토일, within 5 years.
    with pytest.raises(ValidationError, match="재검토일을 정하세요"):
        reclassify_propose(actor=archivist, record=kept, disclosure="private", ground="6", reason="유지", now=KEPT)
    for wrong in (date(2050, 6, 1), date(2055, 6, 2)):
        with pytest.raises(ValidationError, match=re.escape("내일부터 2055. 6. 1. 사이")):
            reclassify_propose(
                actor=archivist,
                record=kept,
                disclosure="private",
                ground="6",
                reason="유지",
                keep_closed_until=wrong,
                now=KEPT,
            )
    reclassify_propose(
        actor=archivist,
        record=kept,
        disclosure="private",
        ground="6",
        reason="생존 당사자의 평정 정보",
        keep_closed_until=date(2055, 6, 1),
        now=KEPT,
    )
    _approve(org, archivist, records_task, KEPT)
    assert DisclosureReview.objects.filter(record=kept).latest("id").keep_closed_until == date(2055, 6, 1)
    assert list(due_records(date(2050, 6, 2))) == [opened, deciding]

    # The 기록관 is deciding on `deciding` (in the open 재분류안): the job leaves it alone.
    reclassify_propose(actor=archivist, record=deciding, disclosure="public", ground="", reason="소송 종결", now=KEPT)

    assert open_after_thirty_years(today=date(2050, 12, 31)) == []
    assert open_after_thirty_years(today=date(2051, 1, 1)) == [opened.registration_number]
    assert open_after_thirty_years(today=date(2051, 1, 1)) == []  # a second delivery finds nothing

    for record in (kept, opened, deciding, later, public):
        record.refresh_from_db()
    assert (opened.disclosure, opened.disclosure_ground) == ("public", "")
    assert [r.disclosure for r in (kept, deciding, later)] == ["private", "private", "private"]
    review = DisclosureReview.objects.get(record=opened, automatic=True)
    assert (review.reviewed_on, review.reviewed_by, review.disclosure_before, review.ground_before) == (
        date(2051, 1, 1),
        None,
        "private",
        "5",
    )
    event = AuditEvent.objects.get(action="record.open_after_30_years")
    assert event.actor_label == "30년 경과 자동 공개 작업"
    assert event.data["number"] == opened.registration_number
    assert (event.data["from"], event.data["to"], event.data["opens_on"]) == ("private(5)", "public()", "2051-01-01")
    assert audit_verify_chain().ok

    # The 재검토일 comes: listed again with its reason, still not opened without a decision.
    # `later` (produced 2021) opens a year on; `deciding` stays while its 재분류안 is open.
    assert open_after_thirty_years(today=date(2052, 1, 1)) == [later.registration_number]
    # The 재검토일 comes: listed again with its reason, still not opened without a decision.
    assert kept not in list(due_records(date(2055, 5, 31)))
    again = next(r for r in due_records(date(2055, 6, 1)) if r.pk == kept.pk)
    assert why_due(again, date(2055, 6, 1)) == "5년 주기 재분류, 비공개 유지 재검토일 경과"
    assert open_after_thirty_years(today=date(2055, 6, 1)) == []


def test_batches_each_in_their_own_transaction_and_the_job_tells_the_archive(org, archivist):
    records = [_private(org, f"비공개 {n}") for n in range(3)]
    assert open_after_thirty_years(today=date(2051, 1, 1), batch=2) == [r.registration_number for r in records]
    assert DisclosureReview.objects.filter(automatic=True).count() == 3
    assert Record.objects.filter(disclosure="private").count() == 0


def test_the_job_notifies_the_records_managers(org, archivist):
    _private(org, "비공개 하나")
    assert open_private_after_thirty_years(today="2051-01-01") == {"opened": 1}
    notice = Notification.objects.get(recipient=archivist, category="records_due")
    assert notice.title == "[기록관리] 생산 후 30년이 지난 비공개 기록물 1건을 공개했습니다"
    assert open_private_after_thirty_years(today="2051-01-01") == {"opened": 0}
    assert Notification.objects.filter(category="records_due").count() == 1


def test_the_page_shows_openings_and_what_stays_closed(org, archivist, records_task, alpha, client_for):
    """The page runs on the real today: the records are made 1990's (30 years passed on 2021-01-01)."""
    kept, opened = _private(org, "인사 평정 원부"), _private(org, "감사 결과 보고")
    Record.objects.filter(pk__in=(kept.pk, opened.pk)).update(year=1990, start_date=date(1991, 1, 1))
    today = timezone.localdate()
    until = date(today.year + 2, 6, 1)
    reclassify_propose(
        actor=archivist,
        record=kept,
        disclosure="private",
        ground="6",
        reason="생존 당사자의 평정 정보",
        keep_closed_until=until,
    )
    _approve(org, archivist, records_task, timezone.now())
    assert open_after_thirty_years() == [opened.registration_number]

    client = client_for(alpha)
    login(client, archivist.username)
    url = reverse("records:reclassification")
    client.get(url)  # warm the per-request caches (menu, session)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert len(queries) == PAGE_QUERIES, [q["sql"][:120] for q in queries]
    assert "30년 경과 공개" in html
    assert "생산 후 30년이 지나 자동으로 공개한 기록물: 1건" in html
    on = f"{today.year}. {today.month}. {today.day}."
    assert f"비공개 유지 결정({on}, 근거 6호): 생존 당사자의 평정 정보" in html
    assert f"{today.year + 2}. 6. 1." in html
    assert "자동 공개(30년 경과)" in html  # the recent list names the job, not a person
