"""검토: the run against last month's finalised regular run (a 상여 run: the previous 상여 run),
per person, with what needs a second look flagged: net pay changed by more than 20 %, no bank
account, a minimum wage warning, a new hire (no slip last month) or a leaver (leaves this month).
Three queries whatever the headcount."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Length

from payroll.inputs import month_end
from payroll.models import PayProfile, PayrollRun, Payslip, RunKind, RunStatus

NET_CHANGE_LIMIT = 20  # percent


@dataclass(frozen=True, slots=True)
class ReviewRow:
    slip_id: int
    user_id: int
    name: str
    department: str
    net: int
    previous_net: int | None
    flags: tuple[str, ...] = field(default=())

    @property
    def change(self) -> int | None:
        return None if self.previous_net is None else self.net - self.previous_net


def previous_run(run: PayrollRun) -> PayrollRun | None:
    """The last finalised run of an earlier month to compare with: the regular one, or for a 상여
    run the previous 상여 run (a bonus against a month's pay would flag everyone)."""
    kind = RunKind.BONUS if run.kind == RunKind.BONUS else RunKind.REGULAR
    return (
        PayrollRun.objects.filter(kind=kind, month__lt=run.month, status__in=(RunStatus.FINALISED, RunStatus.PAID))
        .order_by("-month")
        .first()
    )


def _flagged_only(slips: QuerySet[Payslip], before: PayrollRun | None, last_day: datetime.date) -> QuerySet[Payslip]:
    """The slips some flag of `review_rows` will name, chosen in SQL (the same rules, so a run of
    thousands sends only the few to look at): new, net changed by more than the limit, leaving,
    no account, a minimum wage warning."""
    previous = Payslip.objects.filter(run=before, user_id=OuterRef("user_id")).values("net_amount")[:1]
    slips = slips.annotate(
        previous_net=Subquery(previous) if before is not None else Value(None, output_field=BigIntegerField()),
        warnings_text=Cast("warnings", TextField()),
        account_length=Length("user__pay_profile__bank_account"),
    )
    # A superset of the flagged (a slip without a profile passes here and gets no flag below).
    flagged = (
        Q(user__retired_on__lte=last_day)
        | Q(account_length__isnull=True)
        | Q(account_length=0)
        | Q(warnings_text__contains="최저임금")
    )
    if before is not None:
        change = Func(F("net_amount") - F("previous_net"), function="ABS") * 100
        slips = slips.annotate(change=change)
        flagged |= Q(previous_net__isnull=True) | Q(previous_net__gt=0, change__gt=NET_CHANGE_LIMIT * F("previous_net"))
    return slips.filter(flagged)


def review_rows(run: PayrollRun, *, flagged_only: bool = False) -> list[ReviewRow]:
    """Every slip of the run with its flags, the flagged first; with `flagged_only`, only those
    with a flag (the run page), picked by the database."""
    before = previous_run(run)
    last_day = month_end(run.month)
    slips_query: QuerySet[Payslip] = (
        Payslip.objects.filter(run=run)
        .select_related("user")
        .only("pk", "user_id", "user__name", "user__retired_on", "department_name", "net_amount", "warnings")
    )
    if flagged_only:
        slips_query = _flagged_only(slips_query, before, last_day)
    slips = list(slips_query)
    # Three more queries whatever the run's size (the page's query count stays flat).
    people = [s.user_id for s in slips]
    previous = (
        dict(Payslip.objects.filter(run=before, user_id__in=people).values_list("user_id", "net_amount"))
        if before is not None
        else {}
    )
    no_account = set(
        # An encrypted column cannot be compared, but an empty one is stored empty: its length says.
        PayProfile.objects.filter(user_id__in=people)
        .annotate(account_length=Length("bank_account"))
        .filter(Q(bank_account__isnull=True) | Q(account_length=0))
        .values_list("user_id", flat=True)
    )
    rows = []
    for slip in slips:
        flags: list[str] = []
        before_net = previous.get(slip.user_id)
        if before is not None and before_net is None:
            flags.append("신규 (지난달 급여 없음)")
        if before_net and abs(slip.net_amount - before_net) * 100 > NET_CHANGE_LIMIT * before_net:
            flags.append(f"실지급액 {NET_CHANGE_LIMIT}% 넘게 변동")
        retired = slip.user.retired_on
        if retired is not None and retired <= last_day:
            flags.append("퇴직")
        if slip.user_id in no_account:
            flags.append("계좌 없음")
        if any("최저임금" in w for w in slip.warnings):
            flags.append("최저임금 미달")
        rows.append(
            ReviewRow(
                slip.pk, slip.user_id, slip.user.name, slip.department_name, slip.net_amount, before_net, tuple(flags)
            )
        )
    if flagged_only:
        rows = [row for row in rows if row.flags]
    rows.sort(key=lambda r: (not r.flags, r.department, r.name))
    return rows


def month_label(month: datetime.date) -> str:
    return f"{month.year}년 {month.month}월"
