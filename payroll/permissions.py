"""Who may see payroll's pages and slips.

A payslip is its owner's, once its run is 확정 (finalised) — staff see only their own under 내 급여.
The 급여 담당 (payroll_officer) and auditors see every slip of the institution, at any stage.
Anyone else asking for a slip gets 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from approval.permissions import visible_document_ids
from org.roles import AUDITOR
from payroll.models import PayrollRun, Payslip, RunStatus

PAYROLL_OFFICER = "payroll_officer"  # 급여 담당
FINAL = (RunStatus.FINALISED, RunStatus.PAID)


def is_payroll_officer(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or PAYROLL_OFFICER in user.role_names()))


def sees_all_payroll(user: Any) -> bool:
    """급여 담당 and auditors read every run and slip."""
    return is_payroll_officer(user) or bool(user.is_authenticated and AUDITOR in user.role_names())


def own_payslips(user: Any) -> QuerySet[Payslip]:
    return Payslip.objects.filter(user=user, run__status__in=FINAL)


def access_payslip(user: Any, pk: int) -> Payslip:
    slips = Payslip.objects.select_related("run", "user")
    slip = slips.filter(pk=pk).first()
    if slip is None or not (sees_all_payroll(user) or (slip.user_id == user.pk and slip.run.status in FINAL)):
        raise Http404(_("급여명세서를 찾을 수 없습니다."))
    return slip


def reads_run_document(user: Any, run: PayrollRun) -> bool:
    """Whoever may open the run's 급여지급 결의 (its approvers, …) may read the run it decides,
    with the register the document links to; approval decides who that is."""
    return bool(
        user.is_authenticated
        and run.document_id is not None
        and visible_document_ids(user).filter(pk=run.document_id).exists()
    )


def access_run(user: Any, pk: int, *, for_write: bool = False) -> PayrollRun:
    run = PayrollRun.objects.filter(pk=pk).first()
    if run is None or not (sees_all_payroll(user) or (not for_write and reads_run_document(user, run))):
        raise Http404(_("급여 지급을 찾을 수 없습니다."))
    if for_write and not is_payroll_officer(user):
        raise PermissionDenied(_("급여 담당만 급여를 처리할 수 있습니다."))
    return run
