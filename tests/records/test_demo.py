"""The records demo seed (records.demo) on a real demo institution (독도재단, the smallest),
after org's, work management's, e-approval's and budget's seeds, inside the test's transaction:
every completed document and registered receipt is a record in its file, last year's paper
records are filed and closed, the `admin` account is the 기록관, the invariants of real use hold
(retention from the unit task, a file's retention the longest of its records, numbers from the
counter, the audit chain), and a second run changes nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.models import Document, DocumentStatus
from audit.services import audit_verify_chain
from budget import demo as budget_demo
from org import demo as org_demo
from org import demo_data as org_data
from org.models import Department, User
from records import demo
from records.disposal import candidates, held_expired
from records.models import (
    FileStatus,
    Record,
    RecordCounter,
    RecordFile,
    RecordSource,
    longest_retention,
)
from records.permissions import is_records_manager
from records.reclassify import due_records
from tasks import demo as tasks_demo
from tasks.produced import produced_works
from tenants.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")


@pytest.fixture
def seeded():
    from approval import demo as approval_demo

    now = timezone.now()
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!").created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        tasks_demo.institution_seed(institution=institution, now=now)
        approval_demo.institution_seed(institution=institution, now=now)
        budget_demo.institution_seed(institution=institution, now=now)
        result = demo.institution_seed(institution=institution, now=now)
        yield now, result


def test_the_demo_registers_what_was_completed_and_closes_last_year(seeded):
    now, result = seeded
    assert result.created
    assert result.seconds < 10
    completed = Document.objects.filter(status=DocumentStatus.COMPLETED)
    produced = Record.objects.filter(source=RecordSource.PRODUCED)
    assert set(produced.values_list("source_id", flat=True)) == set(completed.values_list("pk", flat=True))
    assert not Record.objects.filter(source=RecordSource.PRODUCED, record_file__isnull=True).exists()
    for record in produced.select_related("unit_task", "record_file")[:200]:
        assert record.retention_period == longest_retention(record.unit_task.retention_period, record.retention_period)
        assert record.record_file.unit_task_id == record.unit_task_id
        assert record.start_date == date(record.registered_on.year + 1, 1, 1)
    for record_file in RecordFile.objects.prefetch_related("records"):
        periods = [r.retention_period for r in record_file.records.all()]
        assert record_file.retention_period == longest_retention(record_file.unit_task.retention_period, *periods)

    last_year = timezone.localdate(now).year - 1
    paper = Record.objects.filter(source=RecordSource.MANUAL, is_electronic=False)
    assert paper.count() == 2 * min(demo.PAPER_DEPARTMENTS, paper.values("department").distinct().count())
    assert set(paper.values_list("year", flat=True)) == {last_year}
    assert set(RecordFile.objects.filter(year=last_year).values_list("status", flat=True)) == {FileStatus.CLOSED}
    # Past years' files for 평가·폐기 and 재분류 (records.disposal_demo), held by the 기록관.
    assert set(RecordFile.objects.filter(year__lt=last_year).values_list("status", flat=True)) <= {
        FileStatus.CLOSED,
        FileStatus.ARCHIVED,
    }
    today = timezone.localdate(now)
    assert result.counts["expired_files"] == 5
    assert candidates(today).count() == 3  # four expired files, one under a legal hold
    assert held_expired(today).count() == 1
    assert due_records(today).count() == 3  # the 비공개 file's records, 기산일 seven years ago
    assert set(RecordFile.objects.filter(year=last_year + 1).values_list("status", flat=True)) <= {FileStatus.OPEN}
    for counter in RecordCounter.objects.filter(series="paper"):
        assert counter.last == paper.filter(department_id=counter.department_id, year=counter.year).count()
    assert is_records_manager(User.objects.get(username="admin"))
    assert audit_verify_chain().ok

    # The work-management seed's memos and minutes are records too, as the signal writes them:
    # one gap-free 업무관리 series per department and year, in the order produced, its counter at
    # the last number; filed under their unit task with its retention, or unfiled until 정리.
    works = produced_works(until=now)
    assert {w.kind for w in works} >= {"memo", "minutes"}
    work_sources = (RecordSource.MEMO, RecordSource.MINUTES, RecordSource.TASK_CARD)
    work_records = Record.objects.filter(source__in=work_sources)
    assert result.counts["work_records"] == len(works) == work_records.count()
    assert {(r.source, r.source_id) for r in work_records} == {(w.kind, w.source_id) for w in works}
    serials: dict[tuple[str, int], list[tuple]] = {}
    for r in work_records.order_by("created_at", "pk"):
        name, number = re.fullmatch(r"(.+)-(?:메모보고|회의록|과제관리카드)(\d+)", r.registration_number).groups()
        serials.setdefault((name, r.year), []).append((r.created_at, int(number)))
    names = dict(Department.objects.values_list("pk", "name"))
    counters = {(names[c.department_id], c.year): c.last for c in RecordCounter.objects.filter(series="work")}
    assert set(counters) == set(serials)
    for key, taken in serials.items():
        assert sorted(n for _at, n in taken) == list(range(1, counters[key] + 1)), key
        assert [n for _at, n in sorted(taken)] == sorted(n for _at, n in taken), key  # numbered as produced
    filed = work_records.filter(unit_task__isnull=False).select_related("unit_task", "record_file")
    assert filed.exists()
    for r in filed:
        assert (r.retention_period, r.record_file.unit_task_id) == (r.unit_task.retention_period, r.unit_task_id)
        assert (r.disclosure, r.disclosure_ground) == (r.unit_task.disclosure, r.unit_task.disclosure_ground)
    assert not work_records.filter(year__lt=last_year + 1, record_file__isnull=True).exists()  # 정리 filed them

    again = demo.institution_seed(institution=Institution.objects.get(code=SPEC.code), now=now)
    assert (again.created, again.counts["records"], again.counts["paper_records"]) == (False, 0, 0)
    assert again.counts["work_records"] == 0
    assert again.counts["expired_files"] == 0
