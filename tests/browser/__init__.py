"""Browser tests: headless Debian Chromium (never a downloaded browser) driven by Playwright.

Without Chromium they are skipped, and the run says so in one line (conftest.py). ``CHROMIUM``
names another binary, e.g. to check that line on a machine that has one."""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# One line in the run's summary (-ra folds the skips raised at one place into one line).
MISSING = (
    f"browser tests skipped: no Chromium at {CHROMIUM}; "
    "`apt-get install chromium` (Debian/Ubuntu, as root) enables them"
)
