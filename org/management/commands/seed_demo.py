"""`manage.py seed_demo`: org's demo province (org.demo), then, for each institution, the seeders
the apps above org declare in their plugins (core.plugins.DemoSeeder; org never imports them).

A seeder is called as ``func(institution=..., now=...)`` inside the institution's schema, right
after org has seeded (or found) it; it is idempotent and returns an object with ``counts`` (rows
by kind), ``seconds`` and ``note`` (why it left the institution as it was, if it did). Every
seeder sees the same `now`, so one run's dates agree across apps and institutions.
"""

from collections import defaultdict
from time import perf_counter

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from core.plugins import registry
from org.demo import SeedResult, demo_seed
from tenants.models import Institution, InstitutionKind


def _seeders() -> tuple[tuple[str, object], ...]:
    """(label, function) per declared seeder, in INSTALLED_APPS order; the label is the app's."""
    return tuple((label, import_string(seeder.function)) for label, seeder in registry().demo_seeders)


class Command(BaseCommand):
    help = (
        "데모 데이터(경상북도와 산하 21개 기관의 조직·직원·부재, 그리고 각 앱이 선언한 업무 데이터)를 "
        "만듭니다. 이미 있는 기관·데이터는 건너뜁니다. Seeds the demo province; idempotent."
    )

    def handle(self, *args, **options):
        started = perf_counter()
        self._now = timezone.now()
        self._seeded: dict[str, int] = defaultdict(int)
        self._seconds: dict[str, float] = defaultdict(float)
        self._functions = _seeders()
        summary = demo_seed(report=self._report)
        seeded = [r for r in summary.institutions if r.created]
        line = (
            f"seeded {len(seeded)} institutions, {sum(r.staff for r in seeded):,} staff"
            f" in {perf_counter() - started:.1f}s"
        )
        if skipped := len(summary.institutions) - len(seeded):
            line += f" ({skipped} left as they were)"
        self.stdout.write(line)
        for label, _func in self._functions:
            n = self._seeded[label]
            self.stdout.write(
                f"{label}: seeded {n} institutions in {self._seconds[label]:.1f}s"
                + (f" ({len(summary.institutions) - n} left as they were)" if n < len(summary.institutions) else "")
            )

    def _report(self, result: SeedResult) -> None:
        if result.created:
            counts = f"{result.staff:>4} staff {result.departments:>3} depts {result.absences:>3} absences"
            self.stdout.write(f"{result.code:<12} {counts} {result.seconds:5.2f}s  {result.name} ({result.kind})")
        else:
            self.stdout.write(f"{result.code:<12} {result.note:<39}  {result.name} ({result.kind})")
        institution = Institution.objects.get(code=result.code)
        if institution.kind == InstitutionKind.PROVINCE:
            return
        for label, func in self._functions:
            with schema_context(institution.schema_name):
                outcome = func(institution=institution, now=self._now)
            self._seconds[label] += outcome.seconds
            if outcome.note:
                self.stdout.write(f"{'':<12} {label}: {outcome.note}")
                continue
            self._seeded[label] += 1
            counts = " ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in outcome.counts.items())
            self.stdout.write(f"{'':<12} {label}: {counts} {outcome.seconds:5.2f}s")
