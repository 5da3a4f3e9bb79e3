from time import perf_counter

from django.core.management.base import BaseCommand

from org.demo import SeedResult, demo_seed


class Command(BaseCommand):
    help = (
        "데모 데이터(경상북도와 산하 21개 기관의 조직·직원·부재)를 만듭니다. 이미 있는 기관은 건너뜁니다. "
        "Seeds the demo province; idempotent."
    )

    def handle(self, *args, **options):
        started = perf_counter()
        summary = demo_seed(report=self._report)
        seeded = [r for r in summary.institutions if r.created]
        line = (
            f"seeded {len(seeded)} institutions, {sum(r.staff for r in seeded):,} staff"
            f" in {perf_counter() - started:.1f}s"
        )
        if skipped := len(summary.institutions) - len(seeded):
            line += f" ({skipped} left as they were)"
        self.stdout.write(line)

    def _report(self, result: SeedResult) -> None:
        if result.created:
            counts = f"{result.staff:>4} staff {result.departments:>3} depts {result.absences:>3} absences"
            self.stdout.write(f"{result.code:<12} {counts} {result.seconds:5.2f}s  {result.name} ({result.kind})")
        else:
            self.stdout.write(f"{result.code:<12} {result.note:<39}  {result.name} ({result.kind})")
