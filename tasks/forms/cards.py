"""Forms of the unit-task pages: list filters, the card's 표제부, goals, entries and their
revisions, hand-over, participants, and the classification import in the admin console."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import DateField
from org.forms import PersonField
from org.models import Department
from tasks.classification_io import MAX_BYTES
from tasks.models import CardEntryKind, FunctionClass, RetentionPeriod, UnitTaskHandover
from tasks.selectors.cards import UnitTaskFilters

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClassificationImportForm(forms.Form):
    file = forms.FileField(
        label=_("기능분류 파일"),
        help_text=_("엑셀(.xlsx), 10MB 이하. 첫 줄은 열 이름(내려받은 파일과 같은 양식)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("파일이 너무 큽니다(최대 10MB)."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("엑셀(.xlsx) 파일만 올릴 수 있습니다."))
        return upload


# --- The list's filters --------------------------------------------------------------------------------

ACTIVE_CHOICES = [("1", _("사용 중")), ("0", _("폐지")), ("all", _("전체"))]
CARD_CHOICES = [("", _("전체")), ("with", _("카드 있음")), ("without", _("카드 없음"))]


class UnitTaskFilterForm(forms.Form):
    q = forms.CharField(label=_("과제명·코드"), required=False, max_length=100)
    department = forms.TypedChoiceField(label=_("처리과"), required=False, coerce=int, empty_value=None)
    function = forms.TypedChoiceField(label=_("기능"), required=False, coerce=int, empty_value=None)
    retention = forms.ChoiceField(
        label=_("보존기간"), required=False, choices=[("", _("전체")), *RetentionPeriod.choices]
    )
    active = forms.ChoiceField(label=_("사용"), required=False, choices=ACTIVE_CHOICES)
    card = forms.ChoiceField(label=_("과제관리카드"), required=False, choices=CARD_CHOICES)
    below = forms.IntegerField(label=_("충실도 미만(%)"), required=False, min_value=1, max_value=100)
    mine = forms.BooleanField(label=_("내 과제만"), required=False)

    def __init__(self, *args, departments: list[Department], functions: list[FunctionClass], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("전체")), *((d.pk, d.name) for d in departments)]
        self.fields["function"].choices = [
            ("", _("전체")),
            *((f.pk, f"{'　' * (f.level - 1)}{f.name}") for f in functions),
        ]

    def filters(self) -> UnitTaskFilters:
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active") or "1"
        return UnitTaskFilters(
            q=(data.get("q") or "").strip(),
            department=data.get("department"),
            function=data.get("function"),
            retention=data.get("retention") or "",
            active=None if active == "all" else active == "1",
            mine=bool(data.get("mine")),
            card=data.get("card") or "",
            below=data.get("below"),
        )


class TreeFilterForm(forms.Form):
    q = forms.CharField(label=_("단위과제명·코드"), required=False, max_length=100)
    retired = forms.BooleanField(label=_("폐지된 항목도 보기"), required=False)


# --- The card ---------------------------------------------------------------------------------------------


class TaskCardForm(forms.Form):
    summary = forms.CharField(
        label=_("과제 개요"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("무엇을, 왜, 어떻게 하는 과제인지 적습니다."),
    )
    legal_basis = forms.CharField(label=_("근거 법령·규정"), required=False, max_length=300)
    budget_program = forms.CharField(label=_("관련 세부사업"), required=False, max_length=200)
    started_on = DateField(label=_("착수일"), required=False, widget=_DATE)


class TaskGoalForm(forms.Form):
    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("목표"), max_length=200)
    indicator = forms.CharField(label=_("성과지표"), max_length=200)
    target = forms.CharField(label=_("목표치"), max_length=100)
    result = forms.CharField(label=_("실적치"), max_length=100, required=False)

    def __init__(self, *args, prefix: str = "goal", **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, prefix=prefix, **kwargs)


ENTRY_TITLES = {
    CardEntryKind.PLAN: _("일정(마일스톤)"),
    CardEntryKind.PERFORMANCE: _("실적 제목"),
    CardEntryKind.QUALITY: _("제목"),
    CardEntryKind.PUBLIC_RELATIONS: _("제목"),
    CardEntryKind.CUSTOMER: _("제목"),
}


class CardEntryForm(forms.Form):
    """An entry of one kind (the kind travels as a plain `kind` field beside the prefixed ones, so
    the view knows which form to bind); for a plan entry the date is the due date."""

    title = forms.CharField(label=_("제목"), max_length=200)
    entry_date = DateField(label=_("일자"), widget=_DATE)
    body = forms.CharField(label=_("내용"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind: str, **kwargs):
        if kind != CardEntryKind.PLAN:
            kwargs.setdefault("initial", {}).setdefault("entry_date", timezone.localdate())
        super().__init__(*args, prefix=f"new-{kind}", **kwargs)
        self.kind = kind
        self.fields["title"].label = ENTRY_TITLES[kind]
        if kind == CardEntryKind.PLAN:
            self.fields["entry_date"].label = _("완료 예정일")


class EntryReviseForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    entry_date = DateField(label=_("일자"), widget=_DATE)
    completed_on = DateField(label=_("완료일"), required=False, widget=_DATE)
    body = forms.CharField(label=_("내용"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entry, **kwargs):
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": entry.title,
                "entry_date": entry.entry_date,
                "completed_on": entry.completed_on,
                "body": entry.body,
                "expected_version": entry.version,
            }
        super().__init__(*args, prefix=f"entry-{entry.pk}", **kwargs)
        if entry.kind == CardEntryKind.PLAN:
            self.fields["entry_date"].label = _("완료 예정일")
        else:
            del self.fields["completed_on"]


# --- Hand-over and participants -----------------------------------------------------------------------------


class HandoverForm(forms.Form):
    role = forms.ChoiceField(label=_("넘길 역할"), choices=UnitTaskHandover.Role.choices)
    to_user = PersonField(
        label=_("후임자"), required=False, help_text=_("부담당자 역할은 후임자 없이 비워 둘 수 있습니다.")
    )
    handed_over_on = DateField(label=_("인계일"), widget=_DATE)
    note = forms.CharField(
        label=_("인수인계 사항"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("진행 중인 일, 기한, 연락처, 관련 문서처럼 후임자가 알아야 할 내용을 적습니다."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("handed_over_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["to_user"].empty_label = _("— 비움(부담당자만) —")


class ParticipantForm(forms.Form):
    user = PersonField(label=_("참여자로 지정할 직원"))
