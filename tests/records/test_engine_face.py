"""Records follows approval and receipts through their public faces only (approval.kinds.
PUBLIC_FACE, receipts.signals.PUBLIC_API), and neither of them imports records."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from approval.kinds import PUBLIC_FACE
from receipts.signals import PUBLIC_API

# The demo seeder registers in bulk what the other seeders wrote, reading their rows as the
# budget seeder does (tests/budget/test_engine_face.py); no page or service of records does.
NOT_CLIENT_CODE = {"demo.py"}


def _imports(path: Path, app: str) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.split(".")[0] == app]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == app:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def _sources(app: str) -> list[Path]:
    base = Path(settings.BASE_DIR) / app
    return [p for p in sorted(base.rglob("*.py")) if "migrations" not in p.parts]


def test_records_imports_only_the_public_faces():
    offenders = []
    for path in _sources("records"):
        if path.name in NOT_CLIENT_CODE:
            continue
        for module, name in _imports(path, "approval"):
            if name not in PUBLIC_FACE.get(module, frozenset()):
                offenders.append(f"{path.name}: from {module} import {name or '*'}")
        for module, name in _imports(path, "receipts"):
            if name not in PUBLIC_API.get(module, frozenset()):
                offenders.append(f"{path.name}: from {module} import {name or '*'}")
    assert offenders == []


def test_approval_and_receipts_never_import_records():
    importers = [
        f"{app}/{path.name}" for app in ("approval", "receipts") for path in _sources(app) if _imports(path, "records")
    ]
    assert importers == []
