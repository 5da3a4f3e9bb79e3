from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    # The config "org" in INSTALLED_APPS means: this module also holds LockoutConfig.
    default = True
    name = "org"
    verbose_name = "조직·인사"
    plugin = "org.plugin.PLUGIN"

    def ready(self) -> None:
        from org.roles import ensure_roles_after_migrate

        # Roles (groups) carry permissions, which Django creates after migrations run.
        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="org_ensure_roles")


class LockoutConfig(AxesConfig):
    """django-axes (login lockout) as the institution console names it: its own config leaves
    the name to Django, which makes it "Axes"."""

    verbose_name = _("로그인 잠금")
