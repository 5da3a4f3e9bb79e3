"""The province console's view of the exchange: the envelope of every message (who to whom,
when, in which state — PDF 생성 대기, 발송 대기 with its tries and next try, 수신 완료, 접수 완료 with
the receiver's 접수등록번호, 실패 with the last error) and a resend action — never the documents'
content, which belongs to the institutions (the planning office monitors the channel, not the mail)."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.templatetags.korean import kdatetime
from exchange.models import EnvelopeState, OutboxMessage
from exchange.services import messages_resend
from tenants.admin import province_site


class EnvelopeStateFilter(admin.SimpleListFilter):
    title = _("상태")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return EnvelopeState.choices

    def queryset(self, request, queryset):
        if self.value() in EnvelopeState.values:
            return queryset.with_state().filter(state_value=self.value())
        return queryset


@admin.register(OutboxMessage, site=province_site)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "sender", "recipient", "sender_document_id", "state_display", "progress")
    list_filter = (EnvelopeStateFilter, "sender", "recipient")
    list_select_related = ("sender", "recipient")
    date_hierarchy = "created_at"
    fields = (
        "id", "sender", "recipient", "sender_document_id", "state_display", "attempts", "next_attempt_at",
        "last_error", "created_at", "delivered_at", "receipt_number", "receipt_registered_at",
        "receipt_reported_at", "pdf_ready",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("PDF 준비"), boolean=True)
    def pdf_ready(self, obj: OutboxMessage) -> bool:
        return obj.pdf_ready

    @admin.display(description=_("발송일시"), ordering="created_at")
    def sent_at(self, obj: OutboxMessage) -> str:
        return kdatetime(obj.created_at)

    @admin.display(description=_("상태"))
    def state_display(self, obj: OutboxMessage) -> str:
        return obj.state_label

    @admin.display(description=_("진행"))
    def progress(self, obj: OutboxMessage) -> str:
        """What the state means for this envelope: tries and next try, the error, or the times."""
        state = obj.state
        if state == EnvelopeState.AWAITING_PDF:
            return _("발신 기관의 PDF 생성 대기")
        if state == EnvelopeState.DELIVERED:
            return format_html("{} {}", _("수신"), kdatetime(obj.delivered_at))
        if state == EnvelopeState.REGISTERED:
            return format_html(
                "{} {} · {} {}", _("접수등록번호"), obj.receipt_number, _("접수"), kdatetime(obj.receipt_registered_at)
            )
        parts = [(_("시도"), _("%(n)d회") % {"n": obj.attempts})]
        if state == EnvelopeState.QUEUED:
            parts.append((_("다음 시도"), kdatetime(obj.next_attempt_at) if obj.next_attempt_at else _("대기열 순서")))
        if obj.last_error:
            parts.append((_("마지막 오류"), obj.last_error[:200]))
        return format_html_join(" · ", "{} {}", parts)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    @admin.action(description=_("선택한 미수신 문서 다시 보내기"), permissions=["view"])
    def resend(self, request, queryset):
        sent, awaiting_pdf = messages_resend(actor=request.user, messages=queryset)
        text = _("%(n)d건을 다시 보냈습니다.") % {"n": len(sent)}
        if awaiting_pdf:
            text += " " + _("%(n)d건은 발신 기관의 PDF가 아직 없어 보내지 않았습니다.") % {"n": awaiting_pdf}
        messages.success(request, text)
