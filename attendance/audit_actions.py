"""How the attendance app's audit actions read in Korean (declared in attendance.plugin)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "leave.grant": _("연차 발생"),
    "leave.adjust": _("연가 조정"),
    "leave.request": _("휴가 신청"),
    "leave.approve": _("휴가 승인"),
    "leave.cancel_request": _("휴가 취소 신청"),
    "leave.cancel": _("휴가 취소"),
    "leave_type.save": _("휴가 종류 저장"),
    "attendance_settings.save": _("복무 설정 변경"),
    "closure.save": _("기관 휴무일 저장"),
    "correction.request": _("근태 정정 신청"),
    "correction.approve": _("근태 정정 승인"),
    "flexible_work.request": _("유연근무 신청"),
    "flexible_work.approve": _("유연근무 승인"),
    "overtime.request": _("시간외근무 신청"),
    "overtime.approve": _("시간외근무 승인"),
    "trip.request": _("출장 신청"),
    "trip.approve": _("출장 승인(여비 원인행위)"),
    "trip.settle_request": _("출장 여비 정산 지출결의 상신"),
    "trip.settle": _("출장 여비 정산"),
    "trip.cancel": _("출장 취소(여비 원인행위 해제)"),
    "trip.settlement_reverse": _("출장 여비 정산 취소(지출결의 반납·정정)"),
    "travel_rates.save": _("여비 기준 변경"),
    "leave.promotion_notice": _("연차 사용촉진 1차 통지"),
    "leave.promotion_plan": _("연차 사용 계획 제출"),
    "leave.promotion_designation": _("연차 사용촉진 2차 통보"),
    "month.confirm": _("부서 복무 확인"),
    "month.close": _("월 복무 마감"),
    "month.reopen": _("월 복무 마감 해제"),
}
