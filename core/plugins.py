"""What each app adds to the platform, declared once per app and collected in one registry.

An app names its declaration in its AppConfig, ``plugin = "<app>.plugin.PLUGIN"``: a module of
its own holding one `Plugin`. The platform's shared parts (the navigation, the institution home
page, the demo seed, the role table, the audit log's labels, the notification list, the approval
engine's kinds, province monitoring) read `registry()`, so none of them imports or names the apps
that plug into them. docs/ARCHITECTURE.md ("How a later app plugs in") walks through an example.

Functions are named by dotted path, not imported, so that reading the declarations (when the
first page draws its navigation, or when the approval engine starts) never imports an app's
views, demo data or selectors before they are used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.kpis import Kpi, KpiSource, check_sources

INSTITUTION = "institution"  # an institution's own host (its schema)
PROVINCE = "province"  # the province's host (the public schema)
SITES = (INSTITUTION, PROVINCE)


@dataclass(frozen=True)
class NavEntry:
    """One item of the main navigation.

    Without a URL name the entry is a planned area, shown as "(준비 중)"; an entry with a URL name
    and the same label on the same site replaces it. `permission` ("app_label.codename") and
    `roles` (role names, org.roles) limit who sees the entry: either one suffices, superusers see
    everything, and with neither every signed-in person sees it. `count` names a function
    ``(request) -> int`` whose positive result is shown as a badge; it runs only when the
    navigation is drawn, so it should cost at most one query (or a cached value).
    """

    label: str | Promise  # a lazy translation, usually
    url_name: str | None = None
    namespaces: tuple[str, ...] = ()  # URL namespaces that belong to the area (marked current)
    order: int = 100
    sites: tuple[str, ...] = (INSTITUTION,)
    permission: str = ""
    roles: tuple[str, ...] = ()
    count: str = ""

    @property
    def is_planned(self) -> bool:
        return not self.url_name

    def shown_to(self, user: Any) -> bool:
        if not (self.permission or self.roles) or user.is_superuser:
            return True
        if self.permission and user.has_perm(self.permission):
            return True
        return bool(self.roles) and not user.role_names().isdisjoint(self.roles)


@dataclass(frozen=True)
class DemoSeeder:
    """An app's per-institution demo data for `manage.py seed_demo`.

    `function` is called as ``func(institution=..., now=...)`` inside the institution's schema,
    after org has seeded it and after the seeders of the apps listed before this one in
    INSTALLED_APPS (an app is listed after the apps it builds on). It is idempotent and
    deterministic, and returns an object with ``counts`` (rows by kind), ``seconds`` and ``note``
    (why it left the institution as it was, if it did). `budget_seconds` is the most this app's
    seed of one institution (any size: tests/org/test_demo_seed.py holds it to it on the largest)
    may take on a quiet 2-core machine: the whole demo province has to be ready within minutes of
    `make run`, and every app shares that time; `seed_demo` names a seeder that goes over.
    """

    function: str
    budget_seconds: float


@dataclass(frozen=True)
class Role:
    """A role an app adds to the ones org defines (e.g. a payroll officer): a group with this
    name is created in every schema of its site, and the console lets admins grant it. With
    `console` its holders may open the site's admin console too, where they see only the models
    their permissions reach (a budget officer keeps the budget structure there)."""

    name: str
    label: str
    site: str = INSTITUTION
    console: bool = False


@dataclass(frozen=True)
class Plugin:
    """Everything one app adds to the platform. Every field is optional.

    - `nav`: its main navigation entries (`NavEntry`).
    - `home_panels`: dotted paths of ``(user, now) -> HomePanel | list[HomePanel] | None`` for the
      institution home page (org.home), each running a fixed number of queries.
    - `demo_seeder`: its per-institution demo data (`DemoSeeder`).
    - `roles`: roles it adds beyond org's (`Role`).
    - `permissions`: role name -> codename prefixes ("view_", "change_", "register_" …) that role
      gets on *this app's* models, in the schemas of the role's site.
    - `audit_labels`: action -> Korean label of the audit entries it writes (usually its
      ``audit_actions.ACTION_LABELS``).
    - `notification_categories`: category -> Korean label of the notifications it sends.
    - `approval_kinds`: dotted paths of functions that register its approval kinds
      (approval.kinds.register_kind); the approval engine calls them once when it starts.
    - `kpis`: dotted path of the app's `KpiSource` (``"<app>.kpis.SOURCE"``): the KPIs it reports
      to province monitoring and the function that counts them for one institution; monitoring
      stores the figures in the public schema.
    """

    nav: tuple[NavEntry, ...] = ()
    home_panels: tuple[str, ...] = ()
    demo_seeder: DemoSeeder | None = None
    roles: tuple[Role, ...] = ()
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    audit_labels: Mapping[str, Any] = field(default_factory=dict)
    notification_categories: Mapping[str, Any] = field(default_factory=dict)
    approval_kinds: tuple[str, ...] = ()
    kpis: str = ""


@dataclass(frozen=True)
class Declaration:
    app_label: str
    plugin: Plugin


def _merge_labels(declarations: Iterable[Declaration], attribute: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for declaration in declarations:
        for key, label in getattr(declaration.plugin, attribute).items():
            if key in owners:
                raise ImproperlyConfigured(
                    f"{attribute} {key!r} is declared by both {owners[key]!r} and {declaration.app_label!r}"
                )
            owners[key] = declaration.app_label
            merged[key] = label
    return merged


class Registry:
    """The declarations of the installed apps, in INSTALLED_APPS order, checked once."""

    def __init__(self, declarations: Iterable[Declaration]):
        self.declarations = tuple(declarations)
        for declaration in self.declarations:
            self._check(declaration)
        self.audit_labels = _merge_labels(self.declarations, "audit_labels")
        self.notification_categories = _merge_labels(self.declarations, "notification_categories")
        role_names = [role.name for role in self.roles]
        if len(role_names) != len(set(role_names)):
            raise ImproperlyConfigured(f"two apps declare a role of the same name: {role_names!r}")
        self._nav: dict[str, tuple[NavEntry, ...]] = {}

    @staticmethod
    def _check(declaration: Declaration) -> None:
        plugin, label = declaration.plugin, declaration.app_label
        if not isinstance(plugin, Plugin):
            raise ImproperlyConfigured(f"the plugin of {label!r} is not a core.plugins.Plugin")
        for entry in plugin.nav:
            if not entry.sites or not set(entry.sites) <= set(SITES):
                raise ImproperlyConfigured(f"a navigation entry of {label!r} has unknown sites {entry.sites!r}")
        for role in plugin.roles:
            if role.site not in SITES:
                raise ImproperlyConfigured(f"role {role.name!r} of {label!r} has an unknown site {role.site!r}")
        seeder = plugin.demo_seeder
        if seeder is not None and not seeder.budget_seconds > 0:
            raise ImproperlyConfigured(f"the demo seeder of {label!r} needs a time budget in seconds")

    def nav(self, site: str) -> tuple[NavEntry, ...]:
        """The site's entries in order. Built on first use rather than while the apps load:
        comparing labels translates them, and nothing is translated before the apps are ready."""
        if site not in self._nav:
            self._nav[site] = self._site_nav(site)
        return self._nav[site]

    def _site_nav(self, site: str) -> tuple[NavEntry, ...]:
        entries = [entry for d in self.declarations for entry in d.plugin.nav if site in entry.sites]
        linked = [entry.label for entry in entries if not entry.is_planned]
        if len(linked) != len(set(linked)):
            raise ImproperlyConfigured(f"two navigation entries of the {site} site share a label: {linked!r}")
        kept = [entry for entry in entries if not (entry.is_planned and entry.label in linked)]
        return tuple(sorted(kept, key=lambda entry: entry.order))  # stable: declaration order breaks ties

    @cached_property
    def home_panels(self) -> tuple[Callable, ...]:
        return tuple(import_string(path) for d in self.declarations for path in d.plugin.home_panels)

    @property
    def demo_seeders(self) -> tuple[tuple[str, DemoSeeder], ...]:
        """(app label, seeder) in the order they run."""
        return tuple((d.app_label, d.plugin.demo_seeder) for d in self.declarations if d.plugin.demo_seeder)

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(role for d in self.declarations for role in d.plugin.roles)

    @property
    def permissions(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(app label, role name, codename prefixes) for every grant an app declares."""
        return tuple(
            (d.app_label, role, tuple(prefixes))
            for d in self.declarations
            for role, prefixes in d.plugin.permissions.items()
        )

    @property
    def approval_kinds(self) -> tuple[str, ...]:
        return tuple(path for d in self.declarations for path in d.plugin.approval_kinds)

    @cached_property
    def kpi_sources(self) -> tuple[tuple[str, KpiSource], ...]:
        """(app label, source) per app that reports to monitoring, imported on first use."""
        sources = tuple((d.app_label, import_string(d.plugin.kpis)) for d in self.declarations if d.plugin.kpis)
        check_sources(sources)
        return sources

    @cached_property
    def kpis(self) -> dict[str, Kpi]:
        """Every declared KPI by code, in declaration order (apps in INSTALLED_APPS order)."""
        return {kpi.code: kpi for _label, source in self.kpi_sources for kpi in source.kpis}


def installed_declarations() -> list[Declaration]:
    """The declaration each installed app names in its AppConfig's `plugin` attribute."""
    return [
        Declaration(config.label, import_string(config.plugin))  # type: ignore[attr-defined]  # filtered below
        for config in apps.get_app_configs()
        if getattr(config, "plugin", "")
    ]


@cache
def registry() -> Registry:
    """The registry of the installed apps, collected on first use (apps must be loaded)."""
    return Registry(installed_declarations())


# Areas the province has asked for whose apps are not built yet, shown as "(준비 중)" in the
# navigation until an app declares an entry with the same label on the same site.
PLANNED_AREAS = Plugin(
    nav=(
        NavEntry(_("복무"), order=40),
        NavEntry(_("급여"), order=60),
        NavEntry(_("기록관리"), order=70),
    )
)
