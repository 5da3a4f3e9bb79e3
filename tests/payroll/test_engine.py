"""The statutory engine against every worked example of kr-payroll-rules §7, to the won, and the
rules around them. Expected amounts are the reference's hand-worked figures, not the engine's."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest

from payroll.engine import Earning, EmployerSettings, ParametersMissing, SlipInput, WithholdingMissing, calculate
from payroll.engine.slip import pension_contribution
from payroll.engine.withholding import DATA, bonus_income_tax, income_tax, table_amount


def _month(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text + "-01")


def _slip(month: str, gross: int, family: int = 1, children: int = 0, ratio: int = 100, **kw) -> SlipInput:
    return SlipInput(
        month=_month(month),
        earnings=(Earning("base", "기본급", gross),),
        family=family,
        children=children,
        ratio=ratio,
        **kw,
    )


# (id, month, gross, family, children, ratio, NP, HI, LTC, EI, tax, local, total, net)
WORKED = [
    ("E1", "2026-04", 3_000_000, 1, 0, 100, 142_500, 107_850, 14_170, 27_000, 74_350, 7_430, 373_300, 2_626_700),
    ("E2", "2025-05", 3_000_000, 1, 0, 100, 135_000, 106_350, 13_770, 27_000, 74_350, 7_430, 363_900, 2_636_100),
    ("E4", "2026-04", 4_000_000, 3, 1, 100, 190_000, 143_800, 18_890, 36_000, 88_760, 8_870, 486_320, 3_513_680),
    ("E5", "2026-04", 3_500_000, 4, 2, 100, 166_250, 125_820, 16_530, 31_500, 3_510, 350, 343_960, 3_156_040),
    ("E6", "2026-04", 2_400_000, 1, 0, 80, 114_000, 86_280, 11_330, 21_600, 25_900, 2_590, 261_700, 2_138_300),
    ("E7", "2026-04", 2_000_000, 1, 0, 120, 95_000, 71_900, 9_440, 18_000, 23_420, 2_340, 220_100, 1_779_900),
    ("E8", "2026-08", 8_000_000, 1, 0, 100, 313_020, 287_600, 37_790, 72_000, 959_500, 95_950, 1_765_860, 6_234_140),
    ("E9", "2026-05", 8_000_000, 1, 0, 100, 302_570, 287_600, 37_790, 72_000, 959_500, 95_950, 1_755_410, 6_244_590),
    (
        "E10",
        "2026-04",
        12_000_000,
        1,
        0,
        100,
        302_570,
        431_400,
        56_680,
        108_000,
        2_218_400,
        221_840,
        3_338_890,
        8_661_110,
    ),
    ("E11", "2026-04", 1_000_000, 1, 0, 100, 47_500, 35_950, 4_720, 9_000, 0, 0, 97_170, 902_830),
    ("E12", "2026-04", 2_000_000, 4, 2, 100, 95_000, 71_900, 9_440, 18_000, 0, 0, 194_340, 1_805_660),
    ("E13-Feb", "2026-02", 3_000_000, 3, 1, 100, 142_500, 107_850, 14_170, 27_000, 19_440, 1_940, 312_900, 2_687_100),
    ("E13-Mar", "2026-03", 3_000_000, 3, 1, 100, 142_500, 107_850, 14_170, 27_000, 11_110, 1_110, 303_740, 2_696_260),
]


@pytest.mark.parametrize(
    ("case", "month", "gross", "family", "children", "ratio", "np", "hi", "ltc", "ei", "tax", "local", "total", "net"),
    WORKED,
    ids=[row[0] for row in WORKED],
)
def test_worked_examples_to_the_won(
    case, month, gross, family, children, ratio, np, hi, ltc, ei, tax, local, total, net
):
    result = calculate(_slip(month, gross, family, children, ratio))
    got = (
        result.national_pension,
        result.health_insurance,
        result.long_term_care,
        result.employment_insurance,
        result.income_tax,
        result.local_income_tax,
        result.total_deductions,
        result.net,
    )
    assert got == (np, hi, ltc, ei, tax, local, total, net)


def test_e3_meal_allowance_is_outside_tax_and_insurance_bases():
    slip = SlipInput(
        month=_month("2026-04"),
        earnings=(Earning("base", "기본급", 3_000_000), Earning("meal", "정액급식비", 200_000, non_taxable="meal")),
    )
    result = calculate(slip)
    assert (result.gross, result.non_taxable, result.taxable) == (3_200_000, 200_000, 3_000_000)
    assert result.total_deductions == 373_300
    assert result.net == 2_826_700


def test_moneyscale_cross_check_pension_on_2_800_000_taxable():
    assert pension_contribution(2_800_000, _month("2026-04")) == 133_000


class TestPension:
    def test_july_2026_switches_the_bounds(self):
        assert pension_contribution(8_000_000, _month("2026-06")) == 302_570  # 6,370,000 × 4.75 %
        assert pension_contribution(8_000_000, _month("2026-07")) == 313_020  # 6,590,000 × 4.75 %
        assert pension_contribution(300_000, _month("2026-06")) == 19_000  # floor 400,000
        assert pension_contribution(300_000, _month("2026-07")) == 19_470  # floor 410,000 → 19,475 → 19,470

    def test_rate_changes_in_january_bounds_in_july_2025(self):
        assert pension_contribution(8_000_000, _month("2025-06")) == 277_650  # 6,170,000 × 4.5 %
        assert pension_contribution(8_000_000, _month("2025-07")) == 286_650  # 6,370,000 × 4.5 %
        assert pension_contribution(8_000_000, _month("2026-01")) == 302_570  # 4.75 % from January

    def test_base_is_cut_to_thousands_before_the_rate(self):
        # 2,960,764 → 2,960,000 × 4.75 % = 140,600 (without the cut: 140,636.29 → 140,630)
        assert pension_contribution(2_960_764, _month("2026-07")) == 140_600

    def test_rounding_is_a_setting_e_b(self):
        assert pension_contribution(8_000_000, _month("2026-08"), "won") == 313_025
        result = calculate(_slip("2026-08", 8_000_000, employer=EmployerSettings(pension_rounding="won")))
        assert result.national_pension == result.employer.national_pension == 313_025


def test_long_term_care_method_is_a_setting_e_a():
    assert calculate(_slip("2026-04", 5_000_000)).long_term_care == 23_610
    income_based = calculate(_slip("2026-04", 5_000_000, employer=EmployerSettings(care_method="income")))
    assert income_based.long_term_care == 23_620


def test_declared_bases_drive_insurance_and_taxable_pay_drives_employment():
    result = calculate(_slip("2026-04", 3_000_000, pension_base=2_000_000, health_base=2_500_000))
    assert result.national_pension == 95_000
    assert result.health_insurance == 89_870  # 2,500,000 × 3.595 % = 89,875 → 89,870
    assert result.long_term_care == 11_800  # 89,870 × 13.14 % = 11,808.9 → 11,800
    assert result.employment_insurance == 27_000


def test_staff_not_covered_by_employment_insurance_pay_none():
    result = calculate(_slip("2026-04", 3_000_000, employment_insured=False))
    assert result.employment_insurance == result.employer.employment_insurance == 0


class TestIncomeTax:
    def test_table_cells(self):
        assert table_amount(3_000_000, 1) == 74_350
        assert table_amount(3_019_999, 1) == 74_350  # same band: lower-inclusive, upper-exclusive
        assert table_amount(2_000_000, 1) == 19_520
        assert table_amount(769_999, 1) == 0
        assert table_amount(10_000_000, 1) == 1_507_400
        assert table_amount(10_000_000, 11) == 960_840

    def test_over_ten_million_brackets(self):
        # E10: 1,507,400 + 2,000,000 × 98 % × 35 % + 25,000
        assert table_amount(12_000_000, 1) == 2_218_400
        # 14,000–28,000천원: T10 + 1,397,000 + (pay − 14,000,000) × 98 % × 38 %
        assert table_amount(20_000_000, 1) == 1_507_400 + 1_397_000 + 2_234_400
        # ≥ 87,000천원: T10 + 31,034,600 + (pay − 87,000,000) × 45 %; family 3 uses its own T10
        assert table_amount(90_000_000, 3) == 1_200_840 + 31_034_600 + 1_350_000

    def test_brackets_join_continuously(self):
        for bound in (14_000_000, 28_000_000, 30_000_000, 45_000_000, 87_000_000):
            assert table_amount(bound + 1, 1) - table_amount(bound, 1) in (0, 1)

    def test_children_three_and_four(self):
        # 4,000,000 / family 5: table value minus 45,830 + 33,330 (3 children) and + 2 × 33,330 (4)
        cell = table_amount(4_000_000, 5)
        paid = _month("2026-04")
        assert income_tax(monthly_taxable=4_000_000, family=5, children=3, ratio=100, paid_in=paid) == max(
            0, cell - 79_160
        )
        assert income_tax(monthly_taxable=4_000_000, family=6, children=4, ratio=100, paid_in=paid) == max(
            0, table_amount(4_000_000, 6) - 112_490
        )

    def test_ratio_applies_after_the_child_deduction_e5_at_120(self):
        paid = _month("2026-04")
        assert income_tax(monthly_taxable=3_500_000, family=4, children=2, ratio=120, paid_in=paid) == 4_210

    def test_small_amounts_are_not_collected(self):
        # 2,000,000 / 1 person at 80 % of a cell under 1,250 would be < 1,000: find a low cell
        paid = _month("2026-04")
        low = next(pay for pay in range(770_000, 1_500_000, 5_000) if 0 < table_amount(pay, 1) < 1_250)
        assert income_tax(monthly_taxable=low, family=1, children=0, ratio=80, paid_in=paid) == 0
        # E5: 3,510 after the child deduction stays (≥ 1,000); E12: negative becomes 0
        assert income_tax(monthly_taxable=3_500_000, family=4, children=2, ratio=100, paid_in=paid) == 3_510

    def test_family_over_eleven_follows_the_footnote(self):
        t10, t11 = table_amount(9_000_000, 10), table_amount(9_000_000, 11)
        assert table_amount(9_000_000, 12) == max(0, t11 - (t10 - t11))
        assert table_amount(9_000_000, 13) == max(0, t11 - 2 * (t10 - t11))

    def test_bad_inputs_are_refused_in_korean(self):
        paid = _month("2026-04")
        with pytest.raises(ValueError, match="원천징수 비율"):
            income_tax(monthly_taxable=3_000_000, family=1, children=0, ratio=90, paid_in=paid)
        with pytest.raises(ValueError, match="자녀 수"):
            income_tax(monthly_taxable=3_000_000, family=1, children=1, ratio=100, paid_in=paid)
        with pytest.raises(WithholdingMissing, match="간이세액표"):
            income_tax(monthly_taxable=3_000_000, family=1, children=0, ratio=100, paid_in=_month("2024-02"))

    def test_the_table_data_is_the_verified_copy(self):
        digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
        assert digest == "4034d4a4fe552a3ed89296a2ae99d44381171583b95f34263f3d47929cedb8bf"


def test_months_without_parameters_are_refused():
    with pytest.raises(ParametersMissing, match="2027년 1월"):
        calculate(_slip("2027-01", 3_000_000))
    with pytest.raises(ParametersMissing, match="2024년 12월"):
        calculate(_slip("2024-12", 3_000_000))


class TestNonTaxableLimits:
    def test_each_category_is_capped_and_the_excess_taxed(self):
        slip = SlipInput(
            month=_month("2026-04"),
            earnings=(
                Earning("base", "기본급", 3_000_000),
                Earning("meal", "정액급식비", 140_000, non_taxable="meal"),
                Earning("meal2", "특식비", 100_000, non_taxable="meal"),  # 60,000 of it within the limit
                Earning("car", "자가운전보조금", 250_000, non_taxable="car"),
                Earning("care", "보육수당", 100_000, non_taxable="childcare"),
            ),
        )
        result = calculate(slip)
        assert result.non_taxable == 200_000 + 200_000 + 100_000
        assert result.taxable == 3_590_000 - 500_000
        assert [line.non_taxable for line in result.earnings] == [0, 140_000, 60_000, 200_000, 100_000]
        assert any("식대 비과세 한도를 넘는 40,000원" in w for w in result.warnings)
        assert any("자가운전보조금 비과세 한도를 넘는 50,000원" in w for w in result.warnings)

    def test_unknown_category_and_negative_amounts_are_refused(self):
        with pytest.raises(ValueError, match="비과세 구분"):
            Earning("x", "x", 1, non_taxable="travel")
        with pytest.raises(ValueError, match="0원 이상"):
            Earning("x", "x", -1)


class TestEmployerShares:
    def test_e1_employer_side_with_size_bands_and_accident_rate(self):
        result = calculate(_slip("2026-04", 3_000_000))
        shares = result.employer
        assert (shares.national_pension, shares.health_insurance, shares.long_term_care) == (142_500, 107_850, 14_170)
        assert shares.employment_insurance == 27_000
        assert shares.employment_stability == 7_500  # 0.25 % under 150 staff (the reference's journal)
        assert shares.industrial_accident == 44_100  # 1.47 %
        assert shares.total == 142_500 + 107_850 + 14_170 + 27_000 + 7_500 + 44_100

    @pytest.mark.parametrize(
        ("band", "expected"),
        [("under_150", 7_500), ("priority_150", 13_500), ("150_to_999", 19_500), ("1000_or_public", 25_500)],
    )
    def test_employment_stability_by_size_band(self, band, expected):
        settings = EmployerSettings(size_band=band, accident_rate=Decimal("0.007"))
        result = calculate(_slip("2026-04", 3_000_000, employer=settings))
        assert result.employer.employment_stability == expected
        assert result.employer.industrial_accident == 21_000

    def test_bad_settings_are_refused(self):
        with pytest.raises(ValueError, match="사업장 규모"):
            EmployerSettings(size_band="huge")
        with pytest.raises(ValueError, match="산재보험요율"):
            EmployerSettings(accident_rate=Decimal("1.5"))


class TestMinimumWage:
    def test_below_2026_minimum_warns(self):
        result = calculate(_slip("2026-04", 2_100_000, ordinary_wage=2_100_000))
        assert result.warnings == (
            "통상임금 2,100,000원이 최저임금 월 환산액 2,156,880원(10,320원 × 209시간)보다 적습니다.",
        )

    def test_at_the_minimum_is_fine_and_2025_uses_its_own_rate(self):
        assert calculate(_slip("2026-04", 2_156_880, ordinary_wage=2_156_880)).warnings == ()
        assert calculate(_slip("2025-04", 2_100_000, ordinary_wage=2_100_000)).warnings == ()  # ≥ 2,096,270


def test_basis_names_the_versions_used():
    result = calculate(_slip("2026-02", 3_000_000))
    assert "2024. 2. 29." in result.basis[1]
    assert "2026. 2. 27." in calculate(_slip("2026-03", 3_000_000)).basis[1]
    assert "410,000~6,590,000" in calculate(_slip("2026-07", 3_000_000)).basis[0]


class TestBonusWithholding:
    """§136: (bonus + the period's pay) ÷ months → table × months − already withheld."""

    def test_holiday_bonus_in_february_over_january_and_february(self):
        # 명절휴가비 1,680,000 with January and February pay of 3,000,000 each (74,350 withheld each):
        # average (1,680,000 + 6,000,000) ÷ 2 = 3,840,000 → row 3,840–3,860천원, 1 person = 174,600
        # 174,600 × 2 − 148,700 = 200,500
        tax = bonus_income_tax(
            bonus=1_680_000,
            period_pay=6_000_000,
            months=2,
            withheld=148_700,
            family=1,
            children=0,
            ratio=100,
            paid_in=_month("2026-02"),
        )
        assert tax == 200_500
        # adding the bonus to February's pay would have looked up 4,680,000 instead
        assert table_amount(4_680_000, 1) != tax

    def test_never_below_zero_and_months_checked(self):
        paid = _month("2026-07")
        assert (
            bonus_income_tax(
                bonus=10_000,
                period_pay=1_000_000,
                months=1,
                withheld=50_000,
                family=1,
                children=0,
                ratio=100,
                paid_in=paid,
            )
            == 0
        )
        with pytest.raises(ValueError, match="지급대상기간"):
            bonus_income_tax(bonus=1, period_pay=1, months=0, withheld=0, family=1, children=0, ratio=100, paid_in=paid)
