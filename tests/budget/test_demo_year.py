"""The demo budget year (budget.demo_year) on real demo institutions — the smallest (독도재단,
where the 101-01 보수 line is made short for December) and the largest — provisioned fresh by
org's seed and given their work by the tasks and e-approval seeds, at 5 December 2026:

- 60–150 통계목 lines, each mapped to an active province standard code under its 편성목's code
  and owned by an active department; every department has its 202-01 국내여비 line;
- 본예산 posted by confirming the year, an approved 추경 of many lines and two or three 전용
  through e-approval, and per line 본예산 + 추경 ± 전용 = 예산현액;
- eleven months of execution through budget.charges: January slow, the ledger reconciles
  (`manage.py budget_reconcile` finds no drift), December untouched;
- December's pay fits 101-01 with about 2 % to spare, except at 독도재단 where it is about 3 %
  short; the province's 신속집행 targets exist; a second run changes nothing; within its time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth
from django_tenants.utils import schema_context

from approval import demo as approval_demo
from approval.models import Document, DocumentStatus
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from budget import demo as budget_demo
from budget import demo_year, kpis
from budget.amendments import AMENDMENT_KIND, TRANSFER_KIND
from budget.books_reports import account_ledger, trial_balance
from budget.charges import balance
from budget.ledger import ledger_drift
from budget.models import (
    Account,
    Amendment,
    AmendmentKind,
    AmendmentLine,
    AmendmentStatus,
    BudgetItem,
    BudgetPosting,
    EntryKind,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Level,
    PostingKind,
    RevenueItem,
    RevenueLevel,
    RevenueResolution,
    YearStatus,
)
from core.templatetags.korean import won
from org import demo as org_demo
from org import demo_data as org_data
from org.models import Department, User
from standards.models import ExecutionTarget, StandardBudgetCode
from tasks import demo as tasks_demo
from tenants.models import Institution
from tenants.services import institution_domain
from tests.support import HostClient

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 5, 10, 30, tzinfo=SEOUL)
SMALL = next(s for s in org_data.INSTITUTIONS if s.code == demo_year.SHORT_PAYROLL_INSTITUTION)
LARGEST = max(org_data.INSTITUTIONS, key=lambda s: s.staff)
# Seconds the year may take on the largest institution on a loaded 2-core machine (the budget
# seeder's DemoSeeder.budget_seconds, budget.plugin, holds the whole of budget's seed).
YEAR_SECONDS = 1.5 * 2.5  # its share of budget.plugin's budget_seconds × tests/org/test_demo_seed.LOADED


def _seed(spec):
    assert org_demo.institution_seed(spec=spec, password_hash=lambda: "!", now=NOW).created
    institution = Institution.objects.get(code=spec.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=NOW).created
        assert approval_demo.institution_seed(institution=institution, now=NOW, documents=12).created
        result = demo_year.year_seed(institution=institution, now=NOW)
    return institution, result


@pytest.fixture(params=[SMALL, LARGEST], ids=["small", "largest"])
def seeded(request):
    institution, result = _seed(request.param)
    with schema_context(institution.schema_name):
        yield request.param, institution, result


def _lines():
    return BudgetItem.objects.filter(fiscal_year__year=2026, level=Level.ITEM)


def test_a_confirmed_year_of_sixty_to_a_hundred_and_fifty_lines_on_standard_codes(seeded):
    _spec, _institution, result = seeded
    assert result.created, result.note
    year = FiscalYear.objects.get(year=2026)
    assert year.status == YearStatus.CONFIRMED
    lines = list(_lines().select_related("parent", "department"))
    assert 60 <= len(lines) <= 150
    assert result.counts["lines"] == len(lines)
    codes = {c.code: c for c in StandardBudgetCode.objects.filter(is_active=True)}
    for line in lines:
        assert line.standard_code in codes, line
        assert codes[line.standard_code].level == Level.ITEM
        assert line.parent.standard_code == line.standard_code[:3] == codes[line.standard_code].object_code
        assert line.department.is_active
        assert line.original_amount == line.planned_amount > 0
    # Every department below the head's office can charge a trip to its own 국내여비 line.
    for department in Department.objects.filter(is_active=True, parent__isnull=False):
        travel = demo_year.department_line(department, "202-01")
        assert travel is not None
        assert travel.department_id == department.pk
    # The demo's expense plans can name a real line of their drafter's department: the `staff`
    # account's three plans each fit the line their 예산과목 maps to.
    staff = User.objects.get(username="staff")
    for _title, _purpose, item, amount, _fate in budget_demo.PLANS[:3]:
        line = demo_year.department_line(staff.department, demo_year.PLAN_STANDARD_CODES[item])
        assert line is not None
        assert line.department_id == staff.department_id
        assert balance(line).available_amount >= amount
    assert set(demo_year.PLAN_STANDARD_CODES) == {item for _t, _p, item, _a, _f in budget_demo.PLANS}
    # The revenue side balances the expenditure side.
    revenue = RevenueItem.objects.filter(fiscal_year=year, level=RevenueLevel.ITEM).aggregate(t=Sum("budgeted_amount"))
    assert revenue["t"] == sum(line.original_amount for line in lines)
    assert ExecutionTarget.objects.filter(year=2026).count() == 2
    # In December next year's budget is being drafted from this year's structure.
    drafting = FiscalYear.objects.get(year=2027)
    assert drafting.status == YearStatus.DRAFTING
    assert BudgetItem.objects.filter(fiscal_year=drafting, level=Level.ITEM).count() == len(lines)


def test_amendments_through_e_approval_and_totals_that_tie(seeded):
    _spec, _institution, result = seeded
    supplementary = Amendment.objects.get(kind=AmendmentKind.SUPPLEMENTARY)
    transfers = list(Amendment.objects.filter(kind=AmendmentKind.TRANSFER))
    assert supplementary.status == AmendmentStatus.APPROVED
    assert supplementary.lines.count() >= 10
    assert supplementary.lines.filter(amount__lt=0).exists()
    assert len(transfers) == 2
    assert result.counts["transfers"] == len(transfers)
    for amendment in [supplementary, *transfers]:
        assert amendment.status == AmendmentStatus.APPROVED
        document = amendment.document
        assert document.kind == (TRANSFER_KIND if amendment.kind == AmendmentKind.TRANSFER else AMENDMENT_KIND)
        assert document.status == DocumentStatus.COMPLETED
        assert document.registration_number
        assert document.closed_at <= NOW
        assert amendment.registration == document.registration_display
    for transfer in transfers:
        rows = list(transfer.lines.select_related("line"))
        assert sum(row.amount for row in rows) == 0
        assert len({row.line.path[:33] for row in rows}) == 1  # one 세부사업

    changes: dict[int, dict[str, int]] = defaultdict(lambda: {"supplementary": 0, "transfer": 0})
    for row in AmendmentLine.objects.filter(amendment__status=AmendmentStatus.APPROVED).select_related("amendment"):
        changes[row.line_id][row.amendment.kind] += row.amount
    for line in _lines():
        change = changes[line.pk]
        # 본예산 + 추경 ± 전용 = 예산현액, and the balance never below nothing.
        assert line.original_amount + change["supplementary"] + change["transfer"] == line.current_amount, line
        assert line.committed_amount + line.executed_amount <= line.current_amount
    assert audit_verify_chain().ok


def test_eleven_months_of_execution_that_reconcile(seeded):
    _spec, _institution, result = seeded
    assert ledger_drift() == []
    out = StringIO()
    call_command("budget_reconcile", stdout=out)  # exits 0 (raises CommandError otherwise)
    executed = dict(
        BudgetPosting.objects.filter(kind=PostingKind.EXECUTE)
        .annotate(month=ExtractMonth("posted_on"))
        .values_list("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    assert sorted(executed) == list(range(1, 12))  # January to November; December is left
    assert executed[1] < executed[6]
    assert executed[1] < executed[11]
    totals = _lines().aggregate(current=Sum("original_amount"), executed=Sum("executed_amount"))
    assert 0.6 < totals["executed"] / totals["current"] < 0.95
    # Commitments of the last months are still open; earlier ones released.
    assert _lines().aggregate(c=Sum("committed_amount"))["c"] > 0
    assert BudgetPosting.objects.filter(kind=PostingKind.RELEASE, source_id="2026-05").exists()
    assert not BudgetPosting.objects.filter(kind=PostingKind.RELEASE, source_id="2026-11").exists()
    assert result.counts["months"] == 11


def test_decembers_pay_fits_except_at_the_short_institution(seeded):
    spec, _institution, _result = seeded
    salary = _lines().get(standard_code="101-01")
    pay = demo_year.monthly_payroll(list(User.objects.filter(department__isnull=False).select_related("grade")))
    left = balance(salary).available_amount
    if spec.code == demo_year.SHORT_PAYROLL_INSTITUTION:
        assert 0.96 * pay < left < 0.98 * pay  # about 3 % short of December's pay
    else:
        assert 1.01 * pay < left < 1.03 * pay


def test_the_pages_show_the_year(seeded):
    _spec, institution, _result = seeded
    head = Department.objects.get(parent__isnull=True).head
    client = HostClient(HTTP_HOST=institution_domain(institution.code))
    client.force_login(head)
    totals = _lines().aggregate(current=Sum("original_amount") + Sum("amended_amount"), executed=Sum("executed_amount"))
    report = client.get("/budget/status/")
    assert report.status_code == 200
    text = report.content.decode()
    assert won(totals["current"]) in text
    assert won(totals["executed"]) in text
    home = client.get("/budget/")
    assert home.status_code == 200
    assert "원" in home.content.decode()
    # Monitoring's budget KPIs have figures: 예산현액, 집행액, 집행률 and the 신속집행 target.
    found = {figure.key: figure.value for figure in kpis.figures(on=NOW.date())}
    assert found[kpis.CURRENT] == totals["current"]
    assert found[kpis.EXECUTED] == totals["executed"]
    assert found[kpis.TARGET] == Decimal("95.00")
    assert 60 < found[kpis.RATE] < 95


def test_a_second_run_changes_nothing_and_the_first_kept_its_time(seeded):
    _spec, institution, result = seeded
    assert result.seconds < YEAR_SECONDS, result.seconds
    before = (BudgetPosting.objects.count(), Amendment.objects.count(), Document.objects.count())
    again = demo_year.year_seed(institution=institution, now=NOW)
    assert (again.created, again.note) == (False, "already has the 2026 budget")
    assert (BudgetPosting.objects.count(), Amendment.objects.count(), Document.objects.count()) == before
    assert not Document.objects.filter(Q(submitted_at__gt=NOW) | Q(closed_at__gt=NOW)).exists()


def _snapshot() -> dict:
    """The year's ledger, lines and charge audit events, keyed by code paths (not by ids)."""
    codes = dict(BudgetItem.objects.values_list("pk", "code"))
    paths = {
        pk: "/".join(codes[int(step)] for step in path.split(".") if step)
        for pk, path in BudgetItem.objects.values_list("pk", "path")
    }
    sources = {p.pk: p.source_id for p in BudgetPosting.objects.filter(kind=PostingKind.COMMIT)}
    postings = sorted(
        (
            paths[p.line_id],
            p.kind,
            p.amount,
            p.posted_on,
            p.source_model,
            p.source_id if p.source_model.startswith("demo_") else "",  # ids of years and amendments differ
            p.memo,
            sources.get(p.settles_id) if p.settles_id else None,
        )
        for p in BudgetPosting.objects.all()
    )
    lines = sorted(
        (paths[line.pk], line.original_amount, line.amended_amount, line.committed_amount, line.executed_amount)
        for line in _lines()
    )
    events = [
        (
            e.action,
            e.target_label,
            e.data["source"],
            e.data["on"],
            [(x["line"], x["amount"]) for x in e.data["lines"]],
            e.data.get("commitment"),
        )
        for e in AuditEvent.objects.filter(action__in=("budget.commit", "budget.execute", "budget.release")).order_by(
            "id"
        )
    ]
    return {"postings": postings, "lines": lines, "events": events}


