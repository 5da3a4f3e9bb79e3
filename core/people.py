"""How a person is named on screens, in exports and in messages: one function, the formats the UI
uses. It reads only the person's `name`, `position` and, where the style shows it, `department`
(core names no app's model); select_related on them keeps a list of labels at one query.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

PersonStyle = Literal["short", "department", "directory"]


class Person(Protocol):
    """What a label reads of a person (org's staff user has all of it)."""

    name: str
    position_id: Any
    position: Any
    department_id: Any
    department: Any


def person_label(person: Person | None, style: PersonStyle = "short") -> str:
    """The person's label, "" for nobody:

    - "short": 홍길동 팀장 — lists, exports, attendee lists;
    - "department": 홍길동 팀장 (총무팀) — one person named in a sentence where their department
      matters (the 결재권자 of a line);
    - "directory": 홍길동 · 총무팀 · 팀장 — wherever people are chosen (org.forms' people pickers
      and their search), by where they sit.

    A part the person lacks (no position, no department) is left out with its separator.
    """
    if person is None:
        return ""
    position = person.position.name if person.position_id else ""
    # The department only where the style shows it: a list of short labels never loads it.
    department = person.department.name if style != "short" and person.department_id else ""
    if style == "directory":
        return " · ".join(part for part in (person.name, department, position) if part)
    parts = [person.name, position, f"({department})" if department else ""]
    return " ".join(part for part in parts if part)
