"""The function classification's services: the tree's rules, moves and renames with their
before/after history, retirement, hand-over and participants — and a reorganisation never loses a
reference: what was filed under a unit task stays filed under it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from audit.models import AuditEvent
from org import roles
from org.models import Department, EmploymentStatus, User
from org.services import department_set_head
from tasks.models import (
    ClassificationChange,
    Directive,
    Disclosure,
    FunctionClass,
    FunctionLevel,
    Meeting,
    MemoReport,
    UnitTask,
    UnitTaskHandover,
)
from tasks.permissions.cards import is_participant, rights_for
from tasks.services.cards import related_document_link
from tasks.services.classification import (
    function_create,
    function_move,
    function_reactivate,
    function_retire,
    function_update,
    unit_task_create,
    unit_task_grant,
    unit_task_handover,
    unit_task_move,
    unit_task_reactivate,
    unit_task_retire,
    unit_task_revoke,
    unit_task_update,
)
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import function_path, unit_task
from tests.support import ADMIN, DEPARTMENT_CODE, PEER, STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_alpha):
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}
    return users[ADMIN], users[STAFF], users[PEER]


@pytest.fixture
def dept(in_alpha):
    return Department.objects.get(code=DEPARTMENT_CODE)


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- the tree's rules --------------------------------------------------------------------------


def test_creating_a_tree_records_each_node(people, dept):
    admin, _staff, _peer = people
    top = function_create(code="A", name="경영관리", level=FunctionLevel.FUNCTION, actor=admin)
    mid = function_create(code="A-01", name="인사관리", level=FunctionLevel.SUB_FUNCTION, parent=top, actor=admin)
    leaf = function_create(code="A-01-01", name="복무관리", level=FunctionLevel.ACTIVITY, parent=mid, actor=admin)
    task = unit_task_create(
        code="A-01-01-001",
        name="직원 복무관리",
        function=leaf,
        department=dept,
        retention_period="3",
        retention_reason="2018 기록관리기준표 처리과공통(복무관리 3년)",
        is_common=True,
        actor=admin,
    )

    change = ClassificationChange.objects.get(unit_task=task)
    assert change.kind == ClassificationChange.Kind.CREATE
    assert change.before == {}
    assert change.after["function"] == "A-01-01"
    assert change.after["department"] == DEPARTMENT_CODE
    assert change.after["retention_period"] == "3"
    assert change.changed_by == admin
    assert ClassificationChange.objects.filter(function__in=[top, mid, leaf], kind="create").count() == 3
    assert AuditEvent.objects.filter(action="unit_task.create", target_id=str(task.pk)).count() == 1
    assert AuditEvent.objects.filter(action="function.create").count() == 3


def test_a_node_sits_one_level_below_its_parent(people):
    admin = people[0]
    top = function_create(code="B", name="사업", level=1, actor=admin)
    mid = function_create(code="B-1", name="사업기획", level=2, parent=top, actor=admin)

    with pytest.raises(ValidationError) as exc:
        function_create(code="B-1-1", name="소", level=3, parent=top, actor=admin)
    assert _errors(exc) == {"parent": ["소기능의 상위 기능은 중기능이어야 합니다."]}
    with pytest.raises(ValidationError) as exc:
        function_create(code="C", name="대", level=1, parent=mid, actor=admin)
    assert _errors(exc) == {"parent": ["대기능에는 상위 기능을 둘 수 없습니다."]}
    with pytest.raises(ValidationError) as exc:
        function_create(code="B-2", name="중", level=2, actor=admin)
    assert _errors(exc) == {"parent": ["중기능의 상위 기능(대기능)을 지정하세요."]}
    with pytest.raises(ValidationError) as exc:
        function_create(code="B", name="", level=1, actor=admin)
    assert _errors(exc) == {"code": ["이미 사용 중인 기능코드입니다: B"], "name": ["기능명을 입력하세요."]}
    with pytest.raises(ValidationError) as exc:
        function_move(function=mid, parent=mid, actor=admin)
    assert _errors(exc) == {"parent": ["중기능의 상위 기능은 대기능이어야 합니다."]}


def test_a_unit_task_needs_a_level_three_function_and_its_records_schedule(people, dept):
    admin, staff, _peer = people
    leaf = function_path(department=dept)
    with pytest.raises(ValidationError) as exc:
        unit_task_create(
            code="bad code!",
            name="",
            function=leaf.parent,
            department=dept,
            retention_period="20",
            retention_reason=" ",
            disclosure=Disclosure.PRIVATE,
            owner=staff,
            deputy=staff,
            actor=admin,
        )
    assert _errors(exc) == {
        "code": ["코드는 영문·숫자·하이픈·밑줄 30자 이내여야 합니다."],
        "name": ["단위과제명을 입력하세요."],
        "function": ["단위과제는 소기능 아래에만 둘 수 있습니다(지정한 기능은 중기능)."],
        "retention_period": ["보존기간은 영구, 준영구, 30년, 10년, 5년, 3년, 1년 중 하나여야 합니다."],
        "retention_reason": ["보존기간 책정 사유를 적으세요."],
        "disclosure_ground": ["부분공개·비공개는 근거(정보공개법 제9조제1항 호수)를 적어야 합니다. 예: 5"],
        "deputy": ["담당자와 부담당자는 같은 사람일 수 없습니다."],
    }
    with pytest.raises(ValidationError) as exc:
        unit_task(department=dept, function=leaf, disclosure=Disclosure.PUBLIC, disclosure_ground="5")
    assert _errors(exc) == {"disclosure_ground": ["공개 과제에는 비공개 근거를 적지 않습니다."]}
    with pytest.raises(ValidationError) as exc:
        unit_task(department=dept, function=leaf, disclosure=Disclosure.PARTIAL, disclosure_ground="9")
    assert "disclosure_ground" in _errors(exc)

    task = unit_task(department=dept, function=leaf, disclosure=Disclosure.PARTIAL, disclosure_ground="5,6")
    assert task.disclosure_label == "부분공개(5,6)"
    assert UnitTask.objects.filter(function=leaf).count() == 1


def test_only_admins_change_the_classification(people, dept):
    _admin, staff, _peer = people
    with pytest.raises(PermissionDenied):
        function_create(code="X", name="대기능", level=1, actor=staff)
    task = unit_task(department=dept)
    with pytest.raises(PermissionDenied):
        unit_task_update(unit_task=task, name="바꾼 이름", actor=staff)
    with pytest.raises(PermissionDenied):
        unit_task_retire(unit_task=task, actor=staff)
    assert UnitTask.objects.get(pk=task.pk).name == task.name


# --- renames, moves, retirement: history is kept -----------------------------------------------


def test_rename_and_move_record_before_and_after(people, dept):
    admin = people[0]
    other_dept = DepartmentFactory(name="사업부", code="D200")
    leaf = function_path(department=dept, prefix="R")
    new_leaf = function_path(department=other_dept, prefix="S")
    task = unit_task(department=dept, function=leaf, code="R-T1", name="옛 이름")

    unit_task_update(unit_task=task, name="새 이름", retention_period="10", actor=admin)
    unit_task_move(unit_task=task, function=new_leaf, department=other_dept, actor=admin)
    unit_task_update(unit_task=task, name="새 이름", actor=admin)  # nothing changes: nothing recorded

    changes = list(ClassificationChange.objects.filter(unit_task=task).order_by("id"))
    assert [c.kind for c in changes] == ["create", "update", "move"]
    assert (changes[1].before, changes[1].after) == (
        {"name": "옛 이름", "retention_period": "5"},
        {"name": "새 이름", "retention_period": "10"},
    )
    assert (changes[2].before, changes[2].after) == (
        {"function": "R-1-1", "department": DEPARTMENT_CODE},
        {"function": "S-1-1", "department": "D200"},
    )
    task.refresh_from_db()
    assert (task.function, task.department, task.name) == (new_leaf, other_dept, "새 이름")
    assert AuditEvent.objects.filter(action="unit_task.move", target_id=str(task.pk)).count() == 1

    # A 중기능 moved to another 대기능 takes its 소기능 and unit tasks along.
    middle = new_leaf.parent
    function_move(function=middle, parent=leaf.parent.parent, actor=admin)
    move = ClassificationChange.objects.get(function=middle, kind="move")
    assert (move.before, move.after) == ({"parent": "S"}, {"parent": "R"})
    task.refresh_from_db()
    assert task.function.parent.parent.code == "R"

    function_update(function=leaf, name="소기능 새 이름", actor=admin)
    rename = ClassificationChange.objects.get(function=leaf, kind="update")
    assert rename.after == {"name": "소기능 새 이름"}


def test_retiring_keeps_everything_and_refuses_nodes_still_in_use(people, dept):
    admin = people[0]
    leaf = function_path(department=dept)
    task = unit_task(department=dept, function=leaf)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as exc:
        function_retire(function=leaf, actor=admin)
    assert "아래에 사용 중인" in _errors(exc)["is_active"][0]

    unit_task_retire(unit_task=task, actor=admin)
    function_retire(function=leaf, actor=admin)
    task.refresh_from_db()
    leaf.refresh_from_db()
    assert (task.is_active, task.retired_on, leaf.is_active, leaf.retired_on) == (False, today, False, today)
    retire = ClassificationChange.objects.get(unit_task=task, kind="retire")
    assert (retire.before, retire.after) == (
        {"is_active": True, "retired_on": None},
        {"is_active": False, "retired_on": today.isoformat()},
    )
    with pytest.raises(ValidationError):
        unit_task(department=dept, function=leaf)  # nothing new under a retired 소기능
    with pytest.raises(ValidationError) as exc:
        unit_task_reactivate(unit_task=task, actor=admin)
    assert _errors(exc) == {"function": ["소기능이 폐지되어 있습니다. 사용 중인 소기능으로 먼저 옮기세요."]}

    function_reactivate(function=leaf, actor=admin)
    unit_task_reactivate(unit_task=task, actor=admin)
    task.refresh_from_db()
    assert (task.is_active, task.retired_on) == (True, None)
    kinds = list(ClassificationChange.objects.filter(unit_task=task).order_by("id").values_list("kind", flat=True))
    assert kinds == ["create", "retire", "reactivate"]


def test_reorganisation_keeps_every_reference(people, dept):
    """Retire and move a unit task that a memo report, a directive, a meeting and a related
    document point to: all still point to it, the history says where it was, nothing is deleted,
    and deleting it is refused by the database's PROTECT."""
    admin, staff, _peer = people
    new_dept = DepartmentFactory(name="혁신부", code="D300")
    leaf = function_path(department=dept, prefix="OLD")
    new_leaf = function_path(department=new_dept, prefix="NEW")
    task = unit_task(department=dept, function=leaf, code="OLD-T1", owner=staff)
    now = timezone.now()
    # The memo/directive/meeting rows are written by hand: their services belong to other areas,
    # and only the foreign key to the unit task matters here.
    memo = MemoReport.objects.create(
        title="보고", body="내용", author=staff, department=dept, unit_task=task, sent_at=now
    )
    directive = Directive.objects.create(
        title="지시", body="내용", issued_by=admin, issued_at=now, due_on=now.date(), department=dept, unit_task=task
    )
    meeting = Meeting.objects.create(
        title="회의", department=dept, organiser=staff, starts_at=now, ends_at=now + timedelta(hours=1), unit_task=task
    )
    document = related_document_link(
        unit_task=task,
        source="approval",
        source_id=77,
        title="기안문",
        reference="경영지원부-12",
        produced_on=now.date(),
    )
    counts = (UnitTask.objects.count(), FunctionClass.objects.count())

    unit_task_move(unit_task=task, function=new_leaf, department=new_dept, actor=admin)
    unit_task_retire(unit_task=task, actor=admin)
    unit_task_retire(unit_task=unit_task(department=dept, function=leaf), actor=admin)
    function_retire(function=leaf, actor=admin)

    for row in (memo, directive, meeting, document):
        row.refresh_from_db()
        assert row.unit_task_id == task.pk
    assert (UnitTask.objects.count(), FunctionClass.objects.count()) == (counts[0] + 1, counts[1])
    move = ClassificationChange.objects.get(unit_task=task, kind="move")
    assert move.before == {"function": "OLD-1-1", "department": DEPARTMENT_CODE}
    assert move.after == {"function": "NEW-1-1", "department": "D300"}
    with pytest.raises(ProtectedError):
        UnitTask.objects.get(pk=task.pk).delete()
    with pytest.raises(ProtectedError):
        FunctionClass.objects.get(pk=leaf.pk).delete()


