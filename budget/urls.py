from django.urls import path

from budget import books_views, execution_views, revenue_views, transfer_views, views, year_end_views
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
    path("expenditures/", execution_views.expenditure_list, name="expenditure_list"),
    path("expenditures/new/", execution_views.expenditure_new, name="expenditure_new"),
    path("expenditures/<int:pk>/", execution_views.expenditure_detail, name="expenditure_detail"),
    path("expenditures/<int:pk>/reverse/", execution_views.expenditure_reverse, name="expenditure_reverse"),
    path("expenditures/<int:pk>/redraft/", execution_views.expenditure_redraft, name="expenditure_redraft"),
    path(
        "expenditures/<int:pk>/evidence/<int:evidence_pk>/",
        execution_views.evidence_download,
        name="evidence_download",
    ),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/new/", transfer_views.transfer_new, name="transfer_new"),
    path("revenue/", revenue_views.revenue_list, name="revenue_list"),
    path("revenue/new/", revenue_views.revenue_new, name="revenue_new"),
    path("revenue/<int:pk>/", revenue_views.revenue_detail, name="revenue_detail"),
    path("payments/", execution_views.payments, name="payments"),
    path("payments/<int:pk>/transfer.csv", execution_views.transfer_download, name="transfer_download"),
    path("vendors/", execution_views.vendors, name="vendors"),
    path("books/journal/", books_views.journal, name="journal"),
    path("books/manual/new/", books_views.manual_journal_new, name="manual_journal_new"),
    path("books/ledger/", books_views.ledger, name="ledger"),
    path("books/trial-balance/", books_views.trial_balance_page, name="trial_balance"),
    path("books/year-end/", year_end_views.year_end, name="year_end"),
]
