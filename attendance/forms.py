"""Forms of the attendance pages. They parse and offer choices; the rules live in
attendance.services, whose ValidationErrors are keyed by these same field names."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from attendance.models import ClockKind, FlexibleKind, LeaveType, Portion, TripRegion, TripScope
from budget.models import BANK_CODES
from core.fields import LimitedCharField
from core.once import SubmitOnceForm
from core.params import DateField
from org.forms import PersonPicker
from org.models import EmploymentStatus, User


class PersonChoiceField(forms.ModelChoiceField):
    """A colleague of the person asking, chosen with the people picker (search within their
    department, which is all the field offers)."""

    widget = PersonPicker

    def label_from_instance(self, obj: User) -> str:
        position = f" {obj.position.name}" if obj.position_id and obj.position else ""
        return f"{obj.name}{position}"


def _search_within(field: forms.Field, user: User) -> None:
    """The picker's search looks where the field's choices are: the person's own department."""
    if user.department_id is not None:
        cast(PersonPicker, field.widget).departments = [user.department_id]


class LeaveRequestForm(SubmitOnceForm):
    leave_type = forms.ModelChoiceField(label=_("휴가 종류"), queryset=LeaveType.objects.none(), empty_label=None)
    start_date = DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = DateField(
        label=_("종료일"),
        required=False,
        help_text=_("하루만 쉬면 비워 두세요."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    portion = forms.ChoiceField(
        label=_("구분"),
        choices=Portion.choices,
        initial=Portion.FULL,
        help_text=_("반차·반반차는 하루만 신청합니다."),
    )
    proxy = PersonChoiceField(
        label=_("직무대리자"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("지정하지 않음"),
        help_text=_("휴가 동안 결재를 대신할 사람(대결). 승인되면 부재로 등록됩니다."),
    )
    reason = LimitedCharField(label=_("사유"), max_length=200, required=False)
    certificate = forms.FileField(
        label=_("증빙서류"),
        required=False,
        help_text=_("병가가 6일을 넘는 등 휴가 종류가 정한 일수를 넘으면 진단서 등을 붙입니다(PDF, 이미지)."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["leave_type"]).queryset = LeaveType.objects.filter(is_active=True)
        colleagues = User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE).exclude(pk=user.pk)
        if user.department_id is not None:
            colleagues = colleagues.filter(department_id=user.department_id)
        cast(forms.ModelChoiceField, self.fields["proxy"]).queryset = colleagues.select_related("position").order_by(
            "name"
        )
        _search_within(self.fields["proxy"], user)
        for name in ("leave_type", "start_date", "portion"):
            self.fields[name].error_messages["required"] = _("필수 항목입니다.")
        self.fields["portion"].error_messages["invalid_choice"] = _("휴가 구분이 올바르지 않습니다.")
        self.fields["leave_type"].error_messages["invalid_choice"] = _("휴가 종류를 목록에서 고르세요.")
        self.fields["proxy"].error_messages["invalid_choice"] = _("직무대리자를 목록에서 고르세요.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("end_date") and cleaned.get("start_date") and "end_date" not in self.errors:
            cleaned["end_date"] = cleaned["start_date"]
        return cleaned


class CancelForm(forms.Form):
    reason = LimitedCharField(label=_("취소 사유"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("취소 사유를 입력하세요.")


class MonthField(forms.Field):
    """A month as 2026-05."""

    default_error_messages = {"invalid": _("월은 2026-05처럼 적으세요.")}

    def to_python(self, value: Any) -> tuple[int, int] | None:
        if value in (None, ""):
            return None
        try:
            year_text, month_text = str(value).split("-")
            year, month = int(year_text), int(month_text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return year, month


class MonthForm(forms.Form):
    month = MonthField(required=False)


class ReopenForm(forms.Form):
    reason = LimitedCharField(label=_("마감 해제 사유"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("마감을 푸는 사유를 입력하세요.")


class CorrectionForm(forms.Form):
    day = DateField(label=_("근무일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label=_("구분"), choices=ClockKind.choices)
    at_time = forms.TimeField(label=_("정정 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    reason = LimitedCharField(label=_("사유"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("필수 항목입니다.")
        self.fields["at_time"].error_messages["invalid"] = _("시각은 09:00처럼 적으세요.")
        self.fields["kind"].error_messages["invalid_choice"] = _("출근 또는 퇴근을 선택하세요.")


class FlexibleWorkForm(forms.Form):
    kind = forms.ChoiceField(label=_("유형"), choices=FlexibleKind.choices)
    start_date = DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = DateField(label=_("종료일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    work_start = forms.TimeField(
        label=_("출근 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), help_text=_("예: 08:00")
    )
    work_end = forms.TimeField(
        label=_("퇴근 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), help_text=_("예: 17:00")
    )
    reason = LimitedCharField(label=_("사유"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "reason":
                field.error_messages["required"] = _("필수 항목입니다.")
        for name in ("work_start", "work_end"):
            self.fields[name].error_messages["invalid"] = _("시각은 09:00처럼 적으세요.")
        self.fields["kind"].error_messages["invalid_choice"] = _("유연근무 유형을 목록에서 고르세요.")


class OvertimeForm(forms.Form):
    day = DateField(label=_("근무일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("시작"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(
        label=_("종료"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("자정을 넘기면 다음 날 시각을 적습니다(예: 01:00)."),
    )
    reason = LimitedCharField(label=_("업무 내용"), max_length=200)
    over_cap_reason = LimitedCharField(
        label=_("한도 초과 사유"),
        max_length=200,
        required=False,
        help_text=_("하루 4시간, 주 52시간, 월 57시간을 넘길 때만 적습니다. 결재권자에게 초과로 표시됩니다."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("day", "start", "end", "reason"):
            self.fields[name].error_messages["required"] = _("필수 항목입니다.")
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _("시각은 18:00처럼 적으세요.")


class TripForm(forms.Form):
    scope = forms.ChoiceField(label=_("구분"), choices=TripScope.choices, initial=TripScope.OUTSIDE)
    purpose = LimitedCharField(label=_("출장 목적"), max_length=200)
    place = LimitedCharField(label=_("출장지"), max_length=100)
    region = forms.ChoiceField(
        label=_("숙박 지역"),
        choices=TripRegion.choices,
        initial=TripRegion.OTHER,
        help_text=_("관외 출장의 숙박비 상한: 서울 100,000원, 광역시 80,000원, 기타 70,000원(1박)."),
    )
    start_date = DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = DateField(label=_("종료일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    four_hours_or_more = forms.BooleanField(
        label=_("4시간 이상(관내)"), required=False, initial=True, help_text=_("관내 출장 여비를 정합니다.")
    )
    transport = LimitedCharField(label=_("교통수단"), max_length=50, help_text=_("예: KTX, 고속버스, 자가용"))
    official_car = forms.BooleanField(
        label=_("공용차량 이용"), required=False, help_text=_("관내는 10,000원 감액, 관외는 일비의 2분의 1.")
    )
    fare_amount = forms.IntegerField(
        label=_("예상 운임(원)"),
        min_value=0,
        max_value=10_000_000,
        initial=0,
        required=False,
        help_text=_("관외 출장의 왕복 운임(실비). 관내는 0."),
    )
    proxy = PersonChoiceField(
        label=_("직무대리자"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("지정하지 않음"),
        help_text=_("출장 동안 결재를 대신할 사람(대결). 승인되면 부재로 등록됩니다."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleagues = User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE).exclude(pk=user.pk)
        if user.department_id is not None:
            colleagues = colleagues.filter(department_id=user.department_id)
        cast(forms.ModelChoiceField, self.fields["proxy"]).queryset = colleagues.select_related("position").order_by(
            "name"
        )
        _search_within(self.fields["proxy"], user)
        for name in ("scope", "purpose", "place", "region", "start_date", "end_date", "transport"):
            self.fields[name].error_messages["required"] = _("필수 항목입니다.")
        for name in ("scope", "region"):
            self.fields[name].error_messages["invalid_choice"] = _("목록에서 고르세요.")
        self.fields["proxy"].error_messages["invalid_choice"] = _("직무대리자를 목록에서 고르세요.")
        self.fields["fare_amount"].error_messages.update(
            invalid=_("운임은 원 단위 숫자로 적으세요."),
            min_value=_("운임은 0원 이상이어야 합니다."),
            max_value=_("운임은 10,000,000원까지 적을 수 있습니다."),
        )

    def clean_fare_amount(self) -> int:
        return int(self.cleaned_data.get("fare_amount") or 0)


class TripSettleForm(forms.Form):
    actual_lodging_amount = forms.IntegerField(
        label=_("숙박비 실비(원)"), min_value=0, max_value=10_000_000, initial=0, required=False
    )
    actual_fare_amount = forms.IntegerField(
        label=_("운임 실비(원)"), min_value=0, max_value=10_000_000, initial=0, required=False
    )
    payee_bank_code = forms.ChoiceField(
        label=_("입금 은행"), choices=[("", _("은행을 고르세요")), *list(BANK_CODES)], required=False
    )
    payee_account_number = forms.CharField(
        label=_("입금 계좌번호"), max_length=30, required=False, help_text=_("여비를 받을 본인 계좌(숫자, 하이픈 가능)")
    )
    note = LimitedCharField(label=_("정산 메모"), max_length=200, required=False, help_text=_("영수증 번호 등"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payee_bank_code"].error_messages["invalid_choice"] = _("목록에 있는 은행을 고르세요.")
        for name in ("actual_lodging_amount", "actual_fare_amount"):
            self.fields[name].error_messages.update(
                invalid=_("금액은 원 단위 숫자로 적으세요."),
                min_value=_("0원 이상이어야 합니다."),
                max_value=_("10,000,000원까지 적을 수 있습니다."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("actual_lodging_amount", "actual_fare_amount"):
            if name not in self.errors:
                cleaned[name] = int(cleaned.get(name) or 0)
        return cleaned


class TripCancelForm(forms.Form):
    reason = LimitedCharField(label=_("취소 사유"), max_length=200, help_text=_("예: 행사 취소로 출장 불필요"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("취소 사유를 입력하세요.")
