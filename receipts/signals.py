"""Signals receipts sends for apps that follow it without being imported by it (records registers
every registered receipt as a record; receipts never imports records). This module is receipts'
public API for such followers.

`receipt_registered` is sent inside the 접수 transaction, after the received document has its
receipt number, with keyword arguments:

- ``received``: the registered `ReceivedDocument` (read-only for receivers: pk, title, body,
  registration_number, registration_year, registered_at, registered_department, registered_by,
  sender_name, sender_registration_number, disclosure, pdf, pdf_sha256 and its ``attachments``
  (original_name, file, sha256) are the record's data);
- ``actor``: who registered it;
- ``at``: the moment of 접수.

It is also sent in the province's (public) schema, where receipts exists too: a receiver that
keeps institution-only tables must check the schema. A receiver that raises rolls the 접수 back;
a rolled-back 접수 leaves nothing a receiver wrote.
"""

from __future__ import annotations

from django.dispatch import Signal

# Everything another app may import from receipts, by module: the signal to follow it, and the
# service a records 폐기 uses to destroy a received document's content (its 등록정보 stays).
PUBLIC_API: dict[str, frozenset[str]] = {
    "receipts.signals": frozenset({"receipt_registered"}),
    "receipts.services": frozenset({"received_dispose"}),
}

receipt_registered = Signal()
