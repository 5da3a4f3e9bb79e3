"""Document bodies are rich text from the drafter's editor: kept as HTML, cleaned to an allowlist
on every write so what is stored (and later printed on the 기안문) can never carry script, event
handlers, inline styles (the CSP would refuse them anyway) or links to odd schemes. E-approval
cleans what drafters write; receipts clean again what another institution sent."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
    "ol", "ul", "li", "blockquote", "h2", "h3", "h4", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "a": {"href", "title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_body(html: str) -> str:
    """The body with everything outside the allowlist removed (text is kept, tags dropped)."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def body_text(html: str) -> str:
    """The body's text alone (no tags), e.g. to tell an empty editor from a written body."""
    return nh3.clean(html or "", tags=set()).strip()