# --- hand-over and participants --------------------------------------------------------------


def test_owner_hands_over_and_history_is_kept(people, dept):
    admin, staff, peer = people
    newcomer = UserFactory(name="신규직원", department=dept)
    task = unit_task(department=dept, owner=staff, deputy=peer)
    today = timezone.localdate()

    handover = unit_task_handover(
        unit_task=task, role="owner", to_user=newcomer, handed_over_on=today, note="진행 중 민원 2건", actor=staff
    )
    task.refresh_from_db()
    assert (task.owner, task.deputy) == (newcomer, peer)
    assert (handover.from_user, handover.to_user, handover.note, handover.recorded_by) == (
        staff,
        newcomer,
        "진행 중 민원 2건",
        staff,
    )
    assert AuditEvent.objects.filter(action="unit_task.handover", target_id=str(task.pk)).count() == 1

    # The former owner is no longer the owner: they may not hand over any more.
    with pytest.raises(PermissionDenied):
        unit_task_handover(unit_task=task, role="deputy", to_user=staff, handed_over_on=today, note="", actor=staff)
    # Deputy and owner are never one person; the future is not a hand-over date.
    with pytest.raises(ValidationError) as exc:
        unit_task_handover(unit_task=task, role="owner", to_user=peer, handed_over_on=today, actor=admin)
    assert _errors(exc) == {"to_user": ["한동료님은 이 과제의 부담당자입니다. 부담당자를 먼저 다른 사람으로 바꾸세요."]}
    with pytest.raises(ValidationError) as exc:
        unit_task_handover(
            unit_task=task, role="deputy", to_user=staff, handed_over_on=today + timedelta(days=1), actor=admin
        )
    assert _errors(exc) == {"handed_over_on": ["인계일은 오늘 이후일 수 없습니다."]}
    with pytest.raises(ValidationError) as exc:
        unit_task_handover(unit_task=task, role="owner", to_user=None, handed_over_on=today, actor=admin)
    assert _errors(exc) == {"to_user": ["담당자를 넘겨받을 후임자를 지정하세요."]}

    unit_task_handover(unit_task=task, role="deputy", to_user=None, handed_over_on=today, actor=admin)
    task.refresh_from_db()
    assert task.deputy is None
    assert UnitTaskHandover.objects.filter(unit_task=task).count() == 2


