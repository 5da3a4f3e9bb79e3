"""Downloading the official PDF: the drafter and the line get the stored file as it was rendered;
a stranger of the same institution, another institution's user and an anonymous visitor do not;
an unrendered PDF is a clear 404, never a render on request."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from approval.models import DocumentPdf
from approval.pdf import document_pdf_render
from approval.services import document_approve
from tests.factories.approval import org_chart, submitted
from tests.factories.org import UserFactory
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha):
    return org_chart()


@pytest.fixture
def completed(org):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)
    return document_approve(document=document, actor=org.manager)


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def test_the_drafter_downloads_the_stored_file(client_for, alpha, org, completed):
    record, _created = document_pdf_render(completed.pk)
    stored = record.file.open("rb").read()
    record.file.close()

    response = signed_in(client_for, alpha, org.drafter.username).get(reverse("approval:pdf", args=[completed.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == stored
    assert DocumentPdf.objects.filter(document=completed).count() == 1


def test_an_approver_may_view_it_inline(client_for, alpha, org, completed):
    document_pdf_render(completed.pk)
    response = signed_in(client_for, alpha, org.manager.username).get(
        reverse("approval:pdf", args=[completed.pk]), {"inline": "1"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_not_yet_rendered_is_a_404_and_renders_nothing(client_for, alpha, org, completed):
    response = signed_in(client_for, alpha, org.drafter.username).get(reverse("approval:pdf", args=[completed.pk]))
    assert response.status_code == 404
    assert not DocumentPdf.objects.exists()


def test_strangers_and_anonymous_get_nothing(client_for, alpha, beta, org, completed):
    document_pdf_render(completed.pk)
    url = reverse("approval:pdf", args=[completed.pk])
    UserFactory(username="outsider", department=org.finance)
    assert signed_in(client_for, alpha, "outsider").get(url).status_code == 404
    assert redirects_to_login(client_for(alpha).get(url))
    with schema_context(beta.schema_name):
        UserFactory(username="betauser")
    assert signed_in(client_for, beta, "betauser").get(url).status_code == 404
