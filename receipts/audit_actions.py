"""How the receipt actions read in Korean on the receiving institution's audit chain."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "receipt.arrive": _("문서 수신"),
    "receipt.register": _("문서 접수"),
    "receipt.distribute": _("문서 배부"),
    "receipt.assign": _("처리담당자 지정"),
    "receipt.circulate": _("수신문서 공람 지정"),
    "receipt.complete": _("수신문서 처리 완료"),
    "receipt.dispose": _("수신문서 기록물 폐기(내용 삭제)"),
}
