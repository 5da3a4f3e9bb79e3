"""Bulk payslip PDFs: only a finalised run's slips are rendered, each once however often its chunk
arrives, stored, and announced to its owner alone ("3월 급여명세서")."""

from __future__ import annotations

import datetime
import io
from unittest.mock import patch

import pytest
from pypdf import PdfReader

from notifications.models import Notification
from org import roles
from org.models import User
from payroll.models import PayrollRun, Payslip, PayslipPdf, RunKind, RunStatus
from payroll.payslips import (
    RENDER_CHUNK,
    PayslipRenderError,
    notification_title,
    payslips_render_chunk,
    payslips_render_enqueue,
)
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF, login

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def run(in_alpha):
    grade = pay_structure()
    profile_for(User.objects.get(username=STAFF), grade, step=5)
    profile_for(User.objects.get(username=PEER), grade, step=7)
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    return payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=MARCH))


def _finalise(run: PayrollRun) -> PayrollRun:
    PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
    run.refresh_from_db()
    return run


def test_a_run_under_review_is_refused(run):
    with pytest.raises(PayslipRenderError, match="확정된 급여만"):
        payslips_render_enqueue(run)
    slips = list(Payslip.objects.filter(run=run).values_list("pk", flat=True))
    assert payslips_render_chunk(run_id=run.pk, slip_ids=slips) == 0
    assert not PayslipPdf.objects.exists()


def test_the_enqueue_sends_chunks_of_the_missing_slips_on_the_pdf_queue_after_commit(
    run, django_capture_on_commit_callbacks
):
    run = _finalise(run)
    with patch("payroll.tasks.render_payslips.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            assert payslips_render_enqueue(run) == 1
        slips = sorted(Payslip.objects.filter(run=run).values_list("pk", flat=True))
        send.assert_called_once_with((run.pk, slips), queue="pdf")
        payslips_render_chunk(run_id=run.pk, slip_ids=slips[:1])
        send.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            assert payslips_render_enqueue(run) == 1  # only the one still missing
        send.assert_called_once_with((run.pk, slips[1:]), queue="pdf")
    assert RENDER_CHUNK == 50


def test_a_chunk_renders_each_slip_once_and_notifies_its_owner(run, media):
    run = _finalise(run)
    slips = list(Payslip.objects.filter(run=run).order_by("pk"))
    ids = [s.pk for s in slips]
    assert payslips_render_chunk(run_id=run.pk, slip_ids=ids) == 2
    assert payslips_render_chunk(run_id=run.pk, slip_ids=ids) == 0  # delivered again: nothing new
    for slip in slips:
        stored = PayslipPdf.objects.get(slip=slip)
        with stored.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF")
        assert len(content) == stored.size
        assert str(media) in stored.file.path
        assert "alpha" in stored.file.path
        (note,) = Notification.objects.filter(recipient=slip.user, category="payroll.payslip")
        assert note.title == "3월 급여명세서"
        assert note.url == f"/payroll/slips/{slip.pk}/"
        assert note.body == f"실지급액 {slip.net_amount:,}원"
    assert Notification.objects.filter(category="payroll.payslip").count() == 2


def test_a_chunk_rendered_as_one_document_is_cut_into_each_persons_own_pdf(run):
    """The chunk's slips share one render; each stored PDF holds its own slip's page(s) only, with
    the same figures the slip page shows."""
    run = _finalise(run)
    slips = list(Payslip.objects.filter(run=run).select_related("user").order_by("pk"))
    payslips_render_chunk(run_id=run.pk, slip_ids=[s.pk for s in slips], notify_owner=False)
    names = {slip.user.name for slip in slips}
    assert len(names) == 2
    for slip in slips:
        stored = PayslipPdf.objects.get(slip=slip)
        with stored.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
        assert len(reader.pages) == 1
        assert reader.metadata.title == "2026년 3월 급여명세서"
        assert slip.user.name in text
        assert (names - {slip.user.name}).pop() not in text
        assert f"{slip.net_amount:,}원" in text
    assert not Notification.objects.filter(category="payroll.payslip").exists()


def test_a_bonus_run_says_so_in_the_title():
    assert notification_title(PayrollRun(month=MARCH, kind=RunKind.BONUS)) == "3월 급여명세서 (상여)"


def test_the_owner_downloads_the_stored_pdf_and_nobody_else_does(run, client_for, alpha):
    run = _finalise(run)
    slip = Payslip.objects.get(run=run, user__username=STAFF)
    payslips_render_chunk(run_id=run.pk, slip_ids=[slip.pk])
    stored = PayslipPdf.objects.get(slip=slip)
    url = f"/payroll/slips/{slip.pk}/pdf/"
    owner = _client(client_for(alpha), STAFF)
    response = owner.get(url)
    assert response.status_code == 200
    with stored.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert "no-store" in response["Cache-Control"]
    assert _client(client_for(alpha), PEER).get(url).status_code == 404
    assert f'href="{url}"' in owner.get(f"/payroll/slips/{slip.pk}/").content.decode()


def test_before_the_workers_store_it_the_pdf_is_rendered_on_the_spot(run, client_for, alpha):
    run = _finalise(run)
    slip = Payslip.objects.get(run=run, user__username=STAFF)
    response = _client(client_for(alpha), STAFF).get(f"/payroll/slips/{slip.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert not PayslipPdf.objects.exists()  # a download is not the stored copy


def _client(client, username):
    login(client, username)
    return client
