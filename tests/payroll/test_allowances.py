"""Pay items that are pure arithmetic (kr-payroll-rules §3, §7 E14–E16), hand-worked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from payroll.engine.allowances import (
    ModelOvertimeDay,
    OvertimeHours,
    family_allowance,
    holiday_bonus,
    holiday_bonus_eligible,
    long_service_allowance,
    long_service_bonus,
    model_overtime_hourly,
    model_overtime_hours,
    model_overtime_pay,
    ordinary_hourly,
    overtime_pay,
    pro_rata,
    statutory_overtime_pay,
    years_of_service,
)

D = datetime.date


class TestOrdinaryWage:
    def test_209_hours(self):
        assert ordinary_hourly(3_135_000) == 15_000
        assert ordinary_hourly(2_156_880) == 10_320  # the 2026 minimum wage × 209
        assert ordinary_hourly(3_000_000) == Fraction(3_000_000, 209)  # exact, never a float

    def test_one_day_of_ordinary_wage_gives_e16_annual_leave_pay(self):
        # 연차수당 for 5 unused days at 통상시급 15,000: 5 × (15,000 × 8) = 600,000
        assert 5 * ordinary_hourly(3_135_000) * 8 == 600_000


class TestOvertime:
    def test_e14_statutory_premiums(self):
        hours = OvertimeHours(extended=10, night=2, holiday_days=(10,))
        # 10 × 15,000 × 1.5 + 2 × 15,000 × 0.5 + (8 × 1.5 + 2 × 2.0) × 15,000
        assert statutory_overtime_pay(3_135_000, hours) == 225_000 + 15_000 + 240_000 == 480_000

    def test_holiday_premium_is_per_day(self):
        # two holidays of 6 h each: no hour is beyond 8 in a day, so all at 1.5
        assert statutory_overtime_pay(3_135_000, OvertimeHours(holiday_days=(6, 6))) == 12 * 15_000 * 3 // 2

    def test_half_hours_and_cut_below_the_won(self):
        # 3,000,000 / 209 × 1.5 × 1.5 h = 32,296.65… → 32,296
        assert statutory_overtime_pay(3_000_000, OvertimeHours(extended=Decimal("1.5"))) == 32_296

    def test_e15_model_rate_and_hours(self):
        hourly = model_overtime_hourly(2_800_000, grade_eight_or_below=False)
        assert hourly == 11_052
        days = [ModelOvertimeDay(3, rest_day=False)] * 3 + [ModelOvertimeDay(5, rest_day=True)]
        assert model_overtime_hours(days) == 11
        assert model_overtime_pay(hourly, days) == 121_570

    def test_model_rate_for_grade_eight_and_below_uses_60_percent(self):
        # 2,800,000 × 60 % / 209 × 1.5 = 12,057.4… → 12,057
        assert model_overtime_hourly(2_800_000, grade_eight_or_below=True) == 12_057

    def test_model_caps_four_hours_a_working_day_and_57_a_month(self):
        assert model_overtime_hours([ModelOvertimeDay(7, rest_day=False)]) == 4  # 7 − 1 = 6 → 4
        assert model_overtime_hours([ModelOvertimeDay(1, rest_day=False)]) == 0
        assert model_overtime_hours([ModelOvertimeDay(4, rest_day=True)] * 20) == 57

    def test_the_statute_is_the_floor(self):
        # E15's hours at a 통상시급 of 15,000: the §56 amount (11 h × 1.5 is at least) beats the model
        statutory = statutory_overtime_pay(3_135_000, OvertimeHours(extended=9, holiday_days=(5,)))
        assert statutory == 9 * 22_500 + 5 * 22_500 == 315_000
        assert overtime_pay(model_amount=121_570, statutory_amount=statutory) == 315_000
        assert overtime_pay(model_amount=400_000, statutory_amount=statutory) == 400_000


class TestSeniority:
    def test_years_of_service(self):
        assert years_of_service(D(2020, 7, 2), D(2026, 7, 1)) == 5
        assert years_of_service(D(2020, 7, 1), D(2026, 7, 1)) == 6
        assert years_of_service(D(2026, 3, 1), D(2026, 7, 1)) == 0

    @pytest.mark.parametrize(
        ("years", "expected"), [(0, 0), (1, 140_000), (2, 280_000), (5, 700_000), (10, 1_400_000), (25, 1_400_000)]
    )
    def test_long_service_allowance_in_january_and_july(self, years, expected):
        assert long_service_allowance(2_800_000, years, 1) == expected
        assert long_service_allowance(2_800_000, years, 7) == expected
        assert long_service_allowance(2_800_000, years, 3) == 0

    def test_long_service_allowance_is_cut_to_ten_won(self):
        assert long_service_allowance(2_345_678, 3, 7) == 351_850  # 351,851.7 → 351,850

    @pytest.mark.parametrize(
        ("years", "expected"),
        [(0, 30_000), (4, 30_000), (5, 50_000), (9, 50_000), (10, 60_000), (15, 80_000), (19, 80_000), (20, 100_000)],
    )
    def test_long_service_bonus_by_band(self, years, expected):
        assert long_service_bonus(years) == expected


class TestFamilyAllowance:
    def test_spouse_and_children(self):
        assert family_allowance(spouse=True, children=0, others=0) == 40_000
        assert family_allowance(spouse=True, children=3, others=0) == 40_000 + 50_000 + 80_000 + 120_000
        assert family_allowance(spouse=False, children=4, others=0) == 50_000 + 80_000 + 240_000

    def test_spouse_and_others_together_at_most_four(self):
        assert family_allowance(spouse=True, children=1, others=5) == 40_000 + 3 * 20_000 + 50_000
        assert family_allowance(spouse=False, children=0, others=5) == 4 * 20_000


class TestHolidayBonus:
    FESTIVALS_2026 = (2, 9)  # 설 2/16–18, 추석 9/24–26

    def test_amount_is_sixty_percent(self):
        assert holiday_bonus(2_800_000) == 1_680_000
        assert holiday_bonus(2_345_678) == 1_407_400  # 1,407,406.8 → 1,407,400

    def test_employed_on_the_last_day_of_the_previous_month(self):
        feb = D(2026, 2, 1)
        assert holiday_bonus_eligible(
            month=feb, hired_on=D(2026, 1, 31), left_on=None, festival_months=self.FESTIVALS_2026
        )
        assert not holiday_bonus_eligible(
            month=feb, hired_on=D(2026, 2, 1), left_on=None, festival_months=self.FESTIVALS_2026
        )
        assert not holiday_bonus_eligible(
            month=feb, hired_on=D(2020, 1, 1), left_on=D(2026, 1, 30), festival_months=self.FESTIVALS_2026
        )
        assert not holiday_bonus_eligible(
            month=D(2026, 3, 1), hired_on=D(2020, 1, 1), left_on=None, festival_months=self.FESTIVALS_2026
        )


class TestProRata:
    """Rule: monthly × days employed ÷ calendar days of the month, 원 미만 절사."""

    def test_mid_month_hire(self):
        # hired 2026-04-16: 15 of 30 days
        assert pro_rata(3_000_000, D(2026, 4, 1), D(2026, 4, 16), None) == 1_500_000
        # hired 2026-05-11: 21 of 31 days → 2,032,258.06 → 2,032,258
        assert pro_rata(3_000_000, D(2026, 5, 1), D(2026, 5, 11), None) == 2_032_258

    def test_mid_month_leaver_and_both(self):
        assert pro_rata(2_800_000, D(2026, 2, 1), D(2020, 1, 1), D(2026, 2, 14)) == 1_400_000  # 14 of 28
        assert pro_rata(3_100_000, D(2026, 7, 1), D(2026, 7, 10), D(2026, 7, 19)) == 1_000_000  # 10 of 31

    def test_whole_month_is_exact_and_outside_is_zero(self):
        assert pro_rata(3_000_000, D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28)) == 3_000_000
        assert pro_rata(3_000_000, D(2026, 2, 1), D(2026, 3, 1), None) == 0
