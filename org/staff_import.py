"""Bulk import of staff from a CSV or XLSX file: every row is checked first, and only a file
without a single error is written, in one transaction. Nothing is ever half-imported.

Columns (the first row holds the headers, in any order):
    사번*, 성명*, 아이디*, 부서코드*, 직위, 직급, 입사일, 재직상태, 이메일, 전화번호, 역할
A row whose 사번 already exists updates that person; otherwise a new person is created with no
usable password (the admin sets one, or the person uses the password reset).

Reading, checking every row and the all-or-nothing write are the import frame's (core.imports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.imports import (
    ErrorSink,
    ImportFileError,
    ImportSpec,
    Row,
    RowError,
    Writer,
    apply_all_or_nothing,
    check_rows,
    read_table,
)
from org import roles
from org.models import Department, EmploymentStatus, Grade, Position, User

# The frame's error types are this import's too (the console and the tests name them from here).
__all__ = ["ImportFileError", "ImportResult", "RowError", "staff_import"]

MAX_ROWS = 5000
REQUIRED = ("사번", "성명", "아이디", "부서코드")
OPTIONAL = ("직위", "직급", "입사일", "재직상태", "이메일", "전화번호", "역할")
SPEC = ImportSpec(
    columns=REQUIRED + OPTIONAL,
    required=REQUIRED,
    max_rows=MAX_ROWS,
    max_bytes=settings.STAFF_IMPORT_MAX_BYTES,
    formats=("csv", "xlsx"),
)
_STATUS_BY_LABEL = {str(label): value for value, label in EmploymentStatus.choices}
_ROLE_BY_LABEL = {label: code for code, label in roles.ROLE_LABELS.items() if code != roles.PLANNING_OFFICE}
_USERNAME_RE = re.compile(r"^[\w.@+-]{2,150}$")
_DATE_RE = re.compile(r"^(\d{4})[-./\s]*(\d{1,2})[-./\s]*(\d{1,2})\.?$")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    row: int
    user: User
    is_new: bool
    role_codes: list[str]


def _parse_date(text: str) -> date | None:
    match = _DATE_RE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


class _StaffRows:
    """Checks one row at a time against the organisation as it is and the rows before it."""

    def __init__(self) -> None:
        self.departments = {d.code: d for d in Department.objects.all()}
        self.positions = {p.name: p for p in Position.objects.all()}
        self.grades = {g.name: g for g in Grade.objects.all()}
        self.existing_by_number = {u.employee_number: u for u in User.objects.exclude(employee_number=None)}
        self.owner_of_username = dict(User.objects.values_list("username", "employee_number"))
        self.province_roles_held = set(
            User.groups.through.objects.filter(group__name__in=roles.PROVINCE_APPOINTED).values_list(
                "user__employee_number", "group__name"
            )
        )
        self.seen_numbers: dict[str, int] = {}
        self.seen_usernames: dict[str, int] = {}

    def parse(self, row: Row, error: ErrorSink) -> _Plan | None:
        for name in REQUIRED:
            if not row[name]:
                error(name, _("필수 항목이 비어 있습니다."))
        number, username = row["사번"], row["아이디"]
        if number:
            if len(number) > 20:
                error("사번", _("사번은 20자 이내여야 합니다."))
            if number in self.seen_numbers:
                error("사번", _("%(row)d행과 사번이 중복됩니다.") % {"row": self.seen_numbers[number]})
            self.seen_numbers.setdefault(number, row.number)
        if username:
            if not _USERNAME_RE.match(username):
                error("아이디", _("아이디는 영문·숫자와 . @ + - _ 로 2자 이상이어야 합니다."))
            if username in self.seen_usernames:
                error("아이디", _("%(row)d행과 아이디가 중복됩니다.") % {"row": self.seen_usernames[username]})
            self.seen_usernames.setdefault(username, row.number)
            if username in self.owner_of_username and self.owner_of_username[username] != number:
                error("아이디", _("이미 다른 직원이 사용하는 아이디입니다."))
        department = self.departments.get(row["부서코드"])
        if row["부서코드"] and department is None:
            error("부서코드", _("등록되지 않은 부서코드입니다: %(code)s") % {"code": row["부서코드"]})
        position = grade = None
        if row["직위"]:
            position = self.positions.get(row["직위"])
            if position is None:
                error("직위", _("등록되지 않은 직위입니다: %(v)s") % {"v": row["직위"]})
        if row["직급"]:
            grade = self.grades.get(row["직급"])
            if grade is None:
                error("직급", _("등록되지 않은 직급입니다: %(v)s") % {"v": row["직급"]})
        hire_date = None
        if row["입사일"]:
            hire_date = _parse_date(row["입사일"])
            if hire_date is None:
                error("입사일", _("날짜 형식이 올바르지 않습니다(예: 2024-03-02)."))
        status = EmploymentStatus.ACTIVE
        if row["재직상태"]:
            status = _STATUS_BY_LABEL.get(row["재직상태"])
            if status is None:
                error("재직상태", _("재직, 휴직, 퇴직 중 하나여야 합니다."))
        email = row["이메일"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error("이메일", _("이메일 형식이 올바르지 않습니다."))
        role_codes = [roles.STAFF]
        if row["역할"]:
            labels = [label.strip() for label in re.split(r"[,;/]", row["역할"]) if label.strip()]
            unknown = [label for label in labels if label not in _ROLE_BY_LABEL]
            if unknown:
                error("역할", _("알 수 없는 역할입니다: %(v)s") % {"v": ", ".join(unknown)})
            # A role only the province appoints may stay on a row for someone who already holds it.
            for label in labels:
                code = _ROLE_BY_LABEL.get(label)
                if code in roles.PROVINCE_APPOINTED and (number, code) not in self.province_roles_held:
                    error("역할", _("도 기획조정실만 지정할 수 있는 역할입니다: %(role)s") % {"role": label})
            role_codes = sorted({roles.STAFF, *(_ROLE_BY_LABEL[label] for label in labels if label in _ROLE_BY_LABEL)})
        if len(row["성명"]) > 50:
            error("성명", _("성명은 50자 이내여야 합니다."))

        user = self.existing_by_number.get(number)
        is_new = user is None
        if is_new:
            user = User(employee_number=number)
            user.set_unusable_password()
        user.username = username
        user.name = row["성명"]
        user.department = department
        user.position = position
        user.grade = grade
        user.hire_date = hire_date
        user.employment_status = status
        user.is_active = status != EmploymentStatus.RETIRED
        if status != EmploymentStatus.RETIRED:
            user.retired_on = None  # back at work: the 퇴직일 of an earlier leaving no longer applies
        user.email = email
        user.phone = row["전화번호"]
        return _Plan(row=row.number, user=user, is_new=is_new, role_codes=role_codes)


def staff_import(*, filename: str, content: bytes, actor=None) -> ImportResult:
    """Check every row; write all of them in one transaction only if none has an error."""
    table = read_table(filename=filename, content=content, spec=SPEC)
    plans, errors = check_rows(table, _StaffRows().parse)
    result = ImportResult(errors=errors)
    if errors:
        return result
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLE_LABELS)}

    def apply(plan: _Plan) -> None:
        plan.user.save()
        plan.user.groups.add(*[groups[code] for code in plan.role_codes if code in groups])
        if plan.is_new:
            result.created += 1
        else:
            result.updated += 1

    def finish() -> None:
        audit_record(
            action="staff.import",
            actor=actor,
            data={"file": filename[:100], "created": result.created, "updated": result.updated},
        )

    result.errors = apply_all_or_nothing(plans, Writer(apply=apply, row_of=lambda plan: plan.row, finish=finish))
    if result.errors:
        result.created = result.updated = 0
    return result
