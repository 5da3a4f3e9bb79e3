from django.urls import path

from tasks.views import calendar as views

app_name = "calendar"
urlpatterns = [
    path("", views.month, name="month"),
    path("week/", views.week, name="week"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("calendar.ics", views.ical, name="ical"),
]
