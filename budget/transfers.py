"""The bank transfer file (이체 파일) for firm banking: the one layout and encoding every payment of
an institution is uploaded in — budget's payment batches (budget.execution.transfer_file) and
payroll's 지급 (other apps call `transfer_csv` with their own rows; budget never imports them).

Layout: a header and one row per payee — 은행코드 (금융결제원 code), 계좌번호 (digits only),
예금주, 금액 (won), 적요 — CSV with CRLF, encoded in CP949: the firm-banking upload screens of
Korean banks read CSV as CP949 (the "ANSI" a Korean Excel saves), and several show a UTF-8
byte-order mark as garbage in the first header. A name CP949 cannot write is refused rather than
silently mangled; a leading =, +, -, @ is quoted so a spreadsheet never runs it as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budget.models import BANK_CODES, BANK_NAMES

__all__ = ["TRANSFER_ENCODING", "TRANSFER_HEADERS", "TransferRow", "bank_code_for", "transfer_csv"]

TRANSFER_HEADERS = ("은행코드", "계좌번호", "예금주", "금액", "적요")
TRANSFER_ENCODING = "cp949"

# Names people write for a bank (a pay profile's 은행) that differ from the 금융결제원 list's.
_ALIASES = {
    "산업은행": "002",
    "기업은행": "003",
    "국민은행": "004",
    "농협": "011",
    "농협은행": "011",
    "대구은행": "031",
    "아이엠뱅크": "031",
    "제일은행": "023",
    "씨티은행": "027",
    "우체국예금": "071",
    "하나은행": "081",
}


@dataclass(frozen=True)
class TransferRow:
    bank_code: str
    account_number: str
    holder: str
    amount: int
    memo: str


def bank_code_for(name: str) -> str | None:
    """The 금융결제원 code of a bank written by name ("농협은행", "NH농협은행", "대구은행"), a code
    given as is ("011"), or None when it is not a bank the firm-banking file knows."""
    text = "".join((name or "").split())
    if text in BANK_NAMES:
        return text
    for code, label in BANK_CODES:
        if text == label:
            return code
    return _ALIASES.get(text)


def _text(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def transfer_csv(rows: Iterable[TransferRow]) -> bytes:
    """The transfer file of `rows` (see the module's doc)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TRANSFER_HEADERS)
    for row in rows:
        writer.writerow(
            [
                row.bank_code,
                "".join(ch for ch in row.account_number if ch.isdigit()),
                _text(row.holder),
                row.amount,
                _text(row.memo),
            ]
        )
    try:
        return buffer.getvalue().encode(TRANSFER_ENCODING)
    except UnicodeEncodeError:
        raise ValidationError(
            _("은행 이체 파일(CP949)에 쓸 수 없는 글자가 예금주나 적요에 있습니다. 예금주를 확인하세요.")
        ) from None
