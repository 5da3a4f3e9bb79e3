"""Institutions (the tenants) and their host names. Public schema only."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

# The code becomes the schema name and the first label of the host name, so it is kept to a
# strict lowercase pattern (no crafted schema names: django-tenant-users #709).
code_validator = RegexValidator(
    r"^[a-z][a-z0-9]{1,19}$",
    _("기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
)


class InstitutionKind(models.TextChoices):
    PROVINCE = "province", _("도(본청)")
    CORPORATION = "corporation", _("공사")
    AGENCY = "agency", _("공단")
    CONTRIBUTED = "contributed", _("출연기관")
    INVESTED = "invested", _("출자기관")


class Institution(TenantMixin):
    code = models.CharField(_("기관코드"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("기관명"), max_length=100)
    kind = models.CharField(_("기관 유형"), max_length=20, choices=InstitutionKind.choices)
    is_active = models.BooleanField(_("사용"), default=True)
    # Printed in the 결문 of its official documents (우편번호 and 도로명 주소).
    address = models.CharField(
        _("주소"), max_length=200, blank=True, help_text=_("예: (36759) 경상북도 안동시 풍천면 도청대로 455")
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("사용중지 일시"), null=True, blank=True)

    # Provisioning is an explicit service step (tenants.services.institution_create), not a
    # side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("기관")
        verbose_name_plural = _("기관")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind == InstitutionKind.PROVINCE


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("도메인")
        verbose_name_plural = _("도메인")

    def __str__(self) -> str:
        return self.domain
