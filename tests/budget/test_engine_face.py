"""The expense plan on the approval engine's public face (approval.kinds): budget imports nothing
else of the engine; nobody approves their own plan, not even through 대결 (issue 9 item 1); a plan
is shown exactly to those who may open its document, 비공개 included (issue 9 item 3)."""

from __future__ import annotations

import ast
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from approval.kinds import PUBLIC_FACE
from approval.models import ApprovalStep, Document, DocumentStatus
from approval.services import document_approve
from budget.models import PlanStatus
from budget.permissions import plans_visible_to
from org import roles
from org.models import Absence, User
from org.services import absence_create
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db

SELF = "본인이 기안하거나 신청한 문서는 결재할 수 없습니다(대결 포함)."


def _approval_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every import of the approval app in one source file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.split(".")[0] == "approval"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "approval":
            found += [(node.module, alias.name) for alias in node.names]
    return found


# The demo seeder plays people — approvers deciding on the document page, an admin filling the
# delegation table — through the engine's own services; no page or service of budget does.
NOT_CLIENT_CODE = {"demo.py", "demo_year.py", "demo_execution.py"}


def test_budget_imports_only_the_engines_public_face():
    base = Path(settings.BASE_DIR) / "budget"
    offenders = [
        f"{path.relative_to(base)}: from {module} import {name or '*'}"
        for path in sorted(base.rglob("*.py"))
        if path.name not in NOT_CLIENT_CODE and "migrations" not in path.parts
        for module, name in _approval_imports(path)
        if name not in PUBLIC_FACE.get(module, frozenset())
    ]
    assert offenders == []
    # Every name the face lists exists where it says.
    for module, names in PUBLIC_FACE.items():
        imported = __import__(module, fromlist=sorted(names))
        assert all(hasattr(imported, name) for name in names), module


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    expense_delegation_table(org.positions)
    return org


def test_the_drafter_standing_in_for_the_team_head_cannot_approve_their_own_plan(org, client_for, alpha):
    now = timezone.now()
    absence_create(
        user=org.lead,
        proxy=org.drafter,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        reason=Absence.Reason.LEAVE,
    )
    submitted = plan(org, amount=500_000)  # 100만원 미만: the team head decides
    document = submitted.document
    assert (document.drafter, document.requester) == (org.drafter, org.drafter)

    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.drafter)
    assert raised.value.messages == [SELF]

    client = client_for(alpha)
    assert login(client, org.manager.username, PASSWORD).status_code == 302
    html = client.get(f"/budget/{submitted.pk}/").content.decode()
    assert "도팀장, 남부장 (대결)" in html  # who may decide now, from the engine's read

    document_approve(document=document, actor=org.manager)

    submitted.refresh_from_db()
    step = ApprovalStep.objects.get(document=document)
    assert (submitted.status, submitted.registration) == (PlanStatus.APPROVED, "총무팀-1")
    assert (step.acted_by, step.proxy_for, step.post_approval_required) == (org.manager, org.lead, True)
    html = client.get(f"/budget/{submitted.pk}/").content.decode()
    assert "남부장 대결" in html


def _private_task(org):
    return unit_task(
        department=org.team, name="인사 관련 지출", retention_period="5", disclosure="private", disclosure_ground="6"
    )


def _sees(client, plan_pk: int) -> tuple[int, bool, bool]:
    """(detail status, listed, exported) for one plan."""
    listed = f'href="/budget/{plan_pk}/"' in client.get("/budget/plans/").content.decode()
    rows = load_workbook(io.BytesIO(client.get("/budget/plans/", {"export": "xlsx"}).content)).active.values
    exported = any(row[0] == "인사 자료 구입" for row in rows)
    return client.get(f"/budget/{plan_pk}/").status_code, listed, exported


def test_a_private_plan_is_hidden_from_the_admin_and_the_department_as_its_document_is(org, client_for, alpha):
    private = plan(org, title="인사 자료 구입", amount=500_000, unit_task=_private_task(org))
    document_approve(document=private.document, actor=org.lead)
    private.refresh_from_db()
    assert (private.status, private.document.disclosure) == (PlanStatus.APPROVED, "private")
    admin = User.objects.get(username="admin")
    admin.department = org.team  # an admin who is also a member of the plan's department
    admin.save(update_fields=["department"])

    def client(username: str):
        signed = client_for(alpha)
        assert login(signed, username, PASSWORD).status_code == 302
        return signed

    for username in ("admin", "acolleague"):
        assert _sees(client(username), private.pk) == (404, False, False), username
    assert client("admin").get("/admin/budget/expenseplan/").content.decode().count("인사 자료 구입") == 0
    for username in ("adrafter", "alead", "amanager"):  # the drafter, the approver, a head over it
        assert _sees(client(username), private.pk) == (200, True, True), username
    admin.groups.add(Group.objects.get(name=roles.AUDITOR))  # 감사 담당 reads every submitted document
    assert _sees(client("admin"), private.pk) == (200, True, True)


def test_one_rule_for_plans_and_documents(org):
    public = plan(org, title="복사용지 구매", amount=500_000)
    private = plan(org, title="인사 자료 구입", amount=600_000, unit_task=_private_task(org))
    for each in (public, private):
        document_approve(document=each.document, actor=org.lead)
    for user in (org.colleague, org.drafter, org.lead, org.accountant, User.objects.get(username="admin")):
        user = User.objects.get(pk=user.pk)
        plans = set(plans_visible_to(user).values_list("document_id", flat=True))
        documents = {
            pk
            for pk in (public.document_id, private.document_id)
            if Document.objects.visible_to(user).filter(pk=pk, status=DocumentStatus.COMPLETED).exists()
        }
        assert plans == documents, user.username
