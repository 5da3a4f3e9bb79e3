from django.urls import path

from attendance import close_views, report_views, views

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
    path("trips/<int:pk>/cancel/", views.trip_cancel_view, name="trip_cancel"),
    path("close/", close_views.close_page, name="close"),
    path("close/confirm/", close_views.confirm, name="close_confirm"),
    path("close/close/", close_views.close, name="close_close"),
    path("close/reopen/", close_views.reopen, name="close_reopen"),
    path("overtime/", report_views.overtime_list, name="overtime_list"),
    path("leave/calendar/", report_views.leave_calendar, name="leave_calendar"),
    path("leave/year-end/", report_views.leave_year_end, name="leave_year_end"),
    path("leave/promotion/", report_views.promotion, name="promotion"),
    path("reports/", report_views.report_index, name="reports"),
    path("reports/<slug:code>/", report_views.report, name="report"),
]
