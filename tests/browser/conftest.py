"""Browser tests share two cores with the live server, the database and, in CI, nothing else;
on a loaded machine an htmx round trip can take longer than Playwright's default 5 s for an
`expect`. Waiting longer changes nothing when the page is right, and a wrong page still fails.

Without Chromium every browser test is skipped from here, before any module starts a server or
a browser, and the run's summary (``-ra``) says so in a single line naming the command.

Every browser module provides an ``institution`` fixture (module scope: a committed institution of
its own, see tests.browser.committed_institution); the live server (``server_port``) and a fresh
Korean-locale page per test (``page``, with the module's ``context_options`` if it has any) come
from here."""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

from tests.browser import CHROMIUM, CHROMIUM_ARGS, MISSING

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


@pytest.fixture(scope="module")
def server_port(institution):
    """Django's live server in a thread of this process, for the module's institution. Its own
    database connection sees committed data only, as a browser against a real server does."""
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield thread.port
    thread.terminate()


@pytest.fixture
def context_options():
    """Extra Playwright browser-context options (viewport, downloads …); a module overrides it."""
    return {}


@pytest.fixture
def page(context_options):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_context(locale="ko-KR", **context_options).new_page()
        finally:
            browser.close()
