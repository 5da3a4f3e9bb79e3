"""An organisation to approve in, and documents built through the services. Call inside an
institution's schema (in_alpha).

`org_chart()` builds one tree with the positions a Korean institution has:

    알파개발공사 (A000, 기관장 ceo)
    └ 경영본부 (A100, 본부장 director)
      ├ 총무부 (A110, 부서장 manager)
      │ └ 총무팀 (A111, 팀장 lead; 팀원 drafter, colleague)
      └ 재무부 (A120, 부서장 finance_head; 팀원 accountant)

and the general kind's delegation table (위임전결):

    amount < 1,000,000            → 팀장
    1,000,000 ≤ amount < 10,000,000 → 부서장
    amount ≥ 10,000,000           → 본부장, 대결 needs 후결
    no amount (any)               → 부서장
    중요 (any amount)              → 본부장, 대결 needs 후결
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from approval.lines import ApprovalLine, LineStep
from approval.models import GENERAL_KIND, ApprovalStep, DelegationRule, Document, Importance, StepKind
from approval.services import document_draft, document_submit
from approval.turn import StandIn, department_chains, presence_at, stand_in
from org.models import Department, Position, User
from org.services import department_set_head
from tasks.models import UnitTask
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import unit_task

POSITIONS = {"기관장": 10, "본부장": 20, "부서장": 30, "팀장": 40, "팀원": 50}


@dataclass
class Org:
    ceo: User
    director: User
    manager: User
    lead: User
    drafter: User
    colleague: User
    finance_head: User
    accountant: User
    root: Department
    division: Department
    general_affairs: Department
    team: Department
    finance: Department
    task: UnitTask
    positions: dict[str, Position]


def _person(username: str, name: str, department: Department, position: Position) -> User:
    return UserFactory(username=username, name=name, department=department, position=position)


def org_chart(prefix: str = "A") -> Org:
    positions = {
        name: Position.objects.get_or_create(name=name, defaults={"rank": rank})[0] for name, rank in POSITIONS.items()
    }
    root = DepartmentFactory(name="알파개발공사", code=f"{prefix}000")
    division = DepartmentFactory(name="경영본부", code=f"{prefix}100", parent=root)
    general_affairs = DepartmentFactory(name="총무부", code=f"{prefix}110", parent=division)
    team = DepartmentFactory(name="총무팀", code=f"{prefix}111", parent=general_affairs)
    finance = DepartmentFactory(name="재무부", code=f"{prefix}120", parent=division)
    people = {
        "ceo": _person(f"{prefix.lower()}ceo", "조사장", root, positions["기관장"]),
        "director": _person(f"{prefix.lower()}director", "권본부", division, positions["본부장"]),
        "manager": _person(f"{prefix.lower()}manager", "남부장", general_affairs, positions["부서장"]),
        "lead": _person(f"{prefix.lower()}lead", "도팀장", team, positions["팀장"]),
        "drafter": _person(f"{prefix.lower()}drafter", "문기안", team, positions["팀원"]),
        "colleague": _person(f"{prefix.lower()}colleague", "변동료", team, positions["팀원"]),
        "finance_head": _person(f"{prefix.lower()}finhead", "석재무", finance, positions["부서장"]),
        "accountant": _person(f"{prefix.lower()}accountant", "탁회계", finance, positions["팀원"]),
    }
    for department, head in [
        (root, people["ceo"]),
        (division, people["director"]),
        (general_affairs, people["manager"]),
        (team, people["lead"]),
        (finance, people["finance_head"]),
    ]:
        department_set_head(department=department, head=head)
        department.refresh_from_db()
    task = unit_task(department=team, owner=people["drafter"], name="일반서무", retention_period="5")
    delegation_table(positions)
    return Org(
        **people,
        root=root,
        division=division,
        general_affairs=general_affairs,
        team=team,
        finance=finance,
        task=task,
        positions=positions,
    )


def delegation_table(positions: dict[str, Position], kind: str = GENERAL_KIND) -> list[DelegationRule]:
    rows = [
        ("100만원 미만", None, 1_000_000, "", "팀장", False),
        ("100만원 이상 1천만원 미만", 1_000_000, 10_000_000, "", "부서장", False),
        ("1천만원 이상", 10_000_000, None, "", "본부장", True),
        ("일반 사항", None, None, "", "부서장", False),
        ("중요 사항", None, None, Importance.IMPORTANT, "본부장", True),
    ]
    return [
        DelegationRule.objects.create(
            kind=kind,
            label=label,
            min_amount=low,
            max_amount=high,
            importance=importance,
            deciding_position=positions[position],
            post_approval_required=post,
        )
        for label, low, high, importance, position, post in rows
    ]


def line(*steps: tuple[str, User] | tuple[str, User, bool], cc: tuple[User, ...] = ()) -> ApprovalLine:
    """line(("review", lead), ("approval", manager)); a third item True makes a 협조 parallel."""
    return ApprovalLine(
        steps=tuple(LineStep(kind=s[0], approver=s[1], parallel=bool(s[2]) if len(s) > 2 else False) for s in steps),
        cc=cc,
    )


def standard_line(org: Org, **kw) -> ApprovalLine:
    """팀장 검토 → 부서장 결재 (전결), for a general document without an amount."""
    return line((StepKind.REVIEW, org.lead), (StepKind.APPROVAL, org.manager), **kw)


def submitted(
    org: Org,
    *,
    title: str = "2026년 사무용품 구매 계획",
    body: str = "<p>사무용품을 구매하고자 합니다.</p>",
    approval_line: ApprovalLine | None = None,
    now: datetime | None = None,
    drafter: User | None = None,
    **fields,
) -> Document:
    drafter = drafter or org.drafter
    unit_task = fields.pop("unit_task", org.task)
    document = document_draft(actor=drafter, title=title, body=body, unit_task=unit_task, **fields)
    return document_submit(document=document, actor=drafter, line=approval_line or standard_line(org), now=now)


def stand_in_when_decided(step: ApprovalStep) -> StandIn | None:
    """Who approval.turn named to decide the decided `step` in its absent approver's place at the
    moment it was decided (대결), or None if its approver was present then: for checking a
    history (a seeded one) against the rule. The step's document must be loaded with it."""
    presence = replace(presence_at(step.acted_at), heads_above=department_chains([step.approver_id]))
    document = step.document
    return stand_in(step.approver_id, presence, drafter_id=document.drafter_id, requester_id=document.requester_id)
