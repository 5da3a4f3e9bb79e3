from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "조직·인사"
    plugin = "org.plugin.PLUGIN"

    def ready(self) -> None:
        from org.roles import ensure_roles_after_migrate

        # Roles (groups) carry permissions, which Django creates after migrations run.
        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="org_ensure_roles")
