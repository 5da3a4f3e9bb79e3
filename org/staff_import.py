"""Bulk import of staff from a CSV or XLSX file: every row is checked first, and only a file
without a single error is written, in one transaction. Nothing is ever half-imported.

Columns (the first row holds the headers, in any order):
    사번*, 성명*, 아이디*, 부서코드*, 직위, 직급, 입사일, 재직상태, 이메일, 전화번호, 역할
A row whose 사번 already exists updates that person; otherwise a new person is created with no
usable password (the admin sets one, or the person uses the password reset).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from org import roles
from org.models import Department, EmploymentStatus, Grade, Position, User

MAX_ROWS = 5000
REQUIRED = ("사번", "성명", "아이디", "부서코드")
OPTIONAL = ("직위", "직급", "입사일", "재직상태", "이메일", "전화번호", "역할")
_STATUS_BY_LABEL = {str(label): value for value, label in EmploymentStatus.choices}
_ROLE_BY_LABEL = {label: code for code, label in roles.ROLE_LABELS.items() if code != roles.PLANNING_OFFICE}
_USERNAME_RE = re.compile(r"^[\w.@+-]{2,150}$")
_DATE_RE = re.compile(r"^(\d{4})[-./\s]*(\d{1,2})[-./\s]*(\d{1,2})\.?$")


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the spreadsheet shows it (row 1 is the header)
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, too big, no header)."""


def _read_rows(name: str, content: bytes) -> list[list[str]]:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFileError(_("XLSX 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하세요.")) from exc
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
        workbook.close()
        return rows
    if lower.endswith(".csv"):
        # Korean Excel saves CSV as CP949; UTF-8 (with or without BOM) is the other common case.
        for encoding in ("utf-8-sig", "cp949"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("CSV 파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949로 저장하세요."))
        return [list(row) for row in csv.reader(io.StringIO(text))]
    raise ImportFileError(_("CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a 사번 typed as a number comes back as 1001.0
    return str(value).strip()


def _parse_date(text: str) -> date | None:
    match = _DATE_RE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def staff_import(*, filename: str, content: bytes, actor=None) -> ImportResult:
    """Check every row; write all of them in one transaction only if none has an error."""
    rows = _read_rows(filename, content)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError(_("파일이 비어 있습니다."))
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(_("첫 줄에 필수 열이 없습니다: %(cols)s") % {"cols": ", ".join(missing)})
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("한 번에 %(n)s명까지 올릴 수 있습니다.") % {"n": f"{MAX_ROWS:,}"})
    index = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}

    departments = {d.code: d for d in Department.objects.all()}
    positions = {p.name: p for p in Position.objects.all()}
    grades = {g.name: g for g in Grade.objects.all()}
    existing_by_number = {u.employee_number: u for u in User.objects.exclude(employee_number=None)}
    owner_of_username = dict(User.objects.values_list("username", "employee_number"))

    result = ImportResult()
    planned: list[tuple[User, bool, list[str]]] = []
    seen_numbers: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}

    for offset, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue

        def cell(name: str, raw=raw) -> str:
            position = index.get(name)
            return raw[position].strip() if position is not None and position < len(raw) else ""

        errors: list[RowError] = []

        def error(column: str, message: str, errors=errors, row=offset) -> None:
            errors.append(RowError(row, column, message))

        for name in REQUIRED:
            if not cell(name):
                error(name, _("필수 항목이 비어 있습니다."))
        number, username = cell("사번"), cell("아이디")
        if number:
            if len(number) > 20:
                error("사번", _("사번은 20자 이내여야 합니다."))
            if number in seen_numbers:
                error("사번", _("%(row)d행과 사번이 중복됩니다.") % {"row": seen_numbers[number]})
            seen_numbers.setdefault(number, offset)
        if username:
            if not _USERNAME_RE.match(username):
                error("아이디", _("아이디는 영문·숫자와 . @ + - _ 로 2자 이상이어야 합니다."))
            if username in seen_usernames:
                error("아이디", _("%(row)d행과 아이디가 중복됩니다.") % {"row": seen_usernames[username]})
            seen_usernames.setdefault(username, offset)
            if username in owner_of_username and owner_of_username[username] != number:
                error("아이디", _("이미 다른 직원이 사용하는 아이디입니다."))
        department = departments.get(cell("부서코드"))
        if cell("부서코드") and department is None:
            error("부서코드", _("등록되지 않은 부서코드입니다: %(code)s") % {"code": cell("부서코드")})
        position = grade = None
        if cell("직위"):
            position = positions.get(cell("직위"))
            if position is None:
                error("직위", _("등록되지 않은 직위입니다: %(v)s") % {"v": cell("직위")})
        if cell("직급"):
            grade = grades.get(cell("직급"))
            if grade is None:
                error("직급", _("등록되지 않은 직급입니다: %(v)s") % {"v": cell("직급")})
        hire_date = None
        if cell("입사일"):
            hire_date = _parse_date(cell("입사일"))
            if hire_date is None:
                error("입사일", _("날짜 형식이 올바르지 않습니다(예: 2024-03-02)."))
        status = EmploymentStatus.ACTIVE
        if cell("재직상태"):
            status = _STATUS_BY_LABEL.get(cell("재직상태"))
            if status is None:
                error("재직상태", _("재직, 휴직, 퇴직 중 하나여야 합니다."))
        email = cell("이메일")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error("이메일", _("이메일 형식이 올바르지 않습니다."))
        role_codes = [roles.STAFF]
        if cell("역할"):
            labels = [label.strip() for label in re.split(r"[,;/]", cell("역할")) if label.strip()]
            unknown = [label for label in labels if label not in _ROLE_BY_LABEL]
            if unknown:
                error("역할", _("알 수 없는 역할입니다: %(v)s") % {"v": ", ".join(unknown)})
            role_codes = sorted({roles.STAFF, *(_ROLE_BY_LABEL[label] for label in labels if label in _ROLE_BY_LABEL)})
        if len(cell("성명")) > 50:
            error("성명", _("성명은 50자 이내여야 합니다."))

        if errors:
            result.errors.extend(errors)
            continue
        user = existing_by_number.get(number)
        is_new = user is None
        if is_new:
            user = User(employee_number=number)
            user.set_unusable_password()
        user.username = username
        user.name = cell("성명")
        user.department = department
        user.position = position
        user.grade = grade
        user.hire_date = hire_date
        user.employment_status = status
        user.is_active = status != EmploymentStatus.RETIRED
        user.email = email
        user.phone = cell("전화번호")
        planned.append((user, is_new, role_codes))

    if result.errors:
        return result

    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLE_LABELS)}
    try:
        with transaction.atomic():
            for user, is_new, role_codes in planned:
                user.save()
                user.groups.add(*[groups[code] for code in role_codes if code in groups])
                if is_new:
                    result.created += 1
                else:
                    result.updated += 1
            audit_record(
                action="staff.import",
                actor=actor,
                data={"file": filename[:100], "created": result.created, "updated": result.updated},
            )
    except IntegrityError as exc:  # a concurrent edit took a 사번 or 아이디 between check and write
        result.created = result.updated = 0
        result.errors.append(RowError(0, "", _("저장 중 충돌이 생겨 아무것도 등록하지 않았습니다: %(e)s") % {"e": exc}))
    return result
