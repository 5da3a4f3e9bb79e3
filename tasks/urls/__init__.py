"""The work-management pages, one URL module per area, each its own namespace."""

from django.urls import include, path

urlpatterns = [
    path("tasks/", include("tasks.urls.cards")),
    path("memos/", include("tasks.urls.memos")),
    path("directives/", include("tasks.urls.directives")),
    path("meetings/", include("tasks.urls.meetings")),
    path("calendar/", include("tasks.urls.calendar")),
]
