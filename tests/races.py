"""Real concurrency for the race tests: work in threads, each with its own database connection
(Django gives every thread its own) committing for real, in a fresh institution the module makes
and drops afterwards (committed rows would outlive the test's transaction)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection
from django_tenants.utils import schema_context

from tenants.models import Domain, Institution


def in_thread(func: Callable, *, schema: str | None):
    """Run `func` in a thread of its own (in `schema`, or as the connection is when None), commit
    as it goes, and return its result or raise its exception here."""
    box: dict = {}

    def run():
        try:
            if schema is None:
                box["result"] = func()
            else:
                with schema_context(schema):
                    box["result"] = func()
        except BaseException as exc:
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def at_once(calls: list[Callable], *, schema: str) -> list:
    """Start every call at the same moment, each in its own thread and connection; return each
    one's result or the exception it raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable):
        try:
            with schema_context(schema):
                connection.ensure_connection()  # connect before the barrier: the race is the work
                barrier.wait(timeout=60)
                outcomes[index] = call()
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes


def drop_institution(code: str) -> None:
    """Drop the module's institution: its schema, domain and row."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{code}" CASCADE')
    Domain.objects.filter(tenant__schema_name=code).delete()
    Institution.objects.filter(schema_name=code).delete()
