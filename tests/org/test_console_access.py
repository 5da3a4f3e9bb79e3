"""Who may open which admin console: the institution admin on the institution's host, the
planning office on the province's host, and nobody else."""

import pytest
from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context

from org.models import User
from tests.factories import UserFactory
from tests.support import ADMIN, NAMES, PASSWORD, PLANNER, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db


def test_staff_cannot_open_the_institution_console(alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF)

    response = client.get("/admin/")
    assert redirects_to_login(response) or response.status_code == 403
    # Following it must end in a refusal, not loop between the console and the sign-in page.
    final = client.get("/admin/", follow=True)
    assert final.status_code == 403
    assert "권한이 없습니다" in final.content.decode()
    assert client.get("/admin/org/user/").status_code in {302, 403}
    assert client.get("/admin/org/user/import/").status_code in {302, 403}


def test_institution_admin_opens_the_console(alpha, client_for):
    client = client_for(alpha)
    login(client, ADMIN)

    response = client.get("/admin/")
    assert response.status_code == 200
    assert "기관 관리 콘솔" in response.content.decode()
    assert client.get("/admin/org/user/").status_code == 200


def test_signing_in_from_the_console_link_lands_in_the_console(alpha, client_for):
    """An admin who opens /admin/ signed out, signs in, and follows the redirects, arrives."""
    client = client_for(alpha)
    first = client.get("/admin/", follow=True)
    login_page = first.redirect_chain[-1][0]
    response = client.post(login_page, {"username": ADMIN, "password": "test-pass-2026!"}, follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.path == "/admin/"
    assert NAMES["alpha"][ADMIN] in response.content.decode()


def test_planning_office_opens_the_province_console(province_client):
    login(province_client, PLANNER)

    response = province_client.get("/admin/")
    assert response.status_code == 200
    assert "도 통합업무시스템 관리" in response.content.decode()
    assert province_client.get("/admin/tenants/institution/").status_code == 200


def test_alpha_admin_cookie_is_nothing_on_the_province_host(alpha, client_for, province_client):
    alpha_client = client_for(alpha)
    login(alpha_client, ADMIN)
    cookie = alpha_client.cookies[settings.SESSION_COOKIE_NAME].value

    for path in ["/", "/admin/", "/admin/tenants/institution/", "/admin/org/user/1/change/"]:
        # Set again each time: the province host deletes a cookie it does not know.
        province_client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        assert redirects_to_login(province_client.get(path)), path
    assert alpha_client.get("/admin/").status_code == 200  # the cookie itself was good


def test_province_user_without_the_role_cannot_open_the_province_home(province_client):
    with schema_context(get_public_schema_name()):
        UserFactory(username="clerk", name="도직원", employee_number=None, roles=[])
    login(province_client, "clerk")

    response = province_client.get("/")
    assert response.status_code == 403
    assert "권한이 없습니다" in response.content.decode()
    assert province_client.get("/admin/", follow=True).status_code == 403


def test_the_province_user_list_opens(province_client):
    """The institution console's user list adds an import link; Django would also pick its template
    for the province's user list by name, where that link has no URL (a 500 before)."""
    with schema_context(get_public_schema_name()):
        User.objects.create_superuser(username="root", password=PASSWORD, name="관리자")
    login(province_client, "root")

    response = province_client.get("/admin/org/user/")

    assert response.status_code == 200
    assert "직원 일괄 등록" not in response.content.decode()
