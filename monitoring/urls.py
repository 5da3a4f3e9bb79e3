"""The province site's monitoring (config.urls_public)."""

from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("institutions/<slug:code>/", views.institution_detail, name="institution"),
    path("kpis/<str:code>/", views.kpi_detail, name="kpi"),
    path("extract/", views.extraction, name="extract"),
    path("refresh/", views.refresh, name="refresh"),
    path("runs/<int:pk>/", views.run_progress, name="run"),
]
