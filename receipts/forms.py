"""Forms of the receipt pages: the list filter and the action forms (접수, 배부, 담당자 지정, 공람)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import DateField
from org.forms import PeopleField, PersonField
from org.models import Department, EmploymentStatus, User
from receipts.models import ReceiptStatus, ReceivedDocument
from receipts.selectors import ReceiptFilters

DATE_INPUT = {"type": "date"}


def _departments():
    return Department.objects.filter(is_active=True).order_by("path")


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.name


class ReceiptFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, help_text=_("제목, 발신 기관, 문서번호"))
    status = forms.ChoiceField(label=_("상태"), choices=[("", _("전체")), *ReceiptStatus.choices], required=False)
    department = DepartmentChoiceField(label=_("처리과"), queryset=Department.objects.none(), required=False)
    date_from = DateField(label=_("수신일부터"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    date_to = DateField(label=_("까지"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, with_status: bool = True, with_department: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_department:
            self.fields["department"].queryset = _departments()
        else:
            del self.fields["department"]
        if not with_status:
            del self.fields["status"]

    def filters(self) -> ReceiptFilters:
        """The valid filters; an invalid value (a mistyped date) is ignored, not fatal."""
        self.is_valid()
        data = self.cleaned_data
        department = data.get("department")
        return ReceiptFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            department_id=department.pk if department else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class RegisterForm(forms.Form):
    department = DepartmentChoiceField(
        label=_("접수 부서"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("비워 두면 내 부서의 접수번호로 등록합니다."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class DistributeForm(forms.Form):
    department = DepartmentChoiceField(label=_("배부할 부서(처리과)"), queryset=Department.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


def _members(received: ReceivedDocument):
    return (
        User.objects.filter(
            department_id=received.department_id, is_active=True, employment_status=EmploymentStatus.ACTIVE
        )
        .select_related("position", "department")
        .order_by("position__rank", "name")
    )


class AssignForm(forms.Form):
    handler = PersonField(label=_("처리담당자"), queryset=User.objects.none())

    def __init__(self, *args, received: ReceivedDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _members(received)
        self.fields["handler"].widget.departments = [received.department_id] if received.department_id else []


class CirculateForm(forms.Form):
    users = PeopleField(label=_("공람할 사람"))
