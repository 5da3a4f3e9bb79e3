from django.urls import path

from receipts import views

app_name = "receipts"
urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("all/", views.all_receipts, name="all"),
    path("department/", views.department, name="department"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/distribute/", views.distribute, name="distribute"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/complete/", views.complete, name="complete"),
]
