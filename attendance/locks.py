"""The row locks of the attendance app."""

from __future__ import annotations

from org.models import User


def lock_person(person: User) -> None:
    """Lock the person's row for the rest of the transaction. Everything that moves their leave
    balance (a request, its final approval, a cancellation, an adjustment) takes it first, so two
    requests racing for the last days of one balance are checked one after the other."""
    list(User.objects.select_for_update(of=("self",)).filter(pk=person.pk).order_by("pk").values_list("pk"))
