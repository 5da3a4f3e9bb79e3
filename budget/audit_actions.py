"""How the budget app's audit actions read in Korean (declared in budget.plugin)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "expense_plan.submit": _("지출 품의 상신"),
    "expense_plan.resubmit": _("지출 품의 재상신"),
    "fiscal_year.create": _("회계연도 등록"),
    "fiscal_year.confirm": _("회계연도 확정(본예산 반영)"),
    "fiscal_year.close": _("회계연도 마감"),
    "fiscal_year.copy_structure": _("예산과목 구조 복사"),
    "budget_item.create": _("세출 예산과목 신설"),
    "budget_item.update": _("세출 예산과목 수정"),
    "budget_item.delete": _("세출 예산과목 삭제"),
    "revenue_item.create": _("세입 예산과목 신설"),
    "revenue_item.update": _("세입 예산과목 수정"),
    "budget_structure.import": _("예산과목 일괄 등록"),
    "budget_settings.save": _("예산 운용 설정 변경"),
    "amendment.create": _("예산 변경 작성"),
    "amendment.submit": _("예산 변경 상신"),
    "amendment.approve": _("예산 변경 승인(반영)"),
    "allotment.post": _("예산 배정"),
    "budget.commit": _("지출원인행위(예산 확보)"),
    "budget.release": _("지출원인행위 해제"),
    "budget.execute": _("예산 집행"),
    "budget.reverse": _("집행 취소(반납·정정)"),
    "journal.post": _("분개 전표 기록"),
    "vendor.save": _("거래처 등록·수정"),
    "expenditure.submit": _("지출결의 상신"),
    "expenditure.resubmit": _("지출결의 재상신"),
    "payment.make": _("지급(이체)"),
}
