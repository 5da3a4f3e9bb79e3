from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "기관"
    plugin = "tenants.plugin.PLUGIN"

    def ready(self) -> None:
        from tenants import clone_function

        # Provisioning replays the template's DDL (tenants/schema_copy.py); a clone through
        # django-tenants' own create_schema (its create_tenant command) still gets the patched
        # function, whose index lookup does not scan every schema.
        clone_function.install()
