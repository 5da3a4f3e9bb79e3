from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org import roles
from org.models import DEPARTMENT_MAX_DEPTH, Absence, Department
from org.services import absence_check


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return roles.ROLE_LABELS.get(obj.name, obj.name)


class AuditorRoleForm(forms.Form):
    """The province console's 감사 담당 page: appoint or relieve one person of one institution."""

    institution = forms.ChoiceField(label=_("기관"))
    action = forms.ChoiceField(choices=[("appoint", _("지정")), ("relieve", _("해제"))], widget=forms.HiddenInput)
    person = forms.CharField(label=_("사번 또는 아이디"), max_length=150)
    reason = forms.CharField(label=_("사유"), max_length=200, help_text=_("두 기관의 감사 기록에 남습니다."))

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(i.code, f"{i.name} ({i.code})") for i in institutions]


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_(
            "CSV 또는 XLSX, 5MB 이하. 첫 줄은 열 이름: 사번, 성명, 아이디, 부서코드 (필수) / "
            "직위, 직급, 입사일, 재직상태, 이메일, 전화번호, 역할 (선택)"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.STAFF_IMPORT_MAX_BYTES:
            raise ValidationError(_("파일이 너무 큽니다(최대 5MB)."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다."))
        return upload


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ("user", "reason", "starts_at", "ends_at", "proxy", "note")

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("user", "proxy", "starts_at", "ends_at")):
            absence_check(
                user=data["user"],
                proxy=data["proxy"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                exclude_pk=self.instance.pk,
            )
        return data


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ("name", "code", "parent", "head", "order", "phone", "is_active")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return parent
        if self.instance.pk and parent.path.startswith(self.instance.path):
            raise ValidationError(_("자기 자신이나 하위 부서를 상위 부서로 지정할 수 없습니다."))
        if parent.depth + 1 >= DEPARTMENT_MAX_DEPTH:
            raise ValidationError(_("부서는 %(n)d단계까지만 둘 수 있습니다.") % {"n": DEPARTMENT_MAX_DEPTH})
        return parent
