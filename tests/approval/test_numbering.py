"""생산등록번호: the handling department's code and its yearly serial, given on completion; the
year is the completion's (Asia/Seoul) calendar year; registered documents are kept by the
database itself."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from approval.models import Document, RegistrationCounter, StepKind
from approval.numbering import next_serial
from approval.services import document_approve
from tests.factories import UserFactory
from tests.factories.approval import line, org_chart, submitted
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

A = StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _complete(org, at: datetime, *, drafter=None, task=None) -> Document:
    drafter = drafter or org.drafter
    extra = {"unit_task": task} if task else {}
    document = submitted(org, approval_line=line((A, org.manager)), drafter=drafter, now=at, **extra)
    return document_approve(document=document, actor=org.manager, now=at)


def test_numbers_run_per_department_and_reset_every_january(org):
    # Late on New Year's Eve in Seoul is still 2026 (it is already 2026-12-31 15:00 UTC).
    last_of_2026 = datetime(2026, 12, 31, 23, 59, tzinfo=KST)
    first_of_2027 = datetime(2027, 1, 1, 0, 0, tzinfo=KST)
    finance_clerk = UserFactory(department=org.finance, name="재무담당", position=org.positions["팀원"])
    finance_task = unit_task(department=org.finance)

    a = _complete(org, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    b = _complete(org, last_of_2026)
    c = _complete(org, last_of_2026, drafter=finance_clerk, task=finance_task)
    d = _complete(org, first_of_2027)
    e = _complete(org, first_of_2027)

    numbers = [
        (x.registration_year, x.registration_serial, x.registration_number, x.registration_display)
        for x in (a, b, c, d, e)
    ]
    assert numbers == [
        (2026, 1, "A111-1", "총무팀-1"),
        (2026, 2, "A111-2", "총무팀-2"),
        (2026, 1, "A120-1", "재무부-1"),
        (2027, 1, "A111-1", "총무팀-1"),
        (2027, 2, "A111-2", "총무팀-2"),
    ]
    assert b.registered_at == last_of_2026
    counters = list(
        RegistrationCounter.objects.filter(department__in=[org.team, org.finance])
        .order_by("department__code", "year")
        .values_list("department__code", "year", "last")
    )
    assert counters == [("A111", 2026, 2), ("A111", 2027, 2), ("A120", 2026, 1)]


def test_the_printed_number_keeps_the_department_name_of_its_day(org):
    document = _complete(org, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    org.team.name = "총무혁신팀"
    org.team.save(update_fields=["name"])

    document.refresh_from_db()

    assert document.registration_display == "총무팀-1"


def test_next_serial_is_an_atomic_increment(org):
    assert [next_serial(department_id=org.root.pk, year=2030) for _ in range(3)] == [1, 2, 3]
    assert next_serial(department_id=org.root.pk, year=2031) == 1


def test_a_registered_document_cannot_be_deleted_or_rewritten(org):
    document = _complete(org, datetime(2026, 3, 5, 9, 0, tzinfo=KST))

    # The ORM refuses first (its history rows PROTECT it); the trigger refuses a raw DELETE too.
    with pytest.raises(ProtectedError), transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
    with (
        pytest.raises(DatabaseError, match="registered document A111-1 cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM approval_document WHERE id = %s", [document.pk])
    for change in ({"title": "몰래 고친 제목"}, {"registration_serial": 7}, {"status": "rejected"}, {"body": ""}):
        with pytest.raises(DatabaseError, match="registered document A111-1 cannot be changed"), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)
    # Records procedures may re-set the retention period and reclassify disclosure.
    Document.objects.filter(pk=document.pk).update(retention_period="10")
    assert Document.objects.get(pk=document.pk).title == "2026년 사무용품 구매 계획"


def test_the_unique_constraint_backs_the_counter(org):
    first = _complete(org, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    second = submitted(org, approval_line=line((A, org.manager)))

    # Someone bypassing the counter and reusing serial 1 in the same department and year.
    with pytest.raises(IntegrityError, match="document_registration_unique"), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(
            status="completed",
            registration_year=2026,
            registration_serial=first.registration_serial,
            registration_number="A111-1",
            registered_at=first.registered_at,
        )


def test_only_completed_documents_carry_a_number(org):
    document = submitted(org)

    with pytest.raises(IntegrityError, match="document_registered_iff_completed"), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(status="completed")
