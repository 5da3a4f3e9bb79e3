"""What org reports to province monitoring: 정원 and 현원 (by employment status and by grade),
and the people who joined and left this month.

현원 on a day counts the people with a 사번 (accounts without one are not staff) who were hired by
then and had not left: 재직 or 휴직 now, or 퇴직 on a later day. Whether someone was 휴직 on a past
day is not recorded, so past days read today's 휴직.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.kpis import PROVINCE_RATIO, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, percent
from org.models import EmploymentStatus, OrgSettings, User

STAFFING = _("인력")


def employed_on(on: date) -> QuerySet[User]:
    """The staff employed on `on` (see the module docstring)."""
    working = Q(employment_status__in=[EmploymentStatus.ACTIVE, EmploymentStatus.ON_LEAVE])
    left_later = Q(employment_status=EmploymentStatus.RETIRED, retired_on__gt=on)
    return User.objects.exclude(employee_number=None).filter(
        working | left_later, Q(hire_date__isnull=True) | Q(hire_date__lte=on)
    )


def figures(*, on: date) -> list[KpiFigure]:
    """Four queries: the counts, 현원 by grade, the month's comings and goings, the 정원."""
    month_start = KpiDay(on).month_start.date()
    employed = employed_on(on)
    counts = employed.aggregate(
        headcount=Count("pk"), on_leave=Count("pk", filter=Q(employment_status=EmploymentStatus.ON_LEAVE))
    )
    by_grade = tuple(
        (row["grade__name"] or str(_("직급 없음")), row["n"])
        for row in employed.values("grade__name", "grade__rank").annotate(n=Count("pk")).order_by("grade__rank")
    )
    moves = User.objects.exclude(employee_number=None).aggregate(
        hires=Count("pk", filter=Q(hire_date__gte=month_start, hire_date__lte=on)),
        leavers=Count(
            "pk",
            filter=Q(employment_status=EmploymentStatus.RETIRED, retired_on__gte=month_start, retired_on__lte=on),
        ),
    )
    headcount, on_leave = counts["headcount"], counts["on_leave"]
    result = [
        KpiFigure("org.headcount", headcount, breakdown=by_grade),
        KpiFigure("org.active", headcount - on_leave),
        KpiFigure("org.on_leave", on_leave),
        KpiFigure("org.hires_month", moves["hires"]),
        KpiFigure("org.leavers_month", moves["leavers"]),
    ]
    authorised = OrgSettings.current().authorised_headcount
    if authorised:
        result.append(KpiFigure("org.authorised", authorised))
        result.append(KpiFigure("org.staffing_rate", percent(headcount, authorised)))
    return result


SOURCE = KpiSource(
    kpis=(
        Kpi(
            "org.headcount",
            _("현원"),
            "명",
            group=STAFFING,
            description=_("사번이 있는 직원 중 그날 재직·휴직 중인 사람(직급별 내역)"),
            compare_to="org.authorised",
            card=20,
        ),
        Kpi(
            "org.authorised",
            _("정원"),
            "명",
            group=STAFFING,
            description=_("기관 관리 콘솔 › 기관 설정의 정원(입력한 기관만)"),
        ),
        Kpi(
            "org.staffing_rate",
            _("정원 대비 현원"),
            "%",
            group=STAFFING,
            decimals=1,
            description=_("현원 ÷ 정원 × 100. 100%를 넘으면 정원 초과"),
            province=PROVINCE_RATIO,
            ratio_of=("org.headcount", "org.authorised"),
            alert=KpiAlert("gt", 100),
        ),
        Kpi("org.active", _("재직"), "명", group=STAFFING, description=_("현원 중 휴직하지 않은 사람")),
        Kpi("org.on_leave", _("휴직"), "명", group=STAFFING, description=_("현원 중 휴직 중인 사람")),
        Kpi("org.hires_month", _("이번 달 신규 채용"), "명", group=STAFFING, description=_("입사일이 이번 달인 직원")),
        Kpi("org.leavers_month", _("이번 달 퇴직"), "명", group=STAFFING, description=_("퇴직일이 이번 달인 직원")),
    ),
    figures=figures,
)
