"""Auth events Django announces by signal become audit entries. These are the only receivers in
the project: login and role changes happen inside Django (auth views, admin), not in our services.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from audit.services import audit_record
from core.http import client_ip


@receiver(user_logged_in, dispatch_uid="audit_login")
def _on_login(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", actor=user, ip_address=client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        action="auth.login_failed",
        actor_label=username,
        data={"username": username},
        ip_address=client_ip(request) if request is not None else None,
    )


def _on_groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from django.contrib.auth.models import Group

    from core.request_context import current_request

    request = current_request()
    actor = getattr(request, "user", None) if request is not None else None
    if reverse:  # group.user_set.add(...): instance is the group
        users = get_user_model().objects.filter(pk__in=pk_set or [])
        changes = [(user, [instance.name]) for user in users]
    else:
        names = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
        changes = [(instance, names)]
    for user, group_names in changes:
        audit_record(
            action={"post_add": "role.grant", "post_remove": "role.revoke", "post_clear": "role.clear"}[action],
            actor=actor,
            target=user,
            data={"roles": sorted(group_names)},
            ip_address=client_ip(request) if request is not None else None,
        )


m2m_changed.connect(_on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit_role_change")
