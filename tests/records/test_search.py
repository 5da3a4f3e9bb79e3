"""통합검색 (issue 15 item 9): one box over records, approval documents, memo reports, meeting
minutes and unit-task cards, grouped by kind; each kind shown exactly to those its own rule lets
open it (applied in the query), in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.search import search_everything
from tasks.services.memos import memo_send
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import card_for, unit_task
from tests.factories.tasks_meetings import make_meeting
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
WORD = "안전점검"


@pytest.fixture
def everything(org):
    """One object of each kind holding the word, all of 총무팀 (the drafter's team)."""
    from tasks.services.meetings import minutes_save

    document = completed(org, title=f"청사 {WORD} 결과 보고", now=MARCH_5)
    memo = memo_send(actor=org.drafter, kind="report", title=f"{WORD} 일정 보고", body="다음 주에 합니다.",
                     recipients=[org.lead])  # fmt: skip
    meeting = make_meeting(org.drafter, title="시설 회의", attendees=[org.drafter, org.lead])
    minutes_save(
        meeting=meeting, actor=org.drafter, title="시설 회의", department_name="총무팀",
        held_from=meeting.starts_at, held_to=meeting.ends_at, place="소회의실", attendees_text="이직원, 도팀장",
        order_of_business="1. 개회", agenda_text="1. 점검 계획", remarks=f"분기별 {WORD}을 하기로 함",
        decisions_text="3월에 한다",
    )  # fmt: skip
    task = unit_task(department=org.team, name="시설물 관리", owner=org.drafter)
    card_for(task, org.drafter, summary=f"청사 시설물 {WORD}과 보수")
    return {"document": document, "memo": memo, "meeting": meeting, "task": task}


def _found(user, text=WORD, **kwargs) -> dict[str, list[str]]:
    return {g.kind: [h.title for h in g.hits] for g in search_everything(user, text, **kwargs)}


def test_one_box_finds_every_kind_grouped(org, everything):
    found = _found(org.drafter)
    assert found == {
        # The sent memo report is a record too now (registered when sent), besides the document.
        "records": [f"[보고] {WORD} 일정 보고", f"청사 {WORD} 결과 보고"],
        "documents": [f"청사 {WORD} 결과 보고"],
        "memos": [f"{WORD} 일정 보고"],
        "minutes": ["시설 회의 회의록"],  # by its remarks
        "cards": ["시설물 관리"],  # by its card's summary
    }
    assert _found(org.drafter, kind="memos") == {"memos": [f"{WORD} 일정 보고"]}
    assert _found(org.drafter, year=2025)["records"] == []
    assert search_everything(org.drafter, "안") == []  # one letter: too short to search


def test_records_follow_the_records_rule(org, everything):
    """Another department does not see 총무팀's records; a 비공개 one is hidden from the drafter's
    own colleague but not from the drafter."""
    assert _found(org.accountant)["records"] == []
    completed(org, title=f"비공개 {WORD} 감사 결과", disclosure="private", disclosure_ground="5", now=MARCH_5)
    assert f"비공개 {WORD} 감사 결과" not in _found(org.colleague)["records"]
    assert f"비공개 {WORD} 감사 결과" in _found(org.drafter)["records"]
    assert f"청사 {WORD} 결과 보고" in _found(org.colleague)["records"]


def test_documents_follow_the_approval_rule(org, everything):
    assert _found(org.accountant)["documents"] == []
    assert _found(org.lead)["documents"] == [f"청사 {WORD} 결과 보고"]  # on its line
    completed(org, title=f"비공개 {WORD} 문서", disclosure="private", disclosure_ground="5", now=MARCH_5)
    assert f"비공개 {WORD} 문서" not in _found(org.colleague)["documents"]


def test_memos_are_for_their_author_recipients_and_superiors_only(org, everything):
    assert _found(org.lead)["memos"] == [f"{WORD} 일정 보고"]  # the recipient
    assert _found(org.manager)["memos"] == [f"{WORD} 일정 보고"]  # a head over the author's team
    assert _found(org.colleague)["memos"] == []  # a colleague of the same team: not a notice board
    assert _found(org.accountant)["memos"] == []


def test_minutes_follow_their_meeting(org, everything):
    assert _found(org.colleague)["minutes"] == ["시설 회의 회의록"]  # the hosting department
    assert _found(org.accountant)["minutes"] == []
    make_meeting(org.accountant, title=f"재무 {WORD} 회의", department=org.finance, attendees=[org.accountant])
    assert _found(org.drafter)["minutes"] == ["시설 회의 회의록"]  # no minutes yet; another department


def test_cards_follow_the_unit_task_rule(org, everything):
    assert _found(org.colleague)["cards"] == ["시설물 관리"]
    assert _found(org.accountant)["cards"] == []
    unit_task(department=org.finance, name=f"재무 {WORD}")
    assert _found(org.drafter)["cards"] == ["시설물 관리"]
    assert _found(org.accountant)["cards"] == [f"재무 {WORD}"]


def test_the_page_groups_results_and_takes_a_fixed_number_of_queries(org, everything, alpha, client_for):
    client = client_for(alpha)
    login(client, org.drafter.username)

    def page() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/records/search/", {"q": WORD})
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    one, html = page()  # 기록물 2건: the document's record and the sent memo report's
    for heading in ("기록물 2건", "결재 문서 1건", "메모보고 1건", "회의록 1건", "과제관리카드 1건"):
        assert heading in html
    record = record_of(everything["document"])
    assert f"/records/{record.pk}/" in html
    assert f"/approval/{everything['document'].pk}/" in html
    for n in range(7):
        completed(org, title=f"{n}차 {WORD}", now=MARCH_5)
    many, html = page()
    assert "기록물 5건 이상" in html
    assert "kind=records" in html  # 더 보기
    assert many == one
    # Session, tenant, navigation …; the records' matches through the trigram indexes (inside the
    # test's transaction: savepoint, SET LOCAL, matches, SET LOCAL back, release) and their rows;
    # then one query for each other kind.
    assert one == 27

    short = client.get("/records/search/", {"q": "안"}).content.decode()
    assert "검색어를 2자 이상 입력하세요." in short
    assert client.get("/records/search/", {"q": WORD, "kind": "nothing"}).status_code == 200
