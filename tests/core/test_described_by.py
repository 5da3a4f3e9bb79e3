"""Every aria-describedby on the pages with forms points at an element that is on the page (issue 9,
item 15): Django names a field's help `<id>_helptext`, and our field component must give the help
paragraph that id, or screen readers read the field without its help. Pages are rendered as they
are met: empty, and after a refused POST with its error messages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories.approval import org_chart, submitted
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for ref in (values.get("aria-describedby") or "").split():
            self.described.append((f"<{tag} name={values.get('name')!r} id={values.get('id')!r}>", ref))


def dangling(html: str) -> tuple[int, list[str]]:
    """How many references the page makes, and those that point nowhere."""
    parser = _Ids()
    parser.feed(html)
    return len(parser.described), [f"{element} → #{ref}" for element, ref in parser.described if ref not in parser.ids]


@pytest.fixture
def org(in_alpha):
    return org_chart()


def signed_in(client_for, alpha, user):
    client = client_for(alpha)
    assert login(client, user.username, PASSWORD).status_code == 302
    return client


def test_every_described_field_points_at_its_help(org, alpha, client_for):
    drafter = signed_in(client_for, alpha, org.drafter)
    head = signed_in(client_for, alpha, org.manager)
    approver = signed_in(client_for, alpha, org.lead)
    draft = drafter.post(reverse("approval:new"), {"kind": "general"})
    draft_url = draft["Location"]
    document = submitted(org)
    pages = {
        "기안문 작성": drafter.get(draft_url),
        "상신 거절": drafter.post(draft_url.replace("/draft/", "/draft/submit/"), {"delivery": "internal"}),
        "문서 보기(결재할 차례)": approver.get(reverse("approval:detail", args=[document.pk])),
        "결재대기함": approver.get(reverse("approval:waiting")),
        "메모보고 작성": drafter.get(reverse("memos:new")),
        "메모보고 거절": drafter.post(reverse("memos:new"), {"kind": "report"}),
        "받은 메모": drafter.get(reverse("memos:inbox")),
        "회의 등록": drafter.get(reverse("meetings:new")),
        "회의 등록 거절": drafter.post(reverse("meetings:new"), {"title": ""}),
        "지시 작성 거절": head.post(reverse("directives:new"), {"title": ""}),
        "지시사항": head.get(reverse("directives:list")),
        "지출 품의": drafter.get(reverse("budget:plan_new")),
        "지출 품의 거절": drafter.post(reverse("budget:plan_new"), {"title": ""}),
    }
    problems, unchecked = {}, []
    for name, response in pages.items():
        assert response.status_code in (200, 422), (name, response.status_code)
        made, broken = dangling(response.content.decode())
        if not made:
            unchecked.append(name)
        if broken:
            problems[name] = broken

    assert problems == {}
    assert unchecked == [], "pages without a described field test nothing here"
