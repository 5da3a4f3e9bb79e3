"""Forms of the expense-plan pages. They parse and offer choices; the rules live in
budget.services, whose ValidationErrors are keyed by these same field names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.drafting import line_path_label, lines_for_drafting
from budget.models import BudgetItem, ExpensePlan, PlanStatus
from budget.selectors import PlanFilters
from core.fields import LimitedCharField
from core.money import WonField
from core.once import SubmitOnceForm
from core.params import DateField
from org.models import User
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing


class UnitTaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitTask) -> str:
        return f"[{obj.department.name}] {obj.name} ({obj.code})"


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetItem) -> str:
        return f"{line_path_label(obj)} [{obj.department.name}]"


class ExpensePlanForm(SubmitOnceForm):
    """The plan's fields; a new plan's form also carries its submission token (core.once), which
    the resubmit form (`once=False`) does without: resubmitting is serialised on the plan's row."""

    title = LimitedCharField(label=_("건명"), max_length=200)
    purpose = forms.CharField(label=_("목적·내용"), widget=forms.Textarea(attrs={"rows": 6}))
    amount = WonField(
        label=_("금액(원)"),
        help_text=_(
            "원 단위로 입력합니다. 쉼표는 있어도 없어도 됩니다. 금액에 따라 위임전결 규정의 결재권자가 정해집니다."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    line = BudgetLineChoiceField(
        label=_("예산과목"),
        queryset=BudgetItem.objects.none(),
        help_text=_("우리 부서 소관 통계목입니다. 승인되면 이 금액이 지출원인행위로 잡힙니다."),
    )
    budget_item = forms.CharField(
        label=_("예산과목"),
        max_length=200,
        help_text=_("세부사업/편성목, 예: 사무관리비/일반수용비"),
    )
    planned_date = DateField(label=_("집행 예정일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    unit_task = UnitTaskChoiceField(label=_("단위과제"), queryset=UnitTask.objects.none())

    def __init__(self, *args, user: User, once: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not once:
            del self.fields["submission_token"]
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        lines = lines_for_drafting(user)
        # With a budget kept here the plan names one of its lines; an institution without a
        # confirmed budget still writes its 예산과목 as text.
        if lines.exists():
            self.fields["line"].queryset = lines
            del self.fields["budget_item"]
        else:
            del self.fields["line"]
        for name in ("title", "purpose", "amount", "line", "budget_item", "planned_date", "unit_task"):
            if name in self.fields:
                self.fields[name].error_messages["required"] = _("필수 항목입니다.")

    @classmethod
    def initial_from(cls, plan: ExpensePlan) -> dict:
        return {
            "title": plan.title,
            "purpose": plan.purpose,
            "amount": f"{plan.amount:,}",
            "budget_item": plan.budget_item,
            "line": plan.line_id,
            "planned_date": plan.planned_date,
            "unit_task": plan.unit_task_id,
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("금액은 1원 이상이어야 합니다."))
        return amount


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("상태"), required=False, choices=[("", _("전체")), *PlanStatus.choices])
    mine = forms.ChoiceField(
        label=_("범위"), required=False, choices=[("", _("내 부서 포함")), ("1", _("내가 올린 품의"))]
    )

    def filters(self) -> PlanFilters:
        if not self.is_valid():
            return PlanFilters()
        data = self.cleaned_data
        return PlanFilters(q=data["q"].strip(), status=data["status"], mine=data["mine"] == "1")
