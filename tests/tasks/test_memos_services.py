"""Memo reports (메모보고) through their services: sending, read receipts, replies, attachments,
notification mail after commit, audit, and who may see a memo."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from org.models import EmploymentStatus, User
from tasks.models import MemoAttachment, MemoRecipient, MemoReport, RelatedDocument
from tasks.permissions.memos import access_memo, memos_visible_to
from tasks.selectors.memos import superiors_for, unread_memo_count
from tasks.services.memos import memo_mark_read, memo_reply, memo_send
from tests.factories.tasks_cards import unit_task
from tests.factories.tasks_memos import EXE, HWP, PDF, build_org, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return build_org()


@pytest.fixture
def media(settings, tmp_path):
    """Attachments go to a throw-away directory. Setting the relative root as well makes
    django-tenants' storage forget the media root it cached."""
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def send(org, **overrides):
    fields = {
        "actor": org.staff,
        "kind": MemoReport.Kind.REPORT,
        "title": "3월 민원 처리 현황",
        "body": "민원 42건 중 40건 처리했습니다.",
        "recipients": [org.chief, org.director],
    }
    fields.update(overrides)
    return memo_send(**fields)


def test_send_records_recipients_in_order_and_audits(org):
    memo = send(org)

    assert memo.author == org.staff
    assert memo.department == org.d100
    assert list(memo.recipients.values_list("recipient__username", "order", "read_at")) == [
        ("chief", 0, None),
        ("director", 1, None),
    ]
    event = AuditEvent.objects.get(action="memo.send", target_id=str(memo.pk))
    assert event.actor_id == org.staff.pk
    assert event.data["recipients"] == ["chief", "director"]


def test_send_mails_recipients_with_an_address_after_commit(org, mailoutbox, django_capture_on_commit_callbacks):
    org.director.email = ""
    org.director.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        memo = send(org)
        assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["chief@example.kr"]
    assert message.subject == "[메모보고] 3월 민원 처리 현황"
    assert "이직원님이 메모보고를 보냈습니다." in message.body
    assert f"http://alpha.localhost/memos/{memo.pk}/" in message.body
    assert "민원 42건" not in message.body  # the body stays inside the system


def test_send_refuses_bad_input_with_korean_messages(org):
    with pytest.raises(ValidationError) as exc:
        send(org, title=" ", body="", kind="memo")
    assert exc.value.message_dict == {
        "kind": ["구분을 선택하세요."],
        "title": ["제목을 입력하세요."],
        "body": ["내용을 입력하세요."],
    }
    with pytest.raises(ValidationError) as exc:
        send(org, recipients=[])
    assert exc.value.message_dict == {"recipients": ["받는 사람을 한 명 이상 선택하세요."]}
    with pytest.raises(ValidationError) as exc:
        send(org, recipients=[org.chief, org.staff])
    assert exc.value.message_dict == {"recipients": ["본인에게는 메모보고를 보낼 수 없습니다."]}

    org.chief.employment_status = EmploymentStatus.RETIRED
    org.chief.save(update_fields=["employment_status"])
    with pytest.raises(ValidationError) as exc:
        send(org)
    assert exc.value.message_dict == {"recipients": ["재직 중인 직원에게만 보낼 수 있습니다: 최부장"]}
    assert not MemoReport.objects.exists()


def test_the_same_recipient_twice_is_one_receipt(org):
    memo = send(org, recipients=[org.chief, org.chief])
    assert memo.recipients.count() == 1


def test_first_reading_time_is_kept(org):
    memo = send(org)

    assert unread_memo_count(org.chief) == 1
    assert memo_mark_read(memo=memo, actor=org.chief) is True
    first = MemoRecipient.objects.get(memo=memo, recipient=org.chief).read_at
    assert first is not None
    assert memo_mark_read(memo=memo, actor=org.chief) is False
    assert MemoRecipient.objects.get(memo=memo, recipient=org.chief).read_at == first
    assert unread_memo_count(org.chief) == 0
    assert unread_memo_count(org.director) == 1


def test_reading_by_the_author_or_a_superior_records_nothing(org):
    memo = send(org, recipients=[org.chief])

    assert memo_mark_read(memo=memo, actor=org.staff) is False
    assert memo_mark_read(memo=memo, actor=org.director) is False
    assert MemoRecipient.objects.get(memo=memo).read_at is None


def test_replies_by_parties_only_and_mail_the_others(org, mailoutbox, django_capture_on_commit_callbacks):
    memo = send(org, recipients=[org.chief])

    with django_capture_on_commit_callbacks(execute=True):
        reply = memo_reply(memo=memo, actor=org.chief, body="잘 정리했습니다. 남은 2건도 챙겨 주세요.")
    assert reply.author == org.chief
    assert [m.to for m in mailoutbox] == [["staff@example.kr"]]
    assert mailoutbox[0].subject == "[메모보고 답글] 3월 민원 처리 현황"

    memo_reply(memo=memo, actor=org.staff, body="네, 금주 중 처리하겠습니다.")
    assert list(memo.replies.values_list("author__username", flat=True)) == ["chief", "staff"]

    with pytest.raises(ValidationError) as exc:
        memo_reply(memo=memo, actor=org.chief, body="  ")
    assert exc.value.message_dict == {"body": ["답글 내용을 입력하세요."]}
    # The director sees the memo (a superior) but is not a party to it.
    with pytest.raises(PermissionDenied, match="작성자와 받는 사람만"):
        memo_reply(memo=memo, actor=org.director, body="저도 한마디")


