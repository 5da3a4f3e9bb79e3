"""The institution home page is shared by every app: each app that has something for a person's
day contributes a panel through the `HOME_PANELS` setting (dotted paths), so `org` shows the work
of apps above it without importing them (the dependency direction stays tenants <- org <- tasks
<- approval …).

A panel function is called as `func(user, now)` and returns a `HomePanel` or None (nothing to
show). It must run a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class HomePanel:
    template: str  # rendered with `panel` in its context
    context: dict = field(default_factory=dict)
    order: int = 100


@cache
def _panel_functions() -> tuple:
    return tuple(import_string(path) for path in settings.HOME_PANELS)


def home_panels(user, now: datetime) -> list[HomePanel]:
    panels = []
    for func in _panel_functions():
        result = func(user, now)
        if result is None:
            continue
        panels.extend(result if isinstance(result, list | tuple) else [result])
    return sorted(panels, key=lambda panel: panel.order)
