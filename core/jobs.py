"""The one decorator every Celery task goes through, and the province-wide fan-out.

The decorator gives the task an explicit name, the tenant-aware base class (the schema travels in
the message), time limits and logging, and it refuses to run in the public schema unless the task
says it is province-level — a tenant task that lost its schema must fail, not run against the
province's tables (tenant-schemas-celery #12, #15, #43, #132).

A province-wide job is a province-level task that calls `fan_out(task)`: one message per
institution, each sent from inside that institution's schema so the task runs there. Nothing
loops over schemas inside one task or one request.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from config.celery import app

logger = logging.getLogger("jobs")


class WrongSchemaError(RuntimeError):
    pass


def job(
    name: str, *, province_level: bool = False, time_limit: int = 600, queue: str | None = None, **options: Any
) -> Callable:
    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            schema = connection.schema_name  # type: ignore[attr-defined]  # django-tenants' connection knows its schema
            if schema == get_public_schema_name() and not province_level:
                raise WrongSchemaError(f"{name} is an institution task but ran in the public schema")
            logger.info("job start", extra={"job": name})
            result = func(*args, **kwargs)
            logger.info("job done", extra={"job": name})
            return result

        task_options = {"name": name, "time_limit": time_limit, "soft_time_limit": max(time_limit - 30, 1)}
        if queue:
            task_options["queue"] = queue
        return app.task(**task_options, **options)(run)

    return decorator


def institution_schemas(*, with_province: bool = False, with_inactive: bool = False) -> list[str]:
    """The institutions' schemas in name order: the active ones (a deactivated institution is
    closed, so its work waits until it is reopened), all of them with `with_inactive`, and the
    province's own (public) schema first with `with_province`."""
    institutions = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    if not with_inactive:  # the tenant model's "사용" flag (tenants.Institution)
        institutions = institutions.filter(is_active=True)
    schemas = list(institutions.order_by("schema_name").values_list("schema_name", flat=True))
    return [get_public_schema_name(), *schemas] if with_province else schemas


def send_in_schema(schema_name: str, task: Any, *args: Any, **kwargs: Any) -> None:
    """Send `task` from inside `schema_name`: tenant-schemas-celery carries the schema in the
    message headers, and the worker runs the task there."""
    with schema_context(schema_name):
        task.delay(*args, **kwargs)


def fan_out(task: Any, *, with_province: bool = False, with_inactive: bool = False) -> list[str]:
    """Send `task` (no arguments) once into each institution's schema (see institution_schemas);
    returns the schemas, in the order sent."""
    schemas = institution_schemas(with_province=with_province, with_inactive=with_inactive)
    for schema in schemas:
        send_in_schema(schema, task)
    return schemas
