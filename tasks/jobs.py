"""Celery jobs of the work-management app.

Card completeness is stored on each card and changes with time alone (a milestone falls due, a
performance entry ages past 90 days), so it is refreshed every night: one message per
institution, each refreshing that institution's cards in its own schema.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from core.jobs import fan_out, job
from tasks.models import TaskCard
from tasks.selectors.cards import cards_for_refresh
from tasks.services.cards import card_completeness

logger = logging.getLogger(__name__)

CHUNK = 500


@job("tasks.refresh_card_completeness")
def refresh_card_completeness(today: str | None = None) -> dict:
    """Recompute every card's completeness in the schema this job was sent from.

    Idempotent: it writes only the cards whose value or check date differ, so a second delivery
    the same day changes nothing. `today` (ISO date) is for tests; by default the local date.
    """
    day = timezone.localdate() if today is None else date.fromisoformat(today)
    checked = changed = 0
    for card in cards_for_refresh().iterator(chunk_size=CHUNK):
        checked += 1
        value = card_completeness(card, day)
        if card.completeness != value or card.completeness_checked_on != day:
            # update(), not save(): a refresh is not an edit and must not move `updated_at`.
            TaskCard.objects.filter(pk=card.pk).update(completeness=value, completeness_checked_on=day)
            changed += 1
    logger.info("card completeness refreshed", extra={"checked": checked, "changed": changed})
    return {"checked": checked, "changed": changed}


@job("tasks.refresh_all_card_completeness", province_level=True)
def refresh_all_card_completeness() -> list[str]:
    """Fan out one refresh per active institution (the province's schema has no cards)."""
    return fan_out(refresh_card_completeness)
