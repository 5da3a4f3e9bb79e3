"""The approval line (결재선) of a document: its ordered `ApprovalStep` rows, created on 상신.

Steps run group by group: a group is one step, or several 협조 (concurrence) steps that run in
parallel. When every step of a group has approved, the next group's steps become pending; the
last step is the final approval (결재). A step keeps who was asked (`approver`), who decided
(`acted_by`, different when a proxy decided: 대결, with `proxy_for` the absent approver), whether
the decision was delegated (전결) and whether the absent approver must confirm afterwards (후결).

The in-memory line a drafter composes, validates and saves is approval.lines.ApprovalLine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    REVIEW = "review", _("검토")
    CONCURRENCE = "concurrence", _("협조")
    APPROVAL = "approval", _("결재")


class StepState(models.TextChoices):
    WAITING = "waiting", _("대기")
    PENDING = "pending", _("결재할 차례")
    DONE = "done", _("처리함")


class StepAction(models.TextChoices):
    NONE = "", _("-")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


# How a step's decision reads (the button that takes it, the sign table): a 검토 or 협조 step is
# reviewed or concurred in, never "approved" — only the 결재 approves.
DECISION_LABELS: dict[str, Promise] = {
    StepKind.REVIEW: _("검토"),
    StepKind.CONCURRENCE: _("협조"),
    StepKind.APPROVAL: _("승인"),
}
TURN_LABELS: dict[str, Promise] = {
    StepKind.REVIEW: _("검토할 차례입니다."),
    StepKind.CONCURRENCE: _("협조할 차례입니다."),
    StepKind.APPROVAL: _("결재할 차례입니다."),
}


class ApprovalStep(models.Model):
    document = models.ForeignKey("approval.Document", on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("순서"))
    group = models.PositiveSmallIntegerField(_("단계"), help_text=_("같은 단계의 협조는 동시에 진행합니다"))
    kind = models.CharField(_("구분"), max_length=12, choices=StepKind.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("결재자"), on_delete=models.PROTECT, related_name="approval_steps"
    )
    # Who the approver was when asked, as printed in the signing boxes (positions change later).
    approver_position = models.CharField(_("직위"), max_length=50, blank=True)
    approver_department = models.CharField(_("부서"), max_length=100, blank=True)

    state = models.CharField(_("진행"), max_length=10, choices=StepState.choices, default=StepState.WAITING)
    action = models.CharField(_("처리"), max_length=10, choices=StepAction.choices, blank=True, default="")
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acted_steps",
    )
    acted_by_position = models.CharField(_("처리자 직위"), max_length=50, blank=True)
    acted_at = models.DateTimeField(_("처리일시"), null=True, blank=True)
    comment = models.TextField(_("의견"), blank=True)
    activated_at = models.DateTimeField(_("도착일시"), null=True, blank=True)
    # 전결: the final decision was taken by a delegated approver under the delegation table.
    delegated = models.BooleanField(_("전결"), default=False)
    # 대결: acted_by decided in place of proxy_for (the absent approver).
    proxy_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("대결 대상자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxied_steps",
    )
    # 후결: the absent approver confirms a 대결 afterwards, where the delegation table says so.
    post_approval_required = models.BooleanField(_("후결 필요"), default=False)
    post_approved_at = models.DateTimeField(_("후결일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("결재 단계")
        verbose_name_plural = _("결재 단계")
        ordering = ["document", "order"]
        indexes = [
            models.Index(fields=["approver", "state"]),
            models.Index(fields=["acted_by"]),
            models.Index(fields=["proxy_for", "post_approval_required"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="approval_step_order_unique"),
            models.UniqueConstraint(fields=["document", "approver"], name="approval_step_approver_once"),
            models.CheckConstraint(
                condition=Q(state="done", acted_at__isnull=False, acted_by__isnull=False) & ~Q(action="")
                | ~Q(state="done") & Q(action=""),
                name="approval_step_done_iff_acted",
            ),
            models.CheckConstraint(
                condition=Q(proxy_for__isnull=True) | Q(proxy_for=F("approver")) & ~Q(acted_by=F("approver")),
                name="approval_step_proxy_for_absent_approver",
            ),
            models.CheckConstraint(
                condition=Q(post_approved_at__isnull=True) | Q(post_approval_required=True),
                name="approval_step_post_approval_only_if_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.order} {self.get_kind_display()} {self.approver_id}"

    @property
    def is_proxy(self) -> bool:
        return self.proxy_for_id is not None

    @property
    def action_label(self) -> str:
        """처리 as the sign table shows it: 검토/협조/승인 by the step's kind, or 반려."""
        if self.action == StepAction.APPROVED:
            return str(DECISION_LABELS[self.kind])
        return self.get_action_display()


class SavedLine(models.Model):
    """A personal saved approval line (자주 쓰는 결재선). `steps` is a list of
    {"kind", "approver", "parallel"} and `cc` a list of user ids; both are checked again when the
    line is used, because people move and retire."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_lines")
    name = models.CharField(_("이름"), max_length=100)
    steps = models.JSONField(_("결재선"), default=list)
    cc = models.JSONField(_("참조"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("저장한 결재선")
        verbose_name_plural = _("저장한 결재선")
        ordering = ["owner", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_line_name_unique")]

    def __str__(self) -> str:
        return self.name
