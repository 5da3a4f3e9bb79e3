"""Both admin consoles speak Korean (issue 9, item 15): no English model, field or app names
("AXES / Access attempts", "Schema name"), and none of Django's Korean strings that glue a
particle to a name ("보기위한 1감사 기록 를(을) 선택", "행위 (으)로"). The project's catalogue
(locale/ko) rewords those and names django-axes' models; the compiled catalogue must be the one
in use."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from org.admin import institution_site
from tenants.admin import province_site
from tests.support import ADMIN, PLANNER, login

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[가-힣]")
# Words that are data or the accepted names of things, not untranslated labels.
ALLOWED = {
    "ID", "IP", "HTTP", "Accept", "GET", "POST", "SHA", "XLSX", "CSV", "PDF",  # names of things
    "admin", "staff", "peer", "planner", "nobody", "alpha", "beta", "localhost",  # test data
    "unknown", "username", "password",  # a failed sign-in as recorded: no browser, the form's fields
    "www",  # a help text's example address
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{3,}")


class _Text(HTMLParser):
    """Visible text and the text of options and titles, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def english(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        # Hashes, masked values ("1cadb8******", a password hash's shown part), paths and addresses
        # are data.
        text = re.sub(r"\b[0-9a-f]{16,}\b|\S+\*{3,}|/\S*|\S+@\S+|\S+\.localhost\S*", " ", part)
        found += [f"{word} ← {part[:80]!r}" for word in WORD.findall(text) if word not in ALLOWED]
    return found


def pages(client, index_html: str) -> dict[str, str]:
    """The index, every model's list and add page it links to, and the first entry of each list."""
    found = {"/admin/": index_html}
    for url in sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', index_html))):
        listing = client.get(url)
        found[url] = listing.content.decode()
        first = re.search(r'href="(' + re.escape(url) + r'[0-9]+/change/)[^"]*"', found[url])
        if first:
            found[first.group(1)] = client.get(first.group(1)).content.decode()
    return found


def test_every_console_model_field_and_app_has_a_korean_name():
    names = []
    with translation.override("ko"):
        for site in (institution_site, province_site):
            for model in site._registry:
                meta = model._meta
                names += [
                    (meta.label, "app", str(meta.app_config.verbose_name)),
                    (meta.label, "model", str(meta.verbose_name)),
                    (meta.label, "models", str(meta.verbose_name_plural)),
                ]
                names += [
                    (meta.label, field.name, str(field.verbose_name))
                    for field in meta.get_fields()
                    if hasattr(field, "verbose_name") and field.name != "id"
                ]
    assert [entry for entry in names if not HANGUL.search(entry[2])] == []


def test_the_consoles_have_no_english_headings(alpha, client_for, province_client):
    institution = client_for(alpha)
    institution.post("/accounts/login/", {"username": "nobody", "password": "wrong"})  # one lockout entry
    login(institution, ADMIN)
    login(province_client, PLANNER)

    found = {}
    for client in (institution, province_client):
        index = client.get("/admin/")
        assert index.status_code == 200
        for url, html in pages(client, index.content.decode()).items():
            words = english(html)
            if words:
                found[f"{client.defaults['HTTP_HOST']}{url}"] = words

    assert found == {}


def test_the_list_titles_and_filters_read_as_korean(alpha, client_for, province_client):
    login(province_client, PLANNER)
    client = client_for(alpha)
    login(client, ADMIN)

    audit = province_client.get("/admin/audit/auditevent/").content.decode()
    lockouts = client.get("/admin/axes/accessattempt/").content.decode()

    assert "<h1>볼 감사 기록 선택</h1>" in audit
    assert "행위 기준" in audit
    assert "를(을)" not in audit
    assert "(으)로" not in audit
    assert "<h1>볼 로그인 실패 기록 선택</h1>" in lockouts
    assert "로그인 잠금" in lockouts


def test_the_compiled_catalogue_is_the_one_edited():
    """Every entry of locale/ko/LC_MESSAGES/django.po is what gettext answers (msgfmt was run)."""
    source = Path(settings.BASE_DIR, "locale", "ko", "LC_MESSAGES", "django.po").read_text()
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, flags=re.MULTILINE)
    assert len(entries) > 40
    with translation.override("ko"):
        wrong = [
            (msgid, translation.gettext(msgid)) for msgid, msgstr in entries if translation.gettext(msgid) != msgstr
        ]
    assert wrong == []
