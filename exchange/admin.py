"""The province console's view of the exchange: the envelope of every message (who to whom,
when, delivered or not, the last error) and a resend action — never the documents' content, which
belongs to the institutions (the planning office monitors the channel, not the mail)."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange.models import MessageStatus, OutboxMessage
from exchange.services import enqueue_delivery
from tenants.admin import province_site


@admin.register(OutboxMessage, site=province_site)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "sender", "recipient", "sender_document_id", "status", "attempts", "delivered_at")
    list_filter = ("status", "sender", "recipient")
    list_select_related = ("sender", "recipient")
    date_hierarchy = "created_at"
    fields = (
        "id", "sender", "recipient", "sender_document_id", "status", "attempts", "last_error",
        "created_at", "delivered_at", "pdf_ready",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("PDF 준비"), boolean=True)
    def pdf_ready(self, obj: OutboxMessage) -> bool:
        return obj.pdf_ready

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    @admin.action(description=_("선택한 미수신 문서 다시 보내기"), permissions=["view"])
    def resend(self, request, queryset):
        pending = [
            m for m in queryset.select_related("recipient").exclude(status=MessageStatus.DELIVERED) if m.pdf_ready
        ]
        for message in pending:
            transaction.on_commit(lambda m=message: enqueue_delivery(m), robust=True)
        messages.success(request, _("%(n)d건을 다시 보냈습니다.") % {"n": len(pending)})
