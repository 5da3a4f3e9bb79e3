"""Browser tests share two cores with the live server, the database and, in CI, nothing else;
on a loaded machine an htmx round trip can take longer than Playwright's default 5 s for an
`expect`. Waiting longer changes nothing when the page is right, and a wrong page still fails."""

import pytest

EXPECT_TIMEOUT_MS = 20_000


@pytest.fixture(autouse=True, scope="session")
def _patient_expectations():
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
