from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "기관"
    plugin = "tenants.plugin.PLUGIN"
