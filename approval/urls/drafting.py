from django.urls import path

from approval.views import drafting as views

urlpatterns = [
    path("new/", views.new, name="new"),
    path("unit-tasks/", views.unit_tasks, name="unit_tasks"),
    path("amount/", views.amount_preview, name="amount_preview"),
    path("<int:pk>/draft/", views.edit, name="edit"),
    path("<int:pk>/draft/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/draft/submit/", views.submit, name="submit"),
    path("<int:pk>/draft/discard/", views.discard, name="discard"),
    path("<int:pk>/draft/line/", views.line_edit, name="line"),
    path("<int:pk>/draft/attachments/", views.attach, name="attach"),
    path("<int:pk>/draft/attachments/<int:attachment_pk>/remove/", views.detach, name="detach"),
]
