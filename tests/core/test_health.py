"""GET /healthz: the schema the host maps to, and whether the database, Redis and a Celery
worker answer. It needs no login. The live-worker case is in test_celery_worker.py."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_without_a_worker_is_503_and_names_celery(alpha, client_for):
    response = client_for(alpha).get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "fail",
        "schema": "alpha",
        "database": True,
        "redis": True,
        "celery": False,
        "failing": ["celery"],
    }


def test_health_reports_the_hosts_schema(beta, client_for, province_client):
    assert client_for(beta).get("/healthz").json()["schema"] == "beta"
    assert province_client.get("/healthz").json()["schema"] == "public"