def test_head_of_the_tree_hands_over_a_stranger_may_not(people, dept):
    _admin, staff, peer = people
    team = DepartmentFactory(name="인사팀", code="D110", parent=dept)
    head = UserFactory(name="부서장", department=dept)
    department_set_head(department=dept, head=head)
    task = unit_task(department=team, owner=staff)
    stranger = UserFactory(name="타부서", department=DepartmentFactory(name="타부서", code="D900"))
    today = timezone.localdate()

    with pytest.raises(PermissionDenied):
        unit_task_handover(unit_task=task, role="owner", to_user=stranger, handed_over_on=today, actor=stranger)
    unit_task_handover(unit_task=task, role="owner", to_user=peer, handed_over_on=today, actor=head)
    task.refresh_from_db()
    assert task.owner == peer


def test_retired_people_cannot_take_over(people, dept):
    admin, staff, _peer = people
    leaver = UserFactory(name="퇴직자", department=dept, employment_status=EmploymentStatus.RETIRED)
    task = unit_task(department=dept, owner=staff)
    with pytest.raises(ValidationError) as exc:
        unit_task_handover(
            unit_task=task, role="owner", to_user=leaver, handed_over_on=timezone.localdate(), actor=admin
        )
    assert _errors(exc) == {"to_user": ["후임자는 재직 중인 직원이어야 합니다: 퇴직자"]}


