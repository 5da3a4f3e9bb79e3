"""How the exchange's audit actions read in Korean. The sender's chain gets "문서 발송" in the
completing transaction; the receiver's chain gets "문서 수신" (receipts.audit_actions) when the
delivery job lands the document."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "document.send": _("문서 발송"),
}
