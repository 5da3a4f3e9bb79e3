from django.urls import path

from payroll import recovery_views, report_views, views

app_name = "payroll"

urlpatterns = [
    path("", views.my_list, name="my"),
    path("slips/<int:pk>/", views.slip_detail, name="slip_detail"),
    path("runs/", views.run_list_view, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/register.xlsx", views.run_register, name="run_register"),
    path("runs/<int:pk>/calculate/", views.run_calculate, name="run_calculate"),
    path("runs/<int:pk>/budget-check/", views.run_budget_check, name="run_budget_check"),
    path("slips/<int:pk>/pdf/", report_views.slip_pdf, name="slip_pdf"),
    path("runs/<int:pk>/reports/", report_views.run_reports, name="run_reports"),
    path("runs/<int:pk>/reports/<slug:report>/", report_views.run_report, name="run_report"),
    path("runs/<int:pk>/register.pdf", report_views.run_register_pdf, name="run_register_pdf"),
    path("runs/<int:pk>/payslips/render/", report_views.run_payslips_render, name="run_payslips_render"),
    path("runs/<int:pk>/submit/", views.run_submit, name="run_submit"),
    path("runs/<int:pk>/finalise/", views.run_finalise, name="run_finalise"),
    path("runs/<int:pk>/transfer.csv", views.run_transfer, name="run_transfer"),
    path("runs/<int:pk>/pay/", views.run_pay, name="run_pay"),
    path("runs/<int:pk>/correct/", views.run_correct, name="run_correct"),
    path("recoveries/", recovery_views.recovery_list, name="recoveries"),
    path("recoveries/<int:pk>/", recovery_views.recovery_detail, name="recovery_detail"),
]
