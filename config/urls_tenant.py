"""An institution's site: staff home and the institution admin console."""

from django.urls import include, path

from org.admin import institution_site
from org.views import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", institution_site.urls),
    path("", include("tasks.urls")),
    path("approval/", include("approval.urls")),
    path("budget/", include("budget.urls")),
    path("attendance/", include("attendance.urls")),
    path("payroll/", include("payroll.urls")),
    path("receipts/", include("receipts.urls")),
    path("records/", include("records.urls")),
    path("notifications/", include("notifications.urls")),
    path("org/", include("org.urls")),
    path("monitoring/", include("monitoring.urls_institution")),
    path("", include("core.urls")),
]
