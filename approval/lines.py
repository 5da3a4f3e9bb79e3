"""Approval lines (결재선) before they are submitted: composing, suggesting, validating, saving.

`ApprovalLine` is the line as the drafter composes it: ordered `LineStep`s (검토, 협조 serial or
parallel with the previous 협조, and the final 결재 last) and the carbon copies (참조). It becomes
`ApprovalStep` rows on 상신 (approval.services.document_submit).

The final approver must be allowed to decide by the institution's delegation table
(`DelegationRule`): the rule for the document's kind, amount and importance names the lowest
position that may decide; anyone at that position or more senior may. Without a matching rule
the institution head decides. Deciding below the institution head is 전결.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approval.models import DelegationRule, Importance, SavedLine, StepKind
from org.models import Department, EmploymentStatus, User


@dataclass(frozen=True)
class LineStep:
    kind: str
    approver: User
    parallel: bool = False  # 협조 only: runs at the same time as the 협조 step before it


@dataclass(frozen=True)
class ApprovalLine:
    steps: tuple[LineStep, ...]
    cc: tuple[User, ...] = field(default=())

    @property
    def final_approver(self) -> User | None:
        return self.steps[-1].approver if self.steps else None

    def groups(self) -> list[int]:
        """The group number of each step: a parallel 협조 shares the group of the step before."""
        numbers: list[int] = []
        for index, step in enumerate(self.steps):
            if index and step.parallel:
                numbers.append(numbers[-1])
            else:
                numbers.append(numbers[-1] + 1 if numbers else 1)
        return numbers

    def to_json(self) -> dict:
        return {
            "steps": [{"kind": s.kind, "approver": s.approver.pk, "parallel": s.parallel} for s in self.steps],
            "cc": [user.pk for user in self.cc],
        }


def line_from_json(data: dict) -> ApprovalLine:
    """Rebuild a line saved as JSON (a draft's line, a saved line). People who no longer exist
    are dropped; validation then says what is missing."""
    raw_steps = data.get("steps") or []
    ids = {item["approver"] for item in raw_steps} | set(data.get("cc") or [])
    users = User.objects.select_related("position", "department").in_bulk(ids)
    steps = tuple(
        LineStep(kind=item["kind"], approver=users[item["approver"]], parallel=bool(item.get("parallel")))
        for item in raw_steps
        if item.get("approver") in users
    )
    cc = tuple(users[pk] for pk in data.get("cc") or [] if pk in users)
    return ApprovalLine(steps=steps, cc=cc)


def institution_head(department: Department) -> User | None:
    """기관장: the head of the root of this department's tree."""
    root_pk = int(department.path.split(".", 1)[0])
    root = department if root_pk == department.pk else Department.objects.select_related("head").get(pk=root_pk)
    return root.head


def delegation_rule_for(kind: str, amount: int | None, importance: str) -> DelegationRule | None:
    """The delegation-table row deciding this document, or None (then the institution head
    decides). The most specific row wins: one naming the importance over one for any importance,
    then a bounded amount band over an open one, then the band with the highest lower bound."""
    rules = [
        rule
        for rule in DelegationRule.objects.filter(kind=kind, is_active=True).select_related("deciding_position")
        if rule.matches(amount, importance)
    ]
    if not rules:
        return None
    rules.sort(
        key=lambda r: (
            r.importance == "",
            -((r.min_amount is not None) + (r.max_amount is not None)),
            -(r.min_amount or 0),
            r.pk,
        )
    )
    return rules[0]


def _chain(department: Department) -> list[Department]:
    """The department and its ancestors, nearest first, with heads and their positions."""
    pks = [int(part) for part in department.path.split(".") if part]
    rows = Department.objects.filter(pk__in=pks).select_related("head__position", "head__department").in_bulk()
    return [rows[pk] for pk in reversed(pks) if pk in rows]


def _may_decide(user: User, rule: DelegationRule | None, head: User | None) -> bool:
    if rule is None:
        return head is not None and user.pk == head.pk
    return user.position is not None and user.position.rank <= rule.deciding_position.rank


def approval_line_suggest(
    drafter: User,
    kind: str,
    amount: int | None = None,
    importance: str = Importance.NORMAL,
    *,
    requester: User | None = None,
) -> ApprovalLine:
    """The line a drafter starts from: the heads of their department chain (team head, department
    head, … up), each a 검토, until the first one the delegation table lets decide, who becomes
    the 결재. The drafter and the subject's requester are passed over (they may not decide it).
    If nobody on the way may decide, the last head found decides (validation will say why that is
    not enough)."""
    if drafter.department is None:
        return ApprovalLine(steps=())
    chain = _chain(drafter.department)
    rule = delegation_rule_for(kind, amount, importance)
    head_of_institution = chain[-1].head if chain else None
    barred = {drafter.pk, requester.pk if requester is not None else None}
    approvers: list[User] = []
    for department in chain:
        head = department.head
        if head is None or head.pk in barred or any(a.pk == head.pk for a in approvers):
            continue
        if not head.is_active or head.employment_status != EmploymentStatus.ACTIVE:
            continue
        approvers.append(head)
        if _may_decide(head, rule, head_of_institution):
            break
    steps = [LineStep(kind=StepKind.REVIEW, approver=user) for user in approvers[:-1]]
    if approvers:
        steps.append(LineStep(kind=StepKind.APPROVAL, approver=approvers[-1]))
    return ApprovalLine(steps=tuple(steps))


def approval_line_validate(
    *,
    drafter: User,
    kind: str,
    line: ApprovalLine,
    amount: int | None = None,
    importance: str = Importance.NORMAL,
    requester: User | None = None,
) -> DelegationRule | None:
    """Check a line before 상신; return the delegation rule it decides under (None: institution
    head). Raises ValidationError with Korean messages under the key "line".

    Nobody decides their own document: the drafter, and the subject's requester when the kind
    names one (approval.kinds), may not be on the line (approval.turn keeps them from standing in
    as proxy too)."""
    errors: list[str] = []
    steps = line.steps
    if not steps:
        raise ValidationError({"line": _("결재선을 지정하세요.")})
    if steps[-1].kind != StepKind.APPROVAL:
        errors.append(_("결재선의 마지막 단계는 결재(결재권자)여야 합니다."))
    if sum(1 for step in steps if step.kind == StepKind.APPROVAL) > 1:
        errors.append(_("결재(결재권자)는 한 명만 지정할 수 있습니다."))
    if any(step.kind not in StepKind.values for step in steps):
        errors.append(_("결재 단계의 구분이 올바르지 않습니다."))
    for index, step in enumerate(steps):
        if step.parallel and (
            step.kind != StepKind.CONCURRENCE or index == 0 or steps[index - 1].kind != StepKind.CONCURRENCE
        ):
            errors.append(_("동시 협조는 바로 앞 단계도 협조일 때만 지정할 수 있습니다."))
            break
    seen: set[int] = set()
    for step in steps:
        user = step.approver
        if user.pk == drafter.pk:
            errors.append(_("기안자는 결재선에 넣을 수 없습니다."))
        elif requester is not None and user.pk == requester.pk:
            errors.append(_("%(name)s 님은 이 건의 신청인이어서 결재선에 넣을 수 없습니다.") % {"name": user.name})
        elif user.pk in seen:
            errors.append(_("%(name)s 님이 결재선에 두 번 들어 있습니다.") % {"name": user.name})
        elif not user.is_active or user.employment_status != EmploymentStatus.ACTIVE:
            errors.append(_("%(name)s 님은 재직 중이 아니어서 결재할 수 없습니다.") % {"name": user.name})
        seen.add(user.pk)
    cc_ids = [user.pk for user in line.cc]
    if len(set(cc_ids)) != len(cc_ids) or set(cc_ids) & (seen | {drafter.pk}):
        errors.append(_("참조자는 기안자나 결재선에 있는 사람과 겹치지 않게 한 번씩만 지정하세요."))
    if errors:
        raise ValidationError({"line": errors})

    rule = delegation_rule_for(kind, amount, importance)
    final = steps[-1].approver
    head = institution_head(drafter.department) if drafter.department is not None else None
    if rule is None:
        if head is None or final.pk != head.pk:
            raise ValidationError({"line": _("위임전결 규정에 해당하는 항목이 없어 기관장이 결재해야 합니다.")})
    elif final.position is None:
        raise ValidationError({"line": _("직위가 없는 직원은 결재권자가 될 수 없습니다.")})
    elif final.position.rank > rule.deciding_position.rank:
        raise ValidationError(
            {
                "line": _("위임전결 규정(%(rule)s)에 따라 %(position)s 이상이 결재해야 합니다.")
                % {"rule": rule.label, "position": rule.deciding_position.name}
            }
        )
    return rule


def is_delegated(*, final_approver: User, department: Department) -> bool:
    """전결: the final decision is taken below the institution head."""
    head = institution_head(department)
    return head is None or head.pk != final_approver.pk


# --- 저장한 결재선 (personal saved lines) -----------------------------------------------------------


def saved_line_save(*, owner: User, name: str, line: ApprovalLine) -> SavedLine:
    """Save (or replace) one of the owner's lines under a name."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("결재선 이름을 입력하세요.")})
    if not line.steps:
        raise ValidationError({"line": _("결재선을 지정하세요.")})
    data = line.to_json()
    with transaction.atomic():
        saved, _created = SavedLine.objects.update_or_create(
            owner=owner, name=name[:100], defaults={"steps": data["steps"], "cc": data["cc"]}
        )
    return saved


def saved_line_load(*, owner: User, pk: int) -> ApprovalLine:
    saved = SavedLine.objects.filter(owner=owner, pk=pk).first()
    if saved is None:
        raise ValidationError({"saved_line": _("저장한 결재선을 찾을 수 없습니다.")})
    return line_from_json({"steps": saved.steps, "cc": saved.cc})


def saved_line_delete(*, owner: User, pk: int) -> None:
    SavedLine.objects.filter(owner=owner, pk=pk).delete()
