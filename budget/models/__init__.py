"""Budget's models, one module per area; importing them here registers them with Django and
keeps `from budget.models import …` working for every caller."""

from budget.models.plans import *  # noqa: F403 - the expense plan's module re-exported whole, so its edits need no change here
