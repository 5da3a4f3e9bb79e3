"""Signals the approval engine sends for apps that follow what it decides without being imported
by it (records registers every completed document as a record; approval never imports records).

`document_completed` is sent inside the completing transaction (결재 완료), after the document has
its registration number and the kind's on_approved callback has run, with keyword arguments:

- ``document``: the completed document (read-only for receivers: its pk, title, body,
  registration_number, registration_display, registered_at, registration_year, department,
  drafter, unit_task, retention_period, disclosure, disclosure_ground, is_internal and its
  ``attachments`` (original_name, file, sha256) are the record's data);
- ``actor``: who completed it (the final approver or their stand-in);
- ``at``: the moment of completion.

A receiver that raises rolls the completion back with it (the approver sees the error), and a
completion that is rolled back for any other reason leaves nothing a receiver wrote: receivers
write in the caller's transaction and must defer mail or jobs to ``transaction.on_commit``.
"""

from __future__ import annotations

from django.dispatch import Signal

document_completed = Signal()
