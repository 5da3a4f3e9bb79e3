"""Writes of the expense plan (지출 품의): submitting a new plan for approval and submitting a
returned or withdrawn one again, through the approval engine's public face (approval.kinds).
Status changes after that come only from the approval callbacks (budget.kinds). Each service is
atomic and nests in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from approval.lines import ApprovalLine
from approval.services import approval_resubmit_subject, approval_submit_subject
from audit.services import audit_record
from budget.drafting import check_draft_line, line_path_label
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import RESUBMITTABLE, BudgetItem, ExpensePlan, PlanStatus
from core.money import MAX_AMOUNT
from core.once import create_once
from core.templatetags.korean import kdate, won
from org.models import User
from tasks.models import UnitTask


def _clean_fields(
    *,
    title: str,
    purpose: str,
    amount: int,
    budget_item: str,
    planned_date: date | None,
    unit_task,
    line: BudgetItem | None = None,
    actor: User | None = None,
) -> dict:
    errors: dict[str, str] = {}
    if line is not None:
        # A real line names the 예산과목; the text follows it.
        budget_item = line_path_label(line)
    title = (title or "").strip()
    purpose = (purpose or "").strip()
    budget_item = (budget_item or "").strip()
    if not title:
        errors["title"] = _("건명을 입력하세요.")
    elif len(title) > 200:
        errors["title"] = _("건명은 200자까지 쓸 수 있습니다.")
    if not purpose:
        errors["purpose"] = _("목적·내용을 입력하세요.")
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = _("금액은 원 단위 정수로 입력하세요.")
    elif amount <= 0:
        errors["amount"] = _("금액은 1원 이상이어야 합니다.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("금액이 너무 큽니다. 자릿수를 확인하세요.")
    if not budget_item:
        errors["budget_item"] = _("예산과목(세부사업/편성목)을 입력하세요.")
    elif len(budget_item) > 200:
        errors["budget_item"] = _("예산과목은 200자까지 쓸 수 있습니다.")
    if planned_date is None:
        errors["planned_date"] = _("집행 예정일을 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if errors:
        raise ValidationError(errors)
    if line is not None and actor is not None:
        check_draft_line(user=actor, line=line, amount=amount, day=planned_date)
    return {
        "line": line,
        "title": title,
        "purpose": purpose,
        "amount": amount,
        "budget_item": budget_item,
        "planned_date": planned_date,
        "unit_task": unit_task,
    }


def expense_plan_body(plan: ExpensePlan) -> str:
    """The 기안문 body: a small table of what is decided (the engine sanitises it again)."""
    rows = [
        (_("목적·내용"), mark_safe(linebreaks(plan.purpose, autoescape=True))),  # noqa: S308 - escaped by linebreaks
        (_("금액"), format_html("{}", won(plan.amount))),
        (_("예산과목"), format_html("{}", plan.budget_item)),
        (_("집행 예정일"), format_html("{}", kdate(plan.planned_date))),
    ]
    return format_html(
        "<p>{}</p><table><tbody>{}</tbody></table>",
        _("아래와 같이 지출하고자 합니다."),
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
    )


def _document_title(plan: ExpensePlan) -> str:
    return _("지출 품의: %(title)s") % {"title": plan.title}


def _form_data(plan: ExpensePlan) -> dict:
    data = {
        "plan": plan.pk,
        "amount": plan.amount,
        "budget_item": plan.budget_item,
        "planned_date": plan.planned_date.isoformat(),
    }
    if plan.line_id is not None:
        data["line"] = plan.line_id
    return data


def expense_plan_submit(
    *,
    actor: User,
    title: str,
    purpose: str,
    amount: int,
    budget_item: str = "",
    planned_date: date | None,
    unit_task: UnitTask | None,
    budget_line: BudgetItem | None = None,
    line: ApprovalLine | None = None,
    submission_token: UUID | None = None,
    now: datetime | None = None,
) -> ExpensePlan:
    """Write a plan and submit it (상신) in one transaction. Without `line` the line is suggested
    from the drafter's department chain up to whom the delegation table lets decide the amount.
    With the form's `submission_token`, a second submission of the same form (a double click, a
    resent page, the same form posted twice at once) returns the plan the first one made instead
    of making another (core.once). Raises ValidationError (Korean, keyed by field; the engine's
    under "line", "unit_task" …)."""

    def create() -> ExpensePlan:
        fields = _clean_fields(
            title=title,
            purpose=purpose,
            amount=amount,
            budget_item=budget_item,
            planned_date=planned_date,
            unit_task=unit_task,
            line=budget_line,
            actor=actor,
        )
        if actor.department_id is None:
            raise ValidationError(_("부서에 소속된 직원만 지출 품의를 올릴 수 있습니다."))
        plan = ExpensePlan.objects.create(
            **fields, department_id=actor.department_id, drafter=actor, submission_token=submission_token
        )
        document = approval_submit_subject(
            kind=EXPENSE_PLAN_KIND,
            subject=plan,
            actor=actor,
            title=_document_title(plan),
            body=expense_plan_body(plan),
            unit_task=plan.unit_task,
            line=line,
            decision_amount=plan.amount,
            form_data=_form_data(plan),
            now=now,
        )
        plan.document = document
        plan.status = PlanStatus.IN_PROGRESS
        plan.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="expense_plan.submit",
            actor=actor,
            target=plan,
            data={"amount": plan.amount, "document": document.pk},
        )
        return plan

    with transaction.atomic():
        plan, _created = create_once(
            ExpensePlan, token=submission_token, owner_field="drafter", owner=actor, create=create
        )
    return plan


def expense_plan_resubmit(
    *,
    actor: User,
    plan: ExpensePlan,
    title: str,
    purpose: str,
    amount: int,
    budget_item: str = "",
    planned_date: date | None,
    unit_task: UnitTask | None,
    budget_line: BudgetItem | None = None,
    line: ApprovalLine | None = None,
    now: datetime | None = None,
) -> ExpensePlan:
    """Correct a returned (반려) or withdrawn (회수) plan and submit it again: the next round of its
    approval document (재기안, linked to the last), along the line chosen as for a new plan
    (suggested anew for the amount when none is given). Only the drafter may; the engine keeps
    one running document per plan."""
    fields = _clean_fields(
        title=title,
        purpose=purpose,
        amount=amount,
        budget_item=budget_item,
        planned_date=planned_date,
        unit_task=unit_task,
        line=budget_line,
        actor=actor,
    )
    with transaction.atomic():
        # Two resubmissions of one plan (a double click, two tabs) must not both start a round.
        plan = ExpensePlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
        if plan.drafter_id != actor.pk:
            raise PermissionDenied(_("지출 품의를 작성한 사람만 다시 상신할 수 있습니다."))
        if plan.status not in RESUBMITTABLE:
            raise ValidationError(_("반려되거나 회수된 지출 품의만 다시 상신할 수 있습니다."))
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        document = approval_resubmit_subject(
            subject=plan,
            actor=actor,
            title=_document_title(plan),
            body=expense_plan_body(plan),
            unit_task=plan.unit_task,
            line=line,
            decision_amount=plan.amount,
            form_data=_form_data(plan),
            now=now,
        )
        plan.document = document
        plan.status = PlanStatus.IN_PROGRESS
        plan.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="expense_plan.resubmit",
            actor=actor,
            target=plan,
            data={"amount": plan.amount, "document": document.pk, "round": document.round},
        )
    return plan
