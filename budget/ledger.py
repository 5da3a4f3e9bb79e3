"""Writing the budget ledger and checking it.

`post_postings` is the one place a line's running totals move: it writes the postings and adds
each to its line's total with an F() update, in the caller's transaction, which must hold the
lines' row locks (budget.locks.lock_lines). `ledger_drift` recomputes every line's totals from
its postings for `manage.py budget_reconcile`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Model, Sum
from django.db.models.functions import Coalesce

from budget.models import TOTAL_FIELDS, TOTAL_OF_KIND, BudgetItem, BudgetPosting
from org.models import User


@dataclass(frozen=True)
class SourceRef:
    """What caused a posting: an app label, a model name and an id, e.g.
    ``SourceRef("payroll", "payrollrun", "42")``. One source posts one kind on one line once."""

    app: str
    model: str
    id: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", str(self.id))
        if not (self.app and self.model and self.id):
            raise ValueError("a budget source needs an app, a model and an id")

    @classmethod
    def of(cls, obj: Model) -> SourceRef:
        """The source reference of a model instance."""
        app, _dot, model = obj._meta.label_lower.partition(".")
        return cls(app, model, str(obj.pk))

    def filter(self) -> dict[str, str]:
        return {"source_app": self.app, "source_model": self.model, "source_id": self.id}

    def __str__(self) -> str:
        return f"{self.app}.{self.model}:{self.id}"


def post_postings(postings: Sequence[BudgetPosting]) -> list[BudgetPosting]:
    """Write `postings` (unsaved) and move their lines' running totals by their amounts: one
    INSERT and one UPDATE whatever their number. The caller holds the lines' row locks; the
    database's CHECKs refuse a total that would break the line's invariants."""
    if not postings:
        return []
    created = BudgetPosting.objects.bulk_create(postings)
    moves: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for posting in created:
        moves[TOTAL_OF_KIND[posting.kind]][posting.line_id] += posting.amount
    _move_totals(moves)
    return created


def _move_totals(moves: dict[str, dict[int, int]]) -> None:
    """Add each line's amounts to its running totals in one UPDATE … FROM (VALUES …): an ORM
    update with a CASE per line costs a millisecond a line to build (a seeded year, a payroll
    run of a hundred lines)."""
    fields = sorted(moves)
    line_ids = sorted({line_id for by_line in moves.values() for line_id in by_line})
    if not line_ids:
        return
    quote = connection.ops.quote_name
    for name in fields:
        if name not in TOTAL_FIELDS:
            raise ValueError(f"not a running total: {name}")
    table = quote(BudgetItem._meta.db_table)
    assignments = ", ".join(f"{quote(name)} = t.{quote(name)} + v.{quote(name)}" for name in fields)
    row = "(" + ", ".join(["%s::bigint"] * (len(fields) + 1)) + ")"
    columns = ", ".join(["id", *(quote(name) for name in fields)])
    params: list[int] = []
    for line_id in line_ids:
        params += [line_id, *(moves[name].get(line_id, 0) for name in fields)]
    sql = (
        f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 - names are the model's own columns
        f"FROM (VALUES {', '.join([row] * len(line_ids))}) AS v({columns}) WHERE t.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def posting(
    *,
    line_id: int,
    kind: str,
    amount: int,
    on: date,
    actor: User | None,
    source: SourceRef,
    settles_id: int | None = None,
    memo: str = "",
) -> BudgetPosting:
    """An unsaved posting (for post_postings)."""
    return BudgetPosting(
        line_id=line_id,
        kind=kind,
        amount=amount,
        posted_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        settles_id=settles_id,
        memo=memo[:200],
        **source.filter(),
    )


@dataclass(frozen=True)
class Drift:
    """A line whose stored total differs from the sum of its postings."""

    line_id: int
    label: str
    fiscal_year: int
    field: str
    stored: int
    from_postings: int


def ledger_drift() -> list[Drift]:
    """Every (line, total) of the current schema whose stored figure is not the sum of the
    postings that move it; two queries whatever the size of the ledger."""
    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TOTAL_FIELDS, 0))
    for row in BudgetPosting.objects.values("line_id", "kind").annotate(total=Coalesce(Sum("amount"), 0)):
        sums[row["line_id"]][TOTAL_OF_KIND[row["kind"]]] += row["total"]
    drifts = []
    lines = BudgetItem.objects.values("pk", "code", "name", "fiscal_year__year", *TOTAL_FIELDS).order_by("pk")
    for line in lines:
        expected = sums.get(line["pk"], dict.fromkeys(TOTAL_FIELDS, 0))
        drifts += [
            Drift(
                line_id=line["pk"],
                label=f"{line['code']} {line['name']}",
                fiscal_year=line["fiscal_year__year"],
                field=field,
                stored=line[field],
                from_postings=expected[field],
            )
            for field in TOTAL_FIELDS
            if line[field] != expected[field]
        ]
    return drifts
