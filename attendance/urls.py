from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("", views.today, name="today"),
    path("clock/", views.clock_view, name="clock"),
    path("month/", views.month, name="month"),
    path("leave/new/", views.leave_new, name="leave_new"),
    path("leave/<int:pk>/", views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/cancel/", views.leave_cancel, name="leave_cancel"),
    path("corrections/new/", views.correction_new, name="correction_new"),
    path("flexible/new/", views.flexible_new, name="flexible_new"),
    path("overtime/new/", views.overtime_new, name="overtime_new"),
    path("trips/", views.trip_list, name="trip_list"),
    path("trips/new/", views.trip_new, name="trip_new"),
    path("trips/<int:pk>/", views.trip_detail, name="trip_detail"),
    path("trips/<int:pk>/settle/", views.trip_settle_view, name="trip_settle"),
]
