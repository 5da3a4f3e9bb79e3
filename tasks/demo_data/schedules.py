"""The demo's calendar entries: institution events, department events, personal appointments."""

from __future__ import annotations

# --- Schedules (일정) -----------------------------------------------------------------------------------

# (title, days from today, start hour, hours (0: all day), days long, place)
INSTITUTION_EVENTS: tuple[tuple[str, int, int, int, int, str], ...] = (
    ("도 종합감사 수감", -40, 0, 0, 3, ""),
    ("전 직원 청렴교육", -25, 14, 2, 1, "대회의실"),
    ("정보보안 점검의 날", -10, 0, 0, 1, ""),
    ("노사협의회 정기회의", -4, 15, 2, 1, "대회의실"),
    ("직장 내 괴롭힘·성희롱 예방교육", 6, 10, 2, 1, "대회의실"),
    ("전 직원 소방 대피훈련", 11, 15, 1, 1, "본관 앞 광장"),
    ("경영평가 현장실사", 20, 0, 0, 2, ""),
    ("상반기 경영실적 보고회", 34, 14, 3, 1, "대회의실"),
)
# (title, start hour, hours (0: all day))
DEPARTMENT_EVENTS: tuple[tuple[str, int, int], ...] = (
    ("{dept} 워크숍", 0, 0),
    ("{dept} 현장 점검", 13, 4),
    ("{dept} 업무보고 준비", 14, 3),
    ("{dept} 외부 교육", 9, 8),
    ("{dept} 사업설명회", 14, 2),
)
# (title, start hour, hours (0: all day), place)
PERSONAL_EVENTS: tuple[tuple[str, int, int, str], ...] = (
    ("도청 업무협의", 14, 2, "경상북도청"),
    ("외부 교육: 회계실무", 9, 8, "경북인재개발원"),
    ("현장 출장", 10, 5, ""),
    ("자료 제출 마감: {task}", 17, 1, ""),
    ("사업 설명회 참석", 15, 2, ""),
    ("{task} 보고서 작성", 9, 3, ""),
    ("협력기관 미팅", 11, 1, ""),
    ("건강검진", 8, 3, "지정 검진기관"),
    ("연가(오후 반차)", 13, 5, ""),
)
