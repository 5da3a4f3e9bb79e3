"""Forms of the records pages: the register search and the hand actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import DateField
from core.widgets import PlainSelect
from org.models import Department, User
from records.models import RecordFile, RecordType
from records.permissions import register_departments, sees_every_record
from records.selectors import RegisterFilters
from tasks.models import Disclosure, RetentionPeriod, UnitTask

DATE_INPUT = {"type": "date"}


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.name


class UnitTaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitTask) -> str:
        return f"{obj.name} ({obj.code}, {obj.get_retention_period_display()})"


def handled_unit_tasks(user: User) -> Any:
    """The unit tasks a person may file under: their department's (and those they oversee); every
    active one for the 기록관."""
    tasks = UnitTask.objects.filter(is_active=True).select_related("department").order_by("department__path", "code")
    if sees_every_record(user):
        return tasks
    from org.visibility import viewer_for

    return tasks.filter(viewer_for(user).department_q("department"))


class RegisterFilterForm(forms.Form):
    # PlainSelect: a hundred unit tasks' <option>s rendered by template cost more than the SQL.
    department = DepartmentChoiceField(
        label=_("처리과"), queryset=Department.objects.none(), required=False, widget=PlainSelect
    )
    year = forms.IntegerField(label=_("생산연도"), required=False, min_value=1900, max_value=2100)
    q = forms.CharField(label=_("검색"), required=False, max_length=200, help_text=_("등록번호 또는 제목"))
    date_from = DateField(label=_("등록일부터"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    date_to = DateField(label=_("까지"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    unit_task = UnitTaskChoiceField(
        label=_("단위과제"), queryset=UnitTask.objects.none(), required=False, widget=PlainSelect
    )
    retention_period = forms.ChoiceField(
        label=_("보존기간"), choices=[("", _("전체")), *RetentionPeriod.choices], required=False, widget=PlainSelect
    )
    disclosure = forms.ChoiceField(
        label=_("공개구분"), choices=[("", _("전체")), *Disclosure.choices], required=False, widget=PlainSelect
    )

    def __init__(self, *args: Any, user: User, with_dates: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = register_departments(user)  # type: ignore[attr-defined]
        self.fields["unit_task"].queryset = handled_unit_tasks(user)  # type: ignore[attr-defined]
        if not with_dates:
            for name in ("date_from", "date_to", "disclosure"):
                del self.fields[name]

    def filters(self) -> RegisterFilters:
        """The valid filters; an invalid value is ignored (shown next to its field), not fatal."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        department, unit_task = data.get("department"), data.get("unit_task")
        return RegisterFilters(
            department_id=department.pk if department else None,
            year=data.get("year"),
            q=(data.get("q") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            unit_task_id=unit_task.pk if unit_task else None,
            retention_period=data.get("retention_period") or "",
            disclosure=data.get("disclosure") or "",
        )


class PaperRecordForm(forms.Form):
    """비전자기록물 수기 등록. Required fields are checked by the service (its Korean errors)."""

    title = forms.CharField(label=_("제목"), max_length=300, required=False)
    registered_on = DateField(label=_("생산일자"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    unit_task = UnitTaskChoiceField(label=_("단위과제"), queryset=UnitTask.objects.none(), required=False)
    record_type = forms.ChoiceField(label=_("기록물 형태"), choices=[("", "—"), *RecordType.choices], required=False)
    pages = forms.IntegerField(label=_("쪽수(매수)"), required=False, min_value=0, max_value=1_000_000)
    location = forms.CharField(label=_("보존 위치"), max_length=200, required=False, help_text=_("예: 문서고 A-3"))
    kept_in_office = forms.BooleanField(label=_("비치기록물(처리과에서 계속 사용)"), required=False)
    disclosure = forms.ChoiceField(label=_("공개구분"), choices=Disclosure.choices, initial=Disclosure.PUBLIC)
    disclosure_ground = forms.CharField(
        label=_("비공개 근거(호)"), max_length=20, required=False, help_text=_("부분공개·비공개일 때. 예: 5 또는 5,6")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_task"].queryset = handled_unit_tasks(user)  # type: ignore[attr-defined]
        self.fields["registered_on"].initial = timezone.localdate()


class FileUnderForm(forms.Form):
    unit_task = UnitTaskChoiceField(label=_("단위과제"), queryset=UnitTask.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_task"].queryset = handled_unit_tasks(user)  # type: ignore[attr-defined]


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RecordFile) -> str:
        return f"{obj.title} ({obj.number})"


class MoveForm(forms.Form):
    target = FileChoiceField(label=_("옮길 기록물철"), queryset=RecordFile.objects.none(), required=False)

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = choices  # type: ignore[attr-defined]


class NewFileForm(forms.Form):
    title = forms.CharField(label=_("기록물철 제목"), max_length=300, required=False)


class TransferForm(forms.Form):
    record_files = forms.ModelMultipleChoiceField(
        label=_("이관할 기록물철 (정리 완료)"),
        queryset=RecordFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, department: Department | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if department is not None:
            from records.transfers import transferable_files

            self.fields["record_files"].queryset = transferable_files(department)  # type: ignore[attr-defined]
        self.fields["record_files"].label_from_instance = lambda f: f"{f.title} ({f.number})"  # type: ignore[attr-defined]


class ProductionReportForm(forms.Form):
    unit_task = UnitTaskChoiceField(
        label=_("결재 문서의 단위과제"),
        queryset=UnitTask.objects.none(),
        required=False,
        help_text=_("생산현황 통보 문서를 편철할 단위과제(예: 기록물관리)"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_task"].queryset = handled_unit_tasks(user)  # type: ignore[attr-defined]
