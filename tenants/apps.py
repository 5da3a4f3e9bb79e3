from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "기관"
    plugin = "tenants.plugin.PLUGIN"

    def ready(self) -> None:
        from tenants import clone_function

        # New institutions' schemas are cloned with the catalogue-size-independent index lookup.
        clone_function.install()
