"""The institution home page is shared by every app: each app that has something for a person's
day declares panel functions in its plugin (core.plugins.Plugin.home_panels), so `org` shows the
work of the apps above it without importing them (the dependency direction stays tenants <- org
<- the apps above).

A panel function is called as `func(user, now)` and returns a `HomePanel`, a list of them, or
None (nothing to show). It must run a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.plugins import registry


@dataclass(frozen=True)
class HomePanel:
    template: str  # rendered with `panel` in its context
    context: dict = field(default_factory=dict)
    order: int = 100


def home_panels(user, now: datetime) -> list[HomePanel]:
    panels = []
    for func in registry().home_panels:
        result = func(user, now)
        if result is None:
            continue
        panels.extend(result if isinstance(result, list | tuple) else [result])
    return sorted(panels, key=lambda panel: panel.order)
