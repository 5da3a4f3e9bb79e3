"""The one people picker (issue 9, item 13): the search behind it (org:people) finds active staff
of the request's institution by name, department and position, and nobody of another institution;
the widget is a plain <select> the page can post without JavaScript, carrying what the script
needs; the fields keep the order people were picked in."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.forms import PeopleField, PersonField
from org.models import EmploymentStatus
from tests.factories import DepartmentFactory, PositionFactory, UserFactory
from tests.support import NAMES, PEER, PLANNER, PLANNER_NAME, STAFF, login

pytestmark = pytest.mark.django_db

URL = "/org/people/"


@pytest.fixture
def people(in_alpha):
    """기획조정실 (팀장 한기획, 팀원 오예산) and 재무팀 (팀원 한재무, retired 한퇴직, locked-out 한잠금)."""
    planning = DepartmentFactory(name="기획조정실")
    finance = DepartmentFactory(name="재무팀")
    lead, member = PositionFactory(name="팀장", rank=40), PositionFactory(name="팀원", rank=50)
    return {
        "planner": UserFactory(name="한기획", department=planning, position=lead),
        "budget": UserFactory(name="오예산", department=planning, position=member),
        "finance": UserFactory(name="한재무", department=finance, position=member),
        "retired": UserFactory(name="한퇴직", department=finance, employment_status=EmploymentStatus.RETIRED),
        "locked": UserFactory(name="한잠금", department=finance, is_active=False),
        "planning": planning,
        "finance_dept": finance,
    }


@pytest.fixture
def staff_client(alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF)
    return client


def names(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [row["name"] for row in json.loads(response.content)["results"]]


def test_search_by_name_department_and_position(people, staff_client):
    # Org-chart order: the session's own department (경영지원부) was made first.
    assert names(staff_client.get(URL, {"q": "한"})) == [NAMES["alpha"][PEER], "한기획", "한재무"]
    assert names(staff_client.get(URL, {"q": "기획조정"})) == ["한기획", "오예산"]
    assert names(staff_client.get(URL, {"q": "팀원"})) == ["오예산", "한재무"]
    # Every word must match somewhere: the department and the position together.
    assert names(staff_client.get(URL, {"q": "기획조정실 팀원"})) == ["오예산"]


def test_each_result_says_who_the_person_is(people, staff_client):
    row = json.loads(staff_client.get(URL, {"q": "한기획"}).content)["results"][0]

    assert row == {
        "id": people["planner"].pk,
        "name": "한기획",
        "department": "기획조정실",
        "position": "팀장",
        "label": "한기획 · 기획조정실 · 팀장",
    }


def test_only_people_at_work_are_found(people, staff_client):
    found = names(staff_client.get(URL, {"q": "재무팀"}))

    assert found == ["한재무"]


def test_a_field_drawing_from_some_departments_searches_only_there(people, staff_client):
    query = {"q": "한", "department": [people["finance_dept"].pk]}

    assert names(staff_client.get(URL, query)) == ["한재무"]


def test_an_empty_query_finds_nobody_and_a_long_list_says_there_is_more(people, staff_client):
    for n in range(25):
        UserFactory(name=f"한추가{n:02d}", department=people["finance_dept"])

    assert names(staff_client.get(URL, {"q": "  "})) == []
    data = json.loads(staff_client.get(URL, {"q": "한추가"}).content)
    assert len(data["results"]) == 20
    assert data["more"] is True


def test_a_nul_in_the_search_is_refused_before_the_search_reads_it(people, staff_client):
    response = staff_client.get(URL, {"q": "한\x00"})

    assert response.status_code == 400  # core.bad_input, for every request alike
    assert "사용할 수 없는 문자(NUL)" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": "한", "department": "²"}, "부서 번호가 올바르지 않습니다"),
        ({"q": "한", "department": "9" * 40}, "부서 번호가 올바르지 않습니다"),
    ],
)
def test_bad_input_is_refused_in_korean(people, staff_client, query, message):
    response = staff_client.get(URL, query)

    assert response.status_code == 400
    assert message in json.loads(response.content)["error"]


def test_another_institutions_people_are_never_found(alpha, beta, client_for):
    """The search runs in the schema of the host: beta's people are not in alpha's answers, and a
    session of beta means nothing on alpha's host."""
    alpha_client = client_for(alpha)
    login(alpha_client, STAFF)
    beta_client = client_for(beta)
    login(beta_client, STAFF)

    assert names(alpha_client.get(URL, {"q": NAMES["beta"][PEER]})) == []
    assert names(beta_client.get(URL, {"q": NAMES["beta"][PEER]})) == [NAMES["beta"][PEER]]
    beta_cookie = beta_client.cookies[settings.SESSION_COOKIE_NAME].value
    stranger = client_for(alpha)
    stranger.cookies[settings.SESSION_COOKIE_NAME] = beta_cookie
    replayed = stranger.get(URL, {"q": NAMES["alpha"][PEER]})
    assert replayed.status_code == 302
    assert NAMES["alpha"][PEER] not in replayed.content.decode()


def test_signed_out_gets_the_sign_in_page(alpha, client_for):
    assert client_for(alpha).get(URL, {"q": "한"}).status_code == 302


def test_the_search_takes_a_fixed_number_of_queries(people, staff_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(URL, {"q": "한"}).status_code == 200
        return len(queries)

    few = count()
    for n in range(15):
        UserFactory(name=f"한사람{n}", department=people["planning"])
    assert count() == few


class Pick(forms.Form):
    many = PeopleField(label="여럿")
    one = PersonField(label="하나", required=False)


def test_the_picker_is_a_plain_select_grouped_by_department(people):
    html = str(Pick()["many"])

    assert '<select name="many" required id="id_many" multiple>' in html
    assert '<optgroup label="기획조정실">' in html
    assert f'<option value="{people["budget"].pk}">오예산 · 기획조정실 · 팀원</option>' in html
    assert 'data-search-url="/org/people/"' in html
    assert "js/people-picker.js" in html
    assert "한퇴직" not in html
    # Without JavaScript the select is the field; its hint says how to choose several.
    assert "data-picker-fallback" in html


def test_a_narrower_field_tells_the_search_where_to_look(people):
    form = Pick()
    form.fields["one"].widget.departments = [people["finance_dept"].pk]

    html = str(form["one"])

    assert f'data-search-url="/org/people/?department={people["finance_dept"].pk}"' in html
    assert '<select name="one" id="id_one">' in html
    assert "data-picker-fallback" not in html


def test_people_come_out_in_the_order_they_were_picked(people):
    picked = [people["finance"].pk, people["planner"].pk, people["budget"].pk]

    form = Pick(data={"many": [str(pk) for pk in picked]})

    assert form.is_valid(), form.errors
    assert [u.pk for u in form.cleaned_data["many"]] == picked


def test_only_people_at_work_can_be_posted(people):
    form = Pick(data={"many": [str(people["retired"].pk)]})

    assert not form.is_valid()


def test_the_province_searches_its_own_people(province_client):
    """The province's pages (접수·공람) pick among its own users, in the public schema."""
    login(province_client, PLANNER)

    assert names(province_client.get(URL, {"q": PLANNER_NAME})) == [PLANNER_NAME]
    assert names(province_client.get(URL, {"q": NAMES["alpha"][PEER]})) == []
