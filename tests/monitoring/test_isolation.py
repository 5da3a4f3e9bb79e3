"""The dashboard never reads an institution's schema (DESIGN: monitoring reads only snapshots in
the public schema), and the sessions of one site are worthless on the other.

Every query Django sends during a monitoring page is watched with the schema the connection was
on when it went out: a page that switched to an institution's schema (or was left there), even
for one query, fails. Then the foundation's cookie replay (tests/tenants/test_isolation.py) is
extended: a planner's real session cookie presented at an institution host, and an institution
admin's at the province host, open no monitoring page."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from monitoring.models import RollupRun
from monitoring.services import figures_write, rollup_record, rollup_start
from org.models import User
from tests.monitoring.support import ALPHA, BETA
from tests.support import ADMIN, NAMES, PASSWORD, PLANNER, every_route, login, redirects_to_login

pytestmark = pytest.mark.django_db


@contextmanager
def schemas_queried():
    """Yield the list of (schema, sql, params) of every query sent meanwhile."""
    seen: list[tuple[str, str, tuple]] = []

    def watch(execute, sql, params, many, context):
        seen.append((connection.schema_name, sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield seen


@pytest.fixture
def counted(alpha, beta):
    for institution, values in ((alpha, ALPHA), (beta, BETA)):
        figures_write(
            institution_id=institution.pk,
            figures=values,
            day=timezone.localdate() - timedelta(days=1),
            as_of=timezone.now(),
            replace=False,
        )
    run, _ = rollup_start(trigger=RollupRun.Trigger.SCHEDULE)
    rollup_record(run=run, institution_id=alpha.pk, figures=ALPHA, as_of=timezone.now())
    rollup_record(run=run, institution_id=beta.pk, figures=BETA, as_of=timezone.now())
    return run


def monitoring_paths() -> list[str]:
    routes = [route.path for route in every_route("config.urls_public") if route.path.startswith("/monitoring/")]
    assert len(routes) >= 6
    return routes


def concrete(path: str, run: RollupRun) -> str:
    """The walk fills parameters with "1"; give the pages something real to read as well."""
    return {
        "/monitoring/institutions/1/": "/monitoring/institutions/alpha/",
        "/monitoring/kpis/1/": "/monitoring/kpis/org.headcount/",
        "/monitoring/runs/1/": f"/monitoring/runs/{run.pk}/",
    }.get(path, path)


def test_every_dashboard_page_reads_only_the_public_schema(counted, province_client, monkeypatch):
    monkeypatch.setattr("monitoring.tasks.rollup_dispatch.delay", lambda run_id: None)
    assert login(province_client, PLANNER).status_code == 302
    public = get_public_schema_name()
    requests = [("GET", concrete(path, counted), {}) for path in monitoring_paths()]
    requests += [
        ("GET", concrete("/monitoring/runs/1/", counted), {"HTTP_HX_REQUEST": "true"}),
        ("GET", "/monitoring/?sort=org.headcount&kind=corporation", {"HTTP_HX_REQUEST": "true"}),
        ("GET", "/monitoring/extract/?kpis=org.headcount&start=2026-11-01&end=2026-11-30&fmt=xlsx", {}),
        ("POST", "/monitoring/refresh/", {"HTTP_HX_REQUEST": "true"}),
    ]
    for method, path, headers in requests:
        connection.set_schema_to_public()
        with schemas_queried() as seen:
            response = province_client.generic(method, path, **headers)
        assert response.status_code < 500, f"{method} {path} answered {response.status_code}"
        assert response.status_code not in {403, 404}, f"{method} {path} answered {response.status_code}"
        assert seen, path
        assert {schema for schema, _sql, _params in seen} == {public}, f"{method} {path} queried {seen}"
        assert not any('"alpha".' in sql or '"beta".' in sql for _schema, sql, _params in seen)
        assert connection.schema_name == public, f"{method} {path} left the connection in {connection.schema_name}"


def test_control_the_watch_sees_a_query_in_an_institutions_schema(alpha):
    """What the test above would see if a page switched schema, even for one count."""
    with schemas_queried() as seen, schema_context(alpha.schema_name):
        User.objects.count()
    assert {schema for schema, _sql, _params in seen} == {"alpha"}


def test_an_institution_admins_own_page_reads_only_its_own_snapshots(counted, alpha, client_for):
    client = client_for(alpha)
    login(client, ADMIN)
    with schemas_queried() as seen:
        response = client.get("/monitoring/")
    assert response.status_code == 200
    monitoring_queries = [(sql, params) for _schema, sql, params in seen if "monitoring_" in sql]
    assert len(monitoring_queries) >= 3  # snapshots, history, alerts, status
    for sql, params in monitoring_queries:
        assert '"institution_id" = %s' in sql, sql
        assert alpha.pk in params, (sql, params)


def _signed_in_cookie(client, username: str) -> str:
    response = login(client, username, PASSWORD)
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_planners_session_opens_no_monitoring_page_at_an_institution(counted, alpha, province_client, client_for):
    cookie = _signed_in_cookie(province_client, PLANNER)
    assert province_client.get("/monitoring/").status_code == 200  # valid where it was issued

    institution = client_for(alpha)
    for path in [route.path for route in every_route("config.urls_tenant") if route.path.startswith("/monitoring/")]:
        institution.cookies[settings.SESSION_COOKIE_NAME] = cookie
        response = institution.get(path)
        assert redirects_to_login(response), f"{path} answered {response.status_code}"


def test_an_institution_admins_session_opens_no_province_monitoring_page(counted, alpha, province_client, client_for):
    institution = client_for(alpha)
    cookie = _signed_in_cookie(institution, ADMIN)
    assert institution.get("/monitoring/").status_code == 200  # their own page, where it was issued

    for path in monitoring_paths():
        for method in ("GET", "POST"):
            province_client.cookies[settings.SESSION_COOKIE_NAME] = cookie
            response = province_client.generic(method, concrete(path, counted))
            assert redirects_to_login(response) or response.status_code in {403, 405}, (
                f"{method} {path} answered {response.status_code}"
            )
            assert NAMES["alpha"][ADMIN] not in response.content.decode(errors="replace")
