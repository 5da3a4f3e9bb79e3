"""An institution's own monitoring page on its site (config.urls_tenant)."""

from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [path("", views.own, name="own")]
