"""평가·폐기 (issue 15 item 5), dates worked by hand.

총무팀's 일반서무 file of 2020 (5년) counts from the 기산일 2021-01-01 and ends on 2025-12-31: on
2026-03-05 it is expired. 인사관리 of 2020 (10년) ends on 2030-12-31: not expired. A 1년 file of
2024 ends on 2025-12-31: expired too. The three steps: the 기록관 lists (처리과 의견조회), the 처리과
gives its opinion, the 전문요원's 심사 goes to the 심의회 through e-approval (`records.disposal`);
the approval applies the decisions."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from approval.models import Document, DocumentStatus
from approval.services import document_approve, document_reject
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from records.disposal import (
    Proposal,
    Vote,
    candidates,
    disposal_create,
    disposal_opinion,
    disposal_sign,
    disposal_submit,
    expired_q,
    legal_hold_place,
    legal_hold_release,
    parse_committee,
)
from records.models import CommitteeSignature, Disposal, DisposalItem, DisposalStatus, FileStatus, Record, RecordFile
from records.services import arrangement_close
from tests.factories import UserFactory
from tests.factories.records import completed, record_of, sign_all
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
IN_2020 = datetime(2020, 3, 5, 10, 0, tzinfo=KST)
IN_2024 = datetime(2024, 5, 7, 10, 0, tzinfo=KST)
NOW = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
COMMITTEE = parse_committee(
    "김위원 / 알파개발공사 / 내부\n이위원 / 알파개발공사 / 내부\n박교수 / 한국기록대학교 / 외부"
)


@pytest.fixture
def archivist(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


@pytest.fixture
def records_task(org):
    """The 기록관's own unit task, under which the 심의 documents are filed."""
    return unit_task(department=org.root, name="기록물관리", retention_period="permanent")


@pytest.fixture
def old_files(org):
    """(5년 file of 2020 with a stored scan, 10년 file of 2020, 1년 file of 2024), all closed."""
    general = record_of(completed(org, title="2020년 사무용품 구매", now=IN_2020))
    content = b"%PDF-1.7 scanned receipt"
    path = default_storage.save("records-test/old-scan.pdf", ContentFile(content))
    general.components = [{"name": "영수증.pdf", "path": path, "sha256": hashlib.sha256(content).hexdigest()}]
    general.save(update_fields=["components"])
    personnel = unit_task(department=org.team, name="인사관리", retention_period="10")
    kept = record_of(completed(org, title="2020년 인사 발령", unit_task=personnel, now=IN_2020))
    brief = unit_task(department=org.team, name="행사 안내", retention_period="1")
    short = record_of(completed(org, title="2024년 체육대회 안내", unit_task=brief, now=IN_2024))
    arrangement_close(actor=org.lead, department=org.team, year=2020, now=datetime(2021, 2, 10, tzinfo=KST))
    arrangement_close(actor=org.lead, department=org.team, year=2024, now=datetime(2025, 2, 10, tzinfo=KST))
    return general.record_file, kept.record_file, short.record_file


def test_expiry_is_31_december_of_year_plus_period(org, old_files):
    five, ten, one = old_files
    assert RecordFile.objects.filter(expired_q(date(2025, 12, 31)), pk=five.pk).exists() is False
    assert RecordFile.objects.filter(expired_q(date(2026, 1, 1)), pk=five.pk).exists()
    assert RecordFile.objects.filter(expired_q(date(2030, 12, 31)), pk=ten.pk).exists() is False
    assert RecordFile.objects.filter(expired_q(date(2031, 1, 1)), pk=ten.pk).exists()
    assert RecordFile.objects.filter(expired_q(date(2026, 1, 1)), pk=one.pk).exists()
    assert list(candidates(date(2026, 3, 5))) == [five, one]


def test_only_the_archivist_lists_and_never_an_unexpired_or_held_file(org, archivist, old_files):
    five, ten, one = old_files
    with pytest.raises(PermissionDenied):
        disposal_create(actor=org.lead, files=[five], now=NOW)  # the 처리과 cannot start a disposal
    with pytest.raises(ValidationError, match="보존기간이 끝나지 않은 기록물철은 평가할 수 없습니다") as refused:
        disposal_create(actor=archivist, files=[five, ten], now=NOW)
    assert "2030. 12. 31." in str(refused.value)
    hold = legal_hold_place(actor=archivist, record_file=one, reason="litigation", note="2026가합1234", now=NOW)
    assert list(candidates(date(2026, 3, 5))) == [five]
    with pytest.raises(ValidationError, match="법적 보존 요청 중인 기록물철은 폐기 대상으로 선택할 수 없습니다"):
        disposal_create(actor=archivist, files=[one], now=NOW)
    assert not Disposal.objects.exists()  # nothing half-created
    legal_hold_release(actor=archivist, hold=hold, now=NOW)
    disposal = disposal_create(actor=archivist, files=[five, one], now=NOW)
    assert disposal.items.count() == 2
    assert list(candidates(date(2026, 3, 5))) == []  # in review: not listed twice


