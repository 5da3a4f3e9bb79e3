"""Directive pages: the tabbed list with filters and export, the overdue report, issuing (and the
clear refusal for staff), the detail page whose htmx forms swap the directive in place and show
only what the viewer may do, access for strangers, other institutions and anonymous, and query
counts that stay flat as directives pile up."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tasks.models import Directive, DirectiveStatus
from tasks.services.directives import (
    directive_comment,
    directive_complete,
    directive_issue,
    directive_report_progress,
)
from tests.exports import FORMULA, assert_text_only
from tests.factories.tasks_memos import build_org
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return build_org()


@pytest.fixture
def today():
    return timezone.localdate()


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def issue(org, today, title="보도자료 배포 계획 수립", **overrides):
    fields = {
        "actor": org.chief,
        "title": title,
        "body": "다음 주 행사 보도자료 배포 계획을 세우세요.",
        "due_on": today + timedelta(days=3),
        "department": org.d100,
        "assignees": [org.staff],
    }
    fields.update(overrides)
    return directive_issue(**fields)


def days_pass(directive: Directive, due_on) -> None:
    """Time passes: the due date is now `due_on` (issuing refuses past dates, rightly)."""
    Directive.objects.filter(pk=directive.pk).update(due_on=due_on)


def test_head_issues_a_directive_through_the_form(org, alpha, client_for, today):
    client = signed_in(client_for, alpha, "chief")

    page = client.get("/directives/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "회계팀" in html  # the tree below
    assert "사업부" not in html  # not another tree
    assert "남모름" not in html

    response = client.post(
        "/directives/new/",
        {
            "title": "예산 집행 점검",
            "body": "상반기 집행률을 점검하세요.",
            "due_on": (today + timedelta(days=10)).isoformat(),
            "department": org.d100.pk,
            "assignees": [org.staff.pk, org.accountant.pk],
        },
    )
    directive = Directive.objects.get(title="예산 집행 점검")
    assert response.status_code == 302
    assert response["Location"] == f"/directives/{directive.pk}/"
    assert sorted(directive.assignees.values_list("user__username", flat=True)) == ["accountant", "staff"]


def test_issue_form_errors_keep_the_input(org, alpha, client_for, today):
    client = signed_in(client_for, alpha, "chief")

    response = client.post(
        "/directives/new/",
        {
            "title": "예산 집행 점검",
            "body": "점검하세요.",
            "due_on": (today - timedelta(days=1)).isoformat(),
            "department": org.d100.pk,
            "assignees": [org.staff.pk],
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "처리기한은 오늘이나 그 뒤의 날짜여야 합니다." in html
    assert 'value="예산 집행 점검"' in html
    # Someone outside the tree is not even a choice.
    response = client.post(
        "/directives/new/",
        {
            "title": "t",
            "body": "b",
            "due_on": today.isoformat(),
            "department": org.other.pk,
            "assignees": [org.stranger.pk],
        },
    )
    assert response.status_code == 422
    assert not Directive.objects.exists()


def test_staff_get_a_clear_refusal_and_no_button(org, alpha, client_for):
    client = signed_in(client_for, alpha, "staff")

    response = client.get("/directives/new/")
    assert response.status_code == 403
    assert "지시사항은 부서장과 기관 관리자만 등록할 수 있습니다" in response.content.decode()
    assert client.post("/directives/new/", {"title": "x"}).status_code == 403
    assert 'href="/directives/new/"' not in client.get("/directives/").content.decode()
    assert 'href="/directives/new/"' in signed_in(client_for, alpha, "chief").get("/directives/").content.decode()


def test_tabs_received_issued_and_department(org, alpha, client_for, today):
    issue(org, today, title="받은 지시")
    issue(org, today, title="동료에게 간 지시", assignees=[org.peer])
    issue(org, today, title="회계팀 지시", department=org.team, assignees=[org.accountant])

    staff = signed_in(client_for, alpha, "staff")
    received = staff.get("/directives/").content.decode()
    assert "받은 지시" in received
    assert "동료에게 간 지시" not in received
    department = staff.get("/directives/", {"tab": "department"}).content.decode()
    assert "동료에게 간 지시" in department  # staff's own department
    assert "회계팀 지시" not in department  # a department below is for its heads

    chief = signed_in(client_for, alpha, "chief")
    issued = chief.get("/directives/", {"tab": "issued"}).content.decode()
    assert all(t in issued for t in ("받은 지시", "동료에게 간 지시", "회계팀 지시"))
    assert "조건에 맞는 지시사항이 없습니다." in chief.get("/directives/").content.decode()


def test_list_shows_dday_overdue_and_progress_and_filters(org, alpha, client_for, today):
    late = issue(org, today, title="늦은 지시")
    days_pass(late, today - timedelta(days=2))
    soon = issue(org, today, title="곧 기한")
    directive_report_progress(directive=soon, actor=org.staff, body="절반", progress=50)
    done = issue(org, today, title="끝난 지시")
    directive_complete(directive=done, actor=org.staff, report="완료")
    client = signed_in(client_for, alpha, "staff")

    html = client.get("/directives/").content.decode()
    assert "D+2" in html
    assert "D-3" in html
    assert html.count("chip overdue") == 2  # the status chip and the D-day of the late one
    assert '<progress value="50" max="100"' in html

    overdue_only = client.get("/directives/", {"overdue": "on"}).content.decode()
    assert "늦은 지시" in overdue_only
    assert "곧 기한" not in overdue_only
    completed = client.get("/directives/", {"status": "completed"}).content.decode()
    assert "끝난 지시" in completed
    assert "늦은 지시" not in completed
    by_issuer = client.get("/directives/", {"q": "최부장"}).content.decode()
    assert "3건" in by_issuer
    by_title = client.get("/directives/", {"q": "곧"}).content.decode()
    assert "1건" in by_title
    assert "곧 기한" in by_title
    assert client.get("/directives/", {"due_from": "나중"}).status_code == 200


def test_list_export_has_the_filtered_rows(org, alpha, client_for, today):
    late = issue(org, today, title="늦은 지시")
    days_pass(late, today - timedelta(days=4))
    issue(org, today, title="다른 지시")
    client = signed_in(client_for, alpha, "staff")

    response = client.get("/directives/", {"overdue": "on", "export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("제목", "상태", "주관 부서", "지시자", "이행 담당자")
    assert len(rows) == 2
    title, status, department, issuer, assignees, _issued, due, progress, days, completed = rows[1]
    assert (title, status, department, issuer, assignees) == ("늦은 지시", "지시", "경영지원부", "최부장", "이직원")
    assert due.date() == today - timedelta(days=4)
    assert (progress, days, completed) == (0, 4, None)


def test_overdue_page_groups_for_heads_and_shows_staff_their_own(org, alpha, client_for, today):
    mine = issue(org, today, title="내 지연 지시")
    days_pass(mine, today - timedelta(days=3))
    peers = issue(org, today, title="동료 지연 지시", assignees=[org.peer])
    days_pass(peers, today - timedelta(days=1))
    team = issue(org, today, title="회계팀 지연 지시", department=org.team, assignees=[org.accountant])
    days_pass(team, today - timedelta(days=5))

    chief = signed_in(client_for, alpha, "chief").get("/directives/overdue/").content.decode()
    assert "기한 경과 3건" in chief
    assert all(t in chief for t in ("내 지연 지시", "동료 지연 지시", "회계팀 지연 지시"))
    assert "D+5" in chief
    assert "부서별" in chief
    assert "담당자별" in chief

    staff = signed_in(client_for, alpha, "staff").get("/directives/overdue/").content.decode()
    assert "기한 경과 1건" in staff
    assert "내 지연 지시" in staff
    assert "동료 지연 지시" not in staff

    response = signed_in(client_for, alpha, "admin").get("/directives/overdue/", {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [(r[0], r[8]) for r in rows[1:]] == [("회계팀 지연 지시", 5), ("내 지연 지시", 3), ("동료 지연 지시", 1)]


def test_assignee_works_through_htmx_forms(org, alpha, client_for, today):
    directive = issue(org, today)
    client = signed_in(client_for, alpha, "staff")
    url = f"/directives/{directive.pk}/"

    html = client.get(url).content.decode()
    for label in ("이행계획 제출", "추진상황 보고", "완료 보고", "의견 남기기"):
        assert label in html
    assert "보완 요구" not in html
    assert "지시 취소" not in html

    response = client.post(
        f"{url}plan/",
        {"plan-plan": "보도자료 초안 작성 후 검토", "plan-planned_on": (today + timedelta(days=2)).isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="directive-work">')
    assert "이행계획 제출" in html
    assert "보도자료 초안 작성 후 검토" in html

    response = client.post(
        f"{url}progress/", {"progress-body": "초안 완료", "progress-progress": "70"}, HTTP_HX_REQUEST="true"
    )
    assert '<progress value="70" max="100"' in response.content.decode()

    response = client.post(f"{url}progress/", {"progress-body": "", "progress-progress": "150"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert "100 이하의 값을 입력해 주세요." in html
    assert '<details class="card" open>' in html

    response = client.post(f"{url}complete/", {"complete-report": "배포 완료"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "이행 결과" in html
    assert "완료 보고</strong>" in html
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.COMPLETED
    assert list(directive.updates.values_list("kind", flat=True)) == ["issue", "plan", "progress", "complete"]
    # Once completed, the assignee's forms are gone.
    assert "추진상황 보고" not in html


def test_a_race_shows_the_current_state_and_the_reason(org, alpha, client_for, today):
    directive = issue(org, today, assignees=[org.staff, org.peer])
    staff = signed_in(client_for, alpha, "staff")
    peer = signed_in(client_for, alpha, "peer")
    staff.get(f"/directives/{directive.pk}/")
    peer.get(f"/directives/{directive.pk}/")

    assert staff.post(f"/directives/{directive.pk}/complete/", {"complete-report": "완료"}).status_code == 302
    response = peer.post(
        f"/directives/{directive.pk}/complete/", {"complete-report": "저도 완료"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "이미 완료된 지시사항입니다." in html
    assert Directive.objects.get(pk=directive.pk).completion_report == "완료"


def test_issuer_reopens_and_cancels_without_htmx(org, alpha, client_for, today):
    directive = issue(org, today)
    directive_complete(directive=directive, actor=org.staff, report="완료")
    client = signed_in(client_for, alpha, "chief")

    html = client.get(f"/directives/{directive.pk}/").content.decode()
    assert "보완 요구" in html
    assert "지시 취소" not in html  # completed: nothing to cancel
    response = client.post(f"/directives/{directive.pk}/reopen/", {"reopen-reason": "근거 자료 보완"})
    assert response.status_code == 302
    assert Directive.objects.get(pk=directive.pk).status == DirectiveStatus.IN_PROGRESS
    assert "보완을 요구했습니다." in client.get(f"/directives/{directive.pk}/").content.decode()

    response = client.post(f"/directives/{directive.pk}/cancel/", {"cancel-reason": ""})
    assert response.status_code == 422
    assert "필수 항목입니다." in response.content.decode()
    client.post(f"/directives/{directive.pk}/cancel/", {"cancel-reason": "행사 취소"})
    assert Directive.objects.get(pk=directive.pk).status == DirectiveStatus.CANCELLED


def test_a_department_member_reads_but_may_not_act(org, alpha, client_for, today):
    directive = issue(org, today)
    client = signed_in(client_for, alpha, "peer")

    html = client.get(f"/directives/{directive.pk}/").content.decode()
    assert "보도자료 배포 계획 수립" in html
    assert "<form" not in html.split('id="directive-work"')[1]
    assert client.post(f"/directives/{directive.pk}/comment/", {"comment-body": "의견"}).status_code == 403
    assert client.post(f"/directives/{directive.pk}/complete/", {"complete-report": "완료"}).status_code == 403


def test_strangers_other_institutions_and_anonymous_see_nothing(org, alpha, beta, client_for, today):
    directive = issue(org, today, title="기밀 지시")
    directive_comment(directive=directive, actor=org.chief, body="빨리 처리 바랍니다")
    paths = [f"/directives/{directive.pk}/{a}" for a in ("", "plan/", "complete/", "comment/", "cancel/")]

    stranger = signed_in(client_for, alpha, "stranger")
    assert stranger.get(paths[0]).status_code == 404
    for path in paths[1:]:
        assert stranger.post(path, {}).status_code == 404
    for page in ("/directives/", "/directives/?tab=department", "/directives/overdue/"):
        assert "기밀 지시" not in stranger.get(page).content.decode()

    with schema_context("beta"):
        twin = signed_in(client_for, beta, "admin")
        assert twin.get(paths[0]).status_code == 404
        assert twin.post(paths[2], {"complete-report": "x"}).status_code == 404
        assert "기밀 지시" not in twin.get("/directives/?tab=department").content.decode()

    anonymous = client_for(alpha)
    for path in [*paths, "/directives/", "/directives/overdue/", "/directives/new/"]:
        assert redirects_to_login(anonymous.get(path)), path
    assert Directive.objects.get(pk=directive.pk).status == DirectiveStatus.ISSUED


def _count(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/directives/",
        "/directives/?tab=issued",
        "/directives/?tab=department&q=지시",
        "/directives/overdue/",
        "/directives/?export=xlsx",
        "/directives/overdue/?export=xlsx",
    ],
)
def test_list_query_counts_do_not_grow(org, alpha, client_for, today, path):
    def grow(n):
        for i in range(n):
            directive = issue(
                org, today, title=f"지시 {i}", assignees=[org.staff, org.peer, org.accountant], actor=org.director
            )
            directive_report_progress(directive=directive, actor=org.peer, body="진행", progress=30)
            days_pass(directive, today - timedelta(days=i + 1))

    grow(3)
    client = signed_in(client_for, alpha, "staff" if "tab=department" not in path else "chief")
    if "overdue" in path:
        client = signed_in(client_for, alpha, "director")
    small = _count(client, path)
    grow(9)
    large = _count(client, path)

    assert large == small
    assert small <= 20


def test_detail_query_count_does_not_grow_with_the_timeline(org, alpha, client_for, today):
    directive = issue(org, today, assignees=[org.staff, org.peer])
    client = signed_in(client_for, alpha, "staff")
    small = _count(client, f"/directives/{directive.pk}/")
    for n in range(10):
        directive_comment(directive=directive, actor=org.chief, body=f"의견 {n}")
    assert _count(client, f"/directives/{directive.pk}/") == small


def test_exports_write_a_formula_title_as_text(org, alpha, client_for, today):
    late = issue(org, today, title=FORMULA)
    days_pass(late, today - timedelta(days=2))
    client = signed_in(client_for, alpha, "staff")

    assert_text_only(client.get("/directives/", {"export": "xlsx"}).content, FORMULA)
    assert_text_only(client.get("/directives/overdue/", {"export": "xlsx"}).content, FORMULA)
