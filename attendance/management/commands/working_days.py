"""`manage.py working_days 2026-05-20 2026-05-29`: the working days between two dates (both
included) by the 관공서 calendar the app uses, naming each weekday holiday skipped."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from attendance.calendar import MAX_SPAN_DAYS, working_days
from attendance.commandline import AttendanceCommand, parse_date


class Command(AttendanceCommand):
    help = "두 날짜 사이(양끝 포함)의 근무일 수와 건너뛴 휴일을 JSON으로 출력합니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", nargs="?", help="시작일 (2026-05-20)")
        parser.add_argument("end", nargs="?", help="종료일 (2026-05-29)")

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "시작일")
        end = parse_date(options["end"], "종료일")
        if end < start:
            raise CommandError("종료일이 시작일보다 앞섭니다.", returncode=2)
        if (end - start).days > MAX_SPAN_DAYS:
            raise CommandError("기간은 10년 이내로 적으세요.", returncode=2)
        self.stdout.write(json.dumps(working_days(start, end).as_json(), ensure_ascii=False))
