"""Meeting rooms in the institution admin console. Institution admins add and change rooms; a
room that has ever been booked is never deleted (bookings and minutes refer to it), it is taken
out of use instead (사용 해제)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.admin import institution_site
from tasks.models import Room


@admin.register(Room, site=institution_site)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "capacity", "upcoming_bookings", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "location")
    fields = ("name", "location", "capacity", "is_active")
    actions = ["deactivate"]

    # The console itself is for institution admins only (is_staff is that role, org.roles), and
    # rooms are theirs to manage: no per-model permission rows are needed on top of the role.
    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff

    def has_delete_permission(self, request, obj=None):
        if not request.user.is_staff:
            return False
        # A booked room is protected (bookings refer to it with PROTECT); the bulk action's
        # confirmation page lists such rooms as impossible to delete.
        return obj is None or not obj.bookings.exists()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _upcoming=Count(
                    "bookings",
                    filter=Q(bookings__cancelled_at__isnull=True, bookings__ends_at__gte=timezone.now()),
                )
            )
        )

    @admin.display(description=_("앞으로의 예약"), ordering="_upcoming")
    def upcoming_bookings(self, obj):
        return obj._upcoming

    @admin.action(description=_("선택한 회의실 사용 해제"))
    def deactivate(self, request, queryset):
        changed = queryset.update(is_active=False)
        self.message_user(request, _("회의실 %(n)d곳을 사용 해제했습니다.") % {"n": changed})
