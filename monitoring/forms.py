"""Forms of province monitoring: the extraction (추출) a planner downloads instead of asking
institutions for data, and the alert rule kept in the province console."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring import catalogue
from monitoring.models import AlertRule
from monitoring.selectors import kinds
from monitoring.services import active_institutions

MAX_DAYS = 366
MAX_ROWS = 200_000  # institutions × periods: past this an extraction is a job, not a download

DAILY, MONTHLY = "daily", "monthly"
XLSX, CSV = "xlsx", "csv"


class ExtractionForm(forms.Form):
    kpis = forms.MultipleChoiceField(
        label=_("지표"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("지표를 하나 이상 고르세요.")},
    )
    kind = forms.ChoiceField(label=_("기관 유형"), required=False)
    institutions = forms.MultipleChoiceField(
        label=_("기관"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("고르지 않으면 (유형에 맞는) 모든 기관. Ctrl(⌘)을 누른 채 눌러 여럿 고릅니다."),
    )
    start = forms.DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("종료일"), widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(
        label=_("단위"), choices=[(DAILY, _("일별")), (MONTHLY, _("월별(그달 마지막 값)"))], initial=DAILY
    )
    fmt = forms.ChoiceField(
        label=_("파일 형식"), choices=[(XLSX, _("엑셀(XLSX)")), (CSV, _("CSV(UTF-8)"))], initial=XLSX
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["kpis"]).choices = [
            (group.label, [(kpi.code, str(kpi.label) + (f" ({kpi.unit})" if kpi.unit else "")) for kpi in group.kpis])
            for group in catalogue.groups()
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("전체")), *kinds()]
        self.institution_list = list(active_institutions().order_by("name"))
        cast(forms.MultipleChoiceField, self.fields["institutions"]).choices = [
            (i.code, f"{i.name} ({i.get_kind_display()})") for i in self.institution_list
        ]
        today = timezone.localdate()
        self.fields["start"].initial = today - timedelta(days=30)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        today = timezone.localdate()
        if start and end:
            if start > end:
                self.add_error("end", _("종료일은 시작일과 같거나 뒤여야 합니다."))
            elif end > today:
                self.add_error("end", _("종료일은 오늘까지 고를 수 있습니다."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("start", _("한 번에 %(n)d일까지 추출할 수 있습니다.") % {"n": MAX_DAYS})
            elif start < today - timedelta(days=settings.MONITORING_HISTORY_DAYS):
                self.add_error(
                    "start",
                    _("일별 수치는 %(n)d일 동안 보관합니다. 시작일을 그 안으로 고르세요.")
                    % {"n": settings.MONITORING_HISTORY_DAYS},
                )
        chosen = [i for i in self.institution_list if not data.get("kind") or i.kind == data["kind"]]
        if data.get("institutions"):
            chosen = [i for i in chosen if i.code in set(data["institutions"])]
            if not chosen:
                self.add_error("institutions", _("고른 기관 중 선택한 유형에 맞는 기관이 없습니다."))
        data["chosen"] = chosen
        if start and end and not self.errors:
            periods = (
                (end - start).days + 1
                if data.get("granularity") != MONTHLY
                else 12 * (end.year - start.year) + end.month - start.month + 1
            )
            if periods * len(chosen) > MAX_ROWS:
                raise ValidationError(
                    _("추출 범위가 너무 큽니다(최대 %(n)s행). 기간이나 기관을 줄이세요.") % {"n": f"{MAX_ROWS:,}"}
                )
        return data


class AlertRuleForm(forms.ModelForm):
    """The province console's form: the KPI is chosen among the declared ones; comparing with
    the KPI's comparison figure is offered only where it has one."""

    code = forms.ChoiceField(label=_("지표"))

    class Meta:
        model = AlertRule
        fields = ("code", "operator", "threshold", "against_compare", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["code"]).choices = [
            (kpi.code, f"{group.label} · {kpi.label}" + (f" ({kpi.unit})" if kpi.unit else ""))
            for group in catalogue.groups()
            for kpi in group.kpis
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kpi = catalogue.kpi_or_none(data.get("code", ""))
        if kpi is not None and data.get("against_compare") and not kpi.compare_to:
            self.add_error("against_compare", _("이 지표에는 비교할 지표가 없습니다."))
        return data