def test_the_three_steps_destroy_content_keep_metadata_and_the_audit_chain(
    org, archivist, records_task, old_files, django_capture_on_commit_callbacks
):
    five, _ten, one = old_files
    destroyed_record = Record.objects.get(record_file=five)
    path = destroyed_record.components[0]["path"]
    body_sha256 = destroyed_record.body_sha256
    assert len(body_sha256) == 64
    disposal = disposal_create(actor=archivist, files=[five, one], now=NOW)
    items = {i.record_file_id: i for i in disposal.items.all()}

    # Step 2: the 처리과 (not another department) gives its opinion on each file.
    with pytest.raises(PermissionDenied):
        disposal_opinion(actor=org.accountant, item=items[five.pk], opinion="dispose", reason="", now=NOW)
    with pytest.raises(ValidationError, match="처리과 의견이 아직 없는"):
        disposal_submit(
            actor=archivist, disposal=disposal, proposals={}, committee=COMMITTEE, unit_task=records_task, now=NOW
        )
    disposal_opinion(actor=org.drafter, item=items[five.pk], opinion="dispose", reason="", now=NOW)
    with pytest.raises(ValidationError, match="사유를 적어야"):
        disposal_opinion(actor=org.lead, item=items[one.pk], opinion="reset", reason=" ", now=NOW)
    disposal_opinion(actor=org.lead, item=items[one.pk], opinion="reset", reason="민원 대응에 계속 필요", now=NOW)

    # Step 3: 심사 and the 심의회 through e-approval.
    proposals = {
        items[five.pk].pk: Proposal("dispose"),
        items[one.pk].pk: Proposal("reset", reason="민원 대응 자료", new_retention="3"),
    }
    with pytest.raises(PermissionDenied):
        disposal_submit(
            actor=org.lead, disposal=disposal, proposals=proposals, committee=COMMITTEE, unit_task=records_task, now=NOW
        )
    with pytest.raises(ValidationError, match="외부 위원"):
        parse_committee("김위원 / 알파 / 내부\n이위원 / 알파 / 내부\n최위원 / 알파 / 내부")
    disposal = disposal_submit(
        actor=archivist, disposal=disposal, proposals=proposals, committee=COMMITTEE, unit_task=records_task, now=NOW
    )
    assert disposal.status == DisposalStatus.COMMITTEE
    document = Document.objects.get(pk=disposal.document_id)
    assert document.kind == "records.disposal"
    assert "박교수(한국기록대학교, 외부)" in document.body
    # Nothing is destroyed before the decision, nor before every member of the 심의회 has signed.
    assert Record.objects.get(pk=destroyed_record.pk).body != ""
    with pytest.raises(ValidationError, match="서명하지 않은 위원: 김위원, 이위원, 박교수"):
        document_approve(document=document, actor=org.ceo, now=NOW)
    sign_all(archivist, disposal, now=NOW)

    with django_capture_on_commit_callbacks(execute=True):
        document = document_approve(document=document, actor=org.ceo, now=NOW)
    assert document.status == DocumentStatus.COMPLETED
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.DECIDED
    five.refresh_from_db()
    one.refresh_from_db()
    assert five.status == FileStatus.DISPOSED
    assert (one.status, one.retention_period) == (FileStatus.CLOSED, "3")  # 2024 + 3 → 2027-12-31
    destroyed_record.refresh_from_db()
    assert (destroyed_record.body, destroyed_record.body_sha256, destroyed_record.components) == ("", "", [])
    assert destroyed_record.title == "2020년 사무용품 구매"  # metadata kept
    assert not default_storage.exists(path)
    item = disposal.items.get(record_file=five)
    assert item.destroyed == [
        {
            "number": destroyed_record.registration_number,
            "title": "2020년 사무용품 구매",
            "registered_on": "2020-03-05",
            "body_sha256": body_sha256,
            "components": [{"name": "영수증.pdf", "sha256": hashlib.sha256(b"%PDF-1.7 scanned receipt").hexdigest()}],
        }
    ]
    actions = list(AuditEvent.objects.filter(action__startswith="record_").values_list("action", flat=True))
    for action in (
        "record_disposal.create",
        "record_disposal.opinion",
        "record_disposal.submit",
        "record_disposal.sign",
        "record_disposal.decide",
        "record_file.destroy",
        "record_file.retention_reset",
    ):
        assert action in actions
    assert audit_verify_chain().ok


def test_a_hold_placed_while_the_committee_decides_refuses_the_approval(org, archivist, records_task, old_files):
    five, _ten, _one = old_files
    disposal = disposal_create(actor=archivist, files=[five], now=NOW)
    item = disposal.items.get()
    disposal_opinion(actor=org.drafter, item=item, opinion="dispose", reason="", now=NOW)
    disposal = disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={item.pk: Proposal("dispose")},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )
    legal_hold_place(actor=archivist, record_file=five, reason="disclosure_request", note="청구 제2026-17호", now=NOW)
    document = Document.objects.get(pk=disposal.document_id)
    with pytest.raises(ValidationError, match="법적 보존 요청이 등록된"):
        document_approve(document=document, actor=org.ceo, now=NOW)
    five.refresh_from_db()
    assert five.status == FileStatus.CLOSED
    assert Record.objects.get(record_file=five).body != ""


