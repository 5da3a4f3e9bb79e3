"""보수표 XLSX import and export in the console: every problem reported against its row and
column, nothing written unless every row is right."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.xlsx import xlsx_bytes
from org import roles
from org.models import Grade
from payroll.models import PayTable
from tests.factories import UserFactory
from tests.support import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(in_alpha, alpha, client_for):
    Grade.objects.get_or_create(name="6급", defaults={"rank": 60})
    Grade.objects.get_or_create(name="7급", defaults={"rank": 70})
    UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    client = client_for(alpha)
    assert login(client, "payclerk").status_code == 302
    return client


def _upload(client, rows, effective="2027-01-01"):
    content = xlsx_bytes(title="보수표", headers=["직급", "호봉", "봉급월액"], rows=rows)
    return client.post(
        "/admin/payroll/paytable/import/",
        {
            "name": "2027년 보수표",
            "effective_from": effective,
            "file": SimpleUploadedFile("pay.xlsx", content, "application/vnd.ms-excel"),
        },
    )


def test_bad_rows_are_all_reported_and_nothing_written(officer):
    response = _upload(
        officer, [["6급", 1, "2,500,000"], ["5급", 2, "2,600,000"], ["6급", 0, "abc"], ["6급", 1, "2,500,000"]]
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "없는 직급입니다" in html
    assert "호봉은 1부터 60까지" in html
    assert "봉급월액은 0 이상의" in html
    assert "6급 1호봉이 두 번 나옵니다" in html
    assert not PayTable.objects.exists()


def test_a_good_file_makes_the_table_and_exports_back(officer):
    response = _upload(officer, [["6급", 1, "2,500,000"], ["6급", "2호봉", "2600000"], ["7급", 1, "250만"]])
    assert response.status_code == 302
    table = PayTable.objects.get()
    assert table.effective_from == datetime.date(2027, 1, 1)
    assert sorted(table.cells.values_list("grade__name", "pay_step", "base_amount")) == [
        ("6급", 1, 2_500_000),
        ("6급", 2, 2_600_000),
        ("7급", 1, 2_500_000),
    ]
    assert AuditEvent.objects.get(action="pay_table.import").data["cells"] == 3
    assert _upload(officer, [["6급", 3, "1"]]).status_code == 422  # one table per effective date
    exported = officer.get(f"/admin/payroll/paytable/{table.pk}/export/")
    assert exported.status_code == 200
    from openpyxl import load_workbook

    values = [[c.value for c in row] for row in load_workbook(BytesIO(exported.content)).active.iter_rows()]
    assert ["6급", 1, 2_500_000] in values
