"""More of who hears what (전단계 반려 reaches the approver it returns to, 결재 완료 reaches 참조), the
badge's single query, 모두 읽음 through htmx keeping the filter, pagination, and the province's own
notifications in the public schema with links to the province's site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from approval.models import StepKind
from approval.services import REJECT_TO_PREVIOUS, document_approve, document_reject
from notifications.models import Notification
from notifications.services import notify
from org.models import User
from tests.factories.approval import line, org_chart, submitted
from tests.support import PASSWORD, PLANNER, login

pytestmark = pytest.mark.django_db

R, A = StepKind.REVIEW, StepKind.APPROVAL


@pytest.fixture
def org(in_alpha):
    return org_chart()


def categories(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("category", flat=True))


def test_a_return_one_step_back_tells_that_steps_approver_why(org):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)
    document_reject(document=document, actor=org.manager, reason="단가를 다시 확인하세요.", to=REJECT_TO_PREVIOUS)

    assert categories(org.lead) == ["approval_waiting", "approval_returned"]
    returned = Notification.objects.get(recipient=org.lead, category="approval_returned")
    assert returned.body == "반려 사유: 단가를 다시 확인하세요."
    assert returned.url == reverse("approval:detail", args=[document.pk])
    assert returned.actor == org.manager
    assert categories(org.drafter) == []  # still in progress: nothing for the drafter yet
    assert categories(org.manager) == ["approval_waiting"]  # the actor hears nothing of their 반려


def test_completion_reaches_the_drafter_and_carbon_copies_but_not_the_final_approver(org):
    document = submitted(org, approval_line=line((R, org.lead), (A, org.manager), cc=(org.colleague, org.accountant)))
    assert categories(org.colleague) == []  # 참조 hears of the result, not of every turn
    document_approve(document=document, actor=org.lead)
    document_approve(document=document, actor=org.manager)

    assert categories(org.drafter) == ["approval_completed"]
    assert categories(org.colleague) == ["approval_completed"]
    assert categories(org.accountant) == ["approval_completed"]
    assert categories(org.manager) == ["approval_waiting"]


def _many(user, count, category="approval_waiting"):
    Notification.objects.bulk_create(
        Notification(recipient=user, category=category, title=f"알림제목-{i}", url="/", created_at=timezone.now())
        for i in range(count)
    )


def _notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]


def test_the_badge_costs_one_query_however_many_are_unread(client_for, alpha, org):
    client = client_for(alpha)
    assert login(client, org.lead.username, PASSWORD).status_code == 302
    badge = reverse("notifications:badge")
    _many(org.lead, 3)
    with CaptureQueriesContext(connection) as few:
        response = client.get(badge, HTTP_HX_REQUEST="true")
    assert ">3</span>" in response.content.decode()
    assert "<html" not in response.content.decode()
    _many(org.lead, 27)
    with CaptureQueriesContext(connection) as many:
        assert ">30</span>" in client.get(badge, HTTP_HX_REQUEST="true").content.decode()
    assert len(many) == len(few)
    assert len(_notification_queries(many)) == 1

    Notification.objects.filter(recipient=org.lead).update(read_at=timezone.now())
    assert "</span>" not in client.get(badge).content.decode()  # nothing unread: no count


def test_read_all_through_htmx_returns_the_results_with_the_filter_kept(client_for, alpha, org):
    client = client_for(alpha)
    assert login(client, org.lead.username, PASSWORD).status_code == 302
    _many(org.lead, 2, "approval_waiting")
    _many(org.lead, 1, "circulation")
    _many(org.manager, 1)

    response = client.post(reverse("notifications:read_all") + "?category=circulation", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results"' in html
    assert "알림 1건" in html  # still the 공람 filter
    assert "모두 읽음" not in html  # nothing left unread
    assert not Notification.objects.filter(recipient=org.lead, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=org.manager, read_at__isnull=True).count() == 1


def test_the_list_pages_and_ignores_an_unknown_category(client_for, alpha, org):
    client = client_for(alpha)
    assert login(client, org.lead.username, PASSWORD).status_code == 302
    _many(org.lead, 35)
    url = reverse("notifications:list")
    assert client.get(url).content.decode().count("알림제목-") == 30
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("알림제목-") == 5
    assert "2 / 2쪽" in second
    assert "알림 35건" in client.get(url, {"category": "<script>"}).content.decode()


def test_the_province_has_its_own_notifications_and_links(
    province_client, mailoutbox, django_capture_on_commit_callbacks
):
    with schema_context(get_public_schema_name()):
        planner = User.objects.get(username=PLANNER)
        planner.email = "planner@example.kr"
        planner.save(update_fields=["email"])
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[planner], category="receipt", title="도에 온 문서", url="/receipts/")
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    assert f"{settings.SITE_SCHEME}://{settings.BASE_DOMAIN}{port}/receipts/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "[통합업무시스템] 도에 온 문서"

    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    page = province_client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert "도에 온 문서" in page.content.decode()
    assert 'id="notif-badge"' in page.content.decode()
    assert ">1</span>" in province_client.get(reverse("notifications:badge")).content.decode()
