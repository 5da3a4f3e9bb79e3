"""Payroll's seams with attendance and the books: a closed month's overtime reaches the next
month's slip (정기 급여 is paid on the 20th, 시간외 a month later), an open month is refused naming
its departments, an HR-closed month is accepted, and an approved run posts one balanced entry."""

from __future__ import annotations

import datetime
from datetime import date, time
from decimal import Decimal
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from attendance.calendar import working_days
from attendance.close import open_departments
from attendance.models import ClockRecord, DepartmentConfirmation, MonthClose, Overtime
from budget.models import JournalEntry, JournalLine
from org.models import User
from payroll.books import run_journal_post
from payroll.calculator import AttendanceInputs
from payroll.engine import OvertimeHours
from payroll.inputs import attendance_inputs
from payroll.models import PayItem, PayrollRun, Payslip, PayslipLine, RunStatus
from payroll.services import PayrollError, payroll_run_calculate_now, payroll_run_create, payroll_run_enqueue
from payroll.tasks import run_chunk
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
APRIL = datetime.date(2026, 4, 1)
MAY = datetime.date(2026, 5, 1)


def at(day: date, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, time(hh, mm), SEOUL)


@pytest.fixture
def people(in_alpha):
    grade = pay_structure()
    PayItem.objects.create(code="overtime", name="시간외근무수당", computation="overtime", budget_code="101-04")
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    profile_for(staff, grade, step=5)  # 3,000,000원 봉급; 10호봉 3,500,000원
    profile_for(peer, grade, step=7)
    officer = UserFactory(username="payclerk", roles=["staff", "payroll_officer"])
    return {"staff": staff, "peer": peer, "officer": officer}


def close_march(*people: User) -> None:
    """Everyone clocked 09:00–18:00 every working day of March 2026 and every department's head
    confirmed the month (nothing left open)."""
    for person in people:
        for day in working_days(date(2026, 3, 1), date(2026, 3, 31)).days:
            ClockRecord.objects.create(person=person, day=day, kind="in", at=at(day, 8, 55))
            ClockRecord.objects.create(person=person, day=day, kind="out", at=at(day, 18, 5))
    for department_id in open_departments(2026, 3):
        DepartmentConfirmation.objects.create(year=2026, month=3, department_id=department_id, confirmed_by=people[0])


def overtime(person: User, day: date, start: int, end: int) -> None:
    Overtime.objects.create(
        person=person, day=day, starts_at=at(day, start), ends_at=at(day, end), reason="결산", status="approved"
    )


@pytest.fixture
def march_overtime(people):
    staff = people["staff"]
    close_march(staff, people["peer"])
    # Wed 3/18 18:00–21:00 approved, clocked out 21:30 → 3 h 연장 (none at night)
    overtime(staff, date(2026, 3, 18), 18, 21)
    ClockRecord.objects.filter(person=staff, day=date(2026, 3, 18), kind="out").update(at=at(date(2026, 3, 18), 21, 30))
    # Sat 3/21 09:00–19:00 approved and clocked → 휴일 10 h: 8 h ×1.5 and 2 h ×2.0
    overtime(staff, date(2026, 3, 21), 9, 19)
    ClockRecord.objects.create(person=staff, day=date(2026, 3, 21), kind="in", at=at(date(2026, 3, 21), 9))
    ClockRecord.objects.create(person=staff, day=date(2026, 3, 21), kind="out", at=at(date(2026, 3, 21), 19))
    return people


def test_the_closed_months_overtime_reaches_the_slip(march_overtime):
    staff, peer = march_overtime["staff"], march_overtime["peer"]
    inputs = attendance_inputs(2026, 3)
    assert inputs == {
        staff.pk: AttendanceInputs(
            overtime=OvertimeHours(extended=Decimal("3.00"), night=Decimal("0.00"), holiday_days=(Decimal("10.00"),))
        )
    }
    assert peer.pk not in inputs  # no overtime: no inputs, the calculator's zero
    assert attendance_inputs(2026, 4) == {}  # a month without approved overtime: one query, nothing
    # April's 정기 급여 pays March's 시간외
    run = payroll_run_calculate_now(
        actor=march_overtime["officer"], run=payroll_run_create(actor=march_overtime["officer"], month=APRIL)
    )
    line = PayslipLine.objects.get(slip__run=run, slip__user=staff, code="overtime")
    # §56: 3,000,000 ÷ 209 × (3 × 1.5 + 8 × 1.5 + 2 × 2.0 = 20.5) = 294,258.37 → 294,258원, more than
    # the 공무원 model's 13 h × 13,815원 (3,500,000 × 55 % ÷ 209 × 1.5) = 179,590원
    assert (line.amount, line.budget_code) == (294_258, "101-04")
    assert not PayslipLine.objects.filter(slip__run=run, slip__user=peer, code="overtime").exists()


