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
    "record.legacy_import": _("기존 기록물 일괄 등록"),
}
