"""Drafts started and left empty are thrown away by a nightly job (issue 9, item 15: every 기안 시작
stored a draft at once, and the abandoned ones piled up in the 임시저장함). Anything the drafter
wrote keeps a draft, and so does a day's grace."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.utils import timezone

from approval.abandoned import abandoned_draft_discard, abandoned_drafts
from approval.models import Document
from approval.services import document_attach, document_draft, document_redraft, document_reject
from approval.tasks import discard_abandoned_drafts, discard_all_abandoned_drafts
from tenants.models import Institution
from tests.factories.approval import org_chart, standard_line, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def org(in_alpha):
    return org_chart()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"


def started(org, **fields) -> Document:
    """A draft as 기안 시작 makes it: the kind's suggested line and nothing else, or `fields`."""
    return document_draft(actor=org.drafter, line=standard_line(org), **fields)


def left_for(days: float) -> None:
    """Nobody has saved any draft for `days`."""
    Document.objects.update(
        updated_at=F("updated_at") - timedelta(days=days), created_at=F("created_at") - timedelta(days=days)
    )


def test_an_empty_draft_left_for_a_day_is_abandoned(org):
    empty = started(org)
    empty_paragraph = started(org, body="<p></p>")
    recent = started(org)
    left_for(2)
    Document.objects.filter(pk=recent.pk).update(updated_at=timezone.now())

    found = set(abandoned_drafts(now=timezone.now()).values_list("pk", flat=True))

    assert found == {empty.pk, empty_paragraph.pk}


def test_anything_written_keeps_a_draft(org, media):
    kept = [
        started(org, title="제목만 쓴 기안"),
        started(org, body="<p>본문만 쓴 기안</p>"),
        started(org, unit_task=org.task),
        started(org, decision_amount=300_000),
        started(org, is_internal=False, recipients=[{"institution_code": "beta", "name": "베타문화재단"}]),
    ]
    attached = started(org)
    document_attach(document=attached, actor=org.drafter, files=[SimpleUploadedFile("붙임.pdf", PDF)])
    # Another app's subject (a leave request, an expense plan) is drafted from that app's page.
    subject = started(org, subject=org.task)
    # A 재기안 carries the earlier round's history.
    returned = submitted(org)
    document_reject(document=returned, actor=org.lead, reason="보완")
    redraft = document_redraft(document=returned, actor=org.drafter)
    Document.objects.filter(pk=redraft.pk).update(title="", body="", unit_task=None)
    left_for(3)

    found = set(abandoned_drafts(now=timezone.now()).values_list("pk", flat=True))

    assert found.isdisjoint({d.pk for d in [*kept, attached, subject, redraft, returned]})
    assert found == set()


def test_the_nightly_job_discards_them_once(org):
    abandoned = [started(org), started(org)]
    written = started(org, title="쓰는 중")
    left_for(2)

    assert discard_abandoned_drafts() == 2
    assert discard_abandoned_drafts() == 0  # a second delivery finds nothing left
    assert not Document.objects.filter(pk__in=[d.pk for d in abandoned]).exists()
    assert Document.objects.filter(pk=written.pk).exists()


def test_a_draft_written_in_just_before_the_discard_is_kept(org):
    """The job lists the abandoned drafts, then discards each under its lock after testing it
    again: what the drafter saved in between keeps the draft."""
    draft = started(org)
    left_for(2)
    now = timezone.now()
    assert draft.pk in set(abandoned_drafts(now=now).values_list("pk", flat=True))
    Document.objects.filter(pk=draft.pk).update(title="방금 쓰기 시작함")

    assert abandoned_draft_discard(document_id=draft.pk, now=now) is False
    assert Document.objects.filter(pk=draft.pk).exists()


def test_the_nightly_clean_up_fans_out_into_every_institution(alpha, beta):
    sent_from = []
    with mock.patch.object(
        discard_abandoned_drafts, "delay", side_effect=lambda: sent_from.append(connection.schema_name)
    ):
        schemas = discard_all_abandoned_drafts()

    assert {"alpha", "beta"} <= set(schemas)
    assert "public" not in schemas
    assert sent_from == schemas


def test_the_nightly_clean_up_leaves_a_deactivated_institution_alone(alpha, beta):
    """A deactivated institution is closed (core.jobs.fan_out): its drafts wait until it reopens."""
    Institution.objects.filter(pk=alpha.pk).update(is_active=False)
    with mock.patch.object(discard_abandoned_drafts, "delay"):
        schemas = discard_all_abandoned_drafts()

    assert "alpha" not in schemas
    assert "beta" in schemas
