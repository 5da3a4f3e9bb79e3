"""Who hears of what in e-approval (알림, in the app and by e-mail): called by approval.services
inside the deciding transaction, so a refused or rolled-back action notifies nobody. The actor
never hears of their own action (notifications.services.notify)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval import turn
from approval.models import ApprovalStep, Document, StepKind, StepState
from notifications.services import notify


def _url(document: Document) -> str:
    return reverse("approval:detail", args=[document.pk])


# 결재 요청 says what the step asks (검토, 협조, 결재); approval.demo.history writes the same titles.
ARRIVED_TITLES = {
    StepKind.REVIEW: gettext_lazy("검토할 문서가 도착했습니다: %(title)s"),
    StepKind.CONCURRENCE: gettext_lazy("협조할 문서가 도착했습니다: %(title)s"),
    StepKind.APPROVAL: gettext_lazy("결재할 문서가 도착했습니다: %(title)s"),
}


def notify_turn(document: Document, actor, at: datetime) -> None:
    """결재 요청: the steps that became pending at `at` — their approvers, and for one who is away
    the stand-in approval.turn names (대결) — told what the step asks of them (검토, 협조, 결재)."""
    by_kind: dict[str, list[ApprovalStep]] = {}
    for step in _waiting_steps(document, at, arrived_now=True):
        by_kind.setdefault(step.kind, []).append(step)
    for kind, steps in by_kind.items():
        notify(
            recipients=turn.waiting_people(document, at, steps),
            category="approval_waiting",
            title=ARRIVED_TITLES[kind] % {"title": document.title},
            body=_("기안자 %(name)s · %(department)s")
            % {"name": document.drafter.name, "department": document.department.name},
            url=_url(document),
            actor=actor,
            now=at,
        )


def notify_returned_step(document: Document, actor, reason: str, at: datetime) -> None:
    """전단계 반려: the previous group's approvers (or their proxies) decide again, told why."""
    notify(
        recipients=waiting_people(document, at, arrived_now=True),
        category="approval_returned",
        title=_("전단계 반려로 다시 결재할 문서입니다: %(title)s") % {"title": document.title},
        body=_("반려 사유: %(reason)s") % {"reason": reason},
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_returned(document: Document, actor, reason: str, at: datetime) -> None:
    notify(
        recipients=[document.drafter],
        category="approval_returned",
        title=_("문서가 반려되었습니다: %(title)s") % {"title": document.title},
        body=_("반려 사유: %(reason)s") % {"reason": reason},
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_held(document: Document, actor, reason: str, at: datetime) -> None:
    notify(
        recipients=[document.drafter],
        category="approval_held",
        title=_("문서가 보류되었습니다: %(title)s") % {"title": document.title},
        body=reason,
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_resumed(document: Document, actor, at: datetime) -> None:
    notify(
        recipients=[document.drafter],
        category="approval_resumed",
        title=_("보류가 해제되었습니다: %(title)s") % {"title": document.title},
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_withdrawn(document: Document, actor, approvers, reason: str, at: datetime) -> None:
    """회수: the people who had it in their 결재대기함 (and their proxies) learn it is gone."""
    notify(
        recipients=approvers,
        category="approval_withdrawn",
        title=_("기안자가 문서를 회수했습니다: %(title)s") % {"title": document.title},
        body=reason,
        url=_url(document),
        actor=actor,
        now=at,
    )


def _waiting_steps(document: Document, at: datetime, *, arrived_now: bool = False) -> list[ApprovalStep]:
    """The pending steps at `at`; with arrived_now, only those that became pending at `at`."""
    steps = ApprovalStep.objects.filter(document=document, state=StepState.PENDING)
    if arrived_now:
        steps = steps.filter(activated_at=at)
    return list(steps.order_by("order"))


def waiting_people(document: Document, at: datetime, *, arrived_now: bool = False) -> list:
    """Whoever has the document in their queue at `at`: the pending steps' approvers and, for one
    who is away, the stand-in approval.turn names (대결). With arrived_now, only the steps that
    became pending at `at`."""
    return turn.waiting_people(document, at, _waiting_steps(document, at, arrived_now=arrived_now))


def notify_completed(document: Document, actor, at: datetime) -> None:
    """결재 완료: the drafter and those in 참조."""
    people = [document.drafter, *(cc.user for cc in document.carbon_copies.select_related("user"))]
    notify(
        recipients=people,
        category="approval_completed",
        title=_("결재가 완료되었습니다: %(title)s") % {"title": document.title},
        body=_("문서번호 %(number)s") % {"number": document.registration_display},
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_post_approval(document: Document, step: ApprovalStep, actor, at: datetime) -> None:
    """후결 요청: the approver whose step a proxy decided, to confirm when back."""
    notify(
        recipients=[step.proxy_for],
        category="approval_post",
        title=_("대결된 문서의 후결이 필요합니다: %(title)s") % {"title": document.title},
        body=_("%(name)s 님이 대결하였습니다.") % {"name": actor.name},
        url=_url(document),
        actor=actor,
        now=at,
    )


def notify_circulated(document: Document, actor, users, at: datetime) -> None:
    notify(
        recipients=users,
        category="circulation",
        title=_("공람 문서가 있습니다: %(title)s") % {"title": document.title},
        body=_("문서번호 %(number)s") % {"number": document.registration_display},
        url=_url(document),
        actor=actor,
        now=at,
    )
