"""Unit tasks and their cards (과제관리, 과제관리카드), under /tasks/."""

from django.urls import path

from tasks.views import cards

app_name = "tasks"
urlpatterns = [
    path("", cards.unit_task_list, name="unit_task_list"),
    path("classification/", cards.classification, name="classification"),
    path("<int:pk>/", cards.unit_task_detail, name="unit_task_detail"),
    path("<int:pk>/card/new/", cards.card_create, name="card_create"),
    path("<int:pk>/card/edit/", cards.card_edit, name="card_edit"),
    path("<int:pk>/card/records/", cards.card_register_year, name="card_register_year"),
    path("<int:pk>/goals/add/", cards.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/edit/", cards.goal_edit, name="goal_edit"),
    path("<int:pk>/goals/<int:goal_pk>/delete/", cards.goal_delete, name="goal_delete"),
    path("<int:pk>/entries/add/", cards.entry_add, name="entry_add"),
    path("entries/<int:entry_pk>/revise/", cards.entry_revise, name="entry_revise"),
    path("entries/<int:entry_pk>/versions/", cards.entry_versions, name="entry_versions"),
    path("entries/<int:entry_pk>/complete/", cards.milestone_complete_view, name="milestone_complete"),
    path("<int:pk>/handover/", cards.handover, name="handover"),
    path("<int:pk>/participants/", cards.grant, name="grant"),
]
