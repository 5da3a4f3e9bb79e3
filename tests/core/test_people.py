"""core.people.person_label: one function names people, in the three formats the pages use, and
leaves out what a person lacks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.people import person_label


def _person(name="홍길동", position="팀장", department="총무팀"):
    return SimpleNamespace(
        name=name,
        position_id=1 if position else None,
        position=SimpleNamespace(name=position) if position else None,
        department_id=2 if department else None,
        department=SimpleNamespace(name=department) if department else None,
    )


@pytest.mark.parametrize(
    ("style", "full", "no_position", "no_department", "bare"),
    [
        ("short", "홍길동 팀장", "홍길동", "홍길동 팀장", "홍길동"),
        ("department", "홍길동 팀장 (총무팀)", "홍길동 (총무팀)", "홍길동 팀장", "홍길동"),
        ("directory", "홍길동 · 총무팀 · 팀장", "홍길동 · 총무팀", "홍길동 · 팀장", "홍길동"),
    ],
)
def test_each_format_with_and_without_position_and_department(style, full, no_position, no_department, bare):
    assert person_label(_person(), style) == full
    assert person_label(_person(position=None), style) == no_position
    assert person_label(_person(department=None), style) == no_department
    assert person_label(_person(position=None, department=None), style) == bare


def test_the_short_format_never_reads_the_department():
    # A list of short labels (an export's rows) must not load each person's department.
    person = _person()
    del person.department
    assert person_label(person) == "홍길동 팀장"


def test_the_short_format_is_the_default_and_nobody_is_blank():
    assert person_label(_person()) == "홍길동 팀장"
    assert person_label(None) == ""
    assert person_label(None, "directory") == ""


@pytest.mark.django_db
def test_a_staff_user_is_labelled_from_its_position_and_department(in_alpha):
    from org.models import Position
    from tests.factories import DepartmentFactory, UserFactory

    department = DepartmentFactory(name="인사팀", code="P100")
    position = Position.objects.create(name="선임", rank=990)
    user = UserFactory(username="plabel", name="김라벨", department=department, position=position)
    assert person_label(user) == "김라벨 선임"
    assert person_label(user, "department") == "김라벨 선임 (인사팀)"
    assert person_label(user, "directory") == "김라벨 · 인사팀 · 선임"
