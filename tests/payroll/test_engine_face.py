"""Payroll uses only the approval engine's public face (approval.kinds.PUBLIC_FACE) and only
budget's public modules: the charges API, the books, the transfer file (and the journal's kinds)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from approval.kinds import PUBLIC_FACE
from tests.budget.test_engine_face import _approval_imports

BASE = Path(settings.BASE_DIR) / "payroll"
BUDGET_FACE = {
    "budget.charges": None,  # any name: the module is the public face (its __all__)
    "budget.books": None,
    "budget.transfers": None,
    "budget.models": frozenset({"EntryKind", "JournalEntry"}),
}


def _sources() -> list[Path]:
    return [p for p in sorted(BASE.rglob("*.py")) if "migrations" not in p.parts]


def test_payroll_imports_only_the_engines_public_face():
    offenders = [
        f"{path.relative_to(BASE)}: from {module} import {name or '*'}"
        for path in _sources()
        for module, name in _approval_imports(path)
        if name not in PUBLIC_FACE.get(module, frozenset())
    ]
    assert offenders == []


def test_payroll_imports_only_budgets_public_modules():
    offenders = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "budget":
                allowed = BUDGET_FACE.get(node.module, frozenset())
                offenders += [
                    f"{path.relative_to(BASE)}: from {node.module} import {alias.name}"
                    for alias in node.names
                    if allowed is not None and alias.name not in allowed
                ]
            elif isinstance(node, ast.Import):
                offenders += [f"{path.relative_to(BASE)}: import {a.name}" for a in node.names if a.name == "budget"]
    assert offenders == []
