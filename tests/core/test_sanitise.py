"""One cleaning rule for document bodies: the allowlist keeps paragraphs, line breaks, lists,
tables and bold/italic/underline; script, handlers, styles and odd links go; and a <div> — each
Enter of a browser's own contenteditable, or pasted from elsewhere — becomes a paragraph instead
of being dropped and running its line into the next."""

import pytest

from core.sanitise import body_text, clean_body


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # what the old editor stored: the first line bare, each further line in a <div>
        (
            "1. 목적<div>2. 금액: 5,000,000원</div><div>붙임 계획서 1부.</div>",
            "<p>1. 목적</p><p>2. 금액: 5,000,000원</p><p>붙임 계획서 1부.</p>",
        ),
        # an empty line is an empty paragraph
        ("<div>가</div><div><br></div><div>나</div>", "<p>가</p><p></p><p>나</p>"),
        # a <div> that wraps blocks is a wrapper: what it wraps stays
        ("<div><p>가</p><div>나</div></div>", "<p>가</p><p>나</p>"),
        ("<div><ol><li>가</li></ol></div>", "<ol><li>가</li></ol>"),
        # inside table cells and list items too
        (
            "<table><tr><td><div>가</div><div>나</div></td></tr></table>",
            "<table><tbody><tr><td><p>가</p><p>나</p></td></tr></tbody></table>",
        ),
        ("<ul><li>가<div>나</div></li></ul>", "<ul><li><p>가</p><p>나</p></li></ul>"),
        # the <div>'s attributes go with it; its inline content stays
        ('<DIV onclick="x()" style="color:red">가<b>나</b><script>alert(1)</script></DIV>', "<p>가<b>나</b></p>"),
        # text stays text: entities are kept escaped through the paragraph pass
        ("<div>a &amp; b &lt;script&gt;</div>", "<p>a &amp; b &lt;script&gt;</p>"),
        (
            '<div><a href="https://x.kr/?a=1&amp;b=2" title="&quot;q&quot;">누리집</a></div>',
            '<p><a href="https://x.kr/?a=1&amp;b=2" title="&quot;q&quot;" rel="noopener noreferrer">누리집</a></p>',
        ),
        # what the editor writes passes unchanged
        (
            "<p>가</p><p></p><ol><li><p>나</p></li></ol><p>다<br>라</p>",
            "<p>가</p><p></p><ol><li><p>나</p></li></ol><p>다<br>라</p>",
        ),
        (
            '<table><tbody><tr><th colspan="2"><p>구분</p></th></tr><tr><td><p>1</p></td><td><p><strong>2</strong>'
            "</p></td></tr></tbody></table>",
            '<table><tbody><tr><th colspan="2"><p>구분</p></th></tr><tr><td><p>1</p></td><td><p><strong>2</strong>'
            "</p></td></tr></tbody></table>",
        ),
        (
            "<p><strong>굵게</strong> <em>기울임</em> <u>밑줄</u></p>",
            "<p><strong>굵게</strong> <em>기울임</em> <u>밑줄</u></p>",
        ),
        # a body without blocks is left as it is
        ("민원 응대 매뉴얼을 <b>개정</b>하고자 합니다.", "민원 응대 매뉴얼을 <b>개정</b>하고자 합니다."),
        ("", ""),
        (None, ""),
    ],
)
def test_paragraphs_are_kept_and_divs_become_paragraphs(dirty, clean):
    assert clean_body(dirty) == clean


def test_cleaning_what_is_clean_changes_nothing():
    once = clean_body("첫 줄<div>둘째 <i>줄</i></div><div><br></div><table><tr><td><div>칸</div></td></tr></table>")
    assert clean_body(once) == once


def test_the_body_text_has_no_tags():
    assert body_text("<p>가</p><p></p>") == "가"
    assert body_text("<div><br></div>") == ""
