"""병가 over the days its type names (6, the 공무원 복무규정 model: 7 or more consecutive days need a
진단서) is refused without a certificate; with one, the file goes with the approval document as
its 붙임. Through the service and through the leave form."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.models import LeaveRequest
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation, leave_type, request_leave

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    return org


def test_sick_leave_over_six_days_needs_a_certificate(org):
    sick = leave_type("sick")
    # Mon 5/11 – Tue 5/19: 7 working days
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 5, 11), date(2026, 5, 19), leave_type=sick)
    assert raised.value.message_dict == {
        "certificate": ["병가이(가) 6일을 넘으면 증빙서류(진단서 등)를 붙여야 합니다."]
    }
    assert not LeaveRequest.objects.exists()
    # six days need none (Mon 6/8 – Mon 6/15)
    assert request_leave(org.drafter, date(2026, 6, 8), date(2026, 6, 15), leave_type=sick).days == 6
    leave = request_leave(
        org.colleague,
        date(2026, 5, 11),
        date(2026, 5, 19),
        leave_type=sick,
        certificate_files=[SimpleUploadedFile("진단서.pdf", PDF, content_type="application/pdf")],
    )
    assert leave.days == 7
    assert [a.original_name for a in leave.document.attachments.all()] == ["진단서.pdf"]


def test_the_leave_form_asks_for_the_certificate(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import login

    with schema_context("alpha"):
        sick = leave_type("sick")
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    page = client.get("/attendance/leave/new/")
    token = page.context["form"]["submission_token"].value()
    data = {
        "leave_type": sick.pk,
        "start_date": "2026-05-11",
        "end_date": "2026-05-19",
        "portion": "full",
        "submission_token": token,
    }
    refused = client.post("/attendance/leave/new/", data)
    assert refused.status_code == 422
    assert refused.context["form"].errors == {
        "certificate": ["병가이(가) 6일을 넘으면 증빙서류(진단서 등)를 붙여야 합니다."]
    }
    made = client.post(
        "/attendance/leave/new/", {**data, "certificate": SimpleUploadedFile("진단서.pdf", PDF, "application/pdf")}
    )
    assert made.status_code == 302
    with schema_context("alpha"):
        assert LeaveRequest.objects.get(applicant=org.drafter).document.attachments.count() == 1
