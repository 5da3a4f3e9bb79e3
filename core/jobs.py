"""The one decorator every Celery task goes through.

It gives the task an explicit name, the tenant-aware base class (the schema travels in the
message), time limits and logging, and it refuses to run in the public schema unless the task
says it is province-level — a tenant task that lost its schema must fail, not run against the
province's tables (tenant-schemas-celery #12, #15, #43, #132).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.db import connection
from django_tenants.utils import get_public_schema_name

from config.celery import app

logger = logging.getLogger("jobs")


class WrongSchemaError(RuntimeError):
    pass


def job(
    name: str, *, province_level: bool = False, time_limit: int = 600, queue: str | None = None, **options
) -> Callable:
    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def run(*args, **kwargs):
            schema = connection.schema_name
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
