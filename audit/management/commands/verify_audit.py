from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from audit.services import audit_verify_chain
from core.jobs import institution_schemas


class Command(BaseCommand):
    help = "감사 기록 해시 체인을 검증합니다 (기관별). Verifies every schema's audit hash chain."

    def add_arguments(self, parser):
        parser.add_argument("--schema", help="이 기관(스키마)만 검증")

    def handle(self, *args, schema=None, **options):
        # The province's own chain and every institution's, a deactivated one's too (its records are kept).
        schemas = [schema] if schema else institution_schemas(with_province=True, with_inactive=True)
        broken = 0
        for name in schemas:
            with schema_context(name):
                report = audit_verify_chain()
            if report.ok:
                self.stdout.write(f"{name}\tOK\t{report.checked}건")
            else:
                broken += 1
                self.stdout.write(f"{name}\tBROKEN\t#{report.broken_id}\t{report.reason}")
        if broken:
            raise CommandError(f"{broken}개 기관의 감사 기록 체인이 깨졌습니다.")
