"""How the records app's audit actions read in Korean (declared in records.plugin)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "record.register_paper": _("비전자기록물 등록"),
    "record.file": _("기록물 편철"),
    "record.move": _("기록물 철 이동"),
    "record.read_private": _("비공개 기록물 열람"),
    "record_file.close": _("기록물철 정리(종결)"),
    "record_transfer.request": _("기록물 이관 요청"),
    "record_transfer.accept": _("기록물 이관 인수"),
    "record_disposal.create": _("기록물 평가 대상 선정(처리과 의견조회)"),
    "record_disposal.opinion": _("기록물 폐기 처리과 의견"),
    "record_disposal.submit": _("기록물 평가 심사·심의회 상신"),
    "record_disposal.sign": _("기록물평가심의회 위원 서명"),
    "record_disposal.invite": _("심의회 위원 서명 링크 발급"),
    "record_disposal.dissent": _("심의회 위원 부동의로 폐기 보류"),
    "record_disposal.decide": _("기록물평가심의회 결정"),
    "record_disposal.return": _("기록물 평가 심의 반려·회수"),
    "record_file.destroy": _("기록물철 폐기"),
    "record_file.retention_reset": _("보존기간 재책정"),
    "record_file.export": _("기록물 이관 패키지(BagIt) 내보내기"),
    "record_hold.place": _("법적 보존 요청 등록"),
    "record_hold.release": _("법적 보존 요청 해제"),
    "record.reclassify": _("비공개 재분류"),
    "record.open_after_30_years": _("30년 경과 비공개 기록물 공개"),
    "record_reclassification.submit": _("비공개 재분류안 상신"),
    "record_reclassification.approve": _("비공개 재분류안 결재"),
    "record_reclassification.return": _("비공개 재분류안 반려·회수"),
    "record.legacy_import": _("기존 기록물 일괄 등록"),
}
