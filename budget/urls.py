from django.urls import path

from budget import views
from budget.status import views as status_views

app_name = "budget"

urlpatterns = [
    path("", status_views.home, name="home"),
    path("lines/<int:pk>/", status_views.line_detail, name="line_detail"),
    path("status/", status_views.execution_status_page, name="execution_status"),
    path("plans/", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/resubmit/", views.plan_resubmit, name="plan_resubmit"),
]
