"""What the audit log adds to the platform (core.plugins): the labels of the entries it writes
itself, from Django's sign-in and group-change signals (audit.receivers), and the system-use
figures province monitoring reads from each institution's chain (audit.kpis)."""

from django.utils.translation import gettext_lazy as _

from core.plugins import Plugin

PLUGIN = Plugin(
    audit_labels={
        "auth.login": _("로그인"),
        "auth.logout": _("로그아웃"),
        "auth.login_failed": _("로그인 실패"),
        "role.grant": _("역할 부여"),
        "role.revoke": _("역할 회수"),
        "role.clear": _("역할 전체 회수"),
    },
    kpis="audit.kpis.SOURCE",
)
