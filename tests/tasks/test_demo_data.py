"""The demo classification data (tasks.demo_data) against the rules a 기록관리기준표 must keep and
against the 21 demo institutions' organisation charts (org.demo_data), without a database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from org import demo_data as org_data
from tasks.demo_data import cards as card_data
from tasks.demo_data import classification as data
from tasks.demo_data import directives as directive_data
from tasks.demo_data import meetings as meeting_data
from tasks.demo_data import memos as memo_data
from tasks.demo_data import schedules as schedule_data
from tasks.demo_data import teams as team_data
from tasks.models import Disclosure, RetentionPeriod, UnitTask
from tasks.models.classification import disclosure_ground_validator

# The department names whose work a pattern in team_function() describes.
PATTERN_SUFFIXES = ("관광단지팀", "연구실", "연구팀", "종합재가센터", "지점", "센터")


def _domain_teams(spec: org_data.InstitutionSpec) -> list[str]:
    """Teams of the domain units, or the unit itself when it has no teams (as tasks.demo reads it)."""
    return [team for unit in spec.units[1:] for team in (unit.teams or (unit.name,))]


def _all_task_specs() -> list[data.TaskSpec]:
    specs = [spec for _name, spec in data.COMMON_TASKS]
    functions = [p.function for p in (*data.GOVERNANCE, *data.MANAGEMENT)]
    for institution in org_data.INSTITUTIONS:
        functions += [team_data.team_function(institution.code, team) for team in _domain_teams(institution)]
    for function in functions:
        specs += [task for activity in function.activities for task in activity.tasks]
    return specs


def _problems(spec: data.TaskSpec) -> list[str]:
    problems = []
    if spec.retention not in RetentionPeriod.values:  # 영구, 준영구, 30, 10, 5, 3, 1년 — never 20년
        problems.append(f"retention {spec.retention!r}")
    if not spec.reason.strip() or len(spec.reason) > UnitTask._meta.get_field("retention_reason").max_length:
        problems.append("reason")
    if len(spec.name) > UnitTask._meta.get_field("name").max_length:
        problems.append("name too long")
    if spec.pattern not in card_data.PATTERNS:
        problems.append(f"pattern {spec.pattern!r}")
    if not spec.basis.strip():
        problems.append("no legal basis")
    if spec.disclosure not in Disclosure.values:
        problems.append(f"disclosure {spec.disclosure!r}")
    elif (spec.disclosure == Disclosure.PUBLIC) != (spec.ground == ""):
        problems.append("공개 has no ground, 부분공개/비공개 have one")
    elif spec.ground:
        try:
            disclosure_ground_validator(spec.ground)  # 정보공개법 제9조① 호수, e.g. "5" or "6,7"
        except ValidationError:
            problems.append(f"ground {spec.ground!r}")
    return problems


def test_every_unit_task_has_a_legal_retention_entry():
    specs = _all_task_specs()

    assert len(specs) > 400
    assert {spec.name: problems for spec in specs if (problems := _problems(spec))} == {}


def test_the_reason_fits_the_period():
    """A reason written for a permanent record is never attached to a finite period, and so on:
    the shared reasons are named after their period (PERM_, SEMI_, Y30_, Y10_ …)."""
    by_text = {
        value: name
        for name, value in vars(data).items()
        if isinstance(value, str) and name[:2] in {"PE", "SE", "Y1", "Y3", "Y5"}
    }
    prefixes = {
        "permanent": "PERM_",
        "semi_permanent": "SEMI_",
        "30": "Y30_",
        "10": "Y10_",
        "5": "Y5_",
        "3": "Y3_",
        "1": "Y1_",
    }
    wrong = [
        (spec.name, spec.retention, by_text[spec.reason])
        for spec in _all_task_specs()
        if spec.reason in by_text and not by_text[spec.reason].startswith(prefixes[spec.retention])
    ]
    assert wrong == []


def test_common_tasks_follow_the_2018_schedule():
    """처리과공통 rows as the reference gives them: 복무관리 3년, 예산편성및집행 5년, 감사수감 10년."""
    periods = {spec.name: spec.retention for _activity, spec in data.COMMON_TASKS}

    assert periods == {
        "서무관리": "1",
        "복무관리": "3",
        "예산편성및집행": "5",
        "감사수감및결과조치": "10",
        "업무계획수립및보고": "5",
    }


def test_board_rules_and_personnel_records_are_kept_long():
    specs = {spec.name: spec for spec in _all_task_specs()}

    assert specs["이사회 운영"].retention == RetentionPeriod.PERMANENT
    assert specs["정관 및 규정 제·개정"].retention == RetentionPeriod.PERMANENT
    assert specs["인사발령 및 인사기록 관리"].retention == RetentionPeriod.SEMI_PERMANENT
    assert specs["계약 관리"].retention == RetentionPeriod.YEARS_10
    assert specs["종합감사 및 특정감사"].disclosure != Disclosure.PUBLIC


@pytest.mark.parametrize("institution", org_data.INSTITUTIONS, ids=lambda s: s.code)
def test_every_demo_institution_has_its_own_mission_and_team_work(institution):
    domain_units = [unit.name for unit in institution.units[1:]]
    assert set(domain_units) <= set(team_data.MISSION_FUNCTIONS[institution.code])
    for team in _domain_teams(institution):
        described = (
            (institution.code, team) in team_data.TEAM_FUNCTIONS_BY_INSTITUTION
            or team in team_data.TEAM_FUNCTIONS
            or team.endswith(PATTERN_SUFFIXES)
        )
        assert described, f"{institution.code} {team}: only the generic fallback would describe its work"
    management_teams = set(institution.units[0].teams)
    placed = {name for p in (*data.GOVERNANCE, *data.MANAGEMENT) for name in p.teams}
    assert management_teams <= placed, f"{institution.code}: management teams with no placed function"


def test_team_functions_read_from_the_department_name():
    assert team_data.team_function("gbri", "도시지역연구실").name == "도시지역 연구"
    assert team_data.team_function("gbbio", "백신바이오연구팀").name == "백신바이오 연구개발"
    assert team_data.team_function("gbcgf", "포항지점").activities[0].tasks[0].name == "포항지점 보증 상담 및 접수"
    assert team_data.team_function("gbtour", "보문관광단지팀").name == "보문관광단지 운영"
    # The same team name means different work in a guarantee foundation.
    assert team_data.team_function("gepa", "소상공인지원팀").name == "소상공인 지원"
    assert team_data.team_function("gbcgf", "소상공인지원팀").name == "소상공인 보증 지원"
    assert team_data.team_function("x", "미지의팀").name == "미지의"


@pytest.mark.parametrize("pattern", card_data.PATTERNS.values(), ids=list(card_data.PATTERNS))
def test_work_patterns_are_dated_within_a_year_in_order(pattern):
    dates = [(month, day) for month, day, _title in pattern.steps]
    assert dates == sorted(dates)
    assert all(1 <= month <= 12 and 1 <= day <= 31 for month, day in dates)
    assert len(pattern.steps) >= 6
    for detail in pattern.details:
        detail.format(n=1, m=2)  # every placeholder is one the seed fills


def test_disclosure_grounds_are_checked():
    with pytest.raises(ValidationError):
        disclosure_ground_validator("9")


def test_text_templates_take_exactly_the_words_the_seed_fills_in():
    words = {"task": "독도 바로알기 교육", "detail": "설문 20부 회수", "next": "다음 주 보고", "n": 3, "m": 40}
    for title, body, *report in (*memo_data.MEMO_REPORTS, *memo_data.MEMO_INSTRUCTIONS, *directive_data.DIRECTIVES):
        assert "독도 바로알기 교육" in title.format(**words)
        assert "{" not in body.format(**words)
        assert "{" not in "".join(report).format(**words)
    for text in (*meeting_data.MEETING_DECISIONS, *(e[0] for e in schedule_data.PERSONAL_EVENTS)):
        assert "{" not in text.format(task="독도 바로알기 교육")
    reports = tuple(report for _title, _body, report in directive_data.HEAD_DIRECTIVES)
    for text in reports + tuple(body for notes in card_data.CARD_NOTES.values() for _t, body in notes):
        assert "{" not in text.format(n=3, m=40)
    assert [a.format(year=2026, last=2025) for a in meeting_data.BOARD_AGENDA][2] == "2025년도 결산 승인(안)"
    assert {e[0].format(dept="독도교육팀") for e in schedule_data.DEPARTMENT_EVENTS} >= {"독도교육팀 워크숍"}
