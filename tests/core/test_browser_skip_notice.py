"""A machine without Chromium skips the browser tests and says so once, with the command that
enables them (checked in a nested run that points at a Chromium that is not there)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_missing_chromium_is_one_line_naming_the_install_command(tmp_path):
    nested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/browser"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert nested.returncode == 0, nested.stdout[-3000:]
    lines = [line for line in nested.stdout.splitlines() if "Chromium" in line]
    assert len(lines) == 1, nested.stdout[-3000:]
    assert lines[0].startswith("SKIPPED [")
    assert "apt-get install chromium" in lines[0]
    assert " passed" not in nested.stdout
