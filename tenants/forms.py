from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_exists

from tenants.models import Institution, InstitutionKind, code_validator


class InstitutionCreateForm(forms.ModelForm):
    code = forms.CharField(
        label=_("기관코드"),
        max_length=20,
        validators=[code_validator],
        help_text=_("영문 소문자·숫자. 업무공간 주소가 됩니다(예: gbdc → gbdc.도메인)."),
    )
    kind = forms.ChoiceField(
        label=_("기관 유형"), choices=[c for c in InstitutionKind.choices if c[0] != InstitutionKind.PROVINCE]
    )

    class Meta:
        model = Institution
        fields = ("code", "name", "kind")

    def clean_code(self):
        code = self.cleaned_data["code"].strip().lower()
        if Institution.objects.filter(code=code).exists() or schema_exists(code, case_sensitive=False):
            raise ValidationError(_("이미 등록된 기관코드입니다."))
        return code
