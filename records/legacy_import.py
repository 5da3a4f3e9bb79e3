"""자료이관: an institution moving in registers years of records from its old system — a register
(XLSX/CSV in the 기록물등록대장 layout) and, optionally, a ZIP of their files matched by file name.

Every row is checked before anything is written (core.imports): the unit task by its code (the
unknown codes are listed together, to be mapped in the 기록관리기준표 first), the department by its
code or name, the date, the 공개구분 with its ground, a paper record's 쪽수 and location, the file
named in the ZIP, and a number already registered. Any error leaves nothing saved. Each record
keeps its original number, date, department and unit task, is filed into the 기록물철 of that
year, takes its retention from the unit task (never typed), and keeps its files' SHA-256, which
fixity (records.fixity) re-checks like any other record's.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.imports import (
    ImportFileError,
    ImportSpec,
    Row,
    RowError,
    Writer,
    apply_all_or_nothing,
    check_rows,
    read_table,
)
from org.models import Department, User
from records import duties
from records.models import Record, RecordSource, RecordType
from records.permissions import is_records_manager
from records.registration import file_for, parse_disclosure, raise_file_retention, record_retention
from tasks.models import Disclosure, UnitTask

NUMBER, TITLE, DATE, DEPARTMENT, TASK = "등록번호", "제목", "등록일자", "처리과", "단위과제코드"
DISCLOSURE, MEDIUM, PAGES, LOCATION, AUTHOR, FILE = "공개구분", "전자/비전자", "쪽수", "보존위치", "생산자", "파일명"
SPEC = ImportSpec(
    columns=(NUMBER, TITLE, DATE, DEPARTMENT, TASK, DISCLOSURE, MEDIUM, PAGES, LOCATION, AUTHOR, FILE),
    required=(NUMBER, TITLE, DATE, DEPARTMENT, TASK),
    max_rows=20_000,
    max_bytes=20 * 1024 * 1024,
    formats=("xlsx", "csv"),
)
MAX_ZIP_BYTES = 500 * 1024 * 1024
_DATE = re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?$")


@dataclass
class Plan:
    row: int
    number: str
    title: str
    registered_on: date
    department: Department
    unit_task: UnitTask
    disclosure: str
    ground: str
    electronic: bool
    pages: int | None
    location: str
    author: str
    file_name: str


@dataclass
class LegacyImportResult:
    created: int = 0
    files: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_unit_tasks: list[str] = field(default_factory=list)


def _date(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _zip_names(archive: zipfile.ZipFile | None) -> dict[str, zipfile.ZipInfo]:
    """The ZIP's files by their base name (folders inside the ZIP do not matter)."""
    if archive is None:
        return {}
    return {info.filename.rsplit("/", 1)[-1]: info for info in archive.infolist() if not info.is_dir()}


