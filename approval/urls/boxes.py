from django.urls import path

from approval.views import boxes as views

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("drafted/", views.drafted, name="drafted"),
    path("in-progress/", views.in_progress, name="in_progress"),
    path("completed/", views.completed, name="completed"),
    path("returned/", views.returned, name="returned"),
    path("circulation/", views.circulation, name="circulation"),
    path("department/", views.department, name="department"),
    path("post-approval/", views.post_approval, name="post_approval"),
]
