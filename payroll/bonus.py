"""The 지급대상기간 of a month's bonuses for 소득세법 §136 (kr-payroll-rules §2.5), read from the
year's finalised slips in two queries whatever the headcount.

The rule chosen (the reference's, for bonuses without a period of their own): the period runs
from the month after the person's previous bonus in the same year — or from January, or from the
month they were hired in if later — to the paying month, inclusive. Its earlier months' 과세 급여
and 소득세 come from the finalised slips (확정 or 지급) of every run of those months; a month without
a slip counts with nothing paid. A 상여 run, paid apart from the month's regular pay, counts the
paying month's finalised slips too (`paying_month_paid`): the month's regular pay is part of the
period and its tax was withheld already. A correction of a 상여 run recomputes that bonus as it
should have been: the period leaves out the bonus run itself and its finalised corrections
(`leave_out`), so what they paid and withheld is what the difference is taken against, not part
of the period."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Sum

from payroll.calculator import ItemRule, PersonPay, is_bonus
from payroll.engine import BonusPeriod
from payroll.models import LineKind, Payslip, PayslipLine, RunStatus

FINAL = (RunStatus.FINALISED, RunStatus.PAID)


def bonus_periods(
    month: datetime.date,
    persons: Sequence[PersonPay],
    items: Iterable[ItemRule],
    *,
    paying_month_paid: bool = False,
    leave_out: Iterable[int] = (),
) -> dict[int, BonusPeriod]:
    """Each person's §136 period for a bonus paid in `month` (whether or not they get one); with
    `paying_month_paid` (a 상여 run) the month's own finalised slips count as paid in the period,
    except those of the runs in `leave_out` (the bonus run a correction recomputes, and its
    corrections)."""
    left_out = list(leave_out)
    month = month.replace(day=1)
    people = [person.user_id for person in persons]
    codes = [item.code for item in items if is_bonus(item)]
    january = month.replace(month=1)
    earlier = {"month__gte": january, "run__status__in": FINAL, "user_id__in": people}
    earlier["month__lte" if paying_month_paid else "month__lt"] = month
    last_bonus: dict[int, datetime.date] = {}
    if codes:
        bonus_rows = (
            PayslipLine.objects.filter(
                kind=LineKind.EARNING,
                code__in=codes,
                amount__gt=0,
                slip__month__lt=month,  # the previous bonus: a month before this one
                **{f"slip__{k}": v for k, v in earlier.items() if not k.startswith("month__lt")},
            )
            .exclude(slip__run_id__in=left_out)
            .values_list("slip__user_id", "slip__month")
            .distinct()
        )
        for user_id, paid in bonus_rows:
            last_bonus[user_id] = max(paid, last_bonus.get(user_id, paid))
    paid_by_month: dict[int, list[tuple[datetime.date, int, int]]] = defaultdict(list)
    rows = (
        Payslip.objects.filter(**earlier)
        .exclude(run_id__in=left_out)
        .values("user_id", "month")
        .annotate(pay=Sum("taxable_amount"), tax=Sum("income_tax_amount"))
        .values_list("user_id", "month", "pay", "tax")
    )
    for user_id, paid, pay, tax in rows:
        paid_by_month[user_id].append((paid, pay or 0, tax or 0))
    periods = {}
    for person in persons:
        user_id = person.user_id
        previous = last_bonus.get(user_id)
        start = previous.replace(month=previous.month + 1) if previous else january
        start = min(max(start, person.hired_on.replace(day=1)), month)
        within = [(pay, tax) for paid, pay, tax in paid_by_month[user_id] if paid >= start]
        periods[user_id] = BonusPeriod(
            months=month.month - start.month + 1,
            earlier_pay=sum(pay for pay, _tax in within),
            earlier_tax=sum(tax for _pay, tax in within),
        )
    return periods