def test_the_months_written_in_bulk_are_what_budget_charges_posts_call_by_call():
    spec = SMALL
    assert org_demo.institution_seed(spec=spec, password_hash=lambda: "!", now=NOW).created
    institution = Institution.objects.get(code=spec.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=NOW).created
        assert approval_demo.institution_seed(institution=institution, now=NOW, documents=12).created
        before = transaction.savepoint()
        assert demo_year.year_seed(institution=institution, now=NOW).created
        bulk = _snapshot()
        transaction.savepoint_rollback(before)

        assert demo_year.year_seed(institution=institution, now=NOW, through_charges=True).created

        replayed = _snapshot()
        assert len(bulk["events"]) > 20
        for part in ("lines", "postings", "events"):
            assert replayed[part] == bulk[part], part
        assert ledger_drift() == []


def test_the_months_books_as_migrated_data_that_balance_and_tie_to_the_budget(seeded):
    """budget.demo_books: the journal, payments and 수입결의 of the eleven months (이관 데이터)."""
    _spec, _institution, result = seeded
    entries = JournalEntry.objects.all()
    assert result.counts["books_journal_entries"] == entries.count() > 100
    # Every entry balances, and entries are numbered in date order.
    sums = entries.annotate(d=Sum("lines__debit"), c=Sum("lines__credit"))
    assert all(e.d == e.c > 0 for e in sums)
    dates = list(entries.order_by("pk").values_list("entry_date", flat=True))
    assert dates == sorted(dates)
    assert all(memo.startswith(("[이관]", "수납: [이관]")) for memo in entries.values_list("memo", flat=True))
    # The expense booked per line is what the line executed (to the won), month by month.
    executed = dict(
        BudgetPosting.objects.filter(kind=PostingKind.EXECUTE)
        .values_list("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    booked = dict(
        JournalLine.objects.filter(entry__kind=EntryKind.EXPENDITURE, budget_line__isnull=False)
        .values_list("budget_line_id")
        .annotate(total=Sum("debit"))
        .values_list("budget_line_id", "total")
    )
    assert booked == executed
    # Everything executed by November is paid: 미지급금 nets to nothing; 예수금 holds
    # November's withholding (9 % of 101-01's pay, to the 10 won), paid over on 10 December.
    payable = JournalLine.objects.filter(account__role="payable").aggregate(d=Sum("debit"), c=Sum("credit"))
    assert payable["d"] == payable["c"]
    november_pay = BudgetPosting.objects.get(
        kind=PostingKind.EXECUTE, line__standard_code="101-01", source_model="demo_payroll", source_id="2026-11"
    ).amount
    withheld = JournalLine.objects.filter(account__role="withholding").aggregate(d=Sum("debit"), c=Sum("credit"))
    assert withheld["c"] - withheld["d"] == november_pay * 9 // 100 // 10 * 10
    # 수입결의: approved and collected, without an e-approval document, marked as migrated; each
    # 목's 수납액 is what was collected on it, and every one but the surplus is booked and received.
    resolutions = RevenueResolution.objects.all()
    assert resolutions.count() == result.counts["books_revenue_resolutions"] > 20
    assert not resolutions.filter(Q(document__isnull=False) | Q(collected_on__isnull=True)).exists()
    assert all(title.startswith("[이관]") for title in resolutions.values_list("title", flat=True))
    collected = dict(
        resolutions.values_list("revenue_item_id").annotate(t=Sum("amount")).values_list("revenue_item_id", "t")
    )
    assert collected == dict(RevenueItem.objects.filter(collected_amount__gt=0).values_list("pk", "collected_amount"))
    for item in RevenueItem.objects.filter(level=RevenueLevel.ITEM):
        assert item.collected_amount <= item.budgeted_amount, item.code
    booked_revenue = resolutions.exclude(revenue_item__code="311")
    assert entries.filter(kind=EntryKind.REVENUE).count() == booked_revenue.count()
    assert entries.filter(kind=EntryKind.RECEIPT).count() == booked_revenue.count()
    grant = JournalLine.objects.filter(account__code="4101").aggregate(c=Sum("credit"))["c"]
    assert grant == booked_revenue.filter(revenue_item__code__in=("211", "212")).aggregate(t=Sum("amount"))["t"]
    # The bank never goes below nothing over the year, and the trial balance balances.
    bank = account_ledger(Account.objects.get(role="bank"), date(2026, 1, 1), date(2026, 12, 31))
    assert len(bank.rows) > 50
    assert min(row.balance for row in bank.rows) >= 0
    trial = trial_balance(date(2026, 1, 1), date(2026, 12, 31))
    assert trial.balanced
    assert {r.account.code for r in trial.rows} >= {"1101", "1102", "1110", "1210", "2101", "2102", "4101", "5101"}
    # Each month brought over is one audit event naming all its entries, and the chain holds.
    migrated = AuditEvent.objects.filter(action="journal.migrate")
    assert migrated.count() == 11
    assert sorted(row[0] for event in migrated for row in event.data["rows"]) == sorted(
        entries.values_list("pk", flat=True)
    )
    assert audit_verify_chain().ok
