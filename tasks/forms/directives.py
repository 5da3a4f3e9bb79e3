"""Forms of the directive pages. Field names equal the service arguments, so a service's
ValidationError lands on the right field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import DateField
from org.forms import PeopleField, people_choices
from org.models import Department, User
from org.visibility import viewer_for
from tasks.forms.memos import DATE_INPUT, UnitTaskChoiceField
from tasks.models import DirectiveStatus, UnitTask
from tasks.permissions.directives import assignable_people, issuable_departments
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.selectors.directives import TAB_RECEIVED, TABS, DirectiveFilters, department_choices


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return "\u00a0\u00a0" * obj.depth + obj.name  # indented by depth, the tree at a glance


class DirectiveForm(forms.Form):
    title = forms.CharField(label=_("지시 제목"), max_length=200)
    body = forms.CharField(label=_("지시 내용"), widget=forms.Textarea(attrs={"rows": 8}))
    due_on = DateField(label=_("처리기한"), widget=forms.DateInput(attrs=DATE_INPUT))
    department = DepartmentChoiceField(label=_("주관 부서"), queryset=Department.objects.none())
    assignees = PeopleField(label=_("이행 담당자"), queryset=User.objects.none())
    unit_task = UnitTaskChoiceField(
        label=_("단위과제"), queryset=UnitTask.objects.none(), required=False, empty_label=_("(등록하지 않음)")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        viewer = viewer_for(user)
        departments = issuable_departments(viewer)
        self.fields["department"].queryset = departments
        people = assignable_people(viewer)
        self.fields["assignees"].queryset = people
        self.fields["assignees"].choices = people_choices(people)
        if not viewer.is_admin:
            # A head directs people of their own trees: search there, not the whole institution.
            self.fields["assignees"].widget.departments = [d.pk for d in departments]
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        if viewer.department_id and not self.is_bound:
            self.initial.setdefault("department", viewer.department_id)


STATUS_CHOICES = [("", _("전체")), ("open", _("미완료(진행 중)")), *DirectiveStatus.choices]


class DirectiveFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=[(t, t) for t in TABS], required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("검색"), required=False, help_text=_("제목, 내용, 지시자, 담당자"))
    status = forms.ChoiceField(label=_("상태"), choices=STATUS_CHOICES, required=False)
    department = DepartmentChoiceField(
        label=_("주관 부서"), queryset=Department.objects.none(), required=False, empty_label=_("전체")
    )
    due_from = DateField(label=_("처리기한부터"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    due_to = DateField(label=_("까지"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    overdue = forms.BooleanField(label=_("기한 경과만"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices(viewer_for(user))

    def filters(self) -> DirectiveFilters:
        """The valid filters; an invalid value (a mistyped date) is ignored, not fatal."""
        self.is_valid()
        data = self.cleaned_data
        department = data.get("department")
        return DirectiveFilters(
            tab=data.get("tab") or TAB_RECEIVED,
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            department_id=department.pk if department else None,
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
        )


class OverdueFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, help_text=_("제목, 지시자, 담당자"))
    department = DepartmentChoiceField(
        label=_("주관 부서"), queryset=Department.objects.none(), required=False, empty_label=_("전체")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices(viewer_for(user))


class PlanForm(forms.Form):
    plan = forms.CharField(label=_("이행계획"), widget=forms.Textarea(attrs={"rows": 4}))
    planned_on = DateField(label=_("이행 완료 예정일"), widget=forms.DateInput(attrs=DATE_INPUT))


class ProgressForm(forms.Form):
    body = forms.CharField(label=_("추진상황"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(
        label=_("진척률(%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
    )


class CompleteForm(forms.Form):
    report = forms.CharField(label=_("이행 결과"), widget=forms.Textarea(attrs={"rows": 4}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("보완 요구 사유"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("취소 사유"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("의견"), widget=forms.Textarea(attrs={"rows": 2}))


# action name (URL and form prefix) -> form class
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "plan": PlanForm,
    "progress": ProgressForm,
    "complete": CompleteForm,
    "reopen": ReopenForm,
    "cancel": CancelForm,
    "comment": CommentForm,
}
