"""URL patterns every host has: sign-in, password change and the health probe."""

from django.contrib.auth import views as auth_views
from django.urls import path

from core.health import healthz
from core.login import LoginForm
from core.session_expiry import session_keepalive

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/session/keepalive/", session_keepalive, name="session_keepalive"),
    path("healthz", healthz, name="healthz"),
]
