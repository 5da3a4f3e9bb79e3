"""Who may open and act on a document: the drafter, the line (and proxies standing in), cc and
circulation recipients, auditors, the heads above the handling department, and its members once a
non-private document is completed. Everyone else — a stranger in the same institution, the same
user ids at another institution, anonymous — gets 404."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from approval.lines import ApprovalLine, LineStep
from approval.models import Circulation, Document, StepKind
from approval.permissions import access_document
from approval.services import (
    circulation_mark_read,
    document_approve,
    document_circulate,
    document_draft,
    document_submit,
)
from org import roles
from org.models import Absence, Department, Position, User
from org.services import absence_create
from tests.factories import UserFactory
from tests.factories.approval import delegation_table, line, org_chart, standard_line, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import DEPARTMENT_CODE, PEER, STAFF

pytestmark = pytest.mark.django_db

R, A = StepKind.REVIEW, StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _fresh(user: User) -> User:
    """The user as a new request would load them (no cached roles or headed departments)."""
    return User.objects.get(pk=user.pk)


def _sees(user, document) -> bool:
    return Document.objects.visible_to(_fresh(user)).filter(pk=document.pk).exists()


def _who_sees(org, document) -> set[str]:
    people = ["ceo", "director", "manager", "lead", "drafter", "colleague", "finance_head", "accountant"]
    return {name for name in people if _sees(getattr(org, name), document)}


def test_a_draft_is_the_drafters_alone(org):
    document = document_draft(actor=org.drafter, title="초안", unit_task=org.task, line=standard_line(org))
    auditor = UserFactory(department=org.finance, roles=[roles.STAFF, roles.AUDITOR])

    assert _who_sees(org, document) == {"drafter"}
    assert not _sees(auditor, document)
    with pytest.raises(Http404):
        access_document(_fresh(org.lead), document.pk)


def test_in_progress_the_line_cc_and_heads_above_see_it(org):
    document = submitted(org, approval_line=standard_line(org, cc=(org.accountant,)))

    # finance_head heads a sibling department, not one above the team; colleague is in the team
    # but the document is not completed.
    assert _who_sees(org, document) == {"ceo", "director", "manager", "lead", "drafter", "accountant"}


def test_completed_public_documents_are_the_departments(org):
    document = submitted(org, approval_line=line((A, org.manager)))
    document_approve(document=document, actor=org.manager)

    assert "colleague" in _who_sees(org, document)
    assert "accountant" not in _who_sees(org, document)


def test_completed_private_documents_stay_with_the_parties(org):
    document = submitted(org, approval_line=line((A, org.manager)), disclosure="private", disclosure_ground="6")
    document_approve(document=document, actor=org.manager)

    # The team head heads the handling department itself; the colleague is only a member.
    assert _who_sees(org, document) == {"ceo", "director", "manager", "lead", "drafter"}


def test_a_proxy_sees_the_document_while_standing_in_and_after_acting(org):
    absence_create(
        user=org.lead,
        proxy=org.accountant,
        starts_at=MARCH_5 - timedelta(hours=1),
        ends_at=MARCH_5 + timedelta(hours=1),
        reason=Absence.Reason.LEAVE,
    )
    waiting = submitted(org, title="대결 대기")
    acted = submitted(org, title="대결 처리")
    document_approve(document=acted, actor=org.accountant, now=MARCH_5)

    standing_in = Document.objects.visible_to(_fresh(org.accountant), now=MARCH_5)
    afterwards = Document.objects.visible_to(_fresh(org.accountant), now=MARCH_5 + timedelta(days=1))

    assert set(standing_in.values_list("title", flat=True)) == {"대결 대기", "대결 처리"}
    assert set(afterwards.values_list("title", flat=True)) == {"대결 처리"}
    assert access_document(_fresh(org.accountant), waiting.pk, for_write=True, now=MARCH_5) == waiting


def test_auditors_read_everything_submitted_and_admins_do_not(org):
    document = submitted(org)
    auditor = UserFactory(department=org.finance, roles=[roles.STAFF, roles.AUDITOR])
    admin = UserFactory(department=org.finance, roles=[roles.STAFF, roles.INSTITUTION_ADMIN])

    assert _sees(auditor, document)
    assert not _sees(admin, document)
    with pytest.raises(PermissionDenied):
        access_document(_fresh(auditor), document.pk, for_write=True)


def test_circulation_recipients_see_it_and_their_reading_is_recorded(org):
    document = submitted(org, approval_line=line((A, org.manager)))
    document_approve(document=document, actor=org.manager)
    reader = UserFactory(department=org.finance, name="공람자")
    assert not _sees(reader, document)

    with pytest.raises(PermissionDenied):
        document_circulate(document=document, actor=org.accountant, users=[reader])
    document_circulate(document=document, actor=org.drafter, users=[reader, reader], now=MARCH_5)
    document_circulate(document=document, actor=org.director, users=[reader])  # a head above: no duplicate

    assert _sees(reader, document)
    assert Circulation.objects.filter(document=document).count() == 1
    assert circulation_mark_read(document=document, user=reader, now=MARCH_5) is True
    assert circulation_mark_read(document=document, user=reader) is False  # the first reading counts
    assert Circulation.objects.get(document=document, user=reader).read_at == MARCH_5


def test_circulation_needs_a_completed_document_and_people_in_service(org):
    document = submitted(org)
    with pytest.raises(ValidationError) as raised:
        document_circulate(document=document, actor=org.drafter, users=[org.accountant])
    assert raised.value.messages == ["결재가 끝난 문서만 공람할 수 있습니다."]


def test_a_stranger_in_the_same_institution_gets_404(org):
    document = submitted(org)
    stranger = UserFactory(department=org.finance, name="무관직원")

    with pytest.raises(Http404):
        access_document(_fresh(stranger), document.pk)
    with pytest.raises(Http404):
        access_document(_fresh(org.finance_head), document.pk)


def test_cc_may_read_but_not_act(org):
    document = submitted(org, approval_line=standard_line(org, cc=(org.accountant,)))

    assert access_document(_fresh(org.accountant), document.pk) == document
    with pytest.raises(PermissionDenied):
        access_document(_fresh(org.accountant), document.pk, for_write=True)
    assert access_document(_fresh(org.lead), document.pk, for_write=True) == document


def test_anonymous_sees_nothing(org):
    document = submitted(org)

    assert not Document.objects.visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        access_document(AnonymousUser(), document.pk)


def test_the_same_user_ids_at_another_institution_see_nothing(in_alpha):
    """alpha's staff (pk 2) drafts and alpha's peer (pk 3) decides; beta's staff and peer carry
    the same pks and usernames, and must not reach alpha's document from beta."""
    department = Department.objects.get(code=DEPARTMENT_CODE)
    lead_position, _ = Position.objects.get_or_create(name="팀장", defaults={"rank": 40})
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    peer.position = lead_position
    peer.save(update_fields=["position"])
    delegation_table({"팀장": lead_position, "부서장": lead_position, "본부장": lead_position})
    task = unit_task(department=department, owner=staff)
    document = document_draft(actor=staff, title="알파 문서", body="<p>본문</p>", unit_task=task)
    document_submit(document=document, actor=staff, line=ApprovalLine(steps=(LineStep(kind=A, approver=peer),)))
    assert access_document(_fresh(peer), document.pk, for_write=True) == document

    with schema_context("beta"):
        for username in (STAFF, PEER):
            twin = User.objects.get(username=username)
            assert twin.pk == {STAFF: staff.pk, PEER: peer.pk}[username]
            with pytest.raises(Http404):
                access_document(twin, document.pk)
            assert not Document.objects.visible_to(twin).exists()


def test_visibility_is_two_queries_whatever_the_number_of_documents(org):
    for n in range(2):
        submitted(org, title=f"문서 {n}")
    user = _fresh(org.lead)
    list(Document.objects.visible_to(user))  # roles and headed departments are cached on the user
    with CaptureQueriesContext(connection) as few:
        assert len(list(Document.objects.visible_to(user))) == 2
    for n in range(4):
        submitted(org, title=f"더 많은 문서 {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(list(Document.objects.visible_to(user))) == 6

    # The documents, and the steps they might stand in for (approval.turn decides which they do).
    assert len(few) == len(many) == 2


def test_the_auditor_role_is_read_from_groups(org):
    document = submitted(org)
    colleague = _fresh(org.colleague)
    assert not _sees(colleague, document)

    colleague.groups.add(Group.objects.get(name=roles.AUDITOR))

    assert _sees(colleague, document)
