"""The demo's function classification (기록관리기준표 rows), shared by every institution: the shapes
(중기능 > 소기능 > 단위과제), the retention reasons and laws the rows cite, the 처리과공통 tasks every
department has, and the 기관운영/경영지원 functions placed on the management unit's teams. Each
institution's own mission and domain teams are in teams.py.

The classification follows the shape of a 기록관리기준표: every unit task has one handling
department (처리과), a retention period from the seven legal ones (영구, 준영구, 30, 10, 5, 3, 1년)
with the reason it was set, and a disclosure default with the 정보공개법 제9조① ground when it is
not 공개. The periods follow the usual practice of public bodies (복무관리 3년, 예산편성및집행 5년,
감사수감및결과조치 10년, 이사회·규정 영구, 인사기록 준영구, 계약 10년 …); every name and number in
the institutions' own tasks is invented for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Shapes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskSpec:
    """One 단위과제 as the 기록관리기준표 lists it, with how its work runs over the year
    (`pattern`, a key of PATTERNS) and the law or rule it rests on."""

    name: str
    retention: str  # a RetentionPeriod value
    reason: str  # 보존기간 책정 사유
    pattern: str
    basis: str = ""
    disclosure: str = "public"
    ground: str = ""  # 정보공개법 제9조① 호수 when not 공개


@dataclass(frozen=True)
class ActivitySpec:
    """소기능 and its unit tasks."""

    name: str
    tasks: tuple[TaskSpec, ...]


@dataclass(frozen=True)
class FunctionSpec:
    """중기능 and its 소기능."""

    name: str
    activities: tuple[ActivitySpec, ...]


def _t(
    name: str, retention: str, reason: str, pattern: str, basis: str = "", d: str = "public", g: str = ""
) -> TaskSpec:
    return TaskSpec(name, retention, reason, pattern, basis, d, g)


def _a(name: str, *tasks: TaskSpec) -> ActivitySpec:
    return ActivitySpec(name, tasks)


def _f(name: str, *activities: ActivitySpec) -> FunctionSpec:
    return FunctionSpec(name, activities)


# --- 보존기간 책정 사유 (reasons), shared by many unit tasks ---------------------------------------

PERM_BOARD = "기관의 최고 의사결정 기록으로 영구 보존"
PERM_RULES = "기관 운영 규범의 제정·개정 연혁을 관리하기 위해 영구 보존"
PERM_SETTLEMENT = "기관 재무상태를 최종 확정하는 기록으로 영구 보존"
PERM_LAND = "토지 권리관계와 도시계획 결정의 근거로 영구 보존"
PERM_RESEARCH = "기관 연구성과의 원본으로 영구 보존"
PERM_ARCHIVE = "기관의 역사와 사료적 가치를 지닌 원본 자료로 영구 보존"
SEMI_HR = "퇴직 후에도 경력 증명과 연금·퇴직금 산정에 필요하여 준영구 보존"
SEMI_ORG = "조직 변천의 연혁 관리에 필요하여 준영구 보존"
SEMI_FACILITY = "시설물이 존속하는 동안 유지관리와 하자 확인에 필요하여 준영구 보존"
SEMI_CERT = "인정 자격의 유지와 갱신 심사 이력 확인에 필요하여 준영구 보존"
SEMI_COLLECTION = "소장품의 취득·대여·보존처리 이력 관리에 필요하여 준영구 보존"
Y30_RND = "국가연구개발사업 연구노트·연구자료 보존 기준(30년)을 준용"
Y10_PLAN = "중장기 계획의 이행 평가와 차기 계획 수립에 필요"
Y10_CONTRACT = "계약 이행·하자담보 책임기간과 분쟁에 대비"
Y10_AUDIT = "감사 결과의 이행 확인과 재감사에 대비"
Y10_ACCOUNT = "회계 증빙으로 결산 검사와 소멸시효(10년)를 고려"
Y10_HIRE = "채용 절차의 공정성 검증과 이의 제기에 대비"
Y10_PAY = "급여 지급 사실의 확인과 임금채권 소멸시효를 고려"
Y10_EVAL = "평가 결과의 경영 반영과 차년도 비교 평가에 필요"
Y10_GUARANTEE = "보증 해지 후 구상채권 소멸시효(10년)를 고려"
Y10_TEST = "시험성적서의 진위 확인과 분쟁에 대비"
Y10_SAFETY = "안전점검 결과의 이력 관리와 사고 발생 시 책임 확인에 필요"
Y10_SCHOLAR = "장학금 지급 사실 확인과 부정수급 환수에 대비"
Y10_COUNSEL = "상담 내용 보호와 사후관리·재상담 연계에 필요"
Y10_REPORT = "도 업무보고·도의회 요구자료의 사실 확인과 후속 조치 점검에 필요"
Y10_TAX = "국세기본법상 부과제척기간을 고려"
Y10_LOAN = "융자금 상환 완료 때까지 사후관리에 필요"
Y10_PROGRAM = "다년도 협약사업의 성과 평가와 사후관리 기간을 고려"
Y10_MATERIAL = "교재·콘텐츠의 개정 이력 관리와 차기 개발에 참고"
Y5_BUDGET = "예산 집행의 적정성 검증"
Y5_PROGRAM = "보조금 정산 검사와 사후관리 기간을 고려"
Y5_PLAN = "연간 계획의 이행 점검과 평가 기간 동안 보존"
Y5_EVENT = "행사 결과 평가와 차기 사업 기획에 참고"
Y5_SERVICE = "서비스 제공 실적 확인과 민원 대응에 필요한 기간 보존"
Y5_ASSET = "물품 취득·처분에 대한 회계검사에 대비"
Y5_CARE = "노인장기요양보험법상 급여제공기록 보존기간(5년) 준수"
Y5_SYSTEM = "정보시스템 변경·장애 이력의 확인 기간 보존"
Y3_SERVICE = "복무 사실 확인에 필요한 기간 보존"
Y3_PR = "홍보 효과 분석 후 활용도가 낮아 단기 보존"
Y3_EDU = "교육 이수 실적 확인 기간 보존"
Y3_EVENT = "단순 행사 운영 기록으로 결과 확인 후 단기 보존"
Y3_CIVIL = "민원 처리 결과 확인과 재민원 대응 기간 보존"
Y1_ROUTINE = "일상적·단순 행정 사항으로 단기 보존"


# --- Laws and rules cited on cards (근거 법령·규정) ---------------------------------------------------

LAW_INVEST = "「지방자치단체 출자·출연 기관의 운영에 관한 법률」"
LAW_PUBLIC_ENT = "「지방공기업법」"
LAW_CONTRACT = "「지방자치단체를 당사자로 하는 계약에 관한 법률」"
LAW_AUDIT = "「공공감사에 관한 법률」"
LAW_SAFETY = "「시설물의 안전 및 유지관리에 관한 특별법」"
LAW_SERIOUS = "「중대재해 처벌 등에 관한 법률」"
LAW_DISASTER = "「재난 및 안전관리 기본법」"
LAW_PRIVACY = "「개인정보 보호법」"
LAW_STANDARD = "「국가표준기본법」"
LAW_RND = "「국가연구개발혁신법」"
LAW_POLICY_INST = "「지방자치단체출연 연구원의 설립 및 운영에 관한 법률」"


# --- 처리과공통: the tasks every department has ------------------------------------------------------

COMMON_FUNCTION = "처리과공통"
COMMON_SUB_FUNCTION = "부서운영"
# (소기능, the unit task every department has under it)
COMMON_TASKS: tuple[tuple[str, TaskSpec], ...] = (
    ("서무", _t("서무관리", "1", Y1_ROUTINE, "admin", "직제규정")),
    ("복무관리", _t("복무관리", "3", Y3_SERVICE, "admin", "복무규정", "partial", "6")),
    ("예산·회계", _t("예산편성및집행", "5", Y5_BUDGET, "finance", "회계규정")),
    ("감사 수감", _t("감사수감및결과조치", "10", Y10_AUDIT, "admin", LAW_AUDIT, "partial", "5")),
    ("업무계획", _t("업무계획수립및보고", "5", Y5_PLAN, "plan", "직제규정")),
)


# --- 기관운영 and 경영지원: shared by every institution, placed on its management teams --------------

# 대기능 names: the institution-level one (owned by the head's office) and the management unit's.
GOVERNANCE_FUNCTION = "기관운영"
MANAGEMENT_FUNCTION = "경영지원"

PLANNING_TEAMS = ("기획예산팀", "경영기획팀", "기획홍보팀")


@dataclass(frozen=True)
class PlacedFunction:
    """A 중기능 that goes to the first of `teams` the institution has (names of teams of its
    management unit; "감사실" is the audit office). `optional`: left out when none is there."""

    function: FunctionSpec
    teams: tuple[str, ...]
    optional: bool = False


GOVERNANCE: tuple[PlacedFunction, ...] = (
    PlacedFunction(
        _f(
            "경영전략·평가",
            _a(
                "경영계획",
                _t("중장기 경영목표 수립", "10", Y10_PLAN, "plan", LAW_INVEST + " 제21조"),
                _t("연간 사업계획 및 예산 편성", "5", Y5_BUDGET, "finance", LAW_INVEST + " 제21조"),
                _t("예산 집행 관리", "5", Y5_BUDGET, "finance", "회계규정"),
            ),
            _a(
                "경영평가",
                _t("경영실적 평가 대응", "10", Y10_EVAL, "plan", LAW_INVEST + " 제30조"),
                _t("내부 성과평가 운영", "5", Y5_PLAN, "admin", "성과관리규정"),
            ),
        ),
        PLANNING_TEAMS,
    ),
    PlacedFunction(
        _f(
            "이사회·규정",
            _a(
                "이사회",
                _t("이사회 운영", "permanent", PERM_BOARD, "admin", "정관 제20조"),
                _t("정관 및 규정 제·개정", "permanent", PERM_RULES, "admin", "정관"),
            ),
            _a(
                "대외 보고",
                _t("도 업무보고 및 도의회 대응", "10", Y10_REPORT, "admin", "「지방자치법」 제49조"),
                _t("출연금 신청 및 정산", "10", Y10_ACCOUNT, "finance", LAW_INVEST + " 제22조"),
            ),
        ),
        PLANNING_TEAMS,
    ),
    PlacedFunction(
        _f(
            "감사·청렴",
            _a(
                "자체감사",
                _t("종합감사 및 특정감사", "10", Y10_AUDIT, "admin", LAW_AUDIT, "partial", "5"),
                _t("감사결과 처분 및 이행 관리", "10", Y10_AUDIT, "admin", LAW_AUDIT, "private", "5,6"),
                _t("일상감사", "5", Y5_BUDGET, "admin", "감사규정", "partial", "5"),
            ),
            _a(
                "청렴·윤리",
                _t("반부패·청렴 시책 추진", "5", Y5_PLAN, "plan", "「부패방지권익위법」"),
                _t("공익신고 및 부패신고 처리", "10", Y10_COUNSEL, "admin", "「공익신고자 보호법」", "private", "5,6"),
                _t("이해충돌방지 및 청탁금지 관리", "5", Y5_PLAN, "admin", "「공직자의 이해충돌 방지법」"),
            ),
        ),
        ("감사실",),
    ),
)

MANAGEMENT: tuple[PlacedFunction, ...] = (
    PlacedFunction(
        _f(
            "인사·조직",
            _a(
                "조직·정원관리",
                _t("직제 및 정원 관리", "semi_permanent", SEMI_ORG, "plan", "직제규정"),
                _t("직무분석 및 조직진단", "10", Y10_PLAN, "research", "직제규정"),
            ),
            _a(
                "채용·임용",
                _t("신규직원 채용", "10", Y10_HIRE, "hr", LAW_INVEST + " 제28조", "partial", "6"),
                _t("인사발령 및 인사기록 관리", "semi_permanent", SEMI_HR, "admin", "인사규정", "partial", "6"),
            ),
            _a(
                "평가·보상",
                _t("근무성적평정 및 승진", "semi_permanent", SEMI_HR, "hr", "인사규정", "partial", "5,6"),
                _t("보수 및 급여 지급", "10", Y10_PAY, "finance", "보수규정", "partial", "6"),
                _t("직원 교육훈련", "3", Y3_EDU, "event", "교육훈련규정"),
            ),
        ),
        ("인사총무팀",),
    ),
    PlacedFunction(
        _f(
            "총무·복지",
            _a(
                "총무",
                _t("기록물 관리 및 정보공개", "semi_permanent", SEMI_ORG, "admin", "「공공기록물 관리에 관한 법률」"),
                _t("물품 및 차량 관리", "5", Y5_ASSET, "admin", "물품관리규정"),
                _t("보안 및 비상대비", "3", Y3_SERVICE, "admin", "보안업무규정", "partial", "2"),
            ),
            _a(
                "복리후생",
                _t("노사협의회 운영", "10", Y10_REPORT, "admin", "「근로자참여 및 협력증진에 관한 법률」"),
                _t("직원 복리후생 및 안전보건", "5", Y5_PROGRAM, "program", "「산업안전보건법」"),
            ),
        ),
        ("인사총무팀",),
    ),
    PlacedFunction(
        _f(
            "재무·회계",
            _a(
                "회계",
                _t("지출 및 수입 관리", "5", Y5_BUDGET, "finance", "회계규정"),
                _t("결산 및 재무제표 작성", "permanent", PERM_SETTLEMENT, "finance", LAW_INVEST + " 제13조"),
                _t("세무 신고 및 납부", "10", Y10_TAX, "admin", "「국세기본법」"),
            ),
            _a(
                "계약·자산",
                _t("계약 관리", "10", Y10_CONTRACT, "admin", LAW_CONTRACT, "partial", "7"),
                _t("자금 운용 및 자산 관리", "10", Y10_ACCOUNT, "finance", "회계규정"),
            ),
        ),
        ("재무회계팀", "인사총무팀"),
    ),
    PlacedFunction(
        _f(
            "정보화",
            _a(
                "정보시스템 운영",
                _t("정보시스템 유지관리", "5", Y5_SYSTEM, "facility", "「전자정부법」"),
                _t("정보보안 및 개인정보 보호", "5", Y5_SYSTEM, "admin", LAW_PRIVACY, "partial", "3"),
            ),
        ),
        ("정보전산팀", *PLANNING_TEAMS),
    ),
    PlacedFunction(
        _f(
            "홍보·고객",
            _a(
                "홍보",
                _t("언론 홍보 및 보도자료 관리", "3", Y3_PR, "event", "홍보업무규정"),
                _t("누리집 및 SNS 운영", "3", Y3_PR, "service", "「전자정부법」"),
            ),
            _a(
                "고객·민원",
                _t("고객만족도 조사", "5", Y5_PLAN, "research", "고객만족경영규정"),
                _t(
                    "민원 처리 및 고객의 소리 운영",
                    "3",
                    Y3_CIVIL,
                    "service",
                    "「민원 처리에 관한 법률」",
                    "partial",
                    "6",
                ),
            ),
        ),
        ("고객소통팀", "기획홍보팀", "ESG경영팀", *PLANNING_TEAMS),
    ),
    PlacedFunction(
        _f(
            "ESG경영",
            _a(
                "지속가능경영",
                _t("ESG 경영 추진", "5", Y5_PLAN, "plan", "ESG경영 추진계획"),
                _t("탄소중립 및 에너지 절감", "5", Y5_PLAN, "admin", "「탄소중립기본법」"),
                _t("사회공헌 활동", "3", Y3_EVENT, "event", "사회공헌 운영지침"),
            ),
        ),
        ("ESG경영팀",),
        optional=True,
    ),
    PlacedFunction(
        _f(
            "청사·시설관리",
            _a(
                "청사관리",
                _t("청사 시설물 유지관리", "semi_permanent", SEMI_FACILITY, "facility", LAW_SAFETY),
                _t("연구시설 안전관리", "10", Y10_SAFETY, "facility", "「연구실 안전환경 조성에 관한 법률」"),
                _t("청사 에너지 및 환경 관리", "5", Y5_ASSET, "admin", "에너지이용 합리화 지침"),
            ),
        ),
        ("시설관리팀",),
        optional=True,
    ),
)
