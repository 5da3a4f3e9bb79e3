"""`make run`: prepare the database, seed the demo province, then run web, worker and beat.

Sign-in comes first: the migrations, the province and the first institution's people (seconds),
then web, worker and beat start while the rest of the demo province — every institution's people
and every app's history — is seeded in the background (`manage.py seed_demo`); the province's home
shows how far it is, and an institution still waiting says so on its pages. The official PDFs of
that history are rendered once it is all written (the worker takes the `pdf_backlog` queue then),
so the seed has both cores meanwhile.

Runs in the foreground; Ctrl-C stops every child cleanly, and also the embedded PostgreSQL/Valkey
servers if this launcher was the one that started them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
# The institution whose people can sign in before the web starts: org/demo_data.py's first, the
# one the README's walk-through uses.
FIRST_INSTITUTION = "gbdc"
# `celery` is the default queue; `pdf` carries the official PDF renders, `pdf_backlog` those of a
# bulk history such as the demo seed and `pdf_backlog_sent` its documents sent to other
# institutions (approval.tasks). A worker takes from its queues in turn. docker-compose.yml's
# worker lists the same (tests/exchange/test_backlog.py keeps them together).
WORKER_QUEUES = "celery,pdf,pdf_backlog_sent,pdf_backlog"
PDF_BACKLOG_QUEUE = "pdf_backlog"  # approval.tasks.PDF_BACKLOG_QUEUE (this module loads no Django)
# While the demo is seeded the worker leaves the history's internal renders alone (the seed has the
# cores), but renders and delivers what the history sent to other institutions as it comes, so the
# receivers' 접수대기 fill within minutes, not after the whole backlog.
SEEDING_QUEUES = ",".join(q for q in WORKER_QUEUES.split(",") if q != PDF_BACKLOG_QUEUE)


# The background seed (seed_demo, its worker processes) runs this much nicer than the web, so the
# people signing in while it writes the province get the cores first.
SEED_NICENESS = 10
# The Celery worker runs nicer still: while the seed writes, the renders and deliveries of the
# history it sends and monitoring's history backfill (about 460 s of CPU in all, measured on a
# fresh clone) would otherwise take the cores from the seed and triple its time. The worker still
# takes what the seed leaves (the seed often waits on the database) and, once the seed is done,
# both cores. The web is not made nicer: people signing in meanwhile come first.
WORKER_NICENESS = 19


def _nicer() -> None:
    os.nice(SEED_NICENESS)


def _nicest() -> None:
    os.nice(WORKER_NICENESS)


def _say(message: str) -> None:
    print(f"[make run] {message}", flush=True)


def _take_pdf_backlog() -> None:
    """Have the worker take the seeded history's PDF renders now that the seed is done."""
    subprocess.run(
        [PY, "-m", "celery", "-A", "config", "control", "add_consumer", PDF_BACKLOG_QUEUE],
        check=False,
        stdout=subprocess.DEVNULL,
    )


def main() -> int:
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # development server; production is docker-compose/gunicorn
    os.chdir(BASE_DIR)

    embedded = not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL")
    started_here = False
    if embedded:
        from config import devservices

        started_here = not devservices.running()
        t0 = time.perf_counter()
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = devservices.postgres_url()
            devservices.ensure_database(os.environ["DATABASE_URL"])
            # The children see DATABASE_URL set; they share the key a plain `manage.py` uses.
            os.environ.setdefault("SECRET_KEY", devservices.secret_key())
        if not os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = devservices.redis_url()
        _say(f"embedded PostgreSQL and Valkey ready under .data/ ({time.perf_counter() - t0:.1f}s)")

    manage = [PY, "manage.py"]
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # The worker and beat touch the database only when a job runs, so they start up while it is
    # being prepared: /healthz (which pings the worker) answers as soon as the web is up.
    children = {
        "worker": subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                # The renders of the seeded history (`pdf_backlog`) are taken once it is written.
                "--queues",
                SEEDING_QUEUES,
                "--hostname",
                "worker@%h",
            ],
            preexec_fn=_nicest,
        ),
        "beat": subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(BASE_DIR / ".data" / "celerybeat-schedule"),
            ]
        ),
    }
    seeding: subprocess.Popen | None = None
    exit_code = 0
    try:
        _say("migrating the public schema, every institution and the template …")
        subprocess.run([*manage, "migrate_all"], check=True)
        _say(f"the province and {FIRST_INSTITUTION}'s people, for signing in …")
        subprocess.run([*manage, "seed_demo", "--only", FIRST_INSTITUTION, "--org-only"], check=True)
    except subprocess.CalledProcessError as exc:
        _say(f"{' '.join(exc.cmd[1:3])} failed with {exc.returncode}; stopping")
        exit_code, stopping = exc.returncode, True
    if not stopping:
        # The rest goes on in the background (skipped where already there). The web starts only
        # now: when /healthz first answers, the demo accounts can sign in. Its system checks ran
        # with the migrations.
        seeding = subprocess.Popen([*manage, "seed_demo"], preexec_fn=_nicer)
        children["web"] = subprocess.Popen([*manage, "runserver", "127.0.0.1:8000", "--noreload", "--skip-checks"])
        _say(
            f"sign in at http://{FIRST_INSTITUTION}.localhost:8000/ (admin, staff) and http://localhost:8000/"
            " (planner) once the web answers; the rest of the demo province is being seeded meanwhile."
            " Ctrl-C stops"
        )

    while not stopping:
        if seeding is not None and seeding.poll() is not None:
            if seeding.returncode == 0:
                _say(f"the demo province is ready ({time.perf_counter() - started:.0f}s after start)")
            else:
                _say(f"seed_demo stopped with {seeding.returncode}; `manage.py seed_demo` finishes it")
            _take_pdf_backlog()
            seeding = None
        for name, proc in children.items():
            if proc.poll() is not None:
                # Ctrl-C reaches every child of the terminal at once, and a child may be gone
                # before this process has run its own handler: ending cleanly or by the signal is
                # a stop asked for, anything else a failure.
                if proc.returncode not in (0, -signal.SIGINT, -signal.SIGTERM):
                    _say(f"{name} exited with {proc.returncode}; stopping the rest")
                    exit_code = proc.returncode
                stopping = True
                break
        time.sleep(0.5)

    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    if seeding is not None:
        if seeding.poll() is None:
            seeding.send_signal(signal.SIGINT)  # it takes its notices down as it stops
        children["seed_demo"] = seeding
    deadline = time.monotonic() + 15
    for proc in children.values():
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            proc.kill()
    if embedded and started_here:
        from config import devservices

        devservices.stop()
        _say("stopped web, worker, beat and the embedded servers (data kept in .data/)")
    else:
        _say("stopped web, worker and beat")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
