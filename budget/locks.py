"""Row locks on budget lines.

Everything that moves a line's running totals (a charge, an amendment, an allotment, closing a
year) first locks the lines it touches with `lock_lines`, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.services import audit_chain_lock
from budget.models import BudgetItem


def lock_lines(line_ids: Iterable[int]) -> dict[int, BudgetItem]:
    """Lock the lines (with their fiscal year read alongside) and return them by pk.

    Two callers charging the same lines in different orders would deadlock if each locked in its
    own order; locking in pk order makes them queue in one order. Every charge is audited, so the
    audit chain's lock is taken first: a caller that audits before locking lines (the approval
    engine records the decision, then runs the callback) then waits for the chain instead of
    holding it while waiting for a line we hold.
    """
    ids = sorted({int(pk) for pk in line_ids})
    audit_chain_lock()
    rows = BudgetItem.objects.filter(pk__in=ids).select_related("fiscal_year").order_by("pk")
    locked = {line.pk: line for line in rows.select_for_update(of=("self",))}
    missing = [pk for pk in ids if pk not in locked]
    if missing:
        raise ValidationError(_("없는 예산과목입니다: %(ids)s") % {"ids": ", ".join(map(str, missing))})
    return locked
