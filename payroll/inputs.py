"""What the calculator reads, fetched in bulk (a fixed number of queries whatever the headcount)
and turned into the calculator's plain dataclasses."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from org.models import Grade, User
from payroll.calculator import AttendanceInputs, ItemRule, PersonPay
from payroll.engine import EmployerSettings, OvertimeHours
from payroll.models import InsuranceBase, PayItem, PayProfile, PayrollSettings, PayStep, PayTable, ProfileItem

EIGHT = Decimal(8)  # 휴일 hours a day paid ×1.5 (beyond: ×2.0)
MODEL_STEP = 10  # the 공무원 model's 시간외 rate is based on the grade's 10호봉 봉급


def eighth_grade_or_below(grade_name: str) -> bool:
    """8급 and below use 60 % of the 10호봉 봉급 in the 시간외 model (the others 55 %): read from the
    grade's name ("8급", "9급"), since org.Grade.rank is only an order."""
    digits = "".join(ch for ch in grade_name.split("급")[0] if ch.isdigit())
    return bool(digits) and grade_name.endswith("급") and int(digits) >= 8


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def employer_settings() -> EmployerSettings:
    row = PayrollSettings.current()
    return EmployerSettings(
        size_band=row.size_band,
        accident_rate=row.accident_rate,
        pension_rounding="won" if row.pension_rounding == "won" else "floor10",
        care_method="income" if row.care_method == "income" else "premium",
    )


def item_rules() -> list[ItemRule]:
    return [
        ItemRule(
            code=item.code,
            name=item.name,
            kind=item.kind,
            computation=item.computation,
            non_taxable=item.non_taxable,
            is_ordinary_wage=item.is_ordinary_wage,
            amount=item.amount,
            percent=item.percent,
            budget_code=item.budget_code,
            paid_as_bonus=item.paid_as_bonus,
        )
        for item in PayItem.objects.filter(is_active=True).order_by("kind", "order", "code")
    ]


def table_for(month: datetime.date) -> PayTable | None:
    """The pay table in force on the month's first day (a table dated mid-month applies from the
    next month: 봉급 changes take effect on the 1st)."""
    return PayTable.objects.filter(effective_from__lte=month).order_by("-effective_from").first()


def table_amounts(table: PayTable | None) -> dict[tuple[int, int], int]:
    if table is None:
        return {}
    return {
        (grade, step): amount for grade, step, amount in table.cells.values_list("grade_id", "pay_step", "base_amount")
    }


def employed_in(month: datetime.date) -> Q:
    """Staff employed on at least one day of the month (by org's hire and retirement dates)."""
    return Q(hire_date__lte=month_end(month)) & (Q(retired_on__isnull=True) | Q(retired_on__gte=month))


def attendance_inputs(year: int, month: int) -> dict[int, AttendanceInputs]:
    """The month's attendance inputs per user id, read from the attendance close
    (`attendance.close.payroll_inputs`: the only place payroll imports attendance).

    The close reports 휴일 hours as two totals (a day's first 8 h, and beyond); the calculator
    weighs them per day (×1.5 up to 8 h, ×2.0 beyond), so the first total is cut into days of 8 h
    and the hours beyond 8 are added to the first of them (a day with hours beyond 8 had its full
    8): the weights and the hours counted stay the same. Unpaid leave and absence days are not
    passed on: the calculator's 일할 계산 is by hire and leaving dates only."""
    from attendance.close import has_paid_overtime, payroll_inputs

    result: dict[int, AttendanceInputs] = {}
    if not has_paid_overtime(year, month):
        return result  # one query instead of the month's clocks for everyone (each chunk asks)
    for row in payroll_inputs(year, month):
        days: list[Decimal] = []
        left = row.holiday_hours
        while left > 0:
            days.append(min(left, EIGHT))
            left -= days[-1]
        if row.holiday_over_8_hours:
            days = [(days[0] if days else EIGHT) + row.holiday_over_8_hours, *days[1:]]
        if row.extended_hours or row.night_hours or days:
            result[row.person_id] = AttendanceInputs(
                overtime=OvertimeHours(extended=row.extended_hours, night=row.night_hours, holiday_days=tuple(days))
            )
    return result


def people_for(month: datetime.date, user_ids: Iterable[int] | None = None) -> list[PersonPay]:
    """Every pay profile's person employed in the month (or only `user_ids`), as PersonPay.

    Grade and 호봉: the step record in force on the month's first day (승급 is dated the 1st; a
    change dated later in the month applies from the next month). A person with no step record
    or no pay table amount for it is left out (the run lists them as not calculable)."""
    table = table_for(month)
    amounts = table_amounts(table)
    profiles = (
        PayProfile.objects.filter(user__in=User.objects.filter(employed_in(month)))
        .select_related("user")
        .defer("rrn", "bank_account")
    )
    if user_ids is not None:
        profiles = profiles.filter(user_id__in=list(user_ids))
    profiles_by_id = {p.pk: p for p in profiles}
    ids = list(profiles_by_id)
    steps: dict[int, PayStep] = {}
    for step in PayStep.objects.filter(profile_id__in=ids, effective_from__lte=month).order_by(
        "profile_id", "effective_from"
    ):
        steps[step.profile_id] = step  # the last one not after the month wins
    bases = {b.profile_id: b for b in InsuranceBase.objects.filter(profile_id__in=ids, year=month.year)}
    own: dict[int, dict[str, int]] = defaultdict(dict)
    for profile_id, code, amount in ProfileItem.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "item__code", "amount"
    ):
        own[profile_id][code] = amount
    grades = {pk: (name, rank) for pk, name, rank in Grade.objects.values_list("pk", "name", "rank")}
    people = []
    for profile_id, profile in profiles_by_id.items():
        found = steps.get(profile_id)
        if found is None or (found.grade_id, found.pay_step) not in amounts:
            continue
        step = found
        user = profile.user
        base = bases.get(profile_id)
        people.append(
            PersonPay(
                user_id=user.pk,
                month=month,
                hired_on=user.hire_date or month,
                left_on=user.retired_on,
                grade_name=grades.get(step.grade_id, ("", 0))[0],
                pay_step=step.pay_step,
                base_pay=amounts[(step.grade_id, step.pay_step)],
                step10_base_pay=amounts.get((step.grade_id, MODEL_STEP)),
                grade_eight_or_below=eighth_grade_or_below(grades.get(step.grade_id, ("", 0))[0]),
                family=profile.family,
                children_8_20=profile.children_8_20,
                spouse=profile.spouse,
                children=profile.children,
                other_dependants=profile.other_dependants,
                ratio=profile.withholding_ratio,
                employment_insured=profile.employment_insured,
                pension_base=base.pension_base_amount if base else None,
                health_base=base.health_base_amount if base else None,
                personal_amounts=own.get(profile_id, {}),
            )
        )
    people.sort(key=lambda p: p.user_id)
    return people
