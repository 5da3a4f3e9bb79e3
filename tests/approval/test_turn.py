"""The one "whose turn is it" rule (approval.turn.whose_turn), as a pure function: no database,
just steps, who is away with which proxy, the heads up each approver's chain, and the document's
drafter and requester. People are plain ids here:

    1 drafter · 2 team head (approver) · 3 department head · 4 division head · 5 colleague
    6 requester (a subject's applicant) · 7 another approver (parallel 협조)
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from approval.models import ApprovalStep, StepState
from approval.turn import (
    DECIDED,
    HELD,
    NOT_YOUR_TURN,
    SELF_DECISION,
    STALE,
    Head,
    Presence,
    StandIn,
    deciders,
    stand_in,
    whose_turn,
)

DRAFTER, LEAD, MANAGER, DIRECTOR, COLLEAGUE, REQUESTER, OTHER = 1, 2, 3, 4, 5, 6, 7
AT = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
CHAIN = (Head(LEAD, True), Head(MANAGER, True), Head(DIRECTOR, True))  # the lead's department upwards


def step(pk: int, approver: int, *, order: int | None = None, state=StepState.PENDING, acted_by=None) -> ApprovalStep:
    return ApprovalStep(pk=pk, order=order or pk, approver_id=approver, state=state, acted_by_id=acted_by)


def presence(away: dict[int, int] | None = None, chain=CHAIN) -> Presence:
    return Presence(at=AT, away=away or {}, heads_above={LEAD: chain, OTHER: ()})


def turn(actor: int, steps, facts: Presence, **kw):
    return whose_turn(steps=steps, actor_id=actor, presence=facts, drafter_id=DRAFTER, **kw)


def test_the_approver_decides_their_own_step_present_or_absent():
    line = [step(10, LEAD)]
    assert turn(LEAD, line, presence()).step is line[0]
    decided = turn(LEAD, line, presence({LEAD: COLLEAGUE}))
    assert (decided.step, decided.stand_in, decided.absent) == (line[0], None, None)


def test_the_designated_proxy_decides_while_the_approver_is_away():
    line = [step(10, LEAD)]
    decided = turn(COLLEAGUE, line, presence({LEAD: COLLEAGUE}))
    assert (decided.step, decided.stand_in, decided.forces_post_approval) == (line[0], StandIn(COLLEAGUE), False)
    assert turn(COLLEAGUE, line, presence()).reason == NOT_YOUR_TURN  # the approver is back


def test_the_drafter_never_decides_not_even_as_the_designated_proxy():
    line = [step(10, LEAD)]
    refused = turn(DRAFTER, line, presence({LEAD: DRAFTER}))
    assert (refused.step, refused.reason) == (None, SELF_DECISION)
    assert refused.message == "본인이 기안하거나 신청한 문서는 결재할 수 없습니다(대결 포함)."


def test_when_the_proxy_is_the_drafter_the_next_head_up_stands_in_with_post_approval():
    line = [step(10, LEAD)]
    facts = presence({LEAD: DRAFTER})
    decided = turn(MANAGER, line, facts)
    assert (decided.step, decided.stand_in) == (line[0], StandIn(MANAGER, fallback=True))
    assert decided.forces_post_approval
    assert turn(DIRECTOR, line, facts).reason == NOT_YOUR_TURN  # only the first eligible head
    assert deciders(line[0], facts, drafter_id=DRAFTER) == [(LEAD, None), (MANAGER, StandIn(MANAGER, True))]


def test_the_requester_is_barred_like_the_drafter():
    line = [step(10, LEAD)]
    facts = presence({LEAD: REQUESTER})
    assert turn(REQUESTER, line, facts, requester_id=REQUESTER).reason == SELF_DECISION
    assert turn(MANAGER, line, facts, requester_id=REQUESTER).stand_in == StandIn(MANAGER, fallback=True)
    # Without a requester on the document, the same proxy is an ordinary one.
    assert turn(REQUESTER, line, facts).stand_in == StandIn(REQUESTER)


def test_the_fallback_skips_heads_who_are_away_retired_or_interested():
    facts = presence({LEAD: DRAFTER, MANAGER: COLLEAGUE})
    assert stand_in(LEAD, facts, drafter_id=DRAFTER) == StandIn(DIRECTOR, fallback=True)  # the manager is away
    retired = presence({LEAD: DRAFTER}, chain=(Head(LEAD, True), Head(MANAGER, False), Head(DIRECTOR, True)))
    assert stand_in(LEAD, retired, drafter_id=DRAFTER) == StandIn(DIRECTOR, fallback=True)
    requesting = presence({LEAD: DRAFTER})
    assert stand_in(LEAD, requesting, drafter_id=DRAFTER, requester_id=MANAGER) == StandIn(DIRECTOR, fallback=True)
    heading_themselves = presence({LEAD: DRAFTER}, chain=(Head(DRAFTER, True), Head(DIRECTOR, True)))
    assert stand_in(LEAD, heading_themselves, drafter_id=DRAFTER) == StandIn(DIRECTOR, fallback=True)


def test_nobody_eligible_leaves_the_step_to_the_approver():
    line = [step(10, LEAD)]
    facts = presence({LEAD: DRAFTER, MANAGER: COLLEAGUE, DIRECTOR: COLLEAGUE})
    assert stand_in(LEAD, facts, drafter_id=DRAFTER) is None
    assert deciders(line[0], facts, drafter_id=DRAFTER) == [(LEAD, None)]
    for person in (MANAGER, DIRECTOR, COLLEAGUE):
        assert turn(person, line, facts).reason == NOT_YOUR_TURN
    assert turn(LEAD, line, facts).step is line[0]


def test_own_step_first_then_line_order_among_parallel_steps():
    line = [step(10, OTHER, order=1), step(11, LEAD, order=2), step(12, COLLEAGUE, order=3)]
    facts = Presence(at=AT, away={OTHER: COLLEAGUE, LEAD: COLLEAGUE})
    decided = turn(COLLEAGUE, line, facts)
    assert (decided.step.pk, decided.stand_in) == (12, None)
    line[2].state = StepState.DONE
    assert turn(COLLEAGUE, line, facts).step.pk == 10  # then the first step they stand in for


def test_a_step_shown_on_a_stale_page_is_not_swapped_for_another():
    line = [step(10, LEAD), step(11, MANAGER, state=StepState.WAITING)]
    assert turn(LEAD, line, presence(), shown_step_id=11).reason == STALE
    assert turn(LEAD, line, presence(), shown_step_id=10).step is line[0]


def test_decided_already_is_told_apart_from_not_your_turn():
    line = [step(10, LEAD, state=StepState.DONE, acted_by=COLLEAGUE), step(11, MANAGER)]
    assert turn(LEAD, line, presence()).reason == DECIDED
    assert turn(COLLEAGUE, line, presence()).reason == DECIDED
    assert turn(DIRECTOR, line, presence()).reason == NOT_YOUR_TURN


def test_a_held_document_moves_on_only_through_the_held_step():
    line = [step(10, OTHER, order=1), step(11, LEAD, order=1)]
    assert turn(LEAD, line, presence(), held_step_id=10).reason == HELD
    assert turn(OTHER, line, presence(), held_step_id=10).step is line[0]
