"""The schedule-entry form (일정). It offers only the scopes and departments the person may write;
the service checks again and its ValidationErrors are keyed by these field names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import DateTimeField
from org.models import Department, User
from org.visibility import viewer_for
from tasks.forms.meetings import DepartmentField, datetime_widget
from tasks.models import ScheduleScope


def writable_departments(user: User):
    """Departments whose calendar this person may write: their own, the trees they head; all for
    admins."""
    viewer = viewer_for(user)
    departments = Department.objects.filter(is_active=True).order_by("path")
    if viewer.is_admin:
        return departments
    return departments.filter(viewer.department_q(""))


class ScheduleEntryForm(forms.Form):
    scope = forms.ChoiceField(label=_("구분"), choices=ScheduleScope.choices)
    department = DepartmentField(
        label=_("부서"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("(소속 부서)"),
        help_text=_("부서 일정일 때만 씁니다."),
    )
    title = forms.CharField(label=_("일정"), max_length=200)
    all_day = forms.BooleanField(
        label=_("종일"), required=False, help_text=_("종일 일정은 시작일부터 종료일까지 날짜만 봅니다.")
    )
    starts_at = DateTimeField(label=_("시작"), widget=datetime_widget())
    ends_at = DateTimeField(label=_("종료"), widget=datetime_widget())
    location = forms.CharField(label=_("장소"), max_length=200, required=False)
    note = forms.CharField(label=_("메모"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        viewer = viewer_for(user)
        scopes = [ScheduleScope.PERSONAL]
        if viewer.department_id or viewer.is_head or viewer.is_admin:
            scopes.append(ScheduleScope.DEPARTMENT)
        if viewer.is_admin:
            scopes.append(ScheduleScope.INSTITUTION)
        self.fields["scope"].choices = [(s.value, s.label) for s in scopes]
        self.fields["department"].queryset = writable_departments(user)
