import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import ensure_province, ensure_template_schema


class Command(BaseCommand):
    help = (
        "공용 스키마·모든 기관·템플릿 스키마를 마이그레이션합니다. Migrates public, every institution and the template."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_province()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        ensure_template_schema()
        self.stdout.write(f"migrated in {time.perf_counter() - started:.1f}s")
