"""Attendance benchmark: the 09:00 rush, my month with a year of records, a month's payroll inputs.

    .venv/bin/python -m bench.attendance [--staff 300] [--threads 30]
    .venv/bin/python -m bench.attendance --http [--staff 300] [--threads 50] [--workers 3]

Runs against its own database (``works_bench_attendance`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing, where only the
benchmark's institution is dropped and made again), so it never touches the dev data.

1. Rush: `--staff` people clock in within one burst, `--threads` at a time each on its own
   connection, every one clicking twice (the double click): the clock service's latency p50/p95,
   the records written (must equal the staff: none lost, none doubled). This exercises the service
   and the database, not the HTTP stack.
2. My month: `my_month` for one person with a year of clock records in the institution (the
   staff's whole year: ~2 records × 230 days × staff), p50/p95 over 50 calls.
3. Payroll inputs: `payroll_inputs` for a month of the whole institution.

With `--http`, the rush goes through the real server instead, started as production starts it
(the Dockerfile's `gunicorn config.wsgi`, `--workers` processes, sync workers) on a free port of
127.0.0.1 with DEBUG off (plain HTTP: SECURE_COOKIES=0, as behind the TLS proxy): every staff
member signs in through the login form (CSRF token from the form, session cookie back), then all
of them, `--threads` at a time released together, click 출근 on the clock panel as htmx does
(POST /attendance/clock/ with the CSRF header), twice each. It reports the server round trip's
p50/p95 as the client sees it and that the institution has exactly one 출근 record per person.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CODE = "benchattend"
SEOUL = ZoneInfo("Asia/Seoul")


def _setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        import psycopg
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        admin = url.replace(f"/{name}", "/postgres", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    else:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench_attendance?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _institution(staff: int) -> list[int]:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from org.models import Department, User
    from tenants.models import Institution, InstitutionKind
    from tenants.services import ensure_province, ensure_template_schema, institution_create

    call_command("migrate_schemas", "--shared", verbosity=0)
    ensure_province()
    ensure_template_schema()
    existing = Institution.objects.filter(schema_name=CODE).first()
    if existing is not None:
        existing.delete(force_drop=True)
    institution_create(code=CODE, name="복무벤치공사", kind=InstitutionKind.CORPORATION)
    with schema_context(CODE):
        department = Department.objects.create(name="벤치부", code="B100")
        User.objects.bulk_create(
            User(
                username=f"b{n:04d}",
                name=f"직원{n}",
                employee_number=f"B{n:04d}",
                department=department,
                hire_date=date(2020, 3, 1),
                password="!",  # noqa: S106 - an unusable password: nobody signs in
            )
            for n in range(staff)
        )
        ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    connection.set_schema_to_public()
    return ids


def bench_rush(ids: list[int], threads: int) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    from attendance.clock import clock
    from attendance.models import ClockRecord
    from org.models import User

    now = datetime.now(SEOUL).replace(hour=8, minute=59)
    queue = list(ids)
    lock = threading.Lock()
    samples: list[float] = []

    def worker() -> None:
        with schema_context(CODE):
            try:
                while True:
                    with lock:
                        if not queue:
                            return
                        person_id = queue.pop()
                    person = User(pk=person_id)
                    for _click in range(2):  # the double click
                        started = time.perf_counter()
                        clock(person=person, kind="in", ip="10.0.0.1", now=now)
                        with lock:
                            samples.append(time.perf_counter() - started)
            finally:
                connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - started
    with schema_context(CODE):
        written = ClockRecord.objects.filter(day=now.date(), kind="in").count()
    connection.set_schema_to_public()
    print(
        f"rush: {len(ids)} staff × 2 clicks over {threads} connections in {seconds:.2f} s: {_percentiles(samples)}; "
        f"records {written} (expected {len(ids)})"
    )


def _a_year(ids: list[int]) -> date:
    from django.db import connection
    from django_tenants.utils import schema_context

    from attendance.calendar import working_days

    today = datetime.now(SEOUL).date()
    first = date(today.year, 1, 1)
    days = list(working_days(first, today - timedelta(days=1)).days)
    with schema_context(CODE), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attendance_clockrecord (person_id, day, kind, at, source, ip_address)
            SELECT u, d, k, (d + CASE WHEN k = 'in' THEN time '08:50' ELSE time '18:10' END) AT TIME ZONE 'Asia/Seoul',
                   'demo', NULL::inet
            FROM unnest(%s::bigint[]) u CROSS JOIN unnest(%s::date[]) d CROSS JOIN (VALUES ('in'), ('out')) v(k)
            ON CONFLICT DO NOTHING
            """,
            [ids, days],
        )
        print(f"a year: {cursor.rowcount:,} clock records for {len(ids)} staff")
    connection.set_schema_to_public()
    return days[-1] if days else today


