from django.core.management.base import BaseCommand

from tenants.selectors import institution_list


class Command(BaseCommand):
    help = "기관 목록: code<TAB>name<TAB>domain per line."

    def handle(self, *args, **options):
        for institution in institution_list():
            domain = institution.primary[0].domain if institution.primary else ""
            self.stdout.write(f"{institution.code}\t{institution.name}\t{domain}")
