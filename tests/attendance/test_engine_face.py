"""Attendance uses only the approval engine's public face (approval.kinds.PUBLIC_FACE)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from approval.kinds import PUBLIC_FACE
from tests.budget.test_engine_face import _approval_imports

# The demo seeder plays people (approvers deciding, an admin filling the delegation table)
# through the engine's own services; no page or service of attendance does.
NOT_CLIENT_CODE = {"demo.py"}


def test_attendance_imports_only_the_engines_public_face():
    base = Path(settings.BASE_DIR) / "attendance"
    offenders = [
        f"{path.relative_to(base)}: from {module} import {name or '*'}"
        for path in sorted(base.rglob("*.py"))
        if path.name not in NOT_CLIENT_CODE and "migrations" not in path.parts
        for module, name in _approval_imports(path)
        if name not in PUBLIC_FACE.get(module, frozenset())
    ]
    assert offenders == []
