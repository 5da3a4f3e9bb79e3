"""Writes for memo reports (메모보고): sending, reading receipts (읽음 확인), replies (답글).

Also the one place the work-management services send notification mail from
(`mail_on_commit`): mail goes out only after the transaction commits, so a rolled-back memo or
directive never announces itself, and a mail server that is down never undoes the work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.uploads import CheckedUpload, check_upload
from org.models import EmploymentStatus, User
from tasks.models import MemoAttachment, MemoRecipient, MemoReply, MemoReport, UnitTask
from tasks.permissions.memos import is_memo_party
from tasks.produced import memo_work
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.services.cards import related_document_link
from tasks.signals import WorkFile, work_produced
from tenants.services import site_url

logger = logging.getLogger(__name__)

TITLE_MAX = MemoReport._meta.get_field("title").max_length


absolute_url = site_url  # a link for mail (tenants.services.site_url)


def _send_each(messages: list[tuple[str, str, str]]) -> None:
    for subject, text, address in messages:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


def mail_on_commit(*, users: Iterable[User], subject: str, text: str) -> None:
    """After commit, mail `text` to each of `users` who has an e-mail address (one message each,
    so colleagues' addresses are not copied to one another)."""
    messages = [(subject, text, u.email) for u in users if u.email]
    if messages:
        # robust: a failing mail server is logged, and the saved work stays saved.
        transaction.on_commit(partial(_send_each, messages), robust=True)


def _is_at_work(user: User) -> bool:
    return user.is_active and user.employment_status == EmploymentStatus.ACTIVE


def _check_recipients(actor: User, recipients: Sequence[User]) -> list[User]:
    unique: list[User] = []
    for user in recipients:
        if user.pk not in {u.pk for u in unique}:
            unique.append(user)
    if not unique:
        raise ValidationError({"recipients": _("받는 사람을 한 명 이상 선택하세요.")})
    if any(u.pk == actor.pk for u in unique):
        raise ValidationError({"recipients": _("본인에게는 메모보고를 보낼 수 없습니다.")})
    away = [u.name for u in unique if not _is_at_work(u)]
    if away:
        raise ValidationError(
            {"recipients": _("재직 중인 직원에게만 보낼 수 있습니다: %(names)s") % {"names": ", ".join(away)}}
        )
    return unique


def _check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            {"files": _("첨부파일은 %(n)d개까지 올릴 수 있습니다.") % {"n": settings.ATTACHMENT_MAX_FILES}}
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def check_filing(*, actor: User, unit_task: UnitTask | None) -> None:
    """A memo or directive may be filed only under an active unit task the actor may file under."""
    if unit_task is None:
        return
    if not unit_tasks_for_filing(actor).filter(pk=unit_task.pk).exists():
        raise ValidationError({"unit_task": _("이 단위과제에는 등록할 수 없습니다.")})


def memo_send(
    *,
    actor: User,
    kind: str,
    title: str,
    body: str,
    recipients: Sequence[User],
    unit_task: UnitTask | None = None,
    files: Sequence[UploadedFile] = (),
) -> MemoReport:
    """Send a memo report to one or more colleagues (usually superiors), with attachments.

    Filed under a unit task, it also appears among the task card's related documents.
    """
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if kind not in MemoReport.Kind.values:
        errors["kind"] = _("구분을 선택하세요.")
    if not title:
        errors["title"] = _("제목을 입력하세요.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("제목은 %(n)d자까지 쓸 수 있습니다.") % {"n": TITLE_MAX}
    if not body:
        errors["body"] = _("내용을 입력하세요.")
    if errors:
        raise ValidationError(errors)
    people = _check_recipients(actor, recipients)
    checked = _check_files(files)
    check_filing(actor=actor, unit_task=unit_task)

    with transaction.atomic():
        memo = MemoReport.objects.create(
            kind=kind,
            title=title,
            body=body,
            author=actor,
            department_id=actor.department_id,
            unit_task=unit_task,
            sent_at=timezone.now(),
        )
        MemoRecipient.objects.bulk_create(
            [MemoRecipient(memo=memo, recipient=user, order=n) for n, user in enumerate(people)]
        )
        stored = []
        for upload in checked:
            # The file's stored name comes from the model's upload_to (its checksum).
            attachment = MemoAttachment.objects.create(
                memo=memo,
                file=upload.file,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
                uploaded_by=actor,
            )
            stored.append(WorkFile(name=attachment.original_name, path=attachment.file.name, sha256=attachment.sha256))
        path = reverse("memos:detail", args=[memo.pk])
        if unit_task is not None:
            related_document_link(
                unit_task=unit_task,
                source="memo",
                source_id=str(memo.pk),
                title=memo.title,
                produced_on=timezone.localdate(memo.sent_at),
                url=path,
            )
        audit_record(
            action="memo.send",
            actor=actor,
            target=memo,
            data={
                "kind": kind,
                "recipients": [u.username for u in people],
                "unit_task": unit_task.code if unit_task else None,
                "attachments": [{"name": c.original_name, "sha256": c.sha256} for c in checked],
            },
        )
        _announce_memo(memo, actor, stored)
        # The body stays inside the system: mail says who sent what title, and links to it.
        mail_on_commit(
            users=people,
            subject=_("[메모보고] %(title)s") % {"title": title},
            text=_("%(author)s님이 메모보고를 보냈습니다.\n\n제목: %(title)s\n보기: %(url)s\n")
            % {"author": actor.name, "title": title, "url": absolute_url(path)},
        )
    return memo


def _announce_memo(memo: MemoReport, actor: User, files: list[WorkFile]) -> None:
    """A sent memo is a record of its author's department (records follows work_produced).
    Someone with no department (a system account) produces no department's record."""
    work = memo_work(memo, actor, tuple(files))
    if work is not None:
        work_produced.send(sender=MemoReport, work=work, actor=actor)


def memo_mark_read(*, memo: MemoReport, actor: User) -> bool:
    """Record that a recipient opened the memo. Only the first reading counts (읽음 확인): a later
    opening, or one by someone who is not a recipient, changes nothing. True if newly read."""
    updated = MemoRecipient.objects.filter(memo=memo, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return updated > 0


def memo_reply(*, memo: MemoReport, actor: User, body: str) -> MemoReply:
    """A reply (답글) by the author or a recipient; the other parties are told by mail."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("답글 내용을 입력하세요.")})
    if not is_memo_party(memo, actor):
        raise PermissionDenied(_("메모보고의 작성자와 받는 사람만 답글을 달 수 있습니다."))
    with transaction.atomic():
        reply = MemoReply.objects.create(memo=memo, author=actor, body=body)
        others = [memo.author] + [
            r.recipient for r in memo.recipients.select_related("recipient").exclude(recipient=actor)
        ]
        mail_on_commit(
            users=[u for u in others if u.pk != actor.pk],
            subject=_("[메모보고 답글] %(title)s") % {"title": memo.title},
            text=_("%(author)s님이 메모보고에 답글을 달았습니다.\n\n제목: %(title)s\n보기: %(url)s\n")
            % {
                "author": actor.name,
                "title": memo.title,
                "url": absolute_url(reverse("memos:detail", args=[memo.pk])),
            },
        )
    return reply
