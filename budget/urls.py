from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/resubmit/", views.plan_resubmit, name="plan_resubmit"),
]