def bench_month(ids: list[int], last_day: date) -> None:
    from django_tenants.utils import schema_context

    from attendance.selectors import my_month
    from org.models import User

    with schema_context(CODE):
        person = User.objects.get(pk=ids[0])
        samples = []
        for _ in range(50):
            started = time.perf_counter()
            my_month(person, last_day.year, last_day.month)
            samples.append(time.perf_counter() - started)
    print(f"my month ({last_day:%Y-%m}): {_percentiles(samples)}")


def bench_payroll(last_day: date) -> None:
    from django_tenants.utils import schema_context

    from attendance.close import payroll_inputs

    with schema_context(CODE):
        started = time.perf_counter()
        rows = payroll_inputs(last_day.year, last_day.month)
        seconds = time.perf_counter() - started
    print(f"payroll inputs ({last_day:%Y-%m}): {len(rows)} people in {seconds * 1000:.0f} ms")


# --- the rush through the real server -------------------------------------------------------

PASSWORD = "bench-Rush-0900!"  # noqa: S105 - the benchmark institution's throwaway sign-in


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _set_passwords() -> None:
    """One Argon2 hash for everyone (hashing 300 apart would time the hasher, not the rush)."""
    from django.contrib.auth.hashers import make_password
    from django_tenants.utils import schema_context

    from org.models import User

    with schema_context(CODE):
        User.objects.update(password=make_password(PASSWORD))


class _Browser:
    """One staff member's browser: a keep-alive connection to the server and its cookies."""

    def __init__(self, port: int, host: str) -> None:
        import http.client

        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.host = host
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: dict[str, str] | None = None, **headers: str) -> tuple[int, str]:
        from http.cookies import SimpleCookie
        from urllib.parse import urlencode

        sent = {"Host": self.host, **{k.replace("_", "-"): v for k, v in headers.items()}}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=sent)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def sign_in(self, username: str) -> None:
        import re

        from django.conf import settings

        status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: HTTP {status}")
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        status, _page = self.request("POST", "/accounts/login/", form, Referer=f"http://{self.host}/accounts/login/")
        if status != 302 or settings.SESSION_COOKIE_NAME not in self.cookies:
            raise RuntimeError(f"sign-in of {username}: HTTP {status}")
        # The home page, as the browser lands on it: htmx sends the token its <body> names.
        status, page = self.request("GET", "/")
        found = re.search(r'"X-CSRFToken": "([^"]+)"', page)
        if status != 200 or found is None:
            raise RuntimeError(f"home page of {username}: HTTP {status}")
        self.token = found.group(1)

    def clock_in(self) -> int:
        status, _page = self.request(
            "POST",
            "/attendance/clock/",
            {"kind": "in"},
            X_CSRFToken=self.token,
            HX_Request="true",
            Referer=f"http://{self.host}/",
        )
        return status


