from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.models import InstitutionKind
from tenants.services import institution_create


class Command(BaseCommand):
    help = '기관을 등록하고 업무공간(스키마)을 만듭니다. Provisions an institution: CODE "이름".'

    def add_arguments(self, parser):
        parser.add_argument("code", help="기관코드 (영문 소문자·숫자, 주소와 스키마 이름이 됩니다)")
        parser.add_argument("name", help="기관명")
        parser.add_argument(
            "--kind",
            default=InstitutionKind.CONTRIBUTED,
            choices=[k for k in InstitutionKind.values if k != InstitutionKind.PROVINCE],
            help="기관 유형 (기본: contributed=출연기관)",
        )

    def handle(self, *args, code, name, kind, **options):
        try:
            result = institution_create(code=code, name=name, kind=kind)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        domain = result.institution.get_primary_domain()
        self.stdout.write(f"{result.institution.code}\t{result.institution.name}\t{domain}")
        self.stdout.write(f"provisioned in {result.seconds:.2f}s")
