"""Directives (지시사항) through their services: issuing, every status transition and the refused
ones with their Korean messages, the compare-and-set race, mail after commit, audit, who may see
and act, and the due and overdue lists worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from org.models import EmploymentStatus, User
from org.visibility import viewer_for
from tasks.models import Directive, DirectiveStatus, DirectiveUpdate, RelatedDocument
from tasks.permissions.directives import access_directive, directive_rights
from tasks.selectors.directives import directives_due_for, overdue_directives
from tasks.services.directives import (
    directive_cancel,
    directive_comment,
    directive_complete,
    directive_issue,
    directive_reopen,
    directive_report_progress,
    directive_submit_plan,
)
from tests.factories.tasks_cards import unit_task
from tests.factories.tasks_memos import build_org

pytestmark = pytest.mark.django_db

RACE = "이미 다른 사람이 처리했습니다. 화면을 새로 고쳐 지금 상태를 확인하세요."


@pytest.fixture
def org(in_alpha):
    return build_org()


@pytest.fixture
def today():
    return timezone.localdate()


def issue(org, today, **overrides):
    fields = {
        "actor": org.chief,
        "title": "민원 처리 지연 원인 분석",
        "body": "지연 사례를 분석해 개선안을 보고하세요.",
        "due_on": today + timedelta(days=7),
        "department": org.d100,
        "assignees": [org.staff, org.peer],
    }
    fields.update(overrides)
    return directive_issue(**fields)


def messages_of(exc_info) -> list[str]:
    return exc_info.value.messages


def kinds(directive) -> list[str]:
    return list(directive.updates.values_list("kind", flat=True))


# --- issuing ---------------------------------------------------------------------------------------


def test_issue_records_assignees_timeline_and_audit(org, today):
    directive = issue(org, today)

    assert directive.status == DirectiveStatus.ISSUED
    assert directive.issued_by == org.chief
    assert directive.progress == 0
    assert sorted(directive.assignees.values_list("user__username", flat=True)) == ["peer", "staff"]
    assert kinds(directive) == ["issue"]
    event = AuditEvent.objects.get(action="directive.issue", target_id=str(directive.pk))
    assert event.data["assignees"] == ["staff", "peer"]
    assert event.data["due_on"] == (today + timedelta(days=7)).isoformat()


def test_issue_mails_assignees_with_an_address_after_commit(org, today, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        directive = issue(org, today, due_on=today)
    assert [m.to for m in mailoutbox] == [["staff@example.kr"]]  # peer has no address
    assert mailoutbox[0].subject == "[지시사항] 민원 처리 지연 원인 분석"
    assert f"처리기한: {today.year}. {today.month}. {today.day}." in mailoutbox[0].body
    assert f"/directives/{directive.pk}/" in mailoutbox[0].body


def test_issue_refuses_bad_input(org, today):
    with pytest.raises(ValidationError) as exc:
        issue(org, today, title="", body=" ", due_on=today - timedelta(days=1))
    assert exc.value.message_dict == {
        "title": ["지시 제목을 입력하세요."],
        "body": ["지시 내용을 입력하세요."],
        "due_on": ["처리기한은 오늘이나 그 뒤의 날짜여야 합니다."],
    }
    with pytest.raises(ValidationError) as exc:
        issue(org, today, assignees=[])
    assert exc.value.message_dict == {"assignees": ["이행 담당자를 한 명 이상 선택하세요."]}
    org.peer.employment_status = EmploymentStatus.ON_LEAVE
    org.peer.save(update_fields=["employment_status"])
    with pytest.raises(ValidationError) as exc:
        issue(org, today)
    assert exc.value.message_dict == {"assignees": ["재직 중인 직원에게만 지시할 수 있습니다: 한동료"]}
    assert not Directive.objects.exists()


def test_a_head_issues_only_within_the_tree(org, today):
    # The team lead heads 회계팀 only: not its parent department, not its people.
    with pytest.raises(ValidationError) as exc:
        issue(org, today, actor=org.team_lead, department=org.d100, assignees=[org.accountant])
    assert exc.value.message_dict == {"department": ["맡은 부서와 그 하위 부서에만 지시할 수 있습니다."]}
    with pytest.raises(ValidationError) as exc:
        issue(org, today, actor=org.team_lead, department=org.team, assignees=[org.accountant, org.staff])
    assert exc.value.message_dict == {"assignees": ["맡은 부서와 그 하위 부서의 직원에게만 지시할 수 있습니다: 이직원"]}

    # The director heads the whole 본부 tree, down to the team.
    assert issue(org, today, actor=org.director, department=org.team, assignees=[org.accountant, org.staff]).pk
    # Admins issue anywhere.
    assert issue(org, today, actor=org.admin, department=org.other, assignees=[org.stranger]).pk


def test_staff_cannot_issue(org, today):
    with pytest.raises(PermissionDenied, match="지시사항은 부서장과 기관 관리자만 등록할 수 있습니다"):
        issue(org, today, actor=org.staff, assignees=[org.peer])
    with pytest.raises(PermissionDenied):
        issue(org, today, actor=org.auditor, assignees=[org.peer])


# --- the assignee's part --------------------------------------------------------------------------


def test_plan_progress_complete(org, today, mailoutbox, django_capture_on_commit_callbacks):
    directive = issue(org, today)

    directive_submit_plan(
        directive=directive, actor=org.staff, plan="사례 20건 분석 후 보고", planned_on=today + timedelta(days=5)
    )
    assert directive.status == DirectiveStatus.PLANNED
    assert directive.planned_on == today + timedelta(days=5)

    directive_report_progress(directive=directive, actor=org.peer, body="12건 분석 완료", progress=60)
    assert (directive.status, directive.progress) == (DirectiveStatus.IN_PROGRESS, 60)

    # A revised plan while in progress keeps the status.
    directive_submit_plan(
        directive=directive, actor=org.staff, plan="사례 25건으로 확대", planned_on=today + timedelta(days=6)
    )
    assert directive.status == DirectiveStatus.IN_PROGRESS
    assert directive.plan == "사례 25건으로 확대"

    with django_capture_on_commit_callbacks(execute=True):
        directive_complete(directive=directive, actor=org.staff, report="개선안 3건 도출, 별도 보고")
    assert directive.status == DirectiveStatus.COMPLETED
    assert directive.progress == 100
    assert directive.completed_at is not None
    assert directive.completion_report == "개선안 3건 도출, 별도 보고"
    assert kinds(directive) == ["issue", "plan", "progress", "plan", "complete"]
    assert DirectiveUpdate.objects.get(directive=directive, kind="progress").progress == 60
    assert [m.to for m in mailoutbox] == [["chief@example.kr"]]
    assert mailoutbox[0].subject == "[지시사항 완료] 민원 처리 지연 원인 분석"
    assert set(AuditEvent.objects.filter(target_id=str(directive.pk)).values_list("action", flat=True)) == {
        "directive.issue",
        "directive.plan",
        "directive.complete",
    }


def test_assignee_input_is_checked(org, today):
    directive = issue(org, today)

    with pytest.raises(ValidationError) as exc:
        directive_submit_plan(directive=directive, actor=org.staff, plan=" ", planned_on=today)
    assert exc.value.message_dict == {"plan": ["이행계획을 입력하세요."]}
    with pytest.raises(ValidationError) as exc:
        directive_submit_plan(directive=directive, actor=org.staff, plan="계획", planned_on=None)
    assert exc.value.message_dict == {"planned_on": ["이행 완료 예정일을 입력하세요."]}
    with pytest.raises(ValidationError) as exc:
        directive_submit_plan(directive=directive, actor=org.staff, plan="계획", planned_on=today - timedelta(days=1))
    assert exc.value.message_dict == {"planned_on": ["이행 완료 예정일은 지시일 이후여야 합니다."]}
    for bad in (-1, 101, None):
        with pytest.raises(ValidationError) as exc:
            directive_report_progress(directive=directive, actor=org.staff, body="진행", progress=bad)
        assert exc.value.message_dict == {"progress": ["진척률은 0에서 100 사이의 숫자로 입력하세요."]}
    with pytest.raises(ValidationError) as exc:
        directive_report_progress(directive=directive, actor=org.staff, body="", progress=10)
    assert exc.value.message_dict == {"body": ["추진상황을 입력하세요."]}
    with pytest.raises(ValidationError) as exc:
        directive_complete(directive=directive, actor=org.staff, report="")
    assert exc.value.message_dict == {"report": ["이행 결과를 입력하세요."]}
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.ISSUED
    assert kinds(directive) == ["issue"]


def test_only_assignees_do_the_assignees_part(org, today):
    directive = issue(org, today, assignees=[org.staff])

    for user in (org.peer, org.chief, org.admin):
        with pytest.raises(PermissionDenied, match="이행 담당자만 할 수 있습니다"):
            directive_submit_plan(directive=directive, actor=user, plan="계획", planned_on=today)
        with pytest.raises(PermissionDenied, match="이행 담당자만"):
            directive_report_progress(directive=directive, actor=user, body="진행", progress=10)
        with pytest.raises(PermissionDenied, match="이행 담당자만"):
            directive_complete(directive=directive, actor=user, report="완료")


def test_closed_directives_refuse_further_work(org, today):
    done = issue(org, today)
    directive_complete(directive=done, actor=org.staff, report="완료")
    cancelled = issue(org, today)
    directive_cancel(directive=cancelled, actor=org.chief, reason="상급 기관 지침 변경")

    with pytest.raises(ValidationError) as exc:
        directive_report_progress(directive=done, actor=org.staff, body="추가", progress=100)
    assert messages_of(exc) == ["이미 완료된 지시사항입니다."]
    with pytest.raises(ValidationError) as exc:
        directive_submit_plan(directive=cancelled, actor=org.staff, plan="계획", planned_on=today)
    assert messages_of(exc) == ["취소된 지시사항입니다."]
    with pytest.raises(ValidationError) as exc:
        directive_cancel(directive=done, actor=org.chief, reason="취소")
    assert messages_of(exc) == ["완료되었거나 이미 취소된 지시사항은 취소할 수 없습니다."]
    with pytest.raises(ValidationError) as exc:
        directive_reopen(directive=cancelled, actor=org.chief, reason="다시")
    assert messages_of(exc) == ["완료된 지시사항에만 보완을 요구할 수 있습니다."]


# --- the issuer's and the heads' part ---------------------------------------------------------------


def test_reopen_sends_a_completed_directive_back(org, today, mailoutbox, django_capture_on_commit_callbacks):
    directive = issue(org, today)
    directive_complete(directive=directive, actor=org.staff, report="완료")

    with pytest.raises(PermissionDenied, match="지시자나 주관 부서의 부서장만"):
        directive_reopen(directive=directive, actor=org.peer, reason="부족")
    with pytest.raises(PermissionDenied):
        directive_reopen(directive=directive, actor=org.other_head, reason="부족")
    with pytest.raises(ValidationError) as exc:
        directive_reopen(directive=directive, actor=org.chief, reason="")
    assert exc.value.message_dict == {"reason": ["보완 요구 사유를 입력하세요."]}

    with django_capture_on_commit_callbacks(execute=True):
        directive_reopen(directive=directive, actor=org.chief, reason="개선안별 소요 예산을 추가하세요.")
    assert directive.status == DirectiveStatus.IN_PROGRESS
    assert directive.completed_at is None
    assert directive.completion_report == ""
    assert kinds(directive) == ["issue", "complete", "reopen"]
    assert [m.to for m in mailoutbox] == [["staff@example.kr"]]
    assert mailoutbox[0].subject == "[지시사항 보완 요구] 민원 처리 지연 원인 분석"

    # A head above the department (not the issuer) may also ask for more.
    directive_complete(directive=directive, actor=org.peer, report="예산 추가")
    directive_reopen(directive=directive, actor=org.director, reason="재원 확보 방안도 넣으세요.")
    assert directive.status == DirectiveStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="directive.reopen", target_id=str(directive.pk)).count() == 2


def test_cancel_by_the_issuer_or_an_admin(org, today):
    first = issue(org, today)
    with pytest.raises(PermissionDenied, match="지시자나 기관 관리자만"):
        directive_cancel(directive=first, actor=org.staff, reason="취소")
    with pytest.raises(PermissionDenied):
        directive_cancel(directive=first, actor=org.director, reason="취소")  # a head, but not the issuer
    with pytest.raises(ValidationError) as exc:
        directive_cancel(directive=first, actor=org.chief, reason=" ")
    assert exc.value.message_dict == {"reason": ["취소 사유를 입력하세요."]}

    directive_cancel(directive=first, actor=org.chief, reason="중복 지시")
    assert first.status == DirectiveStatus.CANCELLED
    second = issue(org, today)
    directive_cancel(directive=second, actor=org.admin, reason="조직 개편")
    assert second.status == DirectiveStatus.CANCELLED
    assert AuditEvent.objects.filter(action="directive.cancel").count() == 2


def test_comments_from_parties_heads_and_admins(org, today):
    directive = issue(org, today, assignees=[org.staff])

    for user in (org.chief, org.staff, org.director, org.admin):
        directive_comment(directive=directive, actor=user, body=f"{user.name} 의견")
    for user in (org.peer, org.auditor, org.stranger):
        with pytest.raises(PermissionDenied, match="의견을 남길 수 있습니다"):
            directive_comment(directive=directive, actor=user, body="의견")
    with pytest.raises(ValidationError) as exc:
        directive_comment(directive=directive, actor=org.staff, body="")
    assert exc.value.message_dict == {"body": ["의견을 입력하세요."]}
    assert kinds(directive) == ["issue", "comment", "comment", "comment", "comment"]
    assert directive.status == DirectiveStatus.ISSUED


# --- concurrency -----------------------------------------------------------------------------------


def test_two_assignees_completing_at_once_one_wins(org, today):
    """Both opened the directive while it was open; the second to press 완료 보고 finds the row
    changed under them (the compare-and-set updates zero rows) and is told so."""
    directive = issue(org, today)
    seen_by_staff = Directive.objects.get(pk=directive.pk)
    seen_by_peer = Directive.objects.get(pk=directive.pk)

    directive_complete(directive=seen_by_staff, actor=org.staff, report="이직원 결과")
    with pytest.raises(ValidationError) as exc:
        directive_complete(directive=seen_by_peer, actor=org.peer, report="한동료 결과")

    assert messages_of(exc) == [RACE]
    directive.refresh_from_db()
    assert directive.completion_report == "이직원 결과"
    assert kinds(directive) == ["issue", "complete"]


def test_cancel_racing_a_progress_report(org, today):
    directive = issue(org, today)
    seen_by_staff = Directive.objects.get(pk=directive.pk)

    directive_cancel(directive=directive, actor=org.chief, reason="지침 변경")
    with pytest.raises(ValidationError) as exc:
        directive_report_progress(directive=seen_by_staff, actor=org.staff, body="50% 진행", progress=50)

    assert messages_of(exc) == [RACE]
    directive.refresh_from_db()
    assert (directive.status, directive.progress) == (DirectiveStatus.CANCELLED, 0)


# --- visibility ------------------------------------------------------------------------------------


def test_who_sees_a_directive(org, today):
    directive = issue(org, today, department=org.team, assignees=[org.accountant], actor=org.chief)

    for user in (org.chief, org.accountant, org.team_lead, org.director, org.admin, org.auditor):
        assert access_directive(user, directive.pk) == directive, user.username
    # Members of D100 (the issuer's department, not the responsible one) and strangers do not.
    for user in (org.staff, org.peer, org.stranger, org.other_head):
        with pytest.raises(Http404):
            access_directive(user, directive.pk)

    own_department = issue(org, today, assignees=[org.staff])
    assert access_directive(org.peer, own_department.pk) == own_department  # a member of D100
    assert not directive_rights(org.peer, own_department).any
    with pytest.raises(PermissionDenied):
        access_directive(org.peer, own_department.pk, for_write=True)


def test_the_same_ids_at_beta_see_nothing(org, today):
    directive = issue(org, today)

    with schema_context("beta"):
        for pk in (org.admin.pk, org.staff.pk):
            twin = User.objects.get(pk=pk)
            with pytest.raises(Http404):
                access_directive(twin, directive.pk)
            assert directives_due_for(twin, today, today + timedelta(days=30)) == []
            assert overdue_directives(viewer_for(twin), today + timedelta(days=30)).total == 0


# --- due and overdue -------------------------------------------------------------------------------


def test_directives_due_for_a_person(org, today):
    soon = issue(org, today, title="A", due_on=today + timedelta(days=2))
    later = issue(org, today, title="B", due_on=today + timedelta(days=10))
    issue(org, today, title="C", due_on=today + timedelta(days=3), assignees=[org.peer])
    done = issue(org, today, title="D", due_on=today + timedelta(days=1))
    directive_complete(directive=done, actor=org.staff, report="완료")

    assert directives_due_for(org.staff, today, today + timedelta(days=7)) == [soon]
    assert directives_due_for(org.staff, today, today + timedelta(days=10)) == [soon, later]
    assert directives_due_for(org.staff, today + timedelta(days=3), today + timedelta(days=9)) == []


def test_overdue_report_by_department_and_person(org, today):
    """Hand-worked: on day T+5, directives due T+1 and T+3 are 4 and 2 days overdue; T+5 is due
    that day (not overdue); a completed one and a cancelled one never are."""
    a = issue(org, today, title="A", due_on=today + timedelta(days=1), assignees=[org.staff, org.peer])
    b = issue(org, today, title="B", due_on=today + timedelta(days=3), department=org.team, assignees=[org.accountant])
    issue(org, today, title="C", due_on=today + timedelta(days=5), assignees=[org.staff])
    done = issue(org, today, title="D", due_on=today + timedelta(days=1), assignees=[org.staff])
    directive_complete(directive=done, actor=org.staff, report="완료")
    cancelled = issue(org, today, title="E", due_on=today + timedelta(days=1), assignees=[org.peer])
    directive_cancel(directive=cancelled, actor=org.chief, reason="취소")
    elsewhere = issue(
        org,
        today,
        actor=org.admin,
        title="F",
        due_on=today + timedelta(days=2),
        department=org.other,
        assignees=[org.stranger],
    )
    day = today + timedelta(days=5)

    chief = overdue_directives(viewer_for(org.chief), day)
    assert chief.directives == [a, b]
    assert [d.days_overdue for d in chief.directives] == [4, 2]
    assert [(g.key.name, g.count) for g in chief.by_department] == [("경영지원부", 1), ("회계팀", 1)]
    assert [(g.key.name, g.count) for g in chief.by_person] == [("오회계", 1), ("이직원", 1), ("한동료", 1)]

    team_lead = overdue_directives(viewer_for(org.team_lead), day)
    assert team_lead.directives == [b]

    admin = overdue_directives(viewer_for(org.admin), day)
    assert admin.directives == [a, elsewhere, b]
    assert [(g.key.name, g.count) for g in admin.by_department] == [("경영지원부", 1), ("회계팀", 1), ("사업부", 1)]

    # Staff see their own assignments only.
    assert overdue_directives(viewer_for(org.staff), day).directives == [a]
    assert overdue_directives(viewer_for(org.stranger), day).directives == [elsewhere]
    assert overdue_directives(viewer_for(org.chief), today + timedelta(days=1)).total == 0

    # Filters: one department, or a search on an assignee's name.
    assert overdue_directives(viewer_for(org.admin), day, department_id=org.team.pk).directives == [b]
    assert overdue_directives(viewer_for(org.admin), day, q="남모름").directives == [elsewhere]


def test_overdue_groups_count_people_once_per_directive(org, today):
    for n in range(3):
        issue(org, today, title=f"지시 {n}", due_on=today + timedelta(days=n), assignees=[org.staff, org.peer])
    issue(org, today, title="지시 3", due_on=today, assignees=[org.peer])

    report = overdue_directives(viewer_for(org.chief), today + timedelta(days=10))

    assert report.total == 4
    assert [(g.key.username, g.count) for g in report.by_person] == [("peer", 4), ("staff", 3)]
    assert [(g.key.code, g.count) for g in report.by_department] == [("D100", 4)]


def test_filing_a_directive_under_a_unit_task_puts_it_on_the_card(org, today):
    task = unit_task(department=org.d100, name="민원 처리")

    directive = issue(org, today, unit_task=task)

    document = RelatedDocument.objects.get(source="directive", source_id=str(directive.pk))
    assert (document.unit_task, document.title, document.url) == (
        task,
        "민원 처리 지연 원인 분석",
        f"/directives/{directive.pk}/",
    )
    with pytest.raises(ValidationError) as exc:
        issue(org, today, unit_task=unit_task(department=org.other))
    assert exc.value.message_dict == {"unit_task": ["이 단위과제에는 등록할 수 없습니다."]}
