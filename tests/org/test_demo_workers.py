"""The demo province seeded in several processes (org.demo_workers): each institution once, its
apps after every institution's people, the progress counted as institutions finish, and the two
locks that make writing at once safe (provisioning; the province's monitoring figures).

These tests commit for real (worker processes and threads each have their own connection,
outside the test's transaction): they work in institutions made for them and drop them again.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
import time
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

from core.kpis import PROVINCE_SUM
from core.plugins import Declaration, DemoSeeder, Plugin, Registry
from monitoring.models import DailyFigure, ProvinceDailyFigure
from monitoring.services import province_days_refresh
from org import demo_data
from org.demo import SeedResult
from org.management.commands import seed_demo
from org.models import User
from tenants import demo_progress
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests import races

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEOUL = ZoneInfo("Asia/Seoul")
SMALLEST = min(demo_data.INSTITUTIONS, key=lambda s: s.staff)
# Two institutions of the smallest demo kind under codes of their own (none of the demo's).
SPECS = (
    dataclasses.replace(SMALLEST, code="workera", name="작업자가재단"),
    dataclasses.replace(SMALLEST, code="workerb", name="작업자나재단"),
)


@dataclasses.dataclass(frozen=True)
class _Outcome:
    counts: dict
    seconds: float = 0.0
    note: str = ""


def recording_seeder(*, institution, now):
    """Reports who it found (org's people must be there before any app's seeder) and which
    process ran it."""
    assert connection.schema_name == institution.schema_name
    return _Outcome(counts={"people": User.objects.count(), "process": os.getpid()})


def _drop(codes) -> None:
    for code in codes:
        races.in_thread(lambda code=code: races.drop_institution(code), schema=None)


@pytest.fixture
def committed_codes(django_db_blocker):
    made: list[str] = []
    database = races.in_thread(lambda: connection.settings_dict["NAME"], schema=None)
    if not database.startswith("test_"):
        raise RuntimeError(f"refusing to commit test data into {database!r}")
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            _drop(made)


def test_seed_demo_in_two_processes(monkeypatch, committed_codes):
    """Run right here, inside the suite's (xdist) worker: the workers are spawned, not forked, so
    nothing of this process (its threads, its open connections, execnet's channel) reaches them.
    They find the test's database and seeders through their arguments, not through this
    process's memory (the monkeypatched registry and specs are read here, in the parent).

    The Celery ping below is what tests.workers does before a worker test: it leaves this
    process's broker connection in the kombu pool with a BRPOP awaiting its reply. Forked
    workers hung on it: kombu closes every pooled connection it finds in a forked child
    (multiprocessing's after-fork hooks), and closing that channel first reads the BRPOP's reply
    from the socket the child shares with this process, which never comes."""
    from config.celery import app

    app.control.ping(timeout=0.2)
    committed_codes.extend(spec.code for spec in SPECS)
    monkeypatch.setattr(demo_data, "INSTITUTIONS", SPECS)
    recording = Declaration("recording", Plugin(demo_seeder=DemoSeeder(f"{__name__}.recording_seeder", 1)))
    monkeypatch.setattr(seed_demo, "registry", lambda: Registry([recording]))
    # The province and its planner are the session's; the command must not add the office to them.
    monkeypatch.setattr(
        seed_demo,
        "province_seed",
        lambda **kwargs: SeedResult("province", "경상북도", "도(본청)", created=False, note="planner exists"),
    )
    progress: list[tuple[str, int, int, list[str]]] = []
    real_seeded = demo_progress.institution_seeded

    def seeded(code, *, done, total, waiting):
        progress.append((code, done, total, list(waiting)))
        real_seeded(code, done=done, total=total, waiting=waiting)

    monkeypatch.setattr(demo_progress, "institution_seeded", seeded)
    out = StringIO()

    # Not inside the test's transaction: worker processes must see what the parent committed.
    races.in_thread(lambda: call_command("seed_demo", "--jobs", "2", stdout=out), schema=None)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("province")
    assert "planner exists" in lines[0]
    processes = set()
    for spec in SPECS:
        index = next(i for i, line in enumerate(lines) if line.startswith(spec.code))
        assert f"{SMALLEST.staff:>4} staff" in lines[index]
        match = re.fullmatch(rf" +recording: {SMALLEST.staff} people ([\d,]+) process +\d+\.\d\ds", lines[index + 1])
        assert match, lines[index + 1]
        processes.add(int(match[1].replace(",", "")))
    assert processes  # worker processes (which of the two took which institution is theirs to say)
    assert os.getpid() not in processes
    assert lines[-2].startswith(f"seeded 2 institutions, {2 * SMALLEST.staff} staff in ")
    assert lines[-1].startswith("recording: seeded 2 institutions in ")
    # Counted in this process as each institution finished, whichever process seeded it.
    first, second = progress
    assert (first[1:3], second[1:3]) == ((1, 2), (2, 2))
    assert {first[0], second[0]} == {"workera", "workerb"}
    assert first[3] == [second[0]]
    assert second[3] == []
    assert demo_progress.province_progress() is None
    # Read from another connection: a read here would hold the schemas until the test's end.
    for spec in SPECS:
        assert races.in_thread(lambda: User.objects.filter(username="admin").exists(), schema=spec.code)

    # A second run finds everything there and leaves it so.
    again = StringIO()
    races.in_thread(lambda: call_command("seed_demo", "--jobs", "2", stdout=again), schema=None)
    assert "seeded 0 institutions" in again.getvalue()
    assert again.getvalue().count("already seeded") == 2


def test_seed_demo_inside_a_transaction_seeds_in_this_process(monkeypatch):
    """A test's (or any caller's) open transaction holds rows worker processes cannot see."""
    monkeypatch.setattr(demo_data, "INSTITUTIONS", SPECS)
    recording = Declaration("recording", Plugin(demo_seeder=DemoSeeder(f"{__name__}.recording_seeder", 1)))
    monkeypatch.setattr(seed_demo, "registry", lambda: Registry([recording]))
    out = StringIO()

    call_command("seed_demo", "--jobs", "2", stdout=out)

    processes = {int(m.replace(",", "")) for m in re.findall(r"people ([\d,]+) process", out.getvalue())}
    assert processes == {os.getpid()}


def test_two_provisionings_at_once_both_succeed(committed_codes):
    """Each clone replaces the clone's plpgsql functions; without the provisioning lock the second
    of two at once fails with "tuple concurrently updated"."""
    committed_codes.extend(["racea", "raceb"])

    def make(code):
        return lambda: institution_create(code=code, name=f"{code} 재단", kind=InstitutionKind.CONTRIBUTED)

    outcomes = races.at_once([make("racea"), make("raceb")], schema=get_public_schema_name())

    assert [type(o).__name__ for o in outcomes] == ["ProvisionResult", "ProvisionResult"]
    assert set(Institution.objects.filter(code__in=["racea", "raceb"]).values_list("code", flat=True)) == {
        "racea",
        "raceb",
    }


DAY = date(2001, 2, 3)  # a day no other test writes figures for
CODE = "org.active"  # a KPI summed over institutions (org.kpis)


def test_province_figures_of_two_institutions_recorded_at_once_count_both(alpha, beta):
    """Each institution writes its figure of the day and refreshes the province's in one
    transaction, at the same moment: the second refresh waits for the first to commit and counts
    both (without the lock each counts only its own and the later commit wins)."""
    from monitoring import catalogue

    assert catalogue.kpis()[CODE].province == PROVINCE_SUM
    as_of = datetime(2001, 2, 4, tzinfo=SEOUL)
    barrier = threading.Barrier(2, timeout=30)

    def record(institution_id: int, value: int, *, first: bool):
        def call():
            with transaction.atomic():
                DailyFigure.objects.create(institution_id=institution_id, code=CODE, day=DAY, value=value, as_of=as_of)
                barrier.wait()
                if not first:
                    time.sleep(0.3)  # while the first holds its transaction open
                province_days_refresh(days=[DAY], now=as_of)
                if first:
                    time.sleep(0.8)

        return call

    try:
        outcomes = races.at_once(
            [record(alpha.pk, 30, first=True), record(beta.pk, 12, first=False)], schema=get_public_schema_name()
        )
        assert outcomes == [None, None]
        figure = ProvinceDailyFigure.objects.get(code=CODE, day=DAY)
        assert (figure.value, figure.institutions) == (Decimal(42), 2)
    finally:

        def clean():
            DailyFigure.objects.filter(day=DAY).delete()
            ProvinceDailyFigure.objects.filter(day=DAY).delete()

        races.in_thread(clean, schema=get_public_schema_name())
