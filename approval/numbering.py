"""생산등록번호: the handling department's code and its serial for the calendar year, given on
completion (결재 완료) in the completing transaction.

The serial comes from `RegistrationCounter` through one upsert that increments the
department-year row and returns the new value. The row stays locked until the completing
transaction ends, so concurrent completions in one department queue there and each gets the
next serial, and a completion that rolls back (a failing callback, an error) gives its serial
back: the series has neither gaps nor duplicates. The UNIQUE constraint on (department, year,
serial) of documents is the backstop if this code is ever bypassed.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from approval.models import Document, RegistrationCounter
from core.serials import next_yearly_serial


def next_serial(*, department_id: int, year: int) -> int:
    """Take the next serial of a department's year. Must run inside the completing transaction."""
    return next_yearly_serial(RegistrationCounter, department_id=department_id, year=year)


def registration_assign(document: Document, *, at: datetime) -> Document:
    """Give a completing document its number (the caller holds its row lock and saves it)."""
    year = timezone.localtime(at).year
    department = document.department
    serial = next_serial(department_id=department.pk, year=year)
    document.registration_year = year
    document.registration_serial = serial
    document.registration_number = f"{department.code}-{serial}"
    document.registered_department_name = department.name
    document.registered_at = at
    return document
