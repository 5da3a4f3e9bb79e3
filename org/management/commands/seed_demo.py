"""`manage.py seed_demo`: org's demo province (org.demo), then, for each institution, the seeders
the apps above org declare (core.plugins: `demo_seeder`; org never imports them).

A seeder is called as ``func(institution=..., now=...)`` inside the institution's schema, right
after org has seeded (or found) it; it is idempotent and returns an object with ``counts`` (rows
by kind), ``seconds`` and ``note`` (why it left the institution as it was, if it did). Every
seeder sees the same `now`, so one run's dates agree across apps and institutions. Each
declaration names the seeder's time budget per institution (`DemoSeeder.budget_seconds`); a
seeder over it is named in the output (tests/org/test_demo_seed.py keeps them within it).

With `--jobs N` (at most MAX_JOBS) institutions are seeded in N worker processes at once while
this process provisions their schemas one after the other (org.demo_workers says what keeps the
history the same and the public schema right, and why the workers are spawned, not forked). The
default is two processes, or one on a single core (DEFAULT_JOBS). `--jobs 1`, or a call inside a
transaction (a test's), seeds everything in this process, one institution after the other.

`make run` runs it twice: ``--only gbdc --org-only`` before the web starts (the people who sign in,
in seconds), then the whole province in the background, while the province's home shows how far
it is (tenants.demo_progress).
"""

import os
from collections import defaultdict
from time import perf_counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from core.plugins import registry
from org import demo_data
from org.demo import DemoSeedSummary, PasswordHash, SeedResult, demo_seed, province_seed
from org.demo_workers import SeederOutcome, apps_seed, seed_in_processes
from tenants import demo_progress
from tenants.models import Institution, InstitutionKind

# Two cores seed the province in about half the time; more processes than cores only queue.
MAX_JOBS = 4
DEFAULT_JOBS = min(2, os.cpu_count() or 1)


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
        parser.add_argument(
            "--jobs",
            type=int,
            default=DEFAULT_JOBS,
            metavar="N",
            help=(
                f"동시에 만드는 기관 수(프로세스, 최대 {MAX_JOBS}, 기본 {DEFAULT_JOBS})"
                f" / institutions seeded at once (default {DEFAULT_JOBS})"
            ),
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
        self._finished: set[str] = set()
        if not 1 <= options["jobs"] <= MAX_JOBS:
            raise CommandError(f"--jobs는 1에서 {MAX_JOBS} 사이여야 합니다.")
        # Worker processes cannot see what an open transaction (a test's) has not committed.
        parallel = options["jobs"] > 1 and len(specs) > 1 and not connection.in_atomic_block
        if self._codes:
            demo_progress.seeding_started(self._codes)
        try:
            if parallel:
                summary = self._seed_in_processes(specs, options["jobs"])
            else:
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

    def _seed_in_processes(self, specs: tuple[demo_data.InstitutionSpec, ...], jobs: int) -> DemoSeedSummary:
        password_hash = PasswordHash()
        province = province_seed(password_hash=password_hash)
        self._report_org(province)
        institutions = seed_in_processes(
            specs=specs,
            now=self._now,
            password_hash=password_hash(),
            seeders=self._functions,
            jobs=jobs,
            done=self._institution_done,
        )
        return DemoSeedSummary(province=province, institutions=institutions)

    def _report(self, result: SeedResult) -> None:
        """One institution after the other: its apps right after its people."""
        self._report_org(result)
        institution = Institution.objects.get(code=result.code)
        if institution.kind == InstitutionKind.PROVINCE:
            return
        self._report_apps(result, apps_seed(institution=institution, now=self._now, seeders=self._functions))

    def _institution_done(self, result: SeedResult, outcomes: list[SeederOutcome]) -> None:
        self._report_org(result)
        self._report_apps(result, outcomes)

    def _report_org(self, result: SeedResult) -> None:
        if result.created:
            counts = f"{result.staff:>4} staff {result.departments:>3} depts {result.absences:>3} absences"
            self.stdout.write(f"{result.code:<12} {counts} {result.seconds:5.2f}s  {result.name} ({result.kind})")
        else:
            self.stdout.write(f"{result.code:<12} {result.note:<39}  {result.name} ({result.kind})")

    def _report_apps(self, result: SeedResult, outcomes: list[SeederOutcome]) -> None:
        for outcome in outcomes:
            self._seconds[outcome.label] += outcome.seconds
            if outcome.note:
                self.stdout.write(f"{'':<12} {outcome.label}: {outcome.note}")
                continue
            self._seeded[outcome.label] += 1
            counts = " ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in outcome.counts.items())
            over = f" (over its budget of {outcome.budget:g}s)" if outcome.seconds > outcome.budget else ""
            self.stdout.write(f"{'':<12} {outcome.label}: {counts} {outcome.seconds:5.2f}s{over}")
        if self._functions:
            # Counted as institutions finish, whichever process seeded them.
            self._finished.add(result.code)
            waiting = [code for code in self._codes if code not in self._finished]
            demo_progress.institution_seeded(
                result.code, done=len(self._finished), total=len(self._codes), waiting=waiting
            )
