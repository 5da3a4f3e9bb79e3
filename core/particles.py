"""Korean particles (조사) after a word the code does not know in advance: "기획조정실-1로",
"기획조정실-3으로", "붙임.hwp를". Which form follows depends on how the word's last syllable is
read: after a final consonant (받침) 을·이·은·과·으로, after a vowel 를·가·는·와·로, and 로 also
after ㄹ. Digits are read as the number they end ("1" 일 → 로, "3" 삼 → 으로, "10" 십 → 으로,
"100000" 십만 → 으로, "0" 영 → 으로); a Latin letter by its name ("pdf" 에프 → 를, "xml" 엘 → 로).
A word that cannot be read (only symbols) gets both forms, "을(를)", as Korean writing does.
"""

from __future__ import annotations

import re

# Each pair: (after a final consonant, after a vowel). 으로/로 also takes 로 after ㄹ.
PAIRS = {
    "을/를": ("을", "를"),
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
}

VOWEL, RIEUL, CONSONANT = "vowel", "rieul", "consonant"

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL_INDEX = 8  # ㄹ among the 27 final consonants of a precomposed syllable

# How each digit, power of ten and group of four digits ends when read (일, 이, 삼 … 십, 백 …).
_DIGITS = {
    "0": CONSONANT,  # 영
    "1": RIEUL,  # 일
    "2": VOWEL,  # 이
    "3": CONSONANT,  # 삼
    "4": VOWEL,  # 사
    "5": VOWEL,  # 오
    "6": CONSONANT,  # 육
    "7": RIEUL,  # 칠
    "8": RIEUL,  # 팔
    "9": VOWEL,  # 구
}
_TENS = {1: CONSONANT, 2: CONSONANT, 3: CONSONANT}  # 십, 백, 천
_GROUPS = {1: CONSONANT, 2: CONSONANT, 3: VOWEL, 4: CONSONANT}  # 만, 억, 조, 경
# Letters read with a final consonant: 엘, 알 (ㄹ); 엠, 엔. Every other letter's name ends in a vowel.
_LETTERS = {"l": RIEUL, "r": RIEUL, "m": CONSONANT, "n": CONSONANT}

# What closes a word without being read: spaces, brackets, quotes, sentence marks.
_UNREAD_TAIL = re.compile(r"[\s)\]}>」』》〉”’\"'.,!?…·:;]+$")
_DIGITS_TAIL = re.compile(r"(\.?)([0-9][0-9,]*)$")


def _number_ending(digits: str, after_point: bool) -> str:
    """How the run of digits at the end of a word ends when read aloud."""
    if after_point or (len(digits) > 1 and digits.startswith("0")):
        # "1.5" 일 점 오, "010" 공일공: the last digit alone.
        return _DIGITS[digits[-1]]
    number = int(digits)
    if number == 0:
        return _DIGITS["0"]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGITS[digits[-1]]
    if zeros >= 4:
        # 10000 만, 100000 십만, 100000000 억: the reading ends with the group's word.
        return _GROUPS.get(zeros // 4, "")
    return _TENS[zeros]


def final_sound(word: str) -> str:
    """VOWEL, RIEUL or CONSONANT for how `word` ends when read, or "" when that cannot be told."""
    word = _UNREAD_TAIL.sub("", word or "")
    if not word:
        return ""
    digits = _DIGITS_TAIL.search(word)
    if digits:
        return _number_ending(digits.group(2).replace(",", ""), bool(digits.group(1)))
    last = word[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        final = (code - _HANGUL_FIRST) % 28
        return VOWEL if final == 0 else RIEUL if final == _RIEUL_INDEX else CONSONANT
    if last.isascii() and last.isalpha():
        return _LETTERS.get(last.lower(), VOWEL)
    return ""


def particle(word: str, pair: str) -> str:
    """The form of `pair` ("을/를", "이/가", "은/는", "과/와", "으로/로") that follows
    `word`; both forms ("을(를)", "(으)로") when the word's reading cannot be told."""
    after_consonant, after_vowel = PAIRS[pair]
    sound = final_sound(word)
    if sound == VOWEL or (sound == RIEUL and after_consonant == "으로"):
        return after_vowel
    if sound:
        return after_consonant
    return "(으)로" if pair == "으로/로" else f"{after_consonant}({after_vowel})"


def with_particle(word: str, pair: str) -> str:
    """`word` followed by the right form of `pair`: with_particle("기획조정실-1", "으로/로") → "기획조정실-1로"."""
    return f"{word}{particle(word, pair)}"
