"""`manage.py seed_demo`: org's demo province (org.demo), then, for each institution, the seeders
the apps above org declare (core.plugins: `demo_seeder`; org never imports them).

A seeder is called as ``func(institution=..., now=...)`` inside the institution's schema, right
after org has seeded (or found) it; it is idempotent and returns an object with ``counts`` (rows
by kind), ``seconds`` and ``note`` (why it left the institution as it was, if it did). Every
seeder sees the same `now`, so one run's dates agree across apps and institutions. Each
declaration names the seeder's time budget per institution (`DemoSeeder.budget_seconds`); a
seeder over it is named in the output (tests/org/test_demo_seed.py keeps them within it).

`make run` runs it twice: ``--only gbdc --org-only`` before the web starts (the people who sign in,
in seconds), then the whole province in the background, while the province's home shows how far
it is (tenants.demo_progress).
"""

from collections import defaultdict
from time import perf_counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from core.plugins import registry
from org import demo_data
from org.demo import SeedResult, demo_seed
from tenants import demo_progress
from tenants.models import Institution, InstitutionKind


def _seeders() -> tuple[tuple[str, object, float], ...]:
    """(label, function, budget in seconds) per declared seeder, in INSTALLED_APPS order; the label
    is the app's."""
    return tuple(
        (label, import_string(seeder.function), seeder.budget_seconds) for label, seeder in registry().demo_seeders
    )


class Command(BaseCommand):
    help = (
        "데모 데이터(경상북도와 산하 21개 기관의 조직·직원·부재, 그리고 각 앱이 선언한 업무 데이터)를 "
        "만듭니다. 이미 있는 기관·데이터는 건너뜁니다. Seeds the demo province; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="CODE",
            help="이 기관만 (여러 번 쓸 수 있음) / only this institution (repeatable)",
        )
        parser.add_argument(
            "--org-only",
            action="store_true",
            help="조직·직원만, 앱의 업무 데이터는 빼고 / organisations and people only, no app data",
        )

    def handle(self, *args, **options):
        started = perf_counter()
        specs = demo_data.INSTITUTIONS
        if options["only"]:
            unknown = set(options["only"]) - {s.code for s in specs}
            if unknown:
                raise CommandError(f"데모 기관이 아닙니다: {', '.join(sorted(unknown))}")
            specs = tuple(s for s in specs if s.code in options["only"])
        self._now = timezone.now()
        self._seeded: dict[str, int] = defaultdict(int)
        self._seconds: dict[str, float] = defaultdict(float)
        self._functions = () if options["org_only"] else _seeders()
        self._codes = [s.code for s in specs] if self._functions else []
        if self._codes:
            demo_progress.seeding_started(self._codes)
        try:
            summary = demo_seed(now=self._now, specs=specs, report=self._report)
        finally:
            if self._codes:
                demo_progress.seeding_finished(self._codes)
        seeded = [r for r in summary.institutions if r.created]
        line = (
            f"seeded {len(seeded)} institutions, {sum(r.staff for r in seeded):,} staff"
            f" in {perf_counter() - started:.1f}s"
        )
        if skipped := len(summary.institutions) - len(seeded):
            line += f" ({skipped} left as they were)"
        self.stdout.write(line)
        for label, _func, _budget in self._functions:
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
        for label, func, budget in self._functions:
            with schema_context(institution.schema_name):
                outcome = func(institution=institution, now=self._now)
            self._seconds[label] += outcome.seconds
            if outcome.note:
                self.stdout.write(f"{'':<12} {label}: {outcome.note}")
                continue
            self._seeded[label] += 1
            counts = " ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in outcome.counts.items())
            over = f" (over its budget of {budget:g}s)" if outcome.seconds > budget else ""
            self.stdout.write(f"{'':<12} {label}: {counts} {outcome.seconds:5.2f}s{over}")
        if self._functions:
            done = self._codes.index(result.code) + 1
            demo_progress.institution_seeded(result.code, done=done, total=len(self._codes), waiting=self._codes[done:])