def test_good_attachments_are_stored_with_their_checksum(org, media):
    memo = send(org, files=[upload("3월 보고서.pdf", PDF), upload("세부 계획.hwp", HWP)])

    stored = list(MemoAttachment.objects.filter(memo=memo).order_by("id"))
    assert [(a.original_name, a.content_type, a.size) for a in stored] == [
        ("3월 보고서.pdf", "application/pdf", len(PDF)),
        ("세부 계획.hwp", "application/x-hwp", len(HWP)),
    ]
    assert stored[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored[1].sha256 == hashlib.sha256(HWP).hexdigest()
    # The name on disk is the checksum, under the institution's own media directory.
    digest = stored[0].sha256
    assert stored[0].file.name == f"tasks/memoattachment/{digest[:2]}/{digest}"
    assert (media / "alpha" / stored[0].file.name).read_bytes() == PDF
    assert stored[0].uploaded_by == org.staff


def test_renamed_executable_is_refused(org, media):
    with pytest.raises(ValidationError) as exc:
        send(org, files=[upload("보고서.pdf", EXE)])
    assert exc.value.message_dict == {"files": ["보고서.pdf: 파일 내용이 확장자(pdf)와 맞지 않습니다."]}
    with pytest.raises(ValidationError) as exc:
        send(org, files=[upload("setup.exe", EXE)])
    assert exc.value.message_dict["files"][0].startswith("setup.exe: 첨부할 수 없는 형식입니다.")
    assert not MemoReport.objects.exists()
    assert not any(media.rglob("*"))


def test_too_big_and_too_many_files_are_refused(org, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    settings.ATTACHMENT_MAX_FILES = 2
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        send(org, files=[upload("큰 파일.pdf", big)])
    assert exc.value.message_dict == {"files": ["큰 파일.pdf: 파일 하나는 1MB까지 첨부할 수 있습니다."]}

    with pytest.raises(ValidationError) as exc:
        send(org, files=[upload(f"{n}.pdf", PDF) for n in range(3)])
    assert exc.value.message_dict == {"files": ["첨부파일은 2개까지 올릴 수 있습니다."]}
    assert not MemoReport.objects.exists()


def test_superiors_are_the_heads_up_the_tree_nearest_first(org):
    assert superiors_for(org.staff) == [org.chief, org.director]
    assert superiors_for(org.accountant) == [org.team_lead, org.chief, org.director]
    assert superiors_for(org.chief) == [org.director]  # not oneself
    assert superiors_for(org.director) == []


def test_who_sees_a_memo(org):
    memo = send(org, recipients=[org.chief])

    allowed = [org.staff, org.chief, org.director, org.admin, org.auditor]
    refused = [org.peer, org.stranger, org.other_head, org.team_lead, org.accountant]
    for user in allowed:
        assert access_memo(user, memo.pk) == memo, user.username
    for user in refused:
        with pytest.raises(Http404):
            access_memo(user, memo.pk)
    assert set(memos_visible_to(org.peer)) == set()


def test_a_memo_sent_by_a_team_member_is_seen_by_every_head_above(org):
    memo = send(org, actor=org.accountant, recipients=[org.team_lead])

    for head in (org.team_lead, org.chief, org.director):
        assert access_memo(head, memo.pk) == memo
    with pytest.raises(Http404):
        access_memo(org.staff, memo.pk)


def test_the_same_ids_at_beta_see_nothing(org, beta):
    memo = send(org)

    with schema_context("beta"):
        assert not MemoReport.objects.exists()
        for pk in (org.staff.pk, org.admin.pk):
            twin = User.objects.get(pk=pk)
            with pytest.raises(Http404):
                access_memo(twin, memo.pk)
            assert unread_memo_count(twin) == 0


def test_filing_under_a_unit_task_puts_it_on_the_card(org):
    task = unit_task(department=org.d100, name="민원 처리")

    memo = send(org, unit_task=task)

    document = RelatedDocument.objects.get(source="memo", source_id=str(memo.pk))
    assert document.unit_task == task
    assert document.title == "3월 민원 처리 현황"
    assert document.produced_on == timezone.localdate(memo.sent_at)
    assert document.url == f"/memos/{memo.pk}/"


def test_filing_under_another_departments_task_is_refused(org):
    task = unit_task(department=org.other)

    with pytest.raises(ValidationError) as exc:
        send(org, unit_task=task)

    assert exc.value.message_dict == {"unit_task": ["이 단위과제에는 등록할 수 없습니다."]}
    assert not RelatedDocument.objects.exists()