def legacy_import(
    *, actor: User, filename: str, content: bytes, zip_content: bytes | None = None, now: datetime | None = None
) -> LegacyImportResult:
    """Register every row of the legacy register as a record, or none (the 기록관 only)."""
    if not is_records_manager(actor):
        raise PermissionDenied(_("기존 기록물 일괄 등록은 기록물관리전문요원만 할 수 있습니다."))
    now = now or timezone.now()
    table = read_table(filename=filename, content=content, spec=SPEC)
    archive = None
    if zip_content:
        if len(zip_content) > MAX_ZIP_BYTES:
            raise ImportFileError(_("ZIP 파일은 500MB까지 올릴 수 있습니다."))
        try:
            archive = zipfile.ZipFile(io.BytesIO(zip_content))
        except zipfile.BadZipFile as error:
            raise ImportFileError(_("ZIP 파일을 읽을 수 없습니다.")) from error
    in_zip = _zip_names(archive)
    tasks = {t.code: t for t in UnitTask.objects.filter(code__in={r[TASK] for r in table.rows})}
    departments: dict[str, Department] = {}
    for department in Department.objects.all():
        departments.setdefault(department.code, department)
        departments.setdefault(department.name, department)
    taken = set(
        Record.objects.filter(registration_number__in={r[NUMBER] for r in table.rows}).values_list(
            "department_id", "registration_number"
        )
    )
    unknown: list[str] = []
    seen: set[tuple[int, str]] = set()

    def parse(row: Row, error: Any) -> Plan | None:
        registered_on = _date(row[DATE])
        if registered_on is None:
            error(DATE, _("등록일자는 2024-03-05 또는 2024. 3. 5. 처럼 적으세요."))
        elif registered_on > timezone.localdate(now):
            error(DATE, _("등록일자가 오늘보다 뒤입니다."))
        department = departments.get(row[DEPARTMENT])
        if department is None:
            error(DEPARTMENT, _("처리과 '%(v)s'를 찾을 수 없습니다(부서 코드나 이름).") % {"v": row[DEPARTMENT]})
        unit_task = tasks.get(row[TASK])
        if unit_task is None:
            if row[TASK] not in unknown:
                unknown.append(row[TASK])
            error(
                TASK, _("단위과제 코드 '%(v)s'가 없습니다. 먼저 기록관리기준표에 등록·매핑하세요.") % {"v": row[TASK]}
            )
        disclosure, ground = parse_disclosure(row[DISCLOSURE] or "공개")
        if disclosure != Disclosure.PUBLIC and not ground:
            error(DISCLOSURE, _("부분공개·비공개는 근거(호)를 함께 적으세요. 예: 비공개(5)"))
        medium = row[MEDIUM] or "전자"
        if medium not in ("전자", "비전자"):
            error(MEDIUM, _("'전자' 또는 '비전자'로 적으세요."))
        electronic = medium != "비전자"
        pages = None
        if row[PAGES]:
            if not row[PAGES].isdigit() or int(row[PAGES]) == 0:
                error(PAGES, _("쪽수는 1 이상의 숫자로 적으세요."))
            else:
                pages = int(row[PAGES])
        if not electronic and (pages is None or not row[LOCATION]):
            error(PAGES if pages is None else LOCATION, _("비전자기록물은 쪽수와 보존위치를 적어야 합니다."))
        if row[FILE] and (row[FILE] in (".", "..") or "\\" in row[FILE] or "/" in row[FILE]):
            error(FILE, _("파일명에는 폴더 없이 파일 이름만 적으세요."))
        elif row[FILE] and row[FILE] not in in_zip:
            error(
                FILE,
                _("파일 '%(v)s'가 ZIP에 없습니다.") % {"v": row[FILE]} if archive else _("파일 ZIP을 함께 올리세요."),
            )
        if department is not None:
            key = (department.pk, row[NUMBER])
            if key in taken:
                error(NUMBER, _("이미 등록된 등록번호입니다."))
            elif key in seen:
                error(NUMBER, _("파일 안에서 등록번호가 겹칩니다."))
            seen.add(key)
        if registered_on is None or department is None or unit_task is None:
            return None
        return Plan(row.number, row[NUMBER], row[TITLE], registered_on, department, unit_task, disclosure, ground,
                    electronic, pages, row[LOCATION], row[AUTHOR], row[FILE])  # fmt: skip

    plans, errors = check_rows(table, parse)
    result = LegacyImportResult(unknown_unit_tasks=unknown)
    if errors:
        result.errors = errors
        return result
    stored: list[str] = []

    def apply(plan: Plan) -> None:
        components = []
        if plan.file_name:
            data = archive.read(in_zip[plan.file_name]) if archive else b""
            try:  # the original name stays in the record; storage gets a safe one
                stored_name = get_valid_filename(plan.file_name)
            except SuspiciousFileOperation:  # nothing usable left of it ("???")
                stored_name = "file"
            path = default_storage.save(f"records/legacy/{uuid.uuid4().hex}/{stored_name}", ContentFile(data))
            stored.append(path)
            components.append({"name": plan.file_name, "path": path, "sha256": hashlib.sha256(data).hexdigest()})
        retention = record_retention(plan.unit_task)
        year = plan.registered_on.year
        record_file = file_for(unit_task=plan.unit_task, department=plan.department, year=year,
                               electronic=plan.electronic)  # fmt: skip
        raise_file_retention(record_file, retention)
        Record.objects.create(
            source=RecordSource.LEGACY, registration_number=plan.number, title=plan.title,
            registered_on=plan.registered_on, year=year, department=plan.department, author_label=plan.author,
            unit_task=plan.unit_task, record_file=record_file, retention_period=retention,
            disclosure=plan.disclosure, disclosure_ground=plan.ground, start_date=duties.start_date(plan.registered_on),
            is_electronic=plan.electronic, record_type=RecordType.DOCUMENT, components=components,
            pages=plan.pages, location=plan.location, registered_by=actor, created_at=now,
        )  # fmt: skip
        result.created += 1
        result.files += len(components)

    def finish() -> None:
        audit_record(action="record.legacy_import", actor=actor, target=None,
                     data={"file": filename, "records": result.created, "files": result.files})  # fmt: skip

    result.errors = apply_all_or_nothing(plans, Writer(apply=apply, row_of=lambda p: p.row, finish=finish))
    if result.errors:
        result.created = result.files = 0
        for path in stored:  # nothing was saved: the files written for the rolled-back rows go too
            default_storage.delete(path)
    return result