def test_holiday_hours_over_several_days_keep_their_weights(people):
    staff = people["staff"]
    close_march(staff)
    # two Saturdays of 6 h: 12 h ≤ 8 a day (none beyond) → days of 8 and 4 h, all ×1.5
    for day in (date(2026, 3, 14), date(2026, 3, 21)):
        overtime(staff, day, 9, 15)
        ClockRecord.objects.create(person=staff, day=day, kind="in", at=at(day, 9))
        ClockRecord.objects.create(person=staff, day=day, kind="out", at=at(day, 15))
    hours = attendance_inputs(2026, 3)[staff.pk].overtime
    assert hours.holiday_days == (Decimal(8), Decimal("4.00"))


def test_an_open_month_is_refused_naming_its_departments(people, django_capture_on_commit_callbacks):
    officer = people["officer"]
    run = payroll_run_create(actor=officer, month=MAY)  # pays April's 시간외: nobody clocked in April
    with pytest.raises(PayrollError) as refused:
        payroll_run_enqueue(actor=officer, run=run)
    assert str(refused.value) == (
        "2026년 4월 복무가 마감되지 않아 5월 급여를 계산할 수 없습니다. 마감되지 않은 부서: 경영지원부"
    )
    run.refresh_from_db()
    assert (run.status, run.total_count) == (RunStatus.PREPARED, 0)
    assert not Payslip.objects.exists()
    # March has nothing left open: April's run goes ahead
    close_march(people["staff"], people["peer"])
    april = payroll_run_create(actor=officer, month=APRIL)
    with django_capture_on_commit_callbacks(execute=True), patch.object(run_chunk, "delay") as delay:
        assert payroll_run_enqueue(actor=officer, run=april) == 1
    assert delay.call_count == 1


def test_a_month_hr_closed_is_accepted_whatever_it_held(people, django_capture_on_commit_callbacks):
    """인사 담당's 월 복무 마감 settles the month: its absences are decided, so payroll goes ahead."""
    officer = people["officer"]
    MonthClose.objects.create(year=2026, month=4, closed_by=officer)  # April closed with nobody clocked
    run = payroll_run_create(actor=officer, month=MAY)
    with django_capture_on_commit_callbacks(execute=True), patch.object(run_chunk, "delay"):
        assert payroll_run_enqueue(actor=officer, run=run) == 1
    run.refresh_from_db()
    assert run.status != RunStatus.PREPARED


def test_the_refusal_shows_on_the_run_page(people, alpha, client_for):
    from tests.support import login

    run = payroll_run_create(actor=people["officer"], month=MAY)
    client = client_for(alpha)
    login(client, "payclerk")
    page = client.post(f"/payroll/runs/{run.pk}/calculate/", follow=True).content.decode()
    assert "마감되지 않은 부서: 경영지원부" in page
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED


def test_an_approved_run_posts_one_balanced_entry(march_overtime):
    officer = march_overtime["officer"]
    run = payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=APRIL))
    PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
    totals = Payslip.objects.filter(run=run).aggregate(
        gross=Sum("gross_amount"), deductions=Sum("total_deduction_amount"), net=Sum("net_amount")
    )
    employer = sum(PayslipLine.objects.filter(slip__run=run, kind="employer").values_list("amount", flat=True))
    slips = Payslip.objects.filter(run=run)
    assert employer == sum(
        s.employer_national_pension_amount
        + s.employer_health_insurance_amount
        + s.employer_long_term_care_amount
        + s.employer_employment_insurance_amount
        + s.employer_employment_stability_amount
        + s.employer_industrial_accident_amount
        for s in slips
    )
    entry = run_journal_post(run=run, actor=officer, on=date(2026, 4, 20))
    lines = JournalLine.objects.filter(entry=entry).select_related("account")
    debit = {a: sum(x.debit for x in lines if x.account.name == a) for a in {x.account.name for x in lines}}
    credit = {a: sum(x.credit for x in lines if x.account.name == a) for a in {x.account.name for x in lines}}
    # 기본급·정액급식비·시간외 (101-01, 101-04) book to 급여; the employer share to 법정부담금
    assert debit["급여"] == totals["gross"]
    assert debit["법정부담금"] == employer > 0
    assert credit["예수금"] == totals["deductions"]
    assert credit["미지급금"] == totals["net"] + employer
    assert sum(x.debit for x in lines) == sum(x.credit for x in lines) == totals["gross"] + employer
    assert {x.memo for x in lines if x.account.name == "예수금"} >= {"예수금: 소득세", "예수금: 노조비"}
    assert (entry.entry_date, entry.memo) == (date(2026, 4, 20), "2026년 4월 정기 급여")
    # posted again (a redelivered decision): the same entry, nothing new
    assert run_journal_post(run=run, actor=officer, on=date(2026, 4, 21)).pk == entry.pk
    assert JournalEntry.objects.count() == 1
