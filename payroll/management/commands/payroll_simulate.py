"""`manage.py payroll_simulate`: one case through the statutory engine, printed as one JSON object
of integer won. It calls `payroll.engine.calculate`, the same function the payroll run calls, and
nothing else (no database, no institution)."""

from __future__ import annotations

import argparse
import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.money import AmountError, parse_won
from payroll.engine import Earning, EmployerSettings, SlipInput, calculate
from payroll.engine.parameters import EMPLOYMENT_STABILITY_RATES, ParametersMissing
from payroll.engine.withholding import RATIOS, WithholdingMissing

USAGE_ERROR = 2


def _month(text: str) -> datetime.date:
    try:
        year, month = text.split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"월은 2026-07처럼 YYYY-MM으로 적습니다: {text!r}") from None


def _won(text: str) -> int:
    try:
        amount = parse_won(text)
    except AmountError:
        amount = None
    if amount is None:
        raise argparse.ArgumentTypeError(f"금액은 0 이상의 원 단위 정수로 적습니다: {text!r}")
    return amount


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"0 이상의 정수로 적습니다: {text!r}")
    return int(text)


def _rate(text: str) -> Decimal:
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"요율은 0.0147처럼 소수로 적습니다: {text!r}") from None
    if not rate.is_finite() or not Decimal(0) <= rate < Decimal(1):
        raise argparse.ArgumentTypeError(f"요율은 0 이상 1 미만입니다: {text!r}")
    return rate


class Command(BaseCommand):
    help = (
        "급여 한 건을 법정 공제 계산 엔진으로 계산해 정수 원 단위 JSON 한 줄로 출력합니다. "
        "Runs one case through the payroll engine and prints one JSON object of integer won."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=_month, required=True, help="지급 월 (YYYY-MM)")
        parser.add_argument("--taxable-pay", type=_won, required=True, help="과세 급여 (원)")
        parser.add_argument("--non-taxable", type=_won, default=0, help="비과세 급여 (원, 한도 적용 후 금액)")
        parser.add_argument("--pension-base", type=_won, help="국민연금 기준소득월액 (기본: 과세 급여)")
        parser.add_argument("--health-base", type=_won, help="건강보험 보수월액 (기본: 과세 급여)")
        parser.add_argument("--family", type=_count, default=1, help="공제대상가족 수 (본인 포함)")
        parser.add_argument("--children", type=_count, default=0, help="그중 8~20세 자녀 수")
        parser.add_argument("--ratio", type=int, choices=RATIOS, default=100, help="원천징수 비율 (80/100/120)")
        parser.add_argument("--size-band", choices=sorted(EMPLOYMENT_STABILITY_RATES), default="under_150")
        parser.add_argument("--accident-rate", type=_rate, default=Decimal("0.0147"), help="산재보험요율")
        parser.add_argument("--pension-rounding", choices=("floor10", "won"), default="floor10")
        parser.add_argument("--care-method", choices=("premium", "income"), default="premium")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["family"] < 1:
            raise CommandError("--family: 공제대상가족 수는 본인을 포함해 1명 이상입니다.", returncode=USAGE_ERROR)
        earnings = [Earning("taxable", "과세 급여", options["taxable_pay"])]
        if options["non_taxable"]:
            earnings.append(Earning("non_taxable", "비과세 급여", options["non_taxable"], non_taxable="other"))
        try:
            slip = SlipInput(
                month=options["month"],
                earnings=tuple(earnings),
                family=options["family"],
                children=options["children"],
                ratio=options["ratio"],
                pension_base=options["pension_base"],
                health_base=options["health_base"],
                employer=EmployerSettings(
                    size_band=options["size_band"],
                    accident_rate=options["accident_rate"],
                    pension_rounding=options["pension_rounding"],
                    care_method=options["care_method"],
                ),
            )
            result = calculate(slip)
        except (ValueError, ParametersMissing, WithholdingMissing) as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        employer = result.employer
        out = {
            "month": options["month"].strftime("%Y-%m"),
            "gross": result.gross,
            "taxable_pay": result.taxable,
            "non_taxable": result.non_taxable,
            "national_pension": result.national_pension,
            "health_insurance": result.health_insurance,
            "long_term_care": result.long_term_care,
            "employment_insurance": result.employment_insurance,
            "income_tax": result.income_tax,
            "local_income_tax": result.local_income_tax,
            "total_deductions": result.total_deductions,
            "net_pay": result.net,
            "employer_national_pension": employer.national_pension,
            "employer_health_insurance": employer.health_insurance,
            "employer_long_term_care": employer.long_term_care,
            "employer_employment_insurance": employer.employment_insurance,
            "employer_employment_stability": employer.employment_stability,
            "employer_industrial_accident": employer.industrial_accident,
            "employer_total": employer.total,
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
