"""The province's site (public schema): planning-office home and the province console."""

from django.urls import include, path

from tenants.admin import province_site
from tenants.views import province_home

urlpatterns = [
    path("", province_home, name="home"),
    path("admin/", province_site.urls),
    path("receipts/", include("receipts.urls")),
    path("notifications/", include("notifications.urls")),
    path("org/", include("org.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("", include("core.urls")),
]
