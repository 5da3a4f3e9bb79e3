"""The demo's meeting rooms and the words of its meetings: agendas, remarks, decisions, RSVP notes."""

from __future__ import annotations

# --- Meetings (회의) -----------------------------------------------------------------------------------

# (name, location, capacity), by institution size: the first two for all, all four for the largest.
ROOMS: tuple[tuple[str, str, int], ...] = (
    ("대회의실", "본관 3층", 40),
    ("소회의실 1", "본관 2층", 10),
    ("영상회의실", "본관 4층", 16),
    ("소회의실 2", "별관 1층", 8),
)
MEETING_REMARKS: tuple[str, ...] = (
    "추진 일정이 빠듯하므로 관계 부서의 협조가 필요함",
    "예산 집행률 제고 방안을 함께 검토해 주기 바람",
    "현장 의견을 충분히 듣고 보완할 필요가 있음",
    "지난 회의 결정사항은 대부분 이행되었고 일부는 진행 중임",
    "도와 협의가 필요한 사항은 이번 주 중 협의 예정임",
    "성과지표 달성을 위해 하반기 집중 관리가 필요함",
)
MEETING_DECISIONS: tuple[str, ...] = (
    "{task} 세부 일정을 다음 주까지 확정하여 재보고",
    "{task} 관련 관계 부서 합동 점검반 구성·운영",
    "{task} 추진 실적을 월 1회 간부회의에 보고",
    "{task} 관련 예산 조정(안)은 기획예산 부서와 협의하여 확정",
    "{task} 홍보 계획을 보완하여 시행",
)
WEEKLY_AGENDA: tuple[str, ...] = ("부서별 주요 업무 추진상황 보고", "금주 주요 일정 공유", "기관장 지시사항 점검")
STRATEGY_AGENDA: tuple[str, ...] = ("월간 경영실적 점검", "경영평가 지표 관리 현황", "주요 현안 토의")
BOARD_AGENDA: tuple[str, ...] = (
    "{year}년도 제1회 추가경정예산(안) 심의",
    "인사규정 일부개정규정(안) 심의",
    "{last}년도 결산 승인(안)",
)
TEAM_AGENDA: tuple[str, ...] = ("주요 업무 추진상황 공유", "현안 토의", "다음 주 일정 확인")
TASK_MEETING_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{task} 추진 점검회의", ("추진 실적 보고", "지연 과제 대책 논의")),
    ("{task} 관계기관 협의회", ("기관별 추진 현황 공유", "협조 요청 사항 논의")),
    ("{task} 자문회의", ("추진 방향 설명", "자문위원 의견 청취")),
)
RSVP_DECLINE_NOTES: tuple[str, ...] = ("출장", "연가", "외부 교육 참석", "다른 회의와 겹침")
