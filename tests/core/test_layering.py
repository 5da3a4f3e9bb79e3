"""The dependency direction holds: core, org, tenants and audit import none of the apps above them
and name none of them — no app label, dotted path, URL name or template of theirs — in code or in
their own templates. What those apps add reaches the shared pages through the plug-in registry
(core.plugins), never through a name written below them.

"Above" is every other app of this project that is installed, plus the ones planned for later, so
an app added tomorrow is covered without editing this test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE = Path(settings.BASE_DIR)
BELOW = ("core", "org", "tenants", "audit")
PLANNED = ("attendance", "payroll", "records", "monitoring")


def above() -> set[str]:
    installed = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == BASE.resolve() and config.label not in BELOW
    }
    return installed | set(PLANNED)


def test_the_apps_above_are_the_ones_we_mean():
    assert {"tasks", "approval", "budget", "receipts", "exchange", "notifications"} <= above()


def names_an_app(text: str, labels: set[str]) -> str | None:
    """The label `text` names as a module, dotted path, URL name or template folder, if any:
    "budget", "budget.kinds", "budget:plan_list", "budget/plan_list.html"."""
    alternatives = "|".join(sorted(labels))
    found = re.search(rf"(?<![\w.])({alternatives})(?:[.:/][\w]|$)", text)
    return found.group(1) if found else None


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes: prose about the design may mention what the code may not name."""
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))]
    found = set()
    for node in nodes:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


def violations_in_python(path: Path, labels: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            modules = []
        found += [f"{path}:{node.lineno} imports {m}" for m in modules if m.split(".")[0] in labels]
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        if literal and (label := names_an_app(node.value, labels)):
            found.append(f"{path}:{node.lineno} names {label!r} in {node.value!r}")
    return found


def own_templates() -> list[Path]:
    folders = [BASE / "templates" / app for app in BELOW] + [BASE / "templates" / "components"]
    folders += [Path(apps.get_app_config(app).path) / "templates" for app in BELOW]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def test_core_org_tenants_and_audit_import_and_name_no_app_above_them():
    labels = above()
    sources = sorted(path for app in BELOW for path in (BASE / app).rglob("*.py"))
    assert len(sources) > 50  # the walk found the code
    found = [v for path in sources for v in violations_in_python(path, labels)]
    for path in own_templates():
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for literal in re.findall(r"""["']([^"']*)["']""", line):
                if label := names_an_app(literal, labels):
                    found.append(f"{path}:{line_number} names {label!r} in {literal!r}")
    assert found == []


def test_the_scan_sees_what_it_must_refuse(tmp_path):
    labels = {"budget", "payroll"}
    source = tmp_path / "bad.py"
    source.write_text(
        '"""Prose may say budget.kinds."""\n'
        "import payroll.services\n"
        "from budget.kinds import register\n"
        'NAV = ("예산", "budget:plan_list")\n'
        'PANEL = "budget/home.html"\n'
        'LABEL = "payroll"\n'
        'FINE = ("budgeting", "the budget is fine", "org.roles")\n',
        encoding="utf-8",
    )
    found = violations_in_python(source, labels)
    assert sorted(int(line.split(" ", 1)[0].rsplit(":", 1)[1]) for line in found) == [2, 3, 4, 5, 6]
