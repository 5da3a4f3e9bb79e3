"""`make run`: prepare the database, seed the demo province, then run web, worker and beat.

Runs in the foreground; Ctrl-C stops all three children cleanly, and also the embedded
PostgreSQL/Valkey servers if this launcher was the one that started them.
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


def _say(message: str) -> None:
    print(f"[make run] {message}", flush=True)


def main() -> int:
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
    _say("migrating the public schema, every institution and the template …")
    subprocess.run([*manage, "migrate_all"], check=True)
    _say("seeding the demo province (skipped where already there) …")
    subprocess.run([*manage, "seed_demo"], check=True)

    children = {
        "web": subprocess.Popen([*manage, "runserver", "127.0.0.1:8000", "--noreload"]),
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
                # `celery` is the default queue; `pdf` carries the official PDF renders, and
                # `pdf_backlog` those of a bulk history such as the demo seed (approval.tasks).
                "--queues",
                "celery,pdf,pdf_backlog",
                "--hostname",
                "worker@%h",
            ]
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
    _say("web on http://localhost:8000/ (province) and http://<code>.localhost:8000/ (institutions); Ctrl-C stops")

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                _say(f"{name} exited with {proc.returncode}; stopping the rest")
                exit_code = proc.returncode or 1
                stopping = True
                break
        time.sleep(0.5)

    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
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
