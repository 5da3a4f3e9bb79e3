"""Writing notifications and sending their e-mail. `notify` runs inside the caller's transaction:
the rows commit or roll back with the action they announce, and the e-mail leaves only after the
commit (transaction.on_commit), so a refused action never mails anyone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from tenants.services import site_url

logger = logging.getLogger(__name__)
_local = threading.local()


@contextmanager
def mail_suppressed() -> Iterator[None]:
    """Write notifications without e-mailing them, e.g. while a demo seed replays months of
    history: the rows are the history; the mail would be news to nobody."""
    previous = getattr(_local, "suppressed", False)
    _local.suppressed = True
    try:
        yield
    finally:
        _local.suppressed = previous


def notify(
    *,
    recipients: Iterable,
    category: str,
    title: str,
    url: str,
    actor=None,
    body: str = "",
    email: bool = True,
    now: datetime | None = None,
) -> list[Notification]:
    """Notify each recipient once (the actor never hears of their own action); e-mail those
    with an address after the commit."""
    at = now or timezone.now()
    people = {}
    for user in recipients:
        if user is None or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        people.setdefault(user.pk, user)
    if not people:
        return []
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            category=category,
            title=title[:300],
            body=body[:300],
            url=url[:300],
            actor=actor,
            created_at=at,
        )
        for user in people.values()
    )
    if email and not getattr(_local, "suppressed", False):
        mails = [(user.email, user.name) for user in people.values() if user.email]
        if mails:
            link = site_url(url)
            transaction.on_commit(lambda: _send(mails, title, body, link), robust=True)
    return rows


def _send(mails: list[tuple[str, str]], title: str, body: str, link: str) -> None:
    subject = _("[통합업무시스템] %(title)s") % {"title": title}
    for address, name in mails:
        text = _("%(name)s 님,\n\n%(title)s\n%(body)s\n\n바로가기: %(link)s\n") % {
            "name": name,
            "title": title,
            "body": body,
            "link": link,
        }
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        except OSError:
            # The in-app notification is there either way; a mail server outage must not fail
            # the request that already committed.
            logger.exception("notification mail not sent", extra={"to": address})


def notification_open(*, user, pk: int, now: datetime | None = None) -> Notification:
    """Mark one of the user's notifications read (once; a compare-and-set) and return it.
    Someone else's notification does not exist for them."""
    notification = Notification.objects.get(pk=pk, recipient=user)
    if notification.read_at is None:
        at = now or timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=at)
        notification.read_at = at
    return notification


def notification_mark_all_read(*, user, now: datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())
