"""Forms of the 지출결의, payment and vendor pages. They parse and offer choices; the rules live in
budget.execution and budget.vendors, whose ValidationErrors are keyed by these field names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budget.drafting import line_path_label, lines_for_drafting
from budget.models import (
    BANK_CODES,
    BudgetItem,
    Expenditure,
    ExpenditureStatus,
    ExpensePlan,
    PlanStatus,
    Vendor,
)
from core.fields import LimitedCharField
from core.money import WonField
from core.once import SubmitOnceForm
from core.params import DateField
from core.uploads import ALLOWED_EXTENSIONS
from org.models import User
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by core.uploads in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetItem) -> str:
        return f"{line_path_label(obj)} [{obj.department.name}]"


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExpensePlan) -> str:
        return f"{obj.title} ({obj.amount:,}원, {obj.budget_item})"


class VendorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Vendor) -> str:
        return f"{obj.name} ({obj.business_number_display}) · {obj.bank_name} {obj.account_masked}"


class UnitTaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitTask) -> str:
        return f"[{obj.department.name}] {obj.name} ({obj.code})"


def plans_for_expenditure(user: User) -> QuerySet[ExpensePlan]:
    """The approved plans with a line the user may draw an expenditure on: their own or their
    department's."""
    if user.department_id is None:
        return ExpensePlan.objects.none()
    return (
        ExpensePlan.objects.filter(status=PlanStatus.APPROVED, line__isnull=False, department_id=user.department_id)
        .select_related("line")
        .order_by("-approved_at", "-pk")
    )


class ExpenditureForm(SubmitOnceForm):
    title = LimitedCharField(label=_("건명"), max_length=200)
    purpose = forms.CharField(label=_("지출 내용"), widget=forms.Textarea(attrs={"rows": 4}))
    plan = PlanChoiceField(
        label=_("지출 품의(원인행위)"),
        queryset=ExpensePlan.objects.none(),
        required=False,
        help_text=_("승인된 품의에서 지출합니다. 품의 없이 소액 경비를 바로 지출하려면 비워 두고 예산과목을 고르세요."),
    )
    settle_fully = forms.BooleanField(
        label=_("이 지출로 품의 정산을 마칩니다(남은 금액 해제)"),
        required=False,
    )
    line = LineChoiceField(
        label=_("예산과목(직접 지출)"),
        queryset=BudgetItem.objects.none(),
        required=False,
        help_text=_("품의를 고른 경우에는 품의의 예산과목으로 지출합니다."),
    )
    vendor = VendorChoiceField(label=_("거래처"), queryset=Vendor.objects.none())
    amount = WonField(
        label=_("금액(원)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pay_date = DateField(label=_("지급 예정일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    unit_task = UnitTaskChoiceField(label=_("단위과제"), queryset=UnitTask.objects.none())
    evidence = MultipleFileField(
        label=_("증빙 서류"),
        required=False,
        help_text=_("세금계산서, 영수증, 검수조서 등. 파일당 %(mb)dMB까지. 형식: %(ext)s")
        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024), "ext": ", ".join(ALLOWED_EXTENSIONS)},
    )

    def __init__(self, *args: Any, user: User, once: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not once:
            del self.fields["submission_token"]
        self.fields["plan"].queryset = plans_for_expenditure(user)  # type: ignore[attr-defined]
        self.fields["line"].queryset = lines_for_drafting(user)  # type: ignore[attr-defined]
        self.fields["vendor"].queryset = Vendor.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)  # type: ignore[attr-defined]
        for name in ("title", "purpose", "vendor", "amount", "pay_date", "unit_task"):
            self.fields[name].error_messages["required"] = _("필수 항목입니다.")

    @classmethod
    def initial_from(cls, expenditure: Expenditure) -> dict[str, object]:
        return {
            "title": expenditure.title,
            "purpose": expenditure.purpose,
            "plan": expenditure.plan_id,
            "settle_fully": expenditure.settle_fully,
            "line": None if expenditure.plan_id else expenditure.line_id,
            "vendor": expenditure.vendor_id,
            "amount": f"{expenditure.amount:,}",
            "pay_date": expenditure.pay_date,
            "unit_task": expenditure.unit_task_id,
        }


class ExpenditureFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("상태"), required=False, choices=[("", _("전체")), *ExpenditureStatus.choices])
    paid = forms.ChoiceField(
        label=_("지급"), required=False, choices=[("", _("전체")), ("no", _("미지급")), ("yes", _("지급 완료"))]
    )


class PaymentForm(forms.Form):
    paid_on = DateField(label=_("지급일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    from_account = forms.CharField(label=_("출금 계좌"), max_length=60)
    memo = forms.CharField(label=_("적요(받는 분 통장 표시)"), max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("필수 항목입니다.")


class VendorForm(forms.Form):
    name = forms.CharField(label=_("상호"), max_length=100)
    business_number = forms.CharField(label=_("사업자등록번호"), max_length=20, help_text=_("예: 123-45-67890"))
    representative = forms.CharField(label=_("대표자"), max_length=50, required=False)
    bank_code = forms.ChoiceField(label=_("은행"), choices=[("", _("선택")), *BANK_CODES])
    account_number = forms.CharField(label=_("계좌번호"), max_length=30)
    account_holder = forms.CharField(label=_("예금주"), max_length=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "representative":
                field.error_messages["required"] = _("필수 항목입니다.")
