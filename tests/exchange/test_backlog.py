"""The demo's history is delivered promptly without holding up live work.

The seed completes thousands of documents at once, about 8% of them sent to other institutions,
whose delivery waits for their PDF. Their renders go to their own backlog queue, so a worker
serving its queues in turn renders them at once instead of after every internal document seeded
before them, and a document someone completes meanwhile still goes first."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from kombu import Connection, Consumer, Exchange, Producer, Queue

from approval.services import document_approve
from approval.tasks import (
    PDF_BACKLOG_QUEUE,
    PDF_BACKLOG_SENT_QUEUE,
    PDF_QUEUE,
    pdf_renders_in_backlog,
    render_pdf,
)
from config.launcher import WORKER_QUEUES
from tests.factories.approval import org_chart, submitted
from tests.factories.exchange import sent_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def _completed_internal(org):
    document = submitted(org, title="내부 문서")
    document_approve(document=document, actor=org.lead)
    return document_approve(document=document, actor=org.manager)


def test_the_historys_sent_documents_render_from_their_own_backlog_queue(
    in_alpha, media, django_capture_on_commit_callbacks
):
    org = org_chart()
    with (
        mock.patch.object(render_pdf, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with pdf_renders_in_backlog():
            internal = _completed_internal(org)
            sent = sent_document(org, files=False)
        live_internal = _completed_internal(org)
        live_sent = sent_document(org, files=False)
    assert [(c.args[0][0], c.kwargs["queue"]) for c in send.call_args_list] == [
        (internal.pk, PDF_BACKLOG_QUEUE),
        (sent.pk, PDF_BACKLOG_SENT_QUEUE),
        (live_internal.pk, PDF_QUEUE),  # live work is never put in a backlog
        (live_sent.pk, PDF_QUEUE),
    ]


def test_every_worker_listens_to_every_queue_the_renders_go_to():
    queues = WORKER_QUEUES.split(",")
    assert {"celery", PDF_QUEUE, PDF_BACKLOG_SENT_QUEUE, PDF_BACKLOG_QUEUE} <= set(queues)
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert re.findall(r'"--queues", "([^"]+)"', compose) == [WORKER_QUEUES]  # the one worker service


def _consumption_order(sends: list[tuple[str, str]], *, live_after: int) -> list[str]:
    """Publish `sends` ((body, queue) in the order the seed sends them) to the real broker, then
    take them as the worker does (its queues, one message at a time); after `live_after` messages
    someone completes a document (a message on the live `pdf` queue). Returns the bodies in the
    order they were taken. The queues get a name of their own so no other test's jobs mix in."""
    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    queues = {
        name: Queue(prefix + name, Exchange(prefix + name, type="direct"), routing_key=prefix + name)
        for name in WORKER_QUEUES.split(",")
    }
    taken: list[str] = []
    with Connection(settings.CELERY_BROKER_URL) as connection:
        producer = Producer(connection)

        def publish(body: str, name: str) -> None:
            queue = queues[name]
            producer.publish(body, exchange=queue.exchange, routing_key=queue.routing_key, declare=[queue])

        for body, name in sends:
            publish(body, name)

        def on_message(body, message):
            taken.append(body)
            message.ack()

        try:
            with Consumer(connection, queues=list(queues.values()), callbacks=[on_message], prefetch_count=1):
                while len(taken) < len(sends) + 1:
                    if len(taken) == live_after and "live" not in taken:
                        publish("live", PDF_QUEUE)
                    connection.drain_events(timeout=5)
        finally:
            for queue in queues.values():
                queue.bind(connection).delete()
    return taken


def test_a_worker_takes_the_sent_history_and_live_work_long_before_the_rest_of_the_backlog():
    # Three institutions' seeds, each 180 completions of which every twelfth is sent out (the
    # demo's 8%), queued in completion order as the seed commits.
    history = [(f"{i}-{n}", n % 12 == 5) for i in range(3) for n in range(180)]
    sent_bodies = [body for body, sent in history if sent]

    routed = [(body, PDF_BACKLOG_SENT_QUEUE if sent else PDF_BACKLOG_QUEUE) for body, sent in history]
    taken = _consumption_order(routed, live_after=20)
    last_sent = max(taken.index(body) for body in sent_bodies)
    assert last_sent < 2 * len(sent_bodies) + 2  # 45 sent documents among the first 92 of 541
    assert taken.index("live") <= 21  # taken next: live work does not wait behind any backlog

    # One backlog for all (as before): the last sent document waited behind nearly everything.
    single = _consumption_order([(body, PDF_BACKLOG_QUEUE) for body, _sent in history], live_after=20)
    assert max(single.index(body) for body in sent_bodies) > 500
