"""A received body is another institution's HTML: it was cleaned there, and is cleaned again here
to the same allowlist before it is stored (receipts may not import e-approval, which lives above
it; the allowlist is the one of approval.sanitise)."""

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


def clean_body(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
