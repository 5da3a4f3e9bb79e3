"""Notifications (알림): who hears of each e-approval action (never the actor), e-mail only after the
commit, the list and the header badge with flat query counts, opening one marks it read and goes
only to a path on the same site, and nobody reads anyone else's — not a colleague, not another
institution's session, not an anonymous visitor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.models import StepKind
from approval.services import (
    REJECT_TO_DRAFTER,
    document_approve,
    document_circulate,
    document_hold,
    document_reject,
)
from notifications.models import Notification
from notifications.services import mail_suppressed, notify
from org.models import Absence
from org.services import absence_create
from tests.factories.approval import line, org_chart, submitted
from tests.factories.org import UserFactory
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db

R, C, A = StepKind.REVIEW, StepKind.CONCURRENCE, StepKind.APPROVAL


@pytest.fixture
def org(in_alpha):
    chart = org_chart()
    for person in (chart.drafter, chart.lead, chart.manager, chart.colleague):
        person.email = f"{person.username}@example.kr"
        person.save(update_fields=["email"])
    return chart


def received(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("category", "url"))


def test_each_turn_reaches_the_approver_whose_turn_it_is_and_never_the_actor(org):
    document = submitted(org)
    url = reverse("approval:detail", args=[document.pk])

    assert received(org.lead) == [("approval_waiting", url)]
    assert received(org.manager) == []  # not their turn yet
    assert received(org.drafter) == []  # the drafter submitted: no news to them

    document_approve(document=document, actor=org.lead)
    assert received(org.manager) == [("approval_waiting", url)]
    assert len(received(org.lead)) == 1

    document_approve(document=document, actor=org.manager)
    assert received(org.drafter) == [("approval_completed", url)]
    completed = Notification.objects.get(recipient=org.drafter)
    assert "총무팀-1" in completed.body


def test_an_absent_approvers_proxy_is_told_and_the_absent_one_is_asked_to_confirm(org):
    now = timezone.now()
    absence_create(
        user=org.lead,
        proxy=org.colleague,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        reason=Absence.Reason.TRIP,
    )
    document = submitted(org, approval_line=line((A, org.director)), importance="important")
    # 도팀장 is not on this line: only the director hears of it.
    assert received(org.director) == [("approval_waiting", reverse("approval:detail", args=[document.pk]))]

    other = submitted(org, title="출장 결과 보고")
    assert [c for c, _u in received(org.lead)] == ["approval_waiting"]
    assert [c for c, _u in received(org.colleague)] == ["approval_waiting"]  # the proxy (대결)
    document_approve(document=other, actor=org.colleague)
    assert [c for c, _u in received(org.manager)] == ["approval_waiting"]


def test_post_approval_is_asked_of_the_absent_approver(org):
    now = timezone.now()
    absence_create(
        user=org.director,
        proxy=org.manager,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        reason=Absence.Reason.TRAINING,
    )
    document = submitted(org, approval_line=line((R, org.lead), (A, org.director)), importance="important")
    document_approve(document=document, actor=org.lead)
    document_approve(document=document, actor=org.manager)  # 대결; the table wants 후결 for 중요 사항
    assert "approval_post" in [c for c, _u in received(org.director)]


def test_return_hold_and_circulation_reach_the_right_people(org):
    document = submitted(org)
    document_hold(document=document, actor=org.lead, reason="예산 확인 중")
    held = Notification.objects.get(recipient=org.drafter, category="approval_held")
    assert held.body == "예산 확인 중"

    document_reject(document=document, actor=org.lead, reason="견적서를 붙여 주세요.", to=REJECT_TO_DRAFTER)
    returned = Notification.objects.get(recipient=org.drafter, category="approval_returned")
    assert "견적서를 붙여 주세요." in returned.body

    done = submitted(org, title="완료 문서")
    document_approve(document=done, actor=org.lead)
    document_approve(document=done, actor=org.manager)
    document_circulate(document=done, actor=org.drafter, users=[org.colleague, org.accountant])
    assert [c for c, _u in received(org.colleague)] == ["circulation"]
    assert [c for c, _u in received(org.accountant)] == ["circulation"]


def test_mail_leaves_after_the_commit_only_to_people_with_an_address(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = submitted(org)
    assert [m.to for m in mailoutbox] == [["alead@example.kr"]]
    assert document.title in mailoutbox[0].subject
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    assert f"{settings.SITE_SCHEME}://alpha.localhost{port}/approval/{document.pk}/" in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(recipients=[org.accountant], category="receipt", title="주소 없는 사람", url="/")
    assert mailoutbox == []  # 탁회계 has no e-mail address; the in-app row is there
    assert Notification.objects.filter(recipient=org.accountant).count() == 1

    with mail_suppressed(), django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[org.lead], category="receipt", title="조용히", url="/")
    assert mailoutbox == []


def test_a_rolled_back_action_notifies_nobody(org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                submitted(org)
                raise RuntimeError("refused")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


# --- pages ------------------------------------------------------------------------------------------


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def _many(user, count):
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            category="approval_waiting",
            title=f"알림제목-{i}",
            url="/approval/",
            created_at=timezone.now(),
        )
        for i in range(count)
    )


def test_the_list_and_badge_show_ones_own_with_flat_query_counts(client_for, alpha, org):
    client = signed_in(client_for, alpha, org.lead.username)
    _many(org.lead, 3)
    _many(org.manager, 2)
    url = reverse("notifications:list")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("알림제목-") == 3
    _many(org.lead, 27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)

    badge = client.get(reverse("notifications:badge"))
    assert ">30</span>" in badge.content.decode()
    unread = client.get(url, {"show": "unread", "category": "approval_waiting"})
    assert "알림 30건" in unread.content.decode()


def test_opening_marks_read_and_goes_to_its_page_on_this_site_only(client_for, alpha, org):
    document = submitted(org)
    mine = Notification.objects.get(recipient=org.lead)
    client = signed_in(client_for, alpha, org.lead.username)

    response = client.post(reverse("notifications:go", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("approval:detail", args=[document.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None

    evil = Notification.objects.create(
        recipient=org.lead, category="receipt", title="x", url="//evil.example/", created_at=timezone.now()
    )
    response = client.post(reverse("notifications:go", args=[evil.pk]))
    assert response["Location"] == reverse("notifications:list")

    assert client.get(reverse("notifications:go", args=[mine.pk])).status_code == 405  # opening is a POST

    _many(org.lead, 2)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=org.lead, read_at__isnull=True).exists()


def test_nobody_else_opens_them(client_for, alpha, beta, org):
    submitted(org)
    theirs = Notification.objects.get(recipient=org.lead)
    url = reverse("notifications:go", args=[theirs.pk])

    assert signed_in(client_for, alpha, org.colleague.username).post(url).status_code == 404
    assert redirects_to_login(client_for(alpha).post(url))
    assert redirects_to_login(client_for(alpha).get(reverse("notifications:list")))
    with schema_context(beta.schema_name):
        UserFactory(username=org.lead.username)  # the same username in another institution
    other = signed_in(client_for, beta, org.lead.username)
    assert other.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_withdrawal_tells_who_had_it_waiting_and_resuming_tells_the_drafter(org):
    from approval.services import document_resume, document_withdraw

    withdrawn = submitted(org, title="회수할 문서")
    document_withdraw(document=withdrawn, actor=org.drafter, reason="금액 수정")
    notice = Notification.objects.get(recipient=org.lead, category="approval_withdrawn")
    assert notice.body == "금액 수정"
    assert not Notification.objects.filter(recipient=org.manager, category="approval_withdrawn").exists()

    held = submitted(org, title="보류할 문서")
    document_hold(document=held, actor=org.lead, reason="확인 중")
    document_resume(document=held, actor=org.lead)
    assert Notification.objects.filter(recipient=org.drafter, category="approval_resumed").count() == 1
