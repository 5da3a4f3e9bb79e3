"""내 급여 and the runs pages: staff see only their own finalised slips, the 급여 담당 and auditors
see everyone's, nobody else sees any; a run is calculated once however often a chunk arrives."""

from __future__ import annotations

import datetime
from unittest.mock import patch

import pytest

from audit.models import AuditEvent
from org import roles
from org.models import User
from payroll.models import PayrollRun, Payslip, PayslipLine, RunStatus
from payroll.services import (
    pay_profile_reveal,
    payroll_run_calculate_now,
    payroll_run_chunk,
    payroll_run_create,
    payroll_run_start,
)
from payroll.tasks import run_chunk
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF, login

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def people(in_alpha):
    grade = pay_structure()
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    profile_for(staff, grade, step=5)
    profile_for(peer, grade, step=7)
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    auditor = UserFactory(username="inspector", roles=[roles.STAFF, roles.AUDITOR])
    return {"staff": staff, "peer": peer, "officer": officer, "auditor": auditor}


def _finalised_run(officer: User, month: datetime.date = MARCH) -> PayrollRun:
    run = payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=month))
    assert run.status == RunStatus.REVIEW
    PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
    return run


def test_a_run_calculates_everyone_with_profiles_by_hand(people):
    run = payroll_run_calculate_now(
        actor=people["officer"], run=payroll_run_create(actor=people["officer"], month=MARCH)
    )
    assert (run.total_count, run.done_count) == (2, 2)
    slip = Payslip.objects.get(run=run, user=people["staff"])
    # 6급 5호봉 = 3,000,000 + 식대 140,000 (비과세); declared bases 3,000,000; family 2
    assert (slip.gross_amount, slip.taxable_amount, slip.non_taxable_amount) == (3_140_000, 3_000_000, 140_000)
    assert slip.national_pension_amount == 142_500
    assert slip.health_insurance_amount == 107_850
    assert slip.long_term_care_amount == 14_170
    assert slip.employment_insurance_amount == 27_000
    assert slip.other_deduction_amount == 15_000
    assert slip.net_amount == slip.gross_amount - slip.total_deduction_amount
    codes = set(PayslipLine.objects.filter(slip=slip).values_list("kind", "code"))
    assert {
        ("earning", "base"),
        ("earning", "meal"),
        ("deduction", "income_tax"),
        ("employer", "national_pension"),
    } <= codes
    assert AuditEvent.objects.filter(action="payroll_run.calculate").exists()


def test_a_chunk_delivered_twice_writes_its_slips_once(people):
    officer = people["officer"]
    run = payroll_run_create(actor=officer, month=MARCH)
    (chunk,) = payroll_run_start(actor=officer, run=run)
    assert payroll_run_chunk(run_id=run.pk, user_ids=chunk) == 2
    assert payroll_run_chunk(run_id=run.pk, user_ids=chunk) == 0
    run.refresh_from_db()
    assert (run.done_count, Payslip.objects.filter(run=run).count()) == (2, 2)
    # restarting after a crash resumes from what is written: nothing is left to send
    assert payroll_run_start(actor=officer, run=run) == []
    run.refresh_from_db()
    assert run.done_count == 2


def test_only_one_regular_run_a_month(people):
    payroll_run_create(actor=people["officer"], month=MARCH)
    with pytest.raises(Exception, match="이미 작성"):
        payroll_run_create(actor=people["officer"], month=MARCH)


