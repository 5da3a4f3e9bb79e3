"""Browser tests: headless Debian Chromium (never a downloaded browser) driven by Playwright.

Without Chromium they are skipped, and the run says so in one line (conftest.py). ``CHROMIUM``
names another binary, e.g. to check that line on a machine that has one."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def committed_institution(django_db_blocker, *, code: str, name: str, kind: str) -> Iterator:
    """A committed institution of a browser module's own (its schema made and migrated), dropped
    with its schema at the end. pytest-django's ``live_server`` would not do: it implies
    ``transactional_db``, which empties the public schema after the test and so would lose the
    session's alpha and beta. The database stays unblocked for the whole module, since the server
    thread shares pytest-django's process-wide guard against unplanned database access."""
    from django.db import connection

    from tenants.models import Institution
    from tenants.services import institution_create

    with django_db_blocker.unblock():
        created = institution_create(code=code, name=name, kind=kind).institution
        try:
            yield created
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def wait_for_url_or_refusal(page, url: str) -> None:
    """Wait for a form POST to land on `url`; if the server refused it instead (a 422 page with its
    Korean messages), fail naming those messages rather than timing out with none."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_url(url)
    except PlaywrightTimeout:
        shown = page.locator("[role=alert], .errorlist, .error").all_inner_texts()
        raise AssertionError(f"{url} not reached; the page at {page.url} shows: {shown}") from None
