"""Browser tests share two cores with the live server, the database and, in CI, nothing else;
on a loaded machine an htmx round trip can take longer than Playwright's default 5 s for an
`expect`. Waiting longer changes nothing when the page is right, and a wrong page still fails.

Without Chromium every browser test is skipped from here, before any module starts a server or
a browser, and the run's summary (``-ra``) says so in a single line naming the command."""

import pytest

from tests.browser import CHROMIUM, MISSING

EXPECT_TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # -ra lists skips by (place, reason): every test's own place would make one line per test.
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(MISSING):
        report.longrepr = (__file__, 0, report.longrepr[2])
    return report


@pytest.fixture(autouse=True, scope="session")
def _patient_expectations():
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
