"""The list of 전용 (/budget/transfers/): search by 기간, 과목, 상태 and 기안자 with Korean errors,
XLSX and CSV exports of what it shows (a title that looks like a formula stays text), each 전용
shown only to those who may open its approval document or read the whole budget, and the same
three queries for one row or many.

The worked rows (사무관리비 10,000,000, 공공운영비 5,000,000, 국내여비 2,000,000 of one
세부사업 기본경비; 문기안 of 총무팀 drafts):

- "복합기 임차료 부족분" 사무관리비 → 공공운영비 500,000, drafted 2026. 4. 2., approved;
- "=출장 여비 보충" 사무관리비 → 국내여비 300,000, drafted 2026. 5. 11., 결재 중.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from approval.models import DelegationRule
from budget.amendments import TRANSFER_KIND, LineChange, amendment_create, amendment_submit
from budget.models import Amendment, AmendmentKind, AmendmentStatus
from tests.factories.budget_execution import APRIL, approve, chain
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=SEOUL)


@pytest.fixture
def books(in_alpha):
    books = chain()
    DelegationRule.objects.create(kind=TRANSFER_KIND, label="예산 전용", deciding_position=books.org.positions["팀장"])
    return books


def transfer(books, title: str, giver: str, taker: str, amount: int, drafted: datetime) -> Amendment:
    amendment = amendment_create(
        actor=books.org.drafter,
        fiscal_year=books.budget.year,
        kind=AmendmentKind.TRANSFER,
        title=title,
        reason="집행잔액으로 부족분을 충당합니다.",
        changes=[LineChange(books.line(giver), -amount), LineChange(books.line(taker), amount)],
        unit_task=books.org.task,
    )
    amendment = amendment_submit(actor=books.org.drafter, amendment=amendment, now=drafted)
    Amendment.objects.filter(pk=amendment.pk).update(created_at=drafted)
    return amendment


@pytest.fixture
def transfers(books):
    copier = transfer(books, "복합기 임차료 부족분", "사무관리비", "공공운영비", 500_000, at(4, 2))
    approve(books, copier, at=APRIL)
    trips = transfer(books, "=출장 여비 보충", "사무관리비", "국내여비", 300_000, at(5, 11))
    return copier, trips


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def titles(html: str) -> list[str]:
    return [t for t in ("복합기 임차료 부족분", "=출장 여비 보충") if t in html]


def test_the_drafter_lists_and_searches_their_transfers(books, transfers, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    page = client.get("/budget/transfers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "전용 2건" in html
    assert titles(html) == ["복합기 임차료 부족분", "=출장 여비 보충"]
    assert "201-01 사무관리비" in html
    assert "202-01 국내여비" in html
    assert "500,000원" in html
    assert "2026. 4. 2." in html
    # 기간 (작성일), 과목 (code, name or standard code), 상태, 기안자.
    assert titles(client.get("/budget/transfers/?start=2026-05-01").content.decode()) == ["=출장 여비 보충"]
    assert titles(client.get("/budget/transfers/?end=2026-04-30").content.decode()) == ["복합기 임차료 부족분"]
    assert titles(client.get("/budget/transfers/?line=국내여비").content.decode()) == ["=출장 여비 보충"]
    assert titles(client.get("/budget/transfers/?line=201-02").content.decode()) == ["복합기 임차료 부족분"]
    assert len(titles(client.get("/budget/transfers/?line=201-01").content.decode())) == 2
    approved = client.get(f"/budget/transfers/?status={AmendmentStatus.APPROVED}").content.decode()
    assert titles(approved) == ["복합기 임차료 부족분"]
    assert "전용 2건" in client.get("/budget/transfers/?drafter=문기안").content.decode()
    assert "전용 0건" in client.get("/budget/transfers/?drafter=탁회계").content.decode()


def test_a_backwards_period_and_a_bad_date_are_told_in_korean(books, transfers, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    html = client.get("/budget/transfers/?start=2026-06-01&end=2026-05-01&drafter=문기안").content.decode()
    assert "끝 날짜가 시작 날짜보다 앞섭니다." in html
    assert 'value="문기안"' in html  # what was typed is kept
    assert "날짜를 2026-03-05처럼 입력하세요." in client.get("/budget/transfers/?start=2026-13-01").content.decode()


def test_another_departments_head_sees_none_and_the_accountant_sees_all(books, transfers, alpha, client_for):
    outsider = signed_in(client_for, alpha, "afinhead")
    assert "전용 0건" in outsider.get("/budget/transfers/").content.decode()
    accountant = signed_in(client_for, alpha, "aaccountant")
    assert "전용 2건" in accountant.get("/budget/transfers/").content.decode()


def test_exports_what_the_list_shows_and_formulas_stay_text(books, transfers, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    response = client.get("/budget/transfers/?export=xlsx&line=201-01")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("제목", "줄이는 과목", "늘리는 과목", "전용액(원)")
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows] == [
        ("=출장 여비 보충", "201-01 사무관리비", "202-01 국내여비", 300_000, "결재 중"),
        ("복합기 임차료 부족분", "201-01 사무관리비", "201-02 공공운영비", 500_000, "승인(반영)"),
    ]
    assert sheet["A2"].data_type == "s"  # a string cell, never a formula
    assert rows[1][8].date() == APRIL.date()  # 반영일: the day it was approved

    text = client.get("/budget/transfers/?export=csv&status=in_progress").content.decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0][:3] == ["제목", "줄이는 과목", "늘리는 과목"]
    assert [r[:4] for r in read[1:]] == [["'=출장 여비 보충", "201-01 사무관리비", "202-01 국내여비", "300000"]]


def test_the_list_takes_the_same_queries_for_one_row_or_many(books, transfers, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    client.get("/budget/transfers/")
    with CaptureQueriesContext(connection) as two:
        assert client.get("/budget/transfers/?line=201-01").status_code == 200
    for day in (12, 13, 14):
        transfer(books, f"소액 전용 {day}", "공공운영비", "국내여비", 10_000, at(5, day))
    with CaptureQueriesContext(connection) as searched:
        html = client.get("/budget/transfers/?line=201-01").content.decode()
    assert "전용 2건" in html
    assert len(searched) == len(two)
    with CaptureQueriesContext(connection) as five:
        html = client.get("/budget/transfers/").content.decode()
    assert "전용 5건" in html
    assert len(five) == len(two) == PINNED_QUERIES, [q["sql"] for q in five.captured_queries]


# Tenant, session, user, roles and the page's frame, then the list's own three: the count, the
# page of 전용 with their drafters, and their lines with the budget lines.
PINNED_QUERIES = 17