def test_a_returned_review_goes_back_to_the_archivist_and_hold_needs_a_later_date(
    org, archivist, records_task, old_files
):
    five, _ten, one = old_files
    disposal = disposal_create(actor=archivist, files=[five], now=NOW)
    item = disposal.items.get()
    disposal_opinion(actor=org.drafter, item=item, opinion="hold", reason="감사 예정", now=NOW)
    with pytest.raises(ValidationError, match="재평가일을 오늘 이후로"):
        disposal_submit(
            actor=archivist,
            disposal=disposal,
            proposals={item.pk: Proposal("hold", reason="감사 예정", hold_until=date(2026, 3, 5))},
            committee=COMMITTEE,
            unit_task=records_task,
            now=NOW,
        )
    disposal = disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={item.pk: Proposal("hold", reason="감사 예정", hold_until=date(2027, 3, 5))},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )
    document_reject(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo, reason="사유 보완", now=NOW)
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.REVIEW
    disposal = disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={item.pk: Proposal("hold", reason="2026년 감사 후 재평가", hold_until=date(2027, 3, 5))},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )
    sign_all(archivist, disposal, now=NOW)
    document_approve(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo, now=NOW)
    five.refresh_from_db()
    assert five.status == FileStatus.CLOSED
    # 보류 until 2027-03-05: not a candidate before, a candidate again from that day.
    assert list(candidates(date(2027, 3, 4))) == [one]
    assert list(candidates(date(2027, 3, 5))) == [five, one]


def test_each_member_signs_and_one_dissent_keeps_the_file(
    org, archivist, records_task, old_files, django_capture_on_commit_callbacks
):
    """A 폐기 is carried out only with every member's agreement: 박교수's 부동의 on the 1년 file keeps
    it (보류 for a year, her reason recorded), while the 5년 file all agreed on is destroyed."""
    five, _ten, one = old_files
    disposal = disposal_create(actor=archivist, files=[five, one], now=NOW)
    items = {i.record_file_id: i for i in disposal.items.all()}
    for item in items.values():
        disposal_opinion(actor=org.drafter, item=item, opinion="dispose", reason="", now=NOW)
    with pytest.raises(ValidationError, match="결정을 기다리는 평가에만"):
        disposal_sign(actor=archivist, disposal=disposal, member=0, votes={}, signed_on=date(2026, 3, 5), now=NOW)
    disposal = disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={i.pk: Proposal("dispose") for i in items.values()},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )
    agree = {i.pk: Vote(True) for i in items.values()}
    with pytest.raises(PermissionDenied):
        disposal_sign(actor=org.lead, disposal=disposal, member=0, votes=agree, signed_on=date(2026, 3, 5), now=NOW)
    with pytest.raises(ValidationError) as refused:
        disposal_sign(
            actor=archivist,
            disposal=disposal,
            member=2,
            votes={items[five.pk].pk: Vote(True), items[one.pk].pk: Vote(False, " ")},
            signed_on=date(2026, 3, 5),
            now=NOW,
        )
    assert refused.value.message_dict == {"votes": [f"{one.number}: 부동의에는 의견(사유)을 적어야 합니다."]}
    with pytest.raises(ValidationError, match="의견은 500자 이내로"):
        disposal_sign(
            actor=archivist,
            disposal=disposal,
            member=2,
            votes={items[five.pk].pk: Vote(True), items[one.pk].pk: Vote(False, "가" * 501)},
            signed_on=date(2026, 3, 5),
            now=NOW,
        )
    with pytest.raises(ValidationError, match="서명일"):
        disposal_sign(actor=archivist, disposal=disposal, member=0, votes=agree, signed_on=date(2026, 3, 6), now=NOW)
    assert not CommitteeSignature.objects.exists()  # nothing written by a refusal

    sign_all(archivist, disposal, now=NOW, dissent={2: {items[one.pk].pk: "민원 소송 가능성"}})
    assert CommitteeSignature.objects.count() == 6  # 3 members × 2 files
    with django_capture_on_commit_callbacks(execute=True):
        document_approve(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo, now=NOW)

    five.refresh_from_db()
    one.refresh_from_db()
    assert five.status == FileStatus.DISPOSED
    assert one.status == FileStatus.CLOSED  # kept: one member disagreed
    assert Record.objects.get(record_file=one).body != ""
    kept = DisposalItem.objects.get(pk=items[one.pk].pk)
    assert (kept.decision, kept.hold_until) == ("hold", date(2027, 3, 5))
    assert kept.decision_reason == "심의회 위원 부동의로 폐기하지 않고 보류 (박교수: 민원 소송 가능성)"
    dissent = AuditEvent.objects.get(action="record_disposal.dissent")
    assert dissent.data["dissent"] == "박교수: 민원 소송 가능성"
    assert audit_verify_chain().ok
