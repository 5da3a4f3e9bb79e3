"""Money is integer won (STYLE: never float). One place for the largest amount the system takes,
for reading an amount as people type it, and for writing it the way official documents do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# BIGINT holds more, but no decision of a provincial institution comes near a trillion won: a typo
# with extra zeros is refused instead of being routed to whoever decides the largest amounts.
MAX_AMOUNT = 999_999_999_999

SMALL_UNITS = {"십": 10, "백": 100, "천": 1_000}
BIG_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12}
# ASCII digits only: str.isdigit() also takes "²" and "５", which people do not mean as amounts.
_TOKEN = re.compile(r"(?P<number>[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?)|(?P<unit>[십백천만억조])|(?P<other>.)", re.S)
_SPACES = re.compile(r"\s+")


class AmountError(ValueError):
    """Why a typed amount is not one: `code` names the message WonField shows."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _terms(tokens: list[tuple[str, str]]) -> Iterator[tuple[Decimal, int | None, int | None]]:
    """Yield (value, small unit or None, big unit or None) per term: "2천" → (2000, 1000, None),
    "5백만" → (500, 100, 10000), "300" → (300, None, None). The big unit closes a group."""
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        number: Decimal | None = None
        if kind == "number":
            number = Decimal(text.replace(",", ""))
            i += 1
        small = big = None
        if i < len(tokens) and tokens[i][1] in SMALL_UNITS:
            small = SMALL_UNITS[tokens[i][1]]
            i += 1
        if i < len(tokens) and tokens[i][1] in BIG_UNITS:
            big = BIG_UNITS[tokens[i][1]]
            i += 1
        if number is None and small is None and big is None:
            raise AmountError("invalid")  # a unit where a number should be: "만만"
        if number is not None and number != number.to_integral_value() and small is None and big is None:
            raise AmountError("fraction")  # "5000000.5": part of a won
        yield (Decimal(1) if number is None else number) * (small or 1), small, big


def parse_won(typed: str | None) -> int | None:
    """The whole-won amount `typed` means, or None for nothing typed. Raises AmountError.

    Taken: digits with or without thousands separators ("5,000,000", "5000000원", "₩5,000,000",
    "금5,000,000원") and the Korean units people type, 십·백·천 inside 만·억·조 groups, largest
    first ("5백만원", "500만원", "1억 2천만원", "1.5억", "2천5백만", "3만 5천원", "만원").
    Refused: a sign ("-5000000"), part of a won ("5000000.5", "1.23456만"), exponents and other
    letters ("1e6", "abc", "일만"), non-ASCII digits ("²", "５"), units out of order ("5만 3억",
    "5천 5천", "1천 1500"), and "1억 2천" or "1억 500": after 억 a part without 만 reads as
    1억 2천만 to many people and as 100,002,000 to the rule, so it is asked again, not guessed.
    Spaces are ignored (some write "1 250 000"), so "300 5천" reads as 3005천."""
    text = _SPACES.sub("", typed or "")
    if not text:
        return None
    for prefix in ("₩", "금"):
        text = text.removeprefix(prefix)
    text = text.removesuffix("원")
    if not text:
        raise AmountError("invalid")
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"  # every alternative of _TOKEN is a named group
        if kind == "other":
            raise AmountError("negative" if match.group() == "-" and match.start() == 0 else "invalid")
        tokens.append((kind, match.group()))

    total = Decimal(0)
    group = Decimal(0)
    last_small: int | None = None  # the unit of the term before, inside the current group
    last_big: int | None = None  # the big unit of the group before
    group_open = False
    for value, small, big in _terms(tokens):
        if group_open and (last_small is None or value >= last_small):
            raise AmountError("order")  # "5천 5천", "1천 1500"
        group += value
        last_small = small
        group_open = True
        if big is not None:
            if last_big is not None and (big >= last_big or group * big >= last_big):
                raise AmountError("order")  # "5만 3억", "1억 15000만"
            total += group * big
            last_big = big
            group, last_small, group_open = Decimal(0), None, False
    if group_open:
        if last_big is not None and last_big >= BIG_UNITS["억"]:
            raise AmountError("ambiguous")
        if last_big is not None and group >= last_big:
            raise AmountError("order")  # "1만 15000"
        total += group
    if total != total.to_integral_value():
        raise AmountError("fraction")
    amount = int(total)
    if amount > MAX_AMOUNT:
        raise AmountError("too_large")
    return amount


_NUMERALS = "영일이삼사오육칠팔구"


def won_in_hangul(amount: int) -> str:
    """The amount in Hangul as official documents write it beside the figures (시행규칙 제2조:
    금113,560원(금일십일만삼천오백육십원)): every digit named, 일 included, in 만·억·조 groups."""
    if amount == 0:
        return "영"
    words = []
    for big, big_name in ((10**12, "조"), (10**8, "억"), (10**4, "만"), (1, "")):
        group, amount = divmod(amount, big)
        if not group:
            continue
        for unit, unit_name in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
            digit, group = divmod(group, unit)
            if digit:
                words.append(_NUMERALS[digit] + unit_name)
        words.append(big_name)
    return "".join(words)


def won_official(amount: int) -> str:
    """금5,000,000원(금오백만원): figures and Hangul, the way a 기안문 writes an amount."""
    return f"금{amount:,}원(금{won_in_hangul(amount)}원)"


class WonField(forms.CharField):
    """An amount in whole won as people type it (parse_won); shown back with thousands
    separators."""

    default_error_messages = {
        "invalid": _("금액은 숫자로 입력하세요. 만·억 단위도 됩니다. 예: 1,250,000 또는 125만"),
        "negative": _("금액은 0원 이상이어야 합니다."),
        "fraction": _("금액은 원 단위까지만 입력할 수 있습니다(소수점 아래 없이)."),
        "order": _("금액의 단위 순서를 확인하세요. 예: 1억 2천만, 3만 5천"),
        "ambiguous": _(
            "억 다음에 만 없이 쓴 금액은 뜻이 둘일 수 있습니다. '1억 2천만원'처럼 만을 붙이거나 숫자로 입력하세요."
        ),
        "too_large": _("금액이 너무 큽니다. 자릿수를 확인하세요."),
    }

    # A WonField cleans to won (an int), not to the text a CharField gives.
    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        try:
            return parse_won(super().to_python(value))
        except AmountError as exc:
            raise forms.ValidationError(self.error_messages[exc.code], code=exc.code) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