def test_staff_see_only_their_own_finalised_slips(people, alpha, client_for):
    run = _finalised_run(people["officer"])
    own = Payslip.objects.get(run=run, user=people["staff"])
    other = Payslip.objects.get(run=run, user=people["peer"])
    client = client_for(alpha)
    assert login(client, STAFF).status_code == 302
    page = client.get("/payroll/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026년 3월" in html
    assert "3,140,000원" in html
    detail = client.get(f"/payroll/slips/{own.pk}/").content.decode()
    assert "국민연금" in detail
    assert "142,500원" in detail
    assert "기관 부담금" not in detail
    assert client.get(f"/payroll/slips/{other.pk}/").status_code == 404
    assert client.get("/payroll/runs/").status_code == 302  # back to 내 급여
    assert client.get(f"/payroll/runs/{run.pk}/").status_code == 404


def test_a_slip_of_a_run_not_finalised_is_hidden_from_its_owner(people, alpha, client_for):
    run = payroll_run_calculate_now(
        actor=people["officer"], run=payroll_run_create(actor=people["officer"], month=MARCH)
    )
    own = Payslip.objects.get(run=run, user=people["staff"])
    client = client_for(alpha)
    login(client, STAFF)
    assert client.get(f"/payroll/slips/{own.pk}/").status_code == 404
    assert "아직 확정된 급여명세서가 없습니다" in client.get("/payroll/").content.decode()


@pytest.mark.parametrize("who", ["officer", "auditor"])
def test_payroll_officer_and_auditor_see_every_slip(people, alpha, client_for, who):
    run = _finalised_run(people["officer"])
    other = Payslip.objects.get(run=run, user=people["peer"])
    client = client_for(alpha)
    login(client, people[who].username)
    assert client.get("/payroll/runs/").status_code == 200
    detail = client.get(f"/payroll/slips/{other.pk}/").content.decode()
    assert "기관 부담금" in detail
    page = client.get(f"/payroll/runs/{run.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="insurance-summary"' in html
    assert "285,000원" in html  # 국민연금, each side: 2 × 142,500 on declared bases of 3,000,000


def test_only_the_officer_creates_and_calculates(people, alpha, client_for, django_capture_on_commit_callbacks):
    auditor = client_for(alpha)
    login(auditor, "inspector")
    auditor.post("/payroll/runs/", {"month": "2026-04"})
    assert not PayrollRun.objects.exists()
    officer = client_for(alpha)
    login(officer, "payclerk")
    bad = officer.post("/payroll/runs/", {"month": "2026-13"})
    assert bad.status_code == 422
    assert "귀속 월을" in bad.content.decode()
    unknown = officer.post("/payroll/runs/", {"month": "2027-01"})
    assert unknown.status_code == 422
    assert "2027년 1월에 적용할 4대보험 요율이 등록되어 있지 않습니다" in unknown.content.decode()
    assert not PayrollRun.objects.exists()
    created = officer.post("/payroll/runs/", {"month": "2026-04"})
    run = PayrollRun.objects.get()
    assert created.status_code == 302
    assert auditor.post(f"/payroll/runs/{run.pk}/calculate/").status_code == 403
    with (
        django_capture_on_commit_callbacks(execute=True) as sent,
        patch.object(run_chunk, "delay") as delay,
        patch("payroll.services.attendance_open_refuse"),  # the close is tested in test_attendance_and_books
    ):
        assert officer.post(f"/payroll/runs/{run.pk}/calculate/").status_code == 302
    assert len(sent) == 1
    ((run_id, chunk), _kwargs) = delay.call_args
    run.refresh_from_db()
    assert (run.status, run.done_count, run.total_count) == (RunStatus.CALCULATING, 0, 2)
    progress = officer.get(f"/payroll/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'id="run-progress"' in progress
    assert 'hx-trigger="every 1s"' in progress
    assert "<html" not in progress
    run_chunk(run_id, chunk)  # what the worker does with the message
    run.refresh_from_db()
    assert (run.status, run.done_count) == (RunStatus.REVIEW, 2)
    assert "hx-trigger" not in officer.get(f"/payroll/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()


def test_revealing_personal_data_is_an_audit_event(people):
    profile = people["staff"].pay_profile
    assert profile.masked_rrn == "900101-1******"
    assert profile.masked_account == "***-****-**78-91"
    values = pay_profile_reveal(actor=people["officer"], profile=profile)
    assert values == {"rrn": "900101-1234567", "bank_account": "302-1234-5678-91"}
    event = AuditEvent.objects.get(action="pay_profile.reveal")
    assert event.data["user_id"] == people["staff"].pk


def test_a_crashed_run_resumes_with_the_people_left(people):
    officer = people["officer"]
    run = payroll_run_create(actor=officer, month=MARCH)
    (chunk,) = payroll_run_start(actor=officer, run=run)
    payroll_run_chunk(run_id=run.pk, user_ids=chunk[:1])  # the worker died after one person
    assert payroll_run_start(actor=officer, run=run) == [chunk[1:]]
    run.refresh_from_db()
    assert (run.status, run.done_count, run.total_count) == (RunStatus.CALCULATING, 1, 2)
    payroll_run_chunk(run_id=run.pk, user_ids=chunk)  # the redelivered whole chunk: harmless
    assert Payslip.objects.filter(run=run).count() == 2
    run.refresh_from_db()
    assert run.done_count == 2


def test_own_payslip_pdf_and_the_register_for_the_officer(people, alpha, client_for):
    run = _finalised_run(people["officer"])
    own = Payslip.objects.get(run=run, user=people["staff"])
    other = Payslip.objects.get(run=run, user=people["peer"])
    staff = client_for(alpha)
    login(staff, STAFF)
    pdf = staff.get(f"/payroll/slips/{own.pk}/?format=pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert staff.get(f"/payroll/slips/{other.pk}/?format=pdf").status_code == 404
    assert staff.get(f"/payroll/runs/{run.pk}/register.xlsx").status_code == 404
    officer = client_for(alpha)
    login(officer, "payclerk")
    register = officer.get(f"/payroll/runs/{run.pk}/register.xlsx")
    assert register.status_code == 200
    assert register.content.startswith(b"PK")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(register.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header_row = next(i for i, row in enumerate(values) if row[0] == "성명")
    body = values[header_row + 1 :]
    assert len(body) == 2
    assert {row[5] for row in body} == {3_140_000, 3_340_000}
