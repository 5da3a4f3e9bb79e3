"""서명 링크 (issue 15 item 5, outside members): the 간사 makes a one-time link, valid 7 days, for a
기록물평가심의회 member; the member opens it without an account and signs 동의/부동의 with reasons
per file. Only the token's hash is kept, a newer link revokes the older, a used or expired link
signs nothing, and the signature says it was the member's own (no 간사), audited with their name
and address. Dates: the review goes to the 심의회 on 2026-03-05 10:00 (NOW); a link made then
expires on 2026-03-12 10:00."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approval.models import Document
from approval.services import document_approve
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from records.committee_links import committee_invite, committee_sign_by_link, token_hash
from records.disposal import Proposal, Vote, disposal_create, disposal_opinion, disposal_sign, disposal_submit
from records.models import CommitteeInvitation, CommitteeSignature, DisposalStatus
from tests.records.test_disposal import COMMITTEE, NOW, archivist, old_files, records_task  # noqa: F401 - fixtures
from tests.support import login

pytestmark = pytest.mark.django_db

OUTSIDE = 2  # 박교수 / 한국기록대학교 / 외부
SIGN_PAGE_QUERIES = 5  # the member's signing page, whatever the number of files


@pytest.fixture
def before_committee(org, archivist, records_task, old_files):  # noqa: F811 - fixtures
    five, _ten, _one = old_files
    disposal = disposal_create(actor=archivist, files=[five], now=NOW)
    item = disposal.items.get()
    disposal_opinion(actor=org.drafter, item=item, opinion="dispose", reason="", now=NOW)
    return disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={item.pk: Proposal("dispose")},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )


def test_the_outside_member_signs_once_through_their_own_link(org, archivist, before_committee):  # noqa: F811
    disposal = before_committee
    item = disposal.items.get()
    with pytest.raises(PermissionDenied):
        committee_invite(actor=org.drafter, disposal=disposal, member=OUTSIDE, now=NOW)
    with pytest.raises(ValidationError, match="위원을 고르세요"):
        committee_invite(actor=archivist, disposal=disposal, member=3, now=NOW)

    first, old_token = committee_invite(actor=archivist, disposal=disposal, member=OUTSIDE, now=NOW)
    invitation, token = committee_invite(actor=archivist, disposal=disposal, member=OUTSIDE, now=NOW)
    assert (invitation.member_name, invitation.expires_at) == ("박교수", NOW + timedelta(days=7))
    assert invitation.token_sha256 == token_hash(token) != token  # only the hash is kept
    assert not CommitteeInvitation.objects.filter(token_sha256=token).exists()
    first.refresh_from_db()
    assert first.revoked_at == NOW
    with pytest.raises(ValidationError, match="새 링크가 발급되어"):
        committee_sign_by_link(token=old_token, votes={item.pk: Vote(True)}, now=NOW)
    with pytest.raises(ValidationError, match="올바르지 않습니다"):
        committee_sign_by_link(token="없는-링크", votes={item.pk: Vote(True)}, now=NOW)

    # A refusal signs nothing and leaves the link usable.
    with pytest.raises(ValidationError, match="동의 또는 부동의를 고르세요"):
        committee_sign_by_link(token=token, votes={}, now=NOW)
    with pytest.raises(ValidationError, match="부동의에는 의견"):
        committee_sign_by_link(token=token, votes={item.pk: Vote(False, " ")}, now=NOW)
    assert not CommitteeSignature.objects.exists()

    later = NOW + timedelta(hours=3)
    [signature] = committee_sign_by_link(
        token=token, votes={item.pk: Vote(False, "지역사 연구 가치")}, ip_address="203.0.113.7", now=later
    )
    assert (signature.member, signature.member_name, signature.agrees) == (OUTSIDE, "박교수", False)
    assert (signature.recorded_by, signature.invitation, signature.signed_on) == (None, invitation, date(2026, 3, 5))
    invitation.refresh_from_db()
    assert (invitation.used_at, invitation.used_ip) == (later, "203.0.113.7")
    event = AuditEvent.objects.filter(action="record_disposal.sign").latest("id")
    assert (event.actor_id, event.actor_label, event.ip_address) == (
        None,
        "박교수(심의회 위원, 서명 링크)",
        "203.0.113.7",
    )
    assert event.data["via"] == "서명 링크"
    assert event.data["votes"] == {item.record_file.number: "부동의: 지역사 연구 가치"}
    with pytest.raises(ValidationError, match="이미 서명한 링크"):
        committee_sign_by_link(token=token, votes={item.pk: Vote(True)}, now=later)

    # A link opened after its 7 days signs nothing.
    _inv, late_token = committee_invite(actor=archivist, disposal=disposal, member=0, now=NOW)
    with pytest.raises(ValidationError, match="서명 기한이 지난"):
        committee_sign_by_link(token=late_token, votes={item.pk: Vote(True)}, now=NOW + timedelta(days=7))

    # The inside members' paper 심의서, recorded by the 간사; the outside member's dissent keeps the file.
    for member in (0, 1):
        disposal_sign(
            actor=archivist,
            disposal=disposal,
            member=member,
            votes={item.pk: Vote(True)},
            signed_on=NOW.date(),
            now=NOW,
        )
    document_approve(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo, now=later)
    disposal.refresh_from_db()
    item.refresh_from_db()
    assert (disposal.status, item.decision) == (DisposalStatus.DECIDED, "hold")
    assert "박교수: 지역사 연구 가치" in item.decision_reason
    with pytest.raises(ValidationError, match="결정을 기다리는 평가에만"):
        committee_invite(actor=archivist, disposal=disposal, member=OUTSIDE, now=later)
    assert audit_verify_chain().ok


def test_the_pages_make_the_link_and_the_member_signs_without_an_account(
    org,
    archivist,  # noqa: F811 - the fixture imported above
    before_committee,
    alpha,
    client_for,
):
    disposal = before_committee
    item = disposal.items.get()
    staff = client_for(alpha)
    login(staff, archivist.username)
    page = staff.post(
        f"/records/disposals/{disposal.pk}/", {"action": "invite", "member": str(OUTSIDE + 1)}, follow=True
    ).content.decode()
    assert "박교수 위원의 서명 링크입니다(7일 동안 한 번 쓸 수 있고, 다시 보여 주지 않습니다)" in page
    path = re.search(r"/records/committee/sign/([\w-]+)/", page).group(0)
    assert "보낸 서명 링크:" in page

    member = client_for(alpha)  # no account, no session
    with CaptureQueriesContext(connection) as queries:
        form = member.get(path)
    assert len(queries) == SIGN_PAGE_QUERIES, [q["sql"][:100] for q in queries]
    assert form.status_code == 200
    html = form.content.decode()
    assert "박교수(한국기록대학교) 위원님" in html
    assert item.record_file.number in html
    refused = member.post(path, {f"vote_{item.pk}": "disagree", f"dissent_{item.pk}": ""})
    assert refused.status_code == 422
    assert "부동의에는 의견(사유)을 적어야 합니다" in refused.content.decode()
    kept = member.post(path, {f"vote_{item.pk}": "disagree", f"dissent_{item.pk}": "가" * 501})
    assert kept.status_code == 422
    assert 'value="' + "가" * 501 + '"' in kept.content.decode()  # what was typed stays
    done = member.post(path, {f"vote_{item.pk}": "agree", f"dissent_{item.pk}": ""})
    assert done.status_code == 200
    assert "박교수 위원님의 서명을" in done.content.decode()
    signature = CommitteeSignature.objects.get(member=OUTSIDE)
    assert (signature.agrees, signature.recorded_by, signature.signed_on) == (True, None, timezone.localdate())
    again = member.get(path)
    assert again.status_code == 410
    assert "이미 서명한 링크입니다" in again.content.decode()
    assert member.get("/records/committee/sign/1/").status_code == 410

    detail = staff.get(f"/records/disposals/{disposal.pk}/").content.decode()
    assert "위원 본인 서명(서명 링크)" in detail
