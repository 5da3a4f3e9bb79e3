"""`manage.py leave_entitlement --hired 2025-03-02 --on 2026-03-02 [--basis hire|fiscal]
[--attended-ratio 0.85]`: the 연차 days arising on a date and the days of its leave year, from the
same code the yearly grant job runs (attendance.entitlement)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError, CommandParser

from attendance.commandline import AttendanceCommand, parse_date
from attendance.entitlement import FISCAL, HIRE, entitlement


class Command(AttendanceCommand):
    help = "근로기준법 제60조에 따라 그날 발생하는 연차 일수와 그 연차 연도의 합계를 JSON으로 출력합니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hired", help="입사일 (2025-03-02)")
        parser.add_argument("--on", help="기준일 (2026-03-02)")
        parser.add_argument("--basis", default=HIRE, help="hire (입사일 기준, 기본) 또는 fiscal (회계연도 기준)")
        parser.add_argument("--attended-ratio", default="1", help="지난 1년 출근율, 0~1 (기본 1)")
        parser.add_argument("--left", help="퇴직일(마지막 근무일), 있으면")

    def handle(self, *args: Any, **options: Any) -> None:
        hired = parse_date(options["hired"], "입사일(--hired)")
        on = parse_date(options["on"], "기준일(--on)")
        left = parse_date(options["left"], "퇴직일(--left)") if options["left"] else None
        if options["basis"] not in (HIRE, FISCAL):
            raise CommandError("--basis는 hire(입사일 기준) 또는 fiscal(회계연도 기준)입니다.", returncode=2)
        try:
            ratio = Decimal(options["attended_ratio"])
        except InvalidOperation:
            ratio = Decimal(-1)
        if not ratio.is_finite() or not Decimal(0) <= ratio <= Decimal(1):
            raise CommandError("--attended-ratio는 0에서 1 사이의 수입니다 (예: 0.85).", returncode=2)
        if on < hired:
            raise CommandError("기준일이 입사일보다 앞섭니다.", returncode=2)
        if left is not None and left < hired:
            raise CommandError("퇴직일이 입사일보다 앞섭니다.", returncode=2)
        result = entitlement(hired=hired, on=on, basis=options["basis"], attended_ratio=ratio, left_on=left)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
