"""How the work-management app's audit actions read in Korean (declared in tasks.plugin).
Decisive events only: classification changes, hand-overs, issuing and closing directives,
finalising minutes, room bookings."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "function.create": _("기능분류 신설"),
    "function.update": _("기능분류 변경"),
    "function.move": _("기능분류 이동"),
    "function.retire": _("기능분류 폐지"),
    "function.reactivate": _("기능분류 재사용"),
    "unit_task.create": _("단위과제 신설"),
    "unit_task.update": _("단위과제 변경"),
    "unit_task.move": _("단위과제 이관"),
    "unit_task.retire": _("단위과제 폐지"),
    "unit_task.reactivate": _("단위과제 재사용"),
    "unit_task.handover": _("단위과제 인수인계"),
    "unit_task.grant": _("단위과제 참여자 지정"),
    "unit_task.revoke": _("단위과제 참여자 해제"),
    "classification.import": _("기능분류 일괄 등록"),
    "task_card.create": _("과제관리카드 작성"),
    "task_card.register_year": _("과제관리카드 기록물 등록"),
    "memo.send": _("메모보고"),
    "directive.issue": _("지시사항 지시"),
    "directive.plan": _("이행계획 제출"),
    "directive.complete": _("지시사항 완료 보고"),
    "directive.reopen": _("지시사항 보완 요구"),
    "directive.cancel": _("지시사항 취소"),
    "meeting.create": _("회의 등록"),
    "meeting.cancel": _("회의 취소"),
    "room.book": _("회의실 예약"),
    "room.cancel": _("회의실 예약 취소"),
    "minutes.finalise": _("회의록 확정"),
    "decision.to_directive": _("결정사항 지시사항 전환"),
}
