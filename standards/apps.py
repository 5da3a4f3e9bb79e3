from django.apps import AppConfig


class StandardsConfig(AppConfig):
    """도 표준 목록 (province-wide standard lists): kept by the planning office in the province
    console, in the public schema, and read by every institution (an institution's connection
    reaches the public schema through its search_path). Today: the standard 편성목/통계목 codes
    every institution's budget lines map to, and the 신속집행 (early execution) targets per half
    year. It sits just above tenants and core and imports nothing above them, so any app may use
    it."""

    name = "standards"
    verbose_name = "도 표준 목록"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "standards.plugin.PLUGIN"
