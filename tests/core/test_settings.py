"""Where SECRET_KEY (and the encrypted fields' keys) come from. Each case imports the real settings
module in a fresh interpreter with its own environment; with no DATABASE_URL, the embedded
servers' starters are replaced by stand-ins (the case is about the key, and starting PostgreSQL
would take seconds)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRINT_KEY = """
import sys
from config import devservices
devservices.postgres_url = lambda: "postgresql://postgres@/works?host=/nonexistent"
devservices.ensure_database = lambda url: None
devservices.redis_url = lambda: "unix:///nonexistent/valkey.sock"
import config.settings as s
print(s.SECRET_KEY)
print(",".join(s.FIELD_ENCRYPTION_KEYS))
"""


ENV_NAMES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOW_INSECURE_DEV_KEY",
    "DEV_DATA_DIR",
    "FIELD_ENCRYPTION_KEYS",
}


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    return subprocess.run(
        [sys.executable, "-c", PRINT_KEY],
        env={**clean, "DEV_DATA_DIR": str(tmp_path / "data"), **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_fresh_clone_gets_a_development_key_kept_under_data(tmp_path):
    """`manage.py <command>` with no DATABASE_URL and DEBUG off: the development key, made once."""
    first = _settings(tmp_path)
    second = _settings(tmp_path)

    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[0]
    assert len(key) >= 50
    assert second.stdout.split()[0] == key  # kept, not made again
    kept = tmp_path / "data" / "secret_key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_production_without_a_key_refuses_to_start(tmp_path):
    result = _settings(
        tmp_path, DATABASE_URL="postgresql://works@db.example.kr/works", REDIS_URL="redis://cache.example.kr:6379/0"
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "data" / "secret_key").exists()


def test_the_kept_development_key_is_never_used_with_a_configured_database(tmp_path):
    made = _settings(tmp_path).stdout.split()[0]

    debug = _settings(
        tmp_path,
        DATABASE_URL="postgresql://works@db.example.kr/works",
        REDIS_URL="redis://cache.example.kr:6379/0",
        DEBUG="1",
    )

    assert debug.returncode == 0, debug.stderr
    assert debug.stdout.split()[0] not in {"", made}


def test_a_given_key_wins(tmp_path):
    result = _settings(tmp_path, SECRET_KEY="k" * 60)

    assert result.stdout.split()[0] == "k" * 60
    assert not (tmp_path / "data" / "secret_key").exists()


FERNET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes, urlsafe base64


def test_the_field_encryption_key_is_kept_under_data_for_development(tmp_path):
    first = _settings(tmp_path)
    second = _settings(tmp_path)

    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[1]
    assert second.stdout.split()[1] == key
    kept = tmp_path / "data" / "field_encryption_key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_production_without_field_encryption_keys_refuses_to_start(tmp_path):
    result = _settings(
        tmp_path,
        DATABASE_URL="postgresql://works@db.example.kr/works",
        REDIS_URL="redis://cache.example.kr:6379/0",
        SECRET_KEY="k" * 60,
    )

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off" in result.stderr


def test_given_field_encryption_keys_win_newest_first(tmp_path):
    result = _settings(
        tmp_path,
        DATABASE_URL="postgresql://works@db.example.kr/works",
        REDIS_URL="redis://cache.example.kr:6379/0",
        SECRET_KEY="k" * 60,
        FIELD_ENCRYPTION_KEYS=f"{FERNET_KEY}, old-key-kept-for-reading",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == f"{FERNET_KEY},old-key-kept-for-reading"
