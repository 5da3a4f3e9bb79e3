"""How the exchange's audit actions read in Korean. The sender's chain gets "문서 발송" in the
completing transaction and "수신 기관 접수" when the receiver registers the document; the
receiver's chain gets "문서 수신" and "문서 접수" (receipts.audit_actions); the province's chain
gets "문서 재발송" when the planning office sends undelivered messages again."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "document.send": _("문서 발송"),
    "document.recipient_register": _("수신 기관 접수"),
    "document.resend": _("문서 재발송"),
}
