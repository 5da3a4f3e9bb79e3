from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from budget.books_reports import unbalanced_entries
from budget.ledger import ledger_drift
from budget.models import BudgetItem
from core.jobs import institution_schemas

_FIELD_LABELS = {
    "original_amount": "본예산",
    "amended_amount": "증감액",
    "allotted_amount": "배정액",
    "committed_amount": "원인행위 잔액",
    "executed_amount": "집행액",
}


class Command(BaseCommand):
    help = (
        "예산과목마다 저장된 금액을 예산 원장(posting)으로 다시 계산해 맞춰 봅니다(기관별). "
        "Recomputes every budget line's totals from its postings and checks every journal entry balances; "
        "fails naming any line that drifted and any entry that does not balance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", help="이 기관(스키마)만 검사")

    def handle(self, *args: Any, schema: str | None = None, **options: Any) -> None:
        # A deactivated institution's ledger is kept, so it is checked too.
        schemas = [schema] if schema else institution_schemas(with_inactive=True)
        drifted = 0
        unbalanced = 0
        for name in schemas:
            with schema_context(name):
                drifts = ledger_drift()
                lines = BudgetItem.objects.count()
                broken = unbalanced_entries()
            # The books: every journal entry balances (the database's trigger; this is the backstop).
            unbalanced += len(broken)
            for u in broken:
                self.stdout.write(
                    f"{name}	UNBALANCED	전표 {u.entry_date.year}-{u.entry_id:06d}	"
                    f"차변 {u.debits:,}원 ≠ 대변 {u.credits:,}원 (분개 {u.lines}줄)"
                )
            if not drifts:
                self.stdout.write(f"{name}\tOK\t예산과목 {lines}개")
                continue
            drifted += len({d.line_id for d in drifts})
            for d in drifts:
                self.stdout.write(
                    f"{name}\tDRIFT\t{d.fiscal_year} {d.label} (id {d.line_id})\t{_FIELD_LABELS[d.field]}: "
                    f"저장 {d.stored:,}원 ≠ 원장 {d.from_postings:,}원"
                )
        problems = []
        if drifted:
            problems.append(f"예산과목 {drifted}개의 금액이 예산 원장과 맞지 않습니다.")
        if unbalanced:
            problems.append(f"대차가 맞지 않는 전표가 {unbalanced}건 있습니다.")
        if problems:
            raise CommandError(" ".join(problems))
