"""An organisation for the memo-report and directive tests, built in the current schema.

    본부 (HQ, head: director)
    └── 경영지원부 D100 (head: chief) — the session's admin, staff, peer work here
        └── 회계팀 (head: team_lead) — accountant
    사업부 (head: other_head) — stranger

So staff's superiors are chief (own department) and director (the tree above); peer is a
colleague who is nobody's superior; stranger works in another department of the same
institution; an auditor reads everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from org import roles
from org.models import Department, User
from org.services import department_save, department_set_head
from tests.factories.org import DepartmentFactory, PositionFactory, UserFactory
from tests.support import ADMIN, DEPARTMENT_CODE, PEER, STAFF


@dataclass
class Org:
    hq: Department
    d100: Department
    team: Department
    other: Department
    director: User
    chief: User
    team_lead: User
    accountant: User
    admin: User
    staff: User
    peer: User
    other_head: User
    stranger: User
    auditor: User


def build_org() -> Org:
    hq = DepartmentFactory(name="본부", code="HQ")
    d100 = Department.objects.get(code=DEPARTMENT_CODE)
    d100.parent = hq
    d100 = department_save(department=d100)
    team = DepartmentFactory(name="회계팀", code="D110", parent=d100)
    other = DepartmentFactory(name="사업부", code="D200")

    def person(username, name, department, position=None, email=""):
        return UserFactory(username=username, name=name, department=department, position=position, email=email)

    director = person("director", "박본부", hq, PositionFactory(name="본부장", rank=10), "director@example.kr")
    chief = person("chief", "최부장", d100, PositionFactory(name="부서장", rank=20), "chief@example.kr")
    team_lead = person("team_lead", "정팀장", team, PositionFactory(name="팀장", rank=30))
    accountant = person("accountant", "오회계", team)
    other_head = person("other_head", "강사업", other)
    stranger = person("stranger", "남모름", other, email="stranger@example.kr")
    auditor = UserFactory(username="auditor", name="감사인", department=other, roles=[roles.STAFF, roles.AUDITOR])
    for department, head in ((hq, director), (d100, chief), (team, team_lead), (other, other_head)):
        department_set_head(department=department, head=head)
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}
    staff = users[STAFF]
    staff.email = "staff@example.kr"
    staff.save(update_fields=["email"])
    return Org(
        hq=hq,
        d100=Department.objects.get(pk=d100.pk),
        team=team,
        other=other,
        director=director,
        chief=chief,
        team_lead=team_lead,
        accountant=accountant,
        admin=users[ADMIN],
        staff=staff,
        peer=users[PEER],
        other_head=other_head,
        stranger=stranger,
        auditor=auditor,
    )


# File contents that pass or fail core.uploads' signature check.
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HWP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"HWP Document File"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
