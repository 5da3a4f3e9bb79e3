"""평가·폐기 through the pages: the 기록관 lists an expired file, the 처리과 gives its opinion on
the review's page, the 기록관 submits the 심사 with the committee, the 심의회 approves, and the 폐기
확인서 PDF lists what was destroyed. The 처리과 cannot start a review or submit one; bad input
comes back in Korean with nothing changed; legal holds are placed and released on their page."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from approval.models import Document
from approval.services import document_approve
from records.models import Disposal, DisposalStatus, FileStatus, LegalHold
from records.services import arrangement_close
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
IN_2020 = datetime(2020, 3, 5, 10, 0, tzinfo=KST)
COMMITTEE = "김위원 / 알파개발공사 / 내부\n이위원 / 알파개발공사 / 내부\n박교수 / 한국기록대학교 / 외부"


@pytest.fixture
def expired_file(org):
    record = record_of(completed(org, title="2020년 사무용품 구매", now=IN_2020))
    arrangement_close(actor=org.lead, department=org.team, year=2020, now=datetime(2021, 2, 10, tzinfo=KST))
    record.record_file.refresh_from_db()
    return record.record_file


def test_the_three_steps_through_the_pages_and_the_certificate(org, expired_file, alpha, client_for):
    archivist = UserFactory(
        username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"]
    )
    records_task = unit_task(department=org.root, name="기록물관리", retention_period="permanent")
    manager = client_for(alpha)
    login(manager, archivist.username)
    staff = client_for(alpha)
    login(staff, org.drafter.username)

    page = manager.get("/records/disposals/").content.decode()
    assert expired_file.number in page
    assert staff.post("/records/disposals/", {"record_files": [expired_file.pk]}).status_code == 403
    response = manager.post("/records/disposals/", {"record_files": [expired_file.pk], "title": "2026년 평가"})
    disposal = Disposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/records/disposals/{disposal.pk}/"
    item = disposal.items.get()

    # Step 2 on the page, by the 처리과.
    refused = staff.post(
        f"/records/disposals/{disposal.pk}/", {"action": "opinion", "item": item.pk, "opinion": "reset"}
    )
    assert refused.status_code == 422
    assert "폐기가 아닌 의견에는 사유를 적어야 합니다." in refused.content.decode()
    staff.post(f"/records/disposals/{disposal.pk}/", {"action": "opinion", "item": item.pk, "opinion": "dispose"})
    item.refresh_from_db()
    assert (item.opinion, item.opinion_by) == ("dispose", org.drafter)

    # Step 3: the 처리과 cannot submit; a committee without outside members is refused.
    form = {"action": "submit", f"decision_{item.pk}": "dispose", "unit_task": records_task.pk}
    assert staff.post(f"/records/disposals/{disposal.pk}/", {**form, "committee": COMMITTEE}).status_code == 403
    inside_only = COMMITTEE.replace("외부", "내부")
    refused = manager.post(f"/records/disposals/{disposal.pk}/", {**form, "committee": inside_only})
    assert refused.status_code == 422
    assert "외부 위원이 1명 이상" in refused.content.decode()
    manager.post(f"/records/disposals/{disposal.pk}/", {**form, "committee": COMMITTEE})
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.COMMITTEE
    assert manager.get(f"/records/disposals/{disposal.pk}/certificate/").status_code == 404  # not decided yet

    # Each member's signed 심의서, recorded by the 간사 on the page; the 처리과 cannot.
    today = timezone.localdate().isoformat()
    signature = {"action": "sign", f"vote_{item.pk}": "agree", "signed_on": today}
    assert staff.post(f"/records/disposals/{disposal.pk}/", {**signature, "member": "1"}).status_code == 403
    refused = manager.post(
        f"/records/disposals/{disposal.pk}/", {**signature, "member": "3", f"vote_{item.pk}": "disagree"}
    )
    assert refused.status_code == 422
    assert "부동의에는 의견(사유)을 적어야 합니다." in refused.content.decode()
    for member in ("1", "2", "3"):
        assert manager.post(f"/records/disposals/{disposal.pk}/", {**signature, "member": member}).status_code == 302
    assert "서명 전" not in manager.get(f"/records/disposals/{disposal.pk}/").content.decode()

    document_approve(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo)
    expired_file.refresh_from_db()
    assert expired_file.status == FileStatus.DISPOSED
    detail = manager.get(f"/records/disposals/{disposal.pk}/").content.decode()
    assert "폐기 확인서(PDF)" in detail
    response = manager.get(f"/records/disposals/{disposal.pk}/certificate/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "기록물 폐기 확인서" in text
    assert "2020년 사무용품 구매" in text
    assert "박교수" in text
    assert "기록물평가심의회 위원 서명" in text  # each member's 동의 on the certificate
    assert text.count("동의") >= 3
    # The 처리과 sees its own file's review; another department sees none of it.
    assert staff.get(f"/records/disposals/{disposal.pk}/").status_code == 200
    other = client_for(alpha)
    login(other, org.accountant.username)
    assert other.get(f"/records/disposals/{disposal.pk}/").status_code == 404


def test_legal_holds_are_placed_and_released_on_their_page(org, expired_file, alpha, client_for):
    archivist = UserFactory(
        username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"]
    )
    manager = client_for(alpha)
    login(manager, archivist.username)
    refused = manager.post("/records/holds/", {"record_file": expired_file.pk, "reason": "litigation", "note": ""})
    assert refused.status_code == 422
    assert "근거(사건번호" in refused.content.decode()
    assert not LegalHold.objects.exists()
    manager.post("/records/holds/", {"record_file": expired_file.pk, "reason": "litigation", "note": "2026가합1234"})
    hold = LegalHold.objects.get()
    page = manager.get("/records/disposals/").content.decode()
    assert "법적 보존 요청으로 평가에서 제외된 기록물철" in page
    refused = manager.post("/records/disposals/", {"record_files": [expired_file.pk]})
    assert refused.status_code == 422
    assert "법적 보존 요청 중인 기록물철은 폐기 대상으로 선택할 수 없습니다" in refused.content.decode()
    manager.post("/records/holds/", {"action": "release", "hold": hold.pk})
    hold.refresh_from_db()
    assert hold.released_by == archivist
    staff = client_for(alpha)
    login(staff, org.drafter.username)
    assert staff.get("/records/holds/").status_code == 403
