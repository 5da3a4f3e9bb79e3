"""Everything that changes a document, one module per seam:

- `drafting`: draft, autosave, 붙임, discard, 상신 (document_draft … document_submit);
- `deciding`: the approvers' actions and the drafter's answers to them (approve, reject, hold,
  resume, withdraw, redraft, edit, comment, 후결), each under the document's row lock, with who
  may decide which step from approval.turn;
- `sharing`: 공람 and 열람 권한;
- `disposal`: 기록물 폐기 of a completed document (records.disposal calls it);
- `delegation`: the delegation table (위임전결 규정);
- `subjects`: what client apps call (approval.kinds is their manual);
- `common` and `callbacks`: what the others share.

Every public service is importable from here (`from approval.services import document_approve`).
"""

from approval.services.deciding import (
    REJECT_TO_DRAFTER,
    REJECT_TO_PREVIOUS,
    document_approve,
    document_comment,
    document_edit,
    document_hold,
    document_post_approve,
    document_redraft,
    document_reject,
    document_resume,
    document_withdraw,
)
from approval.services.delegation import delegation_rule_check, delegation_rule_save
from approval.services.disposal import document_dispose
from approval.services.drafting import (
    document_attach,
    document_detach,
    document_discard_draft,
    document_draft,
    document_submit,
    document_update_draft,
)
from approval.services.sharing import (
    circulation_mark_read,
    document_circulate,
    document_grant_read,
    document_revoke_read,
)
from approval.services.subjects import approval_resubmit_subject, approval_submit_subject

__all__ = [
    "REJECT_TO_DRAFTER",
    "REJECT_TO_PREVIOUS",
    "approval_resubmit_subject",
    "approval_submit_subject",
    "circulation_mark_read",
    "delegation_rule_check",
    "delegation_rule_save",
    "document_approve",
    "document_attach",
    "document_circulate",
    "document_comment",
    "document_detach",
    "document_discard_draft",
    "document_dispose",
    "document_draft",
    "document_edit",
    "document_grant_read",
    "document_hold",
    "document_post_approve",
    "document_redraft",
    "document_reject",
    "document_resume",
    "document_revoke_read",
    "document_submit",
    "document_update_draft",
    "document_withdraw",
]
