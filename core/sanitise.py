"""Document bodies are rich text from the drafter's editor: kept as HTML, cleaned to an allowlist
on every write so what is stored (and later printed on the 기안문) can never carry script, event
handlers, inline styles (the CSP would refuse them anyway) or links to odd schemes. E-approval
cleans what drafters write; receipts clean again what another institution sent.

Paragraphs are kept as paragraphs: the editor writes <p> blocks, and a <div> (what a browser's
own contenteditable makes for each Enter, in bodies saved before the editor changed, or pasted
from elsewhere) becomes a <p> instead of vanishing and running its line into the next one."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

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

# Elements that make their own block: a <div> holding one of them is a wrapper, not a line.
_BLOCKS = {
    "p", "div", "ol", "ul", "li", "blockquote", "h2", "h3", "h4", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
_VOID = {"br", "hr"}


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Tree(HTMLParser):
    """A tree of HTML that nh3 has already made well-formed (every tag closed, nested right)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("", [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _is_blank_line(node: _Node) -> bool:
    """<div><br></div>: the browser's empty line."""
    return all(
        (isinstance(c, str) and not c.strip()) or (isinstance(c, _Node) and c.tag == "br") for c in node.children
    )


def _paragraphs(children: list[_Node | str]) -> list[_Node | str]:
    """Children with each <div> made a paragraph (a line of its own) or, when it wraps blocks,
    replaced by what it wraps. Where a <div> was, the text beside it (the browser leaves the first
    line bare: "첫 줄<div>둘째 줄</div>") becomes a paragraph too."""
    out: list[_Node | str] = []
    had_div = False
    for child in children:
        if isinstance(child, str):
            out.append(child)
            continue
        child.children = _paragraphs(child.children)
        if child.tag != "div":
            out.append(child)
            continue
        had_div = True
        if any(isinstance(c, _Node) and c.tag in _BLOCKS for c in child.children):
            out.extend(child.children)
        else:
            paragraph = _Node("p", [])
            paragraph.children = [] if _is_blank_line(child) else child.children
            out.append(paragraph)
    return _wrap_inline_runs(out) if had_div else out


def _wrap_inline_runs(children: list[_Node | str]) -> list[_Node | str]:
    out: list[_Node | str] = []
    run: list[_Node | str] = []

    def flush() -> None:
        if any(not isinstance(c, str) or c.strip() for c in run):
            paragraph = _Node("p", [])
            paragraph.children = list(run)
            out.append(paragraph)
        run.clear()

    for child in children:
        if isinstance(child, _Node) and child.tag in _BLOCKS:
            flush()
            out.append(child)
        else:
            run.append(child)
    flush()
    return out


def _html(children: list[_Node | str]) -> str:
    parts = []
    for child in children:
        if isinstance(child, str):
            parts.append(escape(child, quote=False))
            continue
        attrs = "".join(f' {k}="{escape(v or "", quote=True)}"' for k, v in child.attrs)
        if child.tag in _VOID:
            parts.append(f"<{child.tag}{attrs}>")
        else:
            parts.append(f"<{child.tag}{attrs}>{_html(child.children)}</{child.tag}>")
    return "".join(parts)


def clean_body(html: str) -> str:
    """The body with everything outside the allowlist removed (text is kept, tags dropped) and
    every <div> turned into a paragraph."""
    html = html or ""
    if "<div" in html.lower():
        tree = _Tree()
        tree.feed(_clean(html, ALLOWED_TAGS | {"div"}))
        tree.close()
        html = _html(_paragraphs(tree.root.children))
    # Cleaned again with the real allowlist: what the paragraph pass wrote is checked like any input.
    return _clean(html, ALLOWED_TAGS).strip()


def body_text(html: str) -> str:
    """The body's text alone (no tags), e.g. to tell an empty editor from a written body."""
    return nh3.clean(html or "", tags=set()).strip()
