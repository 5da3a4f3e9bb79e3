"""열람 권한 부여: the drafter, or a head over the handling department, lets a named colleague read a
document they are not party to — a django-guardian object permission on that one document —
and takes it back. Nobody else may grant; a grant reaches no other document and no other
institution; both are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django_tenants.utils import schema_context
from guardian.models import UserObjectPermission

from approval.models import Document
from approval.permissions import access_document
from approval.services import document_approve, document_draft, document_grant_read, document_revoke_read
from audit.models import AuditEvent
from tests.factories.approval import org_chart, submitted
from tests.factories.org import UserFactory
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return org_chart()


@pytest.fixture
def completed(org):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)
    return document_approve(document=document, actor=org.manager)


def test_a_granted_colleague_reads_that_document_only_until_it_is_taken_back(org, completed):
    other = submitted(org, title="다른 문서")
    with pytest.raises(Http404):
        access_document(org.accountant, completed.pk)  # 재무부: not party, not the department

    document_grant_read(document=completed, actor=org.drafter, user=org.accountant)

    assert access_document(org.accountant, completed.pk) == completed
    assert list(Document.objects.visible_to(org.accountant)) == [completed]
    with pytest.raises(Http404):
        access_document(org.accountant, other.pk)
    assert UserObjectPermission.objects.filter(user=org.accountant, object_pk=str(completed.pk)).count() == 1

    document_revoke_read(document=completed, actor=org.drafter, user=org.accountant)
    with pytest.raises(Http404):
        access_document(org.accountant, completed.pk)
    actions = list(AuditEvent.objects.filter(action__endswith="_read").order_by("id").values_list("action", flat=True))
    assert actions == ["document.grant_read", "document.revoke_read"]


def test_only_the_drafter_and_the_heads_over_the_department_grant(org, completed):
    with pytest.raises(PermissionDenied):
        document_grant_read(document=completed, actor=org.colleague, user=org.accountant)  # reads it; may not grant
    with pytest.raises(PermissionDenied):
        document_grant_read(document=completed, actor=org.finance_head, user=org.accountant)  # another unit's head
    document_grant_read(document=completed, actor=org.director, user=org.accountant)  # 경영본부장, above 총무팀
    assert access_document(org.accountant, completed.pk) == completed


def test_refusals_say_why_in_korean(org, completed):
    draft = document_draft(actor=org.drafter, title="작성 중", body="<p>초안</p>", unit_task=org.task)
    with pytest.raises(ValidationError, match="작성 중인 문서"):
        document_grant_read(document=draft, actor=org.drafter, user=org.accountant)
    document_grant_read(document=completed, actor=org.drafter, user=org.accountant)
    with pytest.raises(ValidationError, match="이미 이 문서를 볼 수 있습니다"):
        document_grant_read(document=completed, actor=org.drafter, user=org.accountant)
    with pytest.raises(ValidationError, match="열람 권한이 없습니다"):
        document_revoke_read(document=completed, actor=org.drafter, user=org.colleague)


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def test_the_document_page_grants_and_revokes(client_for, alpha, beta, org, completed):
    detail = reverse("approval:detail", args=[completed.pk])
    accountant = signed_in(client_for, alpha, org.accountant.username)
    assert accountant.get(detail).status_code == 404

    drafter = signed_in(client_for, alpha, org.drafter.username)
    page = drafter.get(detail).content.decode()
    assert "열람 권한 주기" in page
    response = drafter.post(reverse("approval:grant_read", args=[completed.pk]), {"user": org.accountant.pk})
    assert response.status_code == 302
    assert accountant.get(detail).status_code == 200
    assert "탁회계" in drafter.get(detail).content.decode()  # listed with a 회수 button

    again = drafter.post(
        reverse("approval:grant_read", args=[completed.pk]), {"user": org.accountant.pk}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 422
    assert "이미 이 문서를 볼 수 있습니다" in again.content.decode()

    colleague = signed_in(client_for, alpha, org.colleague.username)  # sees the team's completed documents
    assert colleague.get(detail).status_code == 200
    assert "열람 권한 주기" not in colleague.get(detail).content.decode()
    grant = reverse("approval:grant_read", args=[completed.pk])
    assert colleague.post(grant, {"user": org.finance_head.pk}).status_code == 403

    with schema_context(beta.schema_name):
        UserFactory(username=org.accountant.username)
    assert signed_in(client_for, beta, org.accountant.username).get(detail).status_code == 404

    drafter.post(reverse("approval:revoke_read", args=[completed.pk]), {"user": org.accountant.pk})
    assert accountant.get(detail).status_code == 404
