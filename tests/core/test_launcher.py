"""`make run` (config.launcher), with its processes replaced by stand-ins that record what was
started when: the web starts only once the first institution's people can sign in (so /healthz
answers healthy only then), the rest of the demo is seeded meanwhile, and the seeded history's PDFs
are taken up once it is written."""

from __future__ import annotations

import subprocess

import pytest

from config import launcher


class _Process:
    """A child that runs until told to stop, or for `lives` polls."""

    def __init__(self, log: list, command: list[str], lives: int | None = None, returncode: int = 0) -> None:
        self.command, self.lives, self.returncode_when_done = command, lives, returncode
        self.returncode = None
        self.log = log
        log.append(("start", _name(command)))

    def poll(self):
        if self.returncode is None and self.lives is not None:
            self.lives -= 1
            if self.lives <= 0:
                self.returncode = self.returncode_when_done
                self.log.append(("exit", _name(self.command)))
        return self.returncode

    def send_signal(self, signum):
        self.returncode = -signum

    def wait(self, timeout=None):
        return self.returncode

    def kill(self):
        self.returncode = -9


def _name(command: list[str]) -> str:
    words = [w for w in command if not w.startswith("/") and w not in {"-m", "manage.py", "-A", "config"}]
    return " ".join(words[:5])


@pytest.fixture
def started(monkeypatch):
    log: list = []
    failing: set[str] = set()

    def popen(command, **kwargs):
        name = _name(command)
        if name == "seed_demo":
            return _Process(log, command, lives=3)
        if name.startswith("runserver"):
            # Then the web "fails": the launcher stops the rest and says so in its exit status.
            return _Process(log, command, lives=8, returncode=1)
        return _Process(log, command)

    def run(command, check=False, **kwargs):
        name = _name(command)
        log.append(("run", name))
        if name in failing:
            raise subprocess.CalledProcessError(2, command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setenv("DATABASE_URL", "postgresql://works@db.example.kr/works")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example.kr:6379/0")
    monkeypatch.setattr(launcher.subprocess, "Popen", popen)
    monkeypatch.setattr(launcher.subprocess, "run", run)
    monkeypatch.setattr(launcher.signal, "signal", lambda *args: None)
    monkeypatch.setattr(launcher.time, "sleep", lambda seconds: None)
    monkeypatch.chdir(launcher.BASE_DIR)
    return log, failing


def test_the_web_starts_only_when_the_demo_accounts_can_sign_in(started):
    log, _failing = started

    assert launcher.main() == 1  # the stand-in web fails after a while

    assert log[:6] == [
        ("start", "celery worker --loglevel INFO --concurrency"),
        ("start", "celery beat --loglevel INFO --schedule"),
        ("run", "migrate_all"),
        ("run", "seed_demo --only gbdc --org-only"),
        ("start", "seed_demo"),
        ("start", "runserver 127.0.0.1:8000 --noreload --skip-checks"),
    ]
    # The seeded history's PDFs are taken up once the seed is done, not before.
    seed_done = log.index(("exit", "seed_demo"))
    assert log.index(("run", "celery control add_consumer pdf_backlog")) > seed_done


def test_ctrl_c_stops_everything_cleanly_whichever_child_goes_first(started, monkeypatch):
    """Ctrl-C reaches every child at once; beat may be gone before the launcher's own handler ran."""
    log, _failing = started
    popen = launcher.subprocess.Popen

    def beat_stops_by_ctrl_c(command, **kwargs):
        child = popen(command, **kwargs)
        if "beat" in command:
            child.lives, child.returncode_when_done = 2, 0
        return child

    monkeypatch.setattr(launcher.subprocess, "Popen", beat_stops_by_ctrl_c)

    assert launcher.main() == 0
    assert ("exit", "celery beat --loglevel INFO --schedule") in log


def test_a_failed_migration_starts_no_web_and_stops_the_rest(started):
    log, failing = started
    failing.add("migrate_all")

    assert launcher.main() == 2

    assert ("run", "seed_demo --only gbdc --org-only") not in log
    assert not [entry for entry in log if entry[1].startswith(("runserver", "seed_demo"))]
