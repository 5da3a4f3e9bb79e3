"""Institutions (the tenants) and their host names. Public schema only."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name

# The code becomes the schema name and the first label of the host name, so it is kept to a
# strict lowercase pattern (no crafted schema names: django-tenant-users #709).
code_validator = RegexValidator(
    r"^[a-z][a-z0-9]{1,19}$",
    _("기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
)


postal_code_validator = RegexValidator(r"^[0-9]{5}$", _("우편번호는 숫자 5자리입니다. 예: 36759"))
phone_validator = RegexValidator(
    r"^[0-9][0-9-]{6,18}[0-9]$", _("전화번호는 숫자와 하이픈(-)으로 적으세요. 예: 054-880-2114")
)
# A host name with an optional scheme and path, as printed on paper (www.gb.go.kr); no spaces or quotes.
homepage_validator = RegexValidator(
    r"^(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[^\s\"'<>]*)?$", _("홈페이지 주소를 확인하세요. 예: www.gb.go.kr")
)
# Addresses kept before the 우편번호 had its own field read "(36759) 경상북도 …".
_LEGACY_POSTAL = re.compile(r"^\(([0-9]{5})\)\s*")


class InstitutionKind(models.TextChoices):
    PROVINCE = "province", _("도(본청)")
    CORPORATION = "corporation", _("공사")
    AGENCY = "agency", _("공단")
    CONTRIBUTED = "contributed", _("출연기관")
    INVESTED = "invested", _("출자기관")


class Institution(TenantMixin):
    # TenantMixin's own field, as it is but for a Korean name in the province console.
    schema_name = models.CharField(
        _("스키마 이름"), max_length=63, unique=True, db_index=True, validators=[_check_schema_name]
    )
    code = models.CharField(_("기관코드"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("기관명"), max_length=100)
    kind = models.CharField(_("기관 유형"), max_length=20, choices=InstitutionKind.choices)
    is_active = models.BooleanField(_("사용"), default=True)
    # The 결문 of its official documents (시행규칙 별지 제1호서식): 우 우편번호 주소 / 홈페이지,
    # 전화 / 전송. Each is left out of the document while empty.
    postal_code = models.CharField(
        _("우편번호"), max_length=5, blank=True, validators=[postal_code_validator], help_text=_("예: 36759")
    )
    address = models.CharField(
        _("주소"), max_length=200, blank=True, help_text=_("도로명 주소. 예: 경상북도 안동시 풍천면 도청대로 455")
    )
    homepage = models.CharField(
        _("홈페이지"), max_length=200, blank=True, validators=[homepage_validator], help_text=_("예: www.gb.go.kr")
    )
    phone = models.CharField(
        _("대표 전화"),
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("부서·기안자 전화가 없을 때 결문에 씁니다. 예: 054-880-2114"),
    )
    fax = models.CharField(
        _("전송(팩스)"), max_length=20, blank=True, validators=[phone_validator], help_text=_("예: 054-880-2119")
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

    def postal_address(self) -> tuple[str, str]:
        """(우편번호, 주소) for the 결문, reading a 우편번호 still written inside the address."""
        match = _LEGACY_POSTAL.match(self.address)
        if match and not self.postal_code:
            return match.group(1), self.address[match.end() :]
        return self.postal_code, self.address


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("도메인")
        verbose_name_plural = _("도메인")

    def __str__(self) -> str:
        return self.domain
