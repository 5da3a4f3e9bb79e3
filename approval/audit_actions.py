"""How the e-approval app's audit actions read in Korean (declared in approval.plugin). Every
decisive step of a document's life is one of these; comments are not (they are kept on the
document's own history)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "document.submit": _("문서 상신"),
    "document.approve": _("문서 결재"),
    "document.complete": _("결재 완료·생산등록"),
    "document.reject": _("문서 반려"),
    "document.hold": _("문서 보류"),
    "document.resume": _("보류 해제"),
    "document.withdraw": _("문서 회수"),
    "document.redraft": _("재기안"),
    "document.edit": _("결재 중 문서 수정"),
    "document.post_approve": _("후결"),
    "document.circulate": _("공람 지정"),
    "document.grant_read": _("열람 권한 부여"),
    "document.revoke_read": _("열람 권한 회수"),
    "document.dispose": _("기록물 폐기(문서 내용 삭제)"),
    "delegation_rule.save": _("위임전결 규정 저장"),
}
