"""The particle after a word the code does not know in advance (issue 9, item 15: "기획조정실-1(으)로"),
checked against how the words are read, not against the helper's own output."""

import pytest
from django.template import Context, Template

from core.particles import particle, with_particle


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # After a digit, by its reading: 일 칠 팔 end in ㄹ (로), 영 삼 육 in another consonant (으로).
        ("기획조정실-1", "기획조정실-1로"),
        ("기획조정실-2", "기획조정실-2로"),
        ("기획조정실-3", "기획조정실-3으로"),
        ("기획조정실-4", "기획조정실-4로"),
        ("기획조정실-5", "기획조정실-5로"),
        ("기획조정실-6", "기획조정실-6으로"),
        ("기획조정실-7", "기획조정실-7로"),
        ("기획조정실-8", "기획조정실-8로"),
        ("기획조정실-9", "기획조정실-9로"),
        ("기획조정실-0", "기획조정실-0으로"),
        # A number is read whole: 십, 백, 천, 만, 억 end in consonants; 11 십일, 1,000 천.
        ("총무팀-10", "총무팀-10으로"),
        ("총무팀-11", "총무팀-11로"),
        ("총무팀-100", "총무팀-100으로"),
        ("총무팀-1,000", "총무팀-1,000으로"),
        ("100000", "100000으로"),
        ("1000000000000", "1000000000000로"),  # 1조
        ("1.5", "1.5로"),  # 일 점 오
        # After Hangul: no 받침 → 로, ㄹ → 로, any other 받침 → 으로.
        ("기획팀", "기획팀으로"),
        ("기획조정실", "기획조정실로"),
        ("재무부", "재무부로"),
        ("「재무과」", "「재무과」로"),
        ("(주)알파", "(주)알파로"),
        # Latin letters by their names: 엘, 알 (ㄹ), 엠, 엔 (consonant), the rest vowels.
        ("HTML", "HTML로"),
        ("PDF", "PDF로"),
        ("XLSM", "XLSM으로"),
        # Nothing to read: both forms, as Korean writing does.
        ("-", "-(으)로"),
    ],
)
def test_euro_ro(word, expected):
    assert with_particle(word, "으로/로") == expected


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("붙임.hwp", "을/를", "를"),  # 피
        ("예산서.xlsx", "을/를", "를"),  # 엑스
        ("계획서", "을/를", "를"),
        ("결과 보고", "을/를", "를"),
        ("결재문", "을/를", "을"),
        ("3", "을/를", "을"),  # 삼
        ("2", "을/를", "를"),  # 이
        ("10", "을/를", "을"),  # 십
        ("도팀장", "이/가", "이"),
        ("남부장", "은/는", "은"),
        ("변동료", "은/는", "는"),
        ("기안자", "과/와", "와"),
        ("결재권자", "이/가", "가"),
        ("??", "을/를", "을(를)"),
        ("", "이/가", "이(가)"),
    ],
)
def test_other_particles(word, pair, expected):
    assert particle(word, pair) == expected


def test_the_template_filter():
    template = Template('{{ name }}{{ name|josa:"을/를" }} 뺄까요? {{ number }}{{ number|josa:"으로/로" }}')

    assert template.render(Context({"name": "붙임1.pdf", "number": "재무팀-13"})) == "붙임1.pdf를 뺄까요? 재무팀-13으로"
