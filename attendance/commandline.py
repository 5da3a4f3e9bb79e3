"""What the attendance commands share: Korean messages for bad options, and exit status 2."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser


class KoreanParser(CommandParser):
    """argparse's own refusals (an unknown option, a missing value) in Korean, with exit 2."""

    def error(self, message: str) -> NoReturn:
        if getattr(self, "called_from_command_line", False):
            sys.stderr.write(f"오류: 옵션이 올바르지 않습니다 ({message}).\n{self.format_usage()}")
            sys.exit(2)
        raise CommandError(f"옵션이 올바르지 않습니다 ({message}).", returncode=2)


class AttendanceCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # BaseCommand builds a CommandParser with no way to pass another class: swap it after.
        parser.__class__ = KoreanParser
        return parser


def parse_date(value: str | None, label: str) -> date:
    if not value:
        raise CommandError(f"{label}을(를) 적으세요 (예: 2026-03-02).", returncode=2)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{label} '{value}'은(는) 날짜가 아닙니다. 2026-03-02처럼 적으세요.", returncode=2) from None