def _serve(port: int, workers: int) -> subprocess.Popen[bytes]:

    from django.conf import settings

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "ALLOW_INSECURE_DEV_KEY": "1",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": settings.REDIS_URL,
    }
    # As the image is built (Dockerfile): the hashed static files DEBUG-off templates point at.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True)
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    import http.client
    import socket

    from tenants.services import institution_domain

    # Up once every worker has imported Django: the port opens before, so ask for a page.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    answered = 0
    while time.monotonic() < deadline and answered < workers * 2:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/accounts/login/", headers={"Host": institution_domain(CODE)})
        status = conn.getresponse().status
        conn.close()
        if status != 200:
            server.terminate()
            raise RuntimeError(f"the login page answered HTTP {status}")
        answered += 1
    if answered < workers * 2:
        server.terminate()
        raise RuntimeError("gunicorn did not answer within 180 s")
    return server


def bench_rush_http(ids: list[int], threads: int, workers: int) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    from attendance.models import ClockRecord
    from org.models import User
    from tenants.services import institution_domain

    _set_passwords()
    with schema_context(CODE):
        usernames = list(User.objects.filter(pk__in=ids).order_by("pk").values_list("username", flat=True))
    connection.set_schema_to_public()
    port = _free_port()
    server = _serve(port, workers)
    try:
        host = institution_domain(CODE)
        browsers = [_Browser(port, host) for _ in usernames]
        started = time.perf_counter()
        pending = list(zip(browsers, usernames, strict=True))
        lock = threading.Lock()

        def sign_in_some() -> None:
            while True:
                with lock:
                    if not pending:
                        return
                    browser, username = pending.pop()
                browser.sign_in(username)

        signers = [threading.Thread(target=sign_in_some) for _ in range(workers * 2)]
        for thread in signers:
            thread.start()
        for thread in signers:
            thread.join()
        print(f"http: {len(browsers)} staff signed in through the login form in {time.perf_counter() - started:.1f} s")

        queue = list(browsers)
        samples: list[float] = []
        statuses: dict[int, int] = {}
        gate = threading.Barrier(threads)

        def click() -> None:
            gate.wait()  # everyone at 09:00 at once
            while True:
                with lock:
                    if not queue:
                        return
                    browser = queue.pop()
                for _click in range(2):  # the double click
                    began = time.perf_counter()
                    status = browser.clock_in()
                    with lock:
                        samples.append(time.perf_counter() - began)
                        statuses[status] = statuses.get(status, 0) + 1

        clickers = [threading.Thread(target=click) for _ in range(threads)]
        started = time.perf_counter()
        for thread in clickers:
            thread.start()
        for thread in clickers:
            thread.join()
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    today = datetime.now(SEOUL).date()
    with schema_context(CODE):
        written = ClockRecord.objects.filter(day=today, kind="in").count()
        people = ClockRecord.objects.filter(day=today, kind="in").values("person").distinct().count()
    connection.set_schema_to_public()
    print(
        f"http rush: {len(browsers)} staff × 2 clicks, {threads} at once, gunicorn {workers} workers, "
        f"in {seconds:.2f} s: {_percentiles(samples)}; HTTP statuses {statuses}; "
        f"출근 records {written} for {people} people (expected {len(browsers)})"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--threads", type=int, default=None, help="30 for the service, 50 over HTTP")
    parser.add_argument("--http", action="store_true", help="the rush through gunicorn, signed in over HTTP")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers with --http (the Dockerfile's 3)")
    args = parser.parse_args(argv)
    _setup_database()
    import django

    django.setup()
    ids = _institution(args.staff)
    if args.http:
        bench_rush_http(ids, args.threads or 50, args.workers)
        return
    bench_rush(ids, args.threads or 30)
    last_day = _a_year(ids)
    full_month = last_day.replace(day=1) - timedelta(days=1)  # the last month wholly recorded
    bench_month(ids, full_month)
    bench_payroll(full_month)


if __name__ == "__main__":
    main(sys.argv[1:])
