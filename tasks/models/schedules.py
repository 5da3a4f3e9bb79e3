"""일정관리 (schedules): personal, department and institution calendar entries. Meetings, due
milestones and directives are not copied here; the calendar selector merges them in."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScheduleScope(models.TextChoices):
    PERSONAL = "personal", _("개인")
    DEPARTMENT = "department", _("부서")
    INSTITUTION = "institution", _("기관")


class ScheduleEntry(models.Model):
    scope = models.CharField(_("구분"), max_length=12, choices=ScheduleScope.choices, default=ScheduleScope.PERSONAL)
    owner = models.ForeignKey(
        "org.User", verbose_name=_("본인"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("부서"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("일정"), max_length=200)
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    all_day = models.BooleanField(_("종일"), default=False)
    location = models.CharField(_("장소"), max_length=200, blank=True)
    note = models.TextField(_("메모"), blank=True)
    created_by = models.ForeignKey("org.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("일정")
        verbose_name_plural = _("일정")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["scope", "starts_at"]),
            models.Index(fields=["owner", "starts_at"]),
            models.Index(fields=["department", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="schedule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(scope="personal", owner__isnull=False)
                | Q(scope="department", department__isnull=False)
                | Q(scope="institution"),
                name="schedule_scope_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title
