"""GET /healthz on any known host: database, Redis and a Celery worker, as JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CELERY_PING_TIMEOUT = 1.0


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _redis_ok() -> bool:
    try:
        # The raw redis client behind Django's cache (a private attribute of its Redis backend).
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        return bool(client.ping())
    except Exception:
        return False


def _celery_ok() -> bool:
    from config.celery import app

    try:
        return bool(app.control.ping(timeout=CELERY_PING_TIMEOUT))
    except Exception:
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {"database": _database_ok(), "redis": _redis_ok()}
    parts["celery"] = parts["redis"] and _celery_ok()
    healthy = all(parts.values())
    schema = connection.schema_name  # type: ignore[attr-defined]  # django-tenants' connection knows its schema
    body = {"status": "ok" if healthy else "fail", "schema": schema, **parts}
    if not healthy:
        body["failing"] = [name for name, ok in parts.items() if not ok]
    return JsonResponse(body, status=200 if healthy else 503)
