"""The e-approval demo writes what the services would have written.

One history is planned for a fresh 독도재단 (approval.demo.story, a reduced document count), then
written twice from the same point: in bulk by approval.demo.writer, and action by action through
approval.services (each service checks its action: whose turn it is, the line against the
delegation table, the filing data …). The rows of both, with ids replaced by their rank, are the
same. When the engine changes what an action writes or refuses, this test says where the seed
must follow."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django_tenants.utils import schema_context

from approval.demo import story as demo_story
from approval.demo.history import Doc, Entry
from approval.demo.writer import READ_AFTER, READ_WITHIN, write
from approval.lines import ApprovalLine
from approval.models import (
    ApprovalStep,
    Attachment,
    CarbonCopy,
    Circulation,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentVersion,
    Recipient,
    RegistrationCounter,
    StepState,
)
from approval.services import (
    REJECT_TO_DRAFTER,
    circulation_mark_read,
    document_approve,
    document_attach,
    document_circulate,
    document_comment,
    document_draft,
    document_edit,
    document_hold,
    document_post_approve,
    document_redraft,
    document_reject,
    document_resume,
    document_submit,
    document_update_draft,
    document_withdraw,
)
from approval.tasks import pdf_renders_in_backlog
from audit.models import AuditEvent
from exchange.models import OutboxMessage
from notifications.models import Notification
from notifications.services import mail_suppressed
from org import demo as org_demo
from org import demo_data as org_data
from org.models import Absence, User
from tasks import demo as tasks_demo
from tasks.models import RelatedDocument
from tenants.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 4, 16, 40, tzinfo=SEOUL)  # a Friday afternoon
SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def _replay(history) -> None:
    """The history's actions through approval.services, then what the seeder does after them
    (the moments Django stamps on insert put back; old notifications read)."""
    documents: dict = {}
    drafted_at: dict[int, datetime] = {}
    for action in history.actions:
        args, at, actor = action.args, action.at, action.actor
        document = documents.get(action.doc)
        if action.name == "draft":
            document = document_draft(
                actor=actor,
                title=args["title"],
                body=args["body"],
                unit_task=args["unit_task"],
                decision_amount=args["amount"],
                importance=args["importance"],
                disclosure=args["disclosure"],
                disclosure_ground=args["disclosure_ground"],
                is_internal=not args["recipients"],
                recipients=args["recipients"],
                line=args["line"],
            )
            documents[action.doc] = document
            drafted_at[document.pk] = at
        elif action.name == "attach":
            upload = args["upload"]
            file = SimpleUploadedFile(upload.name, upload.content, content_type=upload.content_type)
            document_attach(document=document, actor=actor, files=[file])
        elif action.name == "submit":
            document_submit(document=document, actor=actor, now=at)
        elif action.name == "approve":
            document_approve(document=document, actor=actor, comment=args["comment"], now=at)
        elif action.name == "reject":
            document_reject(document=document, actor=actor, reason=args["reason"], to=REJECT_TO_DRAFTER, now=at)
        elif action.name == "hold":
            document_hold(document=document, actor=actor, reason=args["reason"], now=at)
        elif action.name == "resume":
            document_resume(document=document, actor=actor, now=at)
        elif action.name == "withdraw":
            document_withdraw(document=document, actor=actor, reason=args["reason"], now=at)
        elif action.name == "redraft":
            new = document_redraft(document=document, actor=actor, now=at)
            documents[args["new"]] = new
            drafted_at[new.pk] = at
        elif action.name == "update_draft":
            document_update_draft(document=document, actor=actor, body=args["body"])
        elif action.name == "edit":
            title = Document.objects.get(pk=document.pk).title
            document_edit(document=document, actor=actor, title=title, body=args["body"], note=args["note"], now=at)
        elif action.name == "comment":
            document_comment(document=document, actor=actor, body=args["body"], now=at)
        elif action.name == "post_approve":
            step = ApprovalStep.objects.get(document=document, order=args["step"])
            document_post_approve(document=document, actor=actor, step=step, now=at)
        elif action.name == "circulate":
            document_circulate(document=document, actor=actor, users=args["users"], now=at)
        elif action.name == "mark_read":
            circulation_mark_read(document=document, user=actor, now=at)
        else:
            raise AssertionError(f"no replay for {action.name}")
    rows = list(Document.objects.filter(pk__in=drafted_at))
    for row in rows:
        row.created_at = drafted_at[row.pk]
        row.updated_at = row.closed_at or row.submitted_at or row.created_at
    Document.objects.bulk_update(rows, ["created_at", "updated_at"])
    Notification.objects.filter(created_at__lt=NOW - READ_AFTER).update(read_at=F("created_at") + READ_WITHIN)


def _ranks(model, queryset=None) -> dict:
    """id -> its rank among the rows written after the starting point (ids differ between the two
    writings; their order does not)."""
    rows = (queryset if queryset is not None else model.objects).order_by("pk").values_list("pk", flat=True)
    return {pk: rank for rank, pk in enumerate(rows)}


def _snapshot(first_audit_id: int) -> dict:
    docs = _ranks(Document)
    steps = _ranks(ApprovalStep)
    events = AuditEvent.objects.filter(pk__gt=first_audit_id)

    def rows(model, *, drop=(), refs=None, queryset=None):
        refs = refs or {}
        out = []
        for row in (queryset if queryset is not None else model.objects).order_by("pk").values():
            row.pop("id")
            for name in drop:
                row.pop(name)
            for name, ranks in refs.items():
                row[name] = ranks.get(row[name]) if row[name] is not None else None
            out.append(row)
        return out

    doc_refs = {"document_id": docs}
    audit = []
    for row in events.order_by("pk").values("action", "actor_id", "actor_label", "target_type", "target_id", "data"):
        if row["target_type"] == "approval.Document":
            row["target_id"] = docs[int(row["target_id"])]
        data = row["data"]
        if "redraft" in data:
            data["redraft"] = docs[data["redraft"]]
        data.pop("messages", None)  # the exchange's envelope ids (UUIDs)
        audit.append(row)
    return {
        "documents": rows(Document, refs={"redraft_of_id": docs, "held_step_id": steps}),
        "steps": rows(ApprovalStep, refs=doc_refs),
        "recipients": rows(Recipient, refs=doc_refs),
        "carbon_copies": rows(CarbonCopy, refs=doc_refs),
        "versions": rows(DocumentVersion, refs={**doc_refs, "step_id": steps}),
        "events": rows(DocumentEvent, refs={**doc_refs, "step_id": steps}),
        "comments": rows(DocumentComment, refs={**doc_refs, "step_id": steps}),
        "circulations": rows(Circulation, refs=doc_refs),
        "attachments": rows(Attachment, drop=("file", "uploaded_at"), refs=doc_refs),
        "counters": sorted(RegistrationCounter.objects.values_list("department_id", "year", "last")),
        "related": [
            {**row, "source_id": docs[int(row["source_id"])]}
            for row in rows(
                RelatedDocument, drop=("linked_at",), queryset=RelatedDocument.objects.filter(source="approval")
            )
        ],
        "notifications": [
            {**row, "url": re.sub(r"\d+", lambda m: str(docs[int(m.group())]), row["url"])}
            for row in rows(Notification)
        ],
        "audit": audit,
        "outbox": sorted(
            (recipient, docs[document], payload["title"], payload["registration_number"])
            for recipient, document, payload in OutboxMessage.objects.values_list(
                "recipient__code", "sender_document_id", "payload"
            )
        ),
    }


def test_the_bulk_written_history_is_what_the_services_write():
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!", now=NOW).created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=NOW).created
        org = demo_story.read_org()
        story = demo_story.Story(institution, org, random.Random("replay"), NOW, documents=40)
        history = story.run()  # writes the delegation table and the absences, plans the rest
        start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert len(history.actions) > 250
        # A designated proxy who drafted the document gives way to a head up the chain (대결 with
        # 후결 forced): the history has one, so the comparison covers that rule too.
        assert any(isinstance(e, Entry) and e.data.get("fallback") for e in history.audit)
        assert {a.name for a in history.actions} >= {
            "draft", "attach", "submit", "approve", "reject", "hold", "resume", "withdraw", "redraft",
            "update_draft", "edit", "post_approve", "circulate", "mark_read",
        }  # fmt: skip

        with transaction.atomic():
            write(history, now=NOW)
            written = _snapshot(start)
            transaction.set_rollback(True)
        with transaction.atomic(), mail_suppressed(), pdf_renders_in_backlog():
            _replay(history)
            replayed = _snapshot(start)
            transaction.set_rollback(True)

    assert written["documents"], "nothing was written"
    for table in replayed:
        assert written[table] == replayed[table], table


def test_a_proxy_never_decides_a_document_they_drafted():
    """대결 goes to the absent approver's designated proxy at that moment, unless the proxy drafted
    the document: then the next present head up the approver's department chain stands in
    (approval.turn), and once the approver is back they decide it themselves."""
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!", now=NOW).created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=NOW).created
        story = demo_story.Story(institution, demo_story.read_org(), random.Random("proxy"), NOW, documents=0)
        story.run()
        org = story.org

        def head_above(absence: Absence) -> User | None:
            """The first head up the absent person's chain who is neither them nor their proxy
            and is not away themselves then."""
            during = absence.starts_at + timedelta(minutes=1)
            department_id = org.people[absence.user_id].department_id
            while department_id is not None:
                head = org.heads.get(department_id)
                if (
                    head is not None
                    and head.pk not in (absence.user_id, absence.proxy_id)
                    and not Absence.objects.filter(user=head, starts_at__lte=during, ends_at__gt=during).exists()
                ):
                    return head
                department_id = org.parent[department_id]
            return None

        absences = [a for absences in story.history.absences.values() for a in absences]
        absence = next(a for a in absences if head_above(a) is not None)
        approver, proxy = org.people[absence.user_id], org.people[absence.proxy_id]
        during = absence.starts_at + timedelta(minutes=1)
        step = ApprovalStep(order=1, approver=approver, state=StepState.PENDING)
        someone_else = next(u for u in org.people.values() if u.pk not in (approver.pk, proxy.pk))
        by_someone_else = Doc(Document(drafter=someone_else), NOW, ApprovalLine(steps=()), steps=[step])
        by_the_proxy = Doc(Document(drafter=proxy), NOW, ApprovalLine(steps=()), steps=[step])

        assert story.decider(by_someone_else, step, during) == proxy
        assert story.decider(by_the_proxy, step, during) == head_above(absence)
        assert story.decider(by_the_proxy, step, absence.ends_at) == approver
        assert story.waiting_for(by_the_proxy, during) == {approver.pk, head_above(absence).pk}
