"""The province console keeps what each institution's official documents print in their 결문:
우편번호, 주소, 홈페이지, 전화 and 전송 (approval.pdf leaves out what is empty). Refused input is
said in Korean and changes nothing."""

import pytest

from tenants.models import Institution
from tests.support import PASSWORD, PLANNER, login

pytestmark = pytest.mark.django_db


def _form(institution: Institution, **changes) -> dict:
    values = {
        "name": institution.name,
        "kind": institution.kind,
        "postal_code": "",
        "address": "",
        "homepage": "",
        "phone": "",
        "fax": "",
    }
    values.update(changes)
    return values


def test_the_planning_office_keeps_the_closing_block_fields(province_client, alpha):
    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    url = f"/admin/tenants/institution/{alpha.pk}/change/"
    page = province_client.get(url).content.decode()
    for label in ("우편번호", "주소", "홈페이지", "대표 전화", "전송(팩스)"):
        assert label in page

    response = province_client.post(
        url,
        _form(
            alpha,
            postal_code="36759",
            address="경상북도 안동시 풍천면 도청대로 455",
            homepage="www.alpha.or.kr",
            phone="054-880-2114",
            fax="054-880-2119",
        ),
    )

    assert response.status_code == 302
    alpha.refresh_from_db()
    assert (alpha.postal_code, alpha.address, alpha.homepage, alpha.phone, alpha.fax) == (
        "36759",
        "경상북도 안동시 풍천면 도청대로 455",
        "www.alpha.or.kr",
        "054-880-2114",
        "054-880-2119",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "3675", "우편번호는 숫자 5자리입니다"),
        ("postal_code", "３６７５９", "우편번호는 숫자 5자리입니다"),
        ("phone", "전화 054", "전화번호는 숫자와 하이픈(-)으로 적으세요"),
        ("fax", "054-880-2119 내선", "전화번호는 숫자와 하이픈(-)으로 적으세요"),
        ("homepage", 'javascript:alert("x")', "홈페이지 주소를 확인하세요"),
    ],
)
def test_what_cannot_be_printed_is_refused_in_korean(province_client, alpha, field, value, message):
    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    before = Institution.objects.values(field).get(pk=alpha.pk)[field]

    response = province_client.post(f"/admin/tenants/institution/{alpha.pk}/change/", _form(alpha, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Institution.objects.values(field).get(pk=alpha.pk)[field] == before
