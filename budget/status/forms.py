"""The filters of 예산집행현황: year, department (with the departments under it), how deep the
line tree goes, the as-of date, which view, and the export. Every value is checked against what
the page offers; a bad one is a Korean message at its field, never a guess."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.models import FiscalYear, Level, YearStatus
from budget.status.access import LineScope
from core.params import DateField
from core.templatetags.korean import kdate
from org.models import Department

VIEWS = {
    "line": _("과목별"),
    "department": _("부서별"),
    "month": _("월별"),
    "code": _("표준과목별"),
}
EXPORTS = ("xlsx", "pdf")
_INVALID_CHOICE = _("목록에 있는 값을 고르세요.")


def default_year(years: list[FiscalYear]) -> FiscalYear | None:
    """The year open for execution; else the latest closed one; else the latest drafted."""
    for status in (YearStatus.CONFIRMED, YearStatus.CLOSED, YearStatus.DRAFTING):
        found = [year for year in years if year.status == status]
        if found:
            return max(found, key=lambda year: year.year)
    return None


def default_as_of(fiscal_year: FiscalYear, today: date | None = None) -> date:
    """Today inside the year; its last day for a past year, its first for a year to come."""
    today = today or timezone.localdate()
    return min(max(today, fiscal_year.starts_on), fiscal_year.ends_on)


class StatusFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("회계연도"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _INVALID_CHOICE},
    )
    department = forms.TypedChoiceField(
        label=_("부서"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("하위 부서를 포함합니다."),
        error_messages={"invalid_choice": _INVALID_CHOICE},
    )
    level = forms.TypedChoiceField(
        label=_("표시 단계"),
        coerce=int,
        required=False,
        # Django hands empty_value back as it is given (here the level shown when none is chosen);
        # the stubs accept only text or None.
        empty_value=Level.ITEM,  # type: ignore[arg-type]
        choices=[("", _("통계목까지")), *((str(value), label) for value, label in Level.choices if value < Level.ITEM)],
        help_text=_("과목별 보기에서 어느 단계까지 보일지 정합니다."),
        error_messages={"invalid_choice": _INVALID_CHOICE},
    )
    as_of = DateField(
        label=_("기준일"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("비워 두면 오늘(지난 연도는 12월 31일)까지의 집행입니다."),
        error_messages={"invalid": _("날짜를 2026-06-30처럼 입력하세요.")},
    )
    view = forms.ChoiceField(
        required=False,
        choices=[("", ""), *VIEWS.items()],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _INVALID_CHOICE},
    )
    export = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((name, name) for name in EXPORTS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _INVALID_CHOICE},
    )

    def __init__(
        self, data: Mapping[str, Any] | None, *, years: list[FiscalYear], scope: LineScope, today: date | None = None
    ) -> None:
        super().__init__(data)
        self.years = {year.year: year for year in years}
        self.scope = scope
        self.today = today
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("확정된 연도")),
            *((str(y.year), f"{y.year} ({y.get_status_display()})") for y in years),
        ]
        top = min((d.depth for d in scope.departments), default=0)
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", _("전체") if scope.everything else _("볼 수 있는 부서 전체")),
            *((str(d.pk), "\u00a0\u00a0" * (d.depth - top) + d.name) for d in scope.departments),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = data.get("year")
        fiscal_year = self.years.get(chosen) if chosen else default_year(list(self.years.values()))
        data["fiscal_year"] = fiscal_year
        department_id = data.get("department")
        data["department_obj"] = next((d for d in self.scope.departments if d.pk == department_id), None)
        if fiscal_year is None:
            data["as_of_date"] = None
            return data
        as_of = data.get("as_of")
        if as_of is None:
            as_of = default_as_of(fiscal_year, self.today)
        elif not fiscal_year.contains(as_of):
            self.add_error(
                "as_of",
                _("기준일은 %(year)d 회계연도 안의 날짜(%(start)s ~ %(end)s)로 입력하세요.")
                % {"year": fiscal_year.year, "start": kdate(fiscal_year.starts_on), "end": kdate(fiscal_year.ends_on)},
            )
        data["as_of_date"] = as_of
        return data

    @property
    def chosen_view(self) -> str:
        return (self.cleaned_data.get("view") if self.is_valid() else "") or "line"

    def department_ids(self) -> frozenset[int] | None:
        """The departments to report on: the chosen one's tree within the scope, else the scope."""
        department: Department | None = self.cleaned_data["department_obj"]
        return self.scope.within(department) if department is not None else self.scope.department_ids