def test_participants_are_granted_and_revoked_per_object(people, dept):
    admin, staff, peer = people
    colleague = UserFactory(name="협업자", department=DepartmentFactory(name="협업부", code="D500"))
    task = unit_task(department=dept, owner=staff)
    other = unit_task(department=dept, owner=staff)

    assert not rights_for(colleague, task).can_view
    unit_task_grant(unit_task=task, user=colleague, actor=staff)
    assert is_participant(colleague, task)
    assert colleague.has_perm("tasks.change_unittask", task)  # guardian's object permission
    assert not colleague.has_perm("tasks.change_unittask", other)
    rights = rights_for(colleague, task)
    assert (rights.can_view, rights.can_edit, rights.can_manage) == (True, True, False)

    with pytest.raises(ValidationError) as exc:
        unit_task_grant(unit_task=task, user=colleague, actor=staff)
    assert _errors(exc) == {"user": ["협업자님은 이미 참여자입니다."]}
    with pytest.raises(ValidationError):
        unit_task_grant(unit_task=task, user=staff, actor=admin)
    with pytest.raises(PermissionDenied):
        unit_task_grant(unit_task=task, user=peer, actor=colleague)  # participants do not grant

    unit_task_revoke(unit_task=task, user=colleague, actor=admin)
    assert not is_participant(colleague, task)
    assert not rights_for(colleague, task).can_view
    actions = list(
        AuditEvent.objects.filter(target_id=str(task.pk), action__startswith="unit_task.").values_list(
            "action", flat=True
        )
    )
    assert "unit_task.grant" in actions
    assert "unit_task.revoke" in actions


def test_roles_see_and_edit_as_the_rules_say(people, dept):
    admin, staff, peer = people
    auditor = UserFactory(
        name="감사", department=DepartmentFactory(name="감사실", code="D700"), roles=[roles.STAFF, roles.AUDITOR]
    )
    stranger = UserFactory(name="남", department=DepartmentFactory(name="남부서", code="D800"))
    task = unit_task(department=dept, owner=staff)

    def r(user):
        rights = rights_for(user, task)
        return rights.can_view, rights.can_edit, rights.can_manage

    assert r(staff) == (True, True, True)  # owner
    assert r(peer) == (True, False, False)  # same department, not on the task
    assert r(admin) == (True, True, True)
    assert r(auditor) == (True, False, False)
    assert r(stranger) == (False, False, False)
