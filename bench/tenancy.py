"""Tenancy benchmark: provisioning, no-op migrations, and warm page server time per institution.

    .venv/bin/python -m bench.tenancy [--provision 10] [--requests 200]

Runs against its own database (``works_bench`` on the embedded server, dropped and re-created
each run; or the database of ``BENCH_DATABASE_URL``), so it never touches the dev data.

1. migrates an empty database and seeds the demo province (21 institutions, thousands of staff);
2. provisions N extra institutions and reports seconds per institution (min / median / max);
3. times a no-op ``migrate_schemas`` over every institution (seconds per institution);
4. for every institution host, signs in the demo ``staff`` and ``admin`` users and requests the
   home page many times in-process (Django's test client: server time without the network),
   reporting p50/p95 and the SQL queries per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(client, requests: int, timings: list[float], queries: set[int]) -> None:
    """Warm up, count the SQL of one request, then time `requests` requests of the home page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm-up: template cache, connection, session row
        _get_ok(client)
    with CaptureQueriesContext(connection) as captured:
        _get_ok(client)
    queries.add(len(captured))
    for _ in range(requests):
        start = time.perf_counter()
        _get_ok(client)
        timings.append((time.perf_counter() - start) * 1000)


def _get_ok(client) -> None:
    response = client.get("/")
    if response.status_code != 200:
        raise RuntimeError(f"home page answered {response.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provision", type=int, default=10, help="extra institutions to provision (timed)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per host and page")
    args = parser.parse_args()

    _setup_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from org.models import User
    from tenants.models import Institution, InstitutionKind
    from tenants.services import institution_create

    settings.ALLOWED_HOSTS = ["*"]
    # Production-like: DEBUG off, hashed static files from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    call_command("migrate_all", verbosity=0)
    print(f"migrate empty database: {time.perf_counter() - t0:.1f}s")
    t0 = time.perf_counter()
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo (21 institutions): {time.perf_counter() - t0:.1f}s")

    seconds = []
    for n in range(args.provision):
        result = institution_create(code=f"bench{n:03d}", name=f"벤치마크기관{n:03d}", kind=InstitutionKind.CONTRIBUTED)
        seconds.append(result.seconds)
    if seconds:
        print(
            f"provisioning: {len(seconds)} institutions, s/institution min {min(seconds):.2f} "
            f"median {statistics.median(seconds):.2f} max {max(seconds):.2f}"
        )

    institutions = list(Institution.objects.exclude(kind=InstitutionKind.PROVINCE).order_by("code"))
    t0 = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    noop = time.perf_counter() - t0
    per = noop / len(institutions)
    print(f"no-op migrate_schemas: {noop:.2f}s for {len(institutions)} institutions = {per:.3f}s each")

    seeded = [i for i in institutions if not i.code.startswith("bench")]
    staff_total = 0
    timings: dict[str, list[float]] = {"staff": [], "admin": [], "planner": []}
    queries: dict[str, set[int]] = {name: set() for name in timings}
    for institution in seeded:
        host = f"{institution.code}.{settings.BASE_DOMAIN}"
        with schema_context(institution.schema_name):
            staff_total += User.objects.exclude(employee_number=None).count()
            users = {name: User.objects.get(username=name) for name in ("staff", "admin")}
        for name, user in users.items():
            client = Client(HTTP_HOST=host)
            with schema_context(institution.schema_name):
                client.force_login(user)
            connection.set_schema_to_public()
            _measure(client, args.requests, timings[name], queries[name])
    connection.set_schema_to_public()  # the test client leaves the connection on the last host's schema
    province = Client(HTTP_HOST=settings.BASE_DOMAIN)
    province.force_login(User.objects.get(username="planner"))
    _measure(province, args.requests, timings["planner"], queries["planner"])

    print(f"home page over {len(seeded)} institutions ({staff_total:,} staff), {args.requests} requests per host:")
    for name, values in timings.items():
        print(
            f"  {name:7s} home: p50 {_quantile(values, 0.5):.1f} ms, p95 {_quantile(values, 0.95):.1f} ms, "
            f"SQL queries per page {min(queries[name])}–{max(queries[name])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
