from django.urls import path

from tasks.views import directives as views

app_name = "directives"
urlpatterns = [
    path("", views.list_, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    *(
        path(f"<int:pk>/{action}/", views.act, {"action": action}, name=action)
        for action in ("plan", "progress", "complete", "reopen", "cancel", "comment")
    ),
]
