"""What keeps the register fast over 200,000 records (issue 15, docs/PERFORMANCE.md): a text
search reaches its matches through the trigram indexes and orders them itself when they are few;
Korean terms are matched with LIKE (no case to fold), others with ILIKE; and the filter form's
selects render without a template per option, exactly as Django's would."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertHTMLEqual

from core.widgets import PlainSelect
from records.models import Record
from records.text_search import COUNT_CAP, RegisterPaginator, text_q
from tests.factories.records import completed
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def test_korean_terms_use_like_and_cased_ones_ilike():
    korean = str(Record.objects.filter(text_q(("title",), "안전점검")).query)
    assert " LIKE " in korean
    assert "ILIKE" not in korean
    assert "UPPER" not in korean
    cased = str(Record.objects.filter(text_q(("title", "registration_number"), "CCTV 설치")).query)
    assert cased.count("ILIKE") == 2


@pytest.fixture
def eleven(org, in_alpha):
    """Eleven records on distinct days; three of them match '안전점검'."""
    for day in range(1, 12):
        title = f"{day}월 청사 안전점검 결과" if day in (2, 5, 9) else f"{day}월 물품 구매"
        completed(org, title=title, now=datetime(2026, 3, day, 10, tzinfo=KST))
    return org


def test_a_rare_term_is_found_through_the_index_and_ordered_newest_first(eleven):
    rows = Record.objects.filter(text_q(("registration_number", "title"), "안전점검")).order_by("-registered_on", "-id")
    paginator = RegisterPaginator(rows, 2, text="안전점검", date_field="registered_on")
    assert paginator.count == 3
    assert not paginator.capped
    assert paginator.matches is not None
    first, second = paginator.page(1), paginator.page(2)
    assert [r.title for r in first] == ["9월 청사 안전점검 결과", "5월 청사 안전점검 결과"]
    assert [r.title for r in second] == ["2월 청사 안전점검 결과"]
    assert (first.has_next(), second.has_next(), paginator.num_pages) == (True, False, 2)
    # The index-only setting does not outlive the search inside an outer transaction.
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_a_short_term_or_no_term_counts_without_fetching_matches(eleven):
    rows = Record.objects.filter(text_q(("title",), "점검")).order_by("-registered_on", "-id")
    paginator = RegisterPaginator(rows, 50, text="점검", date_field="registered_on")
    assert paginator.matches is None  # two letters: no trigram to look up
    assert paginator.count == 3
    assert RegisterPaginator(Record.objects.all(), 50, date_field="registered_on").count == 11
    assert COUNT_CAP == 1_000


def test_a_search_page_takes_a_fixed_number_of_queries(eleven, alpha, client_for):
    client = client_for(alpha)
    login(client, eleven.drafter.username)

    def queries(q: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/records/", {"q": q})
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    count, page = queries("안전점검")
    assert "기록물등록대장 3건" in page
    assert page.index("9월 청사 안전점검") < page.index("5월 청사 안전점검") < page.index("2월 청사 안전점검")
    assert "물품 구매" not in page
    completed(eleven, title="12월 청사 안전점검", now=datetime(2026, 3, 12, 10, tzinfo=KST))
    again, page = queries("안전점검")
    assert "기록물등록대장 4건" in page
    assert again == count
    # The register's 20 (test_views) with the matches in place of the count, plus, inside a test's
    # transaction, the savepoint, SET LOCAL, SET LOCAL back and the savepoint's release.
    assert count == 24


class _Choices(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "전체"), ("a", "<가>"), ("그룹", [("b", "나 & 다"), ("c", '"라"')])], required=False
    )


def test_plain_select_renders_what_djangos_select_renders():
    for data in ({"pick": "b"}, {"pick": ""}, {}):
        django_form, plain_form = _Choices(data), _Choices(data)
        plain_form.fields["pick"].widget = PlainSelect(choices=plain_form.fields["pick"].choices)
        assertHTMLEqual(str(plain_form["pick"]), str(django_form["pick"]))
    assert "selected" in str(_Choices({"pick": "b"})["pick"])
