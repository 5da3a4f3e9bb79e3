"""How the payroll app's audit actions read in Korean (declared in payroll.plugin)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "pay_profile.reveal": _("급여 정보 개인정보 열람(주민등록번호·계좌번호)"),
    "pay_profile.save": _("급여 정보 변경"),
    "payroll_run.create": _("급여 지급 작성"),
    "pay_table.import": _("보수표 일괄 등록"),
    "payroll_run.calculate": _("급여 계산"),
    "payroll_run.budget_check": _("급여 예산 확인"),
    "pay_item.import": _("급여 항목 일괄 등록"),
    "pay_profile.import": _("급여 정보 일괄 등록"),
    "payroll_run.submit": _("급여지급 결의 상신"),
    "payroll_run.approve": _("급여지급 결의 승인 (예산 집행·전표)"),
    "payroll_run.return": _("급여지급 결의 반려·회수"),
    "payroll_run.finalise": _("급여 확정"),
    "payroll_run.transfer_file": _("급여 이체 파일 내려받기"),
    "payroll_run.pay": _("급여 지급 처리"),
    "payroll_recovery.collect": _("급여 환수금 회수 기록"),
}
