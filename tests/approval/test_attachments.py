"""붙임: files checked on upload (format by extension and content, size, count), stored under
their SHA-256 in the institution's own folder, changeable only while drafting, carried into a
redraft."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from approval.models import StepKind
from approval.services import (
    document_approve,
    document_attach,
    document_detach,
    document_discard_draft,
    document_draft,
    document_redraft,
    document_reject,
    document_submit,
)
from tests.factories.approval import line, org_chart

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0" * 100
HWP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"1" * 100


@pytest.fixture
def media(settings, tmp_path):
    """Files go to a throw-away directory (setting the relative root too makes django-tenants'
    storage forget the root it cached)."""
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _draft(org):
    return document_draft(actor=org.drafter, title="붙임 있는 문서", body="<p>본문</p>", unit_task=org.task)


def test_files_are_checked_and_stored_under_their_checksum(org, media):
    document = _draft(org)

    first, second = document_attach(
        document=document,
        actor=org.drafter,
        files=[SimpleUploadedFile("계획서.hwp", HWP), SimpleUploadedFile("예산.pdf", PDF)],
    )

    assert [(a.order, a.original_name, a.content_type, a.size) for a in (first, second)] == [
        (1, "계획서.hwp", "application/x-hwp", len(HWP)),
        (2, "예산.pdf", "application/pdf", len(PDF)),
    ]
    assert first.sha256 == hashlib.sha256(HWP).hexdigest()
    stored = media / "alpha" / "approval" / first.sha256[:2] / first.sha256
    assert stored.read_bytes() == HWP


def test_bad_files_are_refused_by_name(org, media, settings):
    document = _draft(org)
    with pytest.raises(ValidationError) as raised:
        document_attach(
            document=document,
            actor=org.drafter,
            files=[SimpleUploadedFile("악성.hwp", b"MZ\x90\x00 not a hwp"), SimpleUploadedFile("실행.exe", b"MZ")],
        )
    renamed, executable = raised.value.message_dict["files"]
    assert renamed == "악성.hwp: 파일 내용이 확장자(hwp)와 맞지 않습니다."
    assert executable.startswith("실행.exe: 첨부할 수 없는 형식입니다. 가능한 형식: hwp, hwpx, pdf")

    settings.ATTACHMENT_MAX_FILES = 2
    document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("a.pdf", PDF)])
    with pytest.raises(ValidationError) as raised:
        document_attach(
            document=document,
            actor=org.drafter,
            files=[SimpleUploadedFile("b.pdf", PDF), SimpleUploadedFile("c.pdf", PDF)],
        )
    assert raised.value.message_dict == {"files": ["붙임은 2개까지 올릴 수 있습니다."]}
    assert document.attachments.count() == 1


def test_attachments_change_only_while_drafting_and_follow_a_redraft(org, media):
    document = _draft(org)
    kept, dropped = document_attach(
        document=document,
        actor=org.drafter,
        files=[SimpleUploadedFile("계획서.hwp", HWP), SimpleUploadedFile("초안.pdf", PDF)],
    )
    document_detach(document=document, actor=org.drafter, attachment=dropped)
    document_submit(document=document, actor=org.drafter, line=line((StepKind.APPROVAL, org.manager)))

    with pytest.raises(ValidationError) as raised:
        document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("늦은.pdf", PDF)])
    assert raised.value.messages == ["상신한 문서의 붙임은 바꿀 수 없습니다. 회수한 뒤 재기안하세요."]

    document_reject(document=document, actor=org.manager, reason="붙임 보완")
    new = document_redraft(document=document, actor=org.drafter)
    assert list(new.attachments.values_list("order", "original_name", "sha256")) == [(1, "계획서.hwp", kept.sha256)]
    document_attach(document=new, actor=org.drafter, files=[SimpleUploadedFile("보완.pdf", PDF)])
    assert list(new.attachments.values_list("order", flat=True)) == [1, 2]
    document_submit(document=new, actor=org.drafter, line=line((StepKind.APPROVAL, org.manager)))
    document_approve(document=new, actor=org.manager)


def test_a_discarded_draft_takes_its_attachments_with_it(org, media):
    document = _draft(org)
    document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("a.pdf", PDF)])

    document_discard_draft(document=document, actor=org.drafter)

    assert not type(document).objects.filter(pk=document.pk).exists()
