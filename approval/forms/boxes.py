"""The search form on every e-approval box. It parses; approval.selectors.box_filter filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from approval.selectors import BoxFilters
from core.params import DateField

DATE_INPUT = {"type": "date"}


class BoxFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, help_text=_("제목, 문서번호, 기안자"))
    date_from = DateField(label=_("기안일부터"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    date_to = DateField(label=_("까지"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    unit_task = forms.CharField(label=_("단위과제"), required=False, help_text=_("과제명 또는 과제코드"))
    status = forms.ChoiceField(label=_("상태"), required=False)

    def __init__(self, *args, statuses: tuple[tuple[str, str], ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if statuses:
            self.fields["status"].choices = [("", _("전체")), *statuses]
        else:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("끝 날짜가 시작 날짜보다 앞섭니다."))
        return data

    def filters(self) -> BoxFilters:
        """The valid filters; an invalid value (a mistyped date) is ignored, not fatal."""
        self.is_valid()
        data = self.cleaned_data
        return BoxFilters(
            q=(data.get("q") or "").strip(),
            date_from=data.get("date_from") if "date_to" not in self.errors else None,
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            unit_task=(data.get("unit_task") or "").strip(),
            status=data.get("status") or "",
        )
