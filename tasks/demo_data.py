"""Static data for the work-management demo seed (tasks.demo): each demo institution's function
classification (대기능 > 중기능 > 소기능 > 단위과제) drawn from its mission and its departments, the
retention schedule entry of every unit task (보존기간, 책정 사유, 공개구분), and the words the seed
uses for cards, memo reports, directives, meetings and schedules.

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

# --- Each institution's mission: the 대기능 of its domain units -------------------------------------

MISSION_FUNCTIONS: dict[str, dict[str, str]] = {
    "gbdc": {"도시사업본부": "도시·산업단지 개발", "건설기술본부": "건설사업 관리"},
    "gbtour": {"관광사업본부": "관광마케팅", "시설운영본부": "관광시설 운영"},
    "gbtrade": {"무역사업실": "수출 지원", "유통사업실": "경북 상품 유통"},
    "gbtp": {"지역산업육성단": "지역산업 육성", "혁신성장본부": "기술혁신 지원"},
    "gbri": {"연구본부": "정책 연구", "미래전략센터": "미래전략 수립"},
    "gepa": {"기업지원본부": "기업 지원", "일자리본부": "일자리 창출"},
    "gbbio": {"연구본부": "바이오 연구개발", "기업지원본부": "바이오 기업 지원"},
    "gire": {"해양바이오연구본부": "해양바이오 연구", "해양산업지원단": "해양산업 지원"},
    "gbedu": {"인재육성본부": "인재 육성", "평생교육본부": "평생교육 진흥"},
    "gbcf": {"문화사업본부": "문화예술 진흥", "문화시설본부": "문화시설 운영"},
    "gbyouth": {"청소년사업본부": "청소년 활동·복지", "수련시설운영단": "수련시설 운영"},
    "gbwomen": {"여성정책연구실": "여성정책", "가족정책연구실": "가족정책", "성인지교육센터": "양성평등 확산"},
    "gbhappy": {"복지정책본부": "복지정책 연구·지원", "사회서비스운영본부": "사회서비스 제공"},
    "gca": {"콘텐츠산업본부": "콘텐츠산업 육성", "실감콘텐츠센터": "실감콘텐츠 지원"},
    "gbcgf": {"보증사업본부": "신용보증", "영업본부": "보증 영업"},
    "dokdo": {"독도사업실": "독도 교육·연구"},
    "saemaul": {"국제협력본부": "새마을 국제협력"},
    "gitc": {"융합기술본부": "IT융합 기술개발"},
    "ghti": {"연구개발본부": "부품 연구개발", "기업지원단": "시험인증·기업지원"},
    "confucian": {"유교문화사업본부": "유교문화 진흥"},
    "cultureexpo": {"사업본부": "엑스포·공연 운영", "시설운영본부": "시설 운영"},
}

# --- Domain teams: their 중기능, 소기능 and unit tasks -------------------------------------------------

TEAM_FUNCTIONS: dict[str, FunctionSpec] = {
    # 경북개발공사
    "도시개발팀": _f(
        "도시개발사업",
        _a(
            "사업 기획",
            _t("도시개발구역 지정 및 개발계획", "permanent", PERM_LAND, "plan", "「도시개발법」 제3조"),
            _t("도시개발 사업타당성 검토", "10", Y10_PLAN, "research", LAW_PUBLIC_ENT + " 제65조의3"),
        ),
        _a(
            "사업 시행",
            _t("실시계획 인가 및 사업 시행", "permanent", PERM_LAND, "build", "「도시개발법」 제17조"),
            _t("도시개발사업 준공 및 환지", "permanent", PERM_LAND, "build", "「도시개발법」 제50조"),
        ),
    ),
    "산업단지팀": _f(
        "산업단지 조성",
        _a(
            "단지 계획",
            _t("산업단지 지정 및 개발계획", "permanent", PERM_LAND, "plan", "「산업입지 및 개발에 관한 법률」"),
            _t("산업단지 조성공사 관리", "semi_permanent", SEMI_FACILITY, "build", "「산업입지 및 개발에 관한 법률」"),
        ),
        _a(
            "입주 지원",
            _t("산업용지 분양", "10", Y10_CONTRACT, "service", "분양업무규정", "partial", "7"),
            _t("입주기업 사후관리", "5", Y5_SERVICE, "service", "「산업집적활성화 및 공장설립에 관한 법률」"),
        ),
    ),
    "주택사업팀": _f(
        "공공주택 공급",
        _a(
            "주택 건설",
            _t("공공임대주택 건설사업", "semi_permanent", SEMI_FACILITY, "build", "「공공주택 특별법」"),
            _t("주택 설계 및 인허가", "semi_permanent", SEMI_FACILITY, "plan", "「주택법」 제15조"),
        ),
        _a(
            "공급·관리",
            _t("입주자 모집 및 공급", "10", Y10_HIRE, "service", "「주택공급에 관한 규칙」", "partial", "6"),
            _t("임대주택 관리 운영", "10", Y10_CONTRACT, "service", "「공공주택 특별법」"),
        ),
    ),
    "보상판매팀": _f(
        "보상·판매",
        _a(
            "토지보상",
            _t("토지 및 지장물 보상", "permanent", PERM_LAND, "service", "「토지보상법」", "partial", "6"),
            _t("보상 협의 및 수용재결", "permanent", PERM_LAND, "admin", "「토지보상법」 제28조", "partial", "6"),
        ),
        _a(
            "분양판매",
            _t("공동주택 및 상가 분양", "10", Y10_CONTRACT, "service", "분양업무규정"),
            _t("분양대금 수납 및 채권 관리", "10", Y10_ACCOUNT, "finance", "회계규정", "partial", "6"),
        ),
    ),
    "건축사업팀": _f(
        "건축사업",
        _a(
            "설계관리",
            _t("건축 설계 관리", "semi_permanent", SEMI_FACILITY, "build", "「건축법」"),
            _t("설계 경제성(VE) 검토", "10", Y10_PLAN, "research", "「건설기술 진흥법」 제75조"),
        ),
        _a(
            "시공관리",
            _t("건축공사 시공 관리", "semi_permanent", SEMI_FACILITY, "build", "「건설기술 진흥법」"),
            _t("준공 및 하자 관리", "10", Y10_CONTRACT, "facility", LAW_CONTRACT),
        ),
    ),
    "토목사업팀": _f(
        "토목사업",
        _a(
            "기반시설",
            _t("단지 기반시설 설계", "semi_permanent", SEMI_FACILITY, "build", "「건설기술 진흥법」"),
            _t("토목공사 시공 관리", "semi_permanent", SEMI_FACILITY, "build", "「건설기술 진흥법」"),
        ),
        _a(
            "인허가·인계",
            _t("도로·상하수도 인허가 협의", "10", Y10_REPORT, "admin", "「도로법」"),
            _t("기반시설 인계인수", "permanent", PERM_LAND, "admin", "「도시개발법」 제66조"),
        ),
    ),
    "품질안전팀": _f(
        "품질·안전관리",
        _a(
            "안전관리",
            _t("건설현장 안전점검", "10", Y10_SAFETY, "facility", "「건설기술 진흥법」 제62조"),
            _t("중대재해 예방 관리", "10", Y10_SAFETY, "plan", LAW_SERIOUS),
        ),
        _a(
            "품질관리",
            _t("건설공사 품질시험", "10", Y10_TEST, "facility", "「건설기술 진흥법」 제55조"),
            _t("건설공사 사후평가", "10", Y10_EVAL, "research", "「건설기술 진흥법」 제52조"),
        ),
    ),
    # 경북문화관광공사
    "관광마케팅팀": _f(
        "마케팅 전략·홍보",
        _a(
            "마케팅 기획",
            _t("경북관광 마케팅 전략 수립", "5", Y5_PLAN, "plan", "「관광진흥법」"),
            _t("관광 브랜드 관리", "10", Y10_PLAN, "plan", "「관광진흥법」"),
        ),
        _a(
            "홍보 운영",
            _t("관광 홍보물 제작", "3", Y3_PR, "event", "홍보업무규정"),
            _t("온라인 관광 마케팅", "3", Y3_PR, "service", "「관광진흥법」"),
            _t("관광 박람회 참가", "5", Y5_EVENT, "event", "「관광진흥법」"),
        ),
    ),
    "국내관광팀": _f(
        "국내관광 활성화",
        _a(
            "관광상품",
            _t("국내 관광상품 개발", "5", Y5_PROGRAM, "program", "「관광진흥법」"),
            _t("시·군 연계 관광 지원", "5", Y5_PROGRAM, "program", "「관광기본법」"),
        ),
        _a(
            "여행업계 협력",
            _t("단체관광 유치 인센티브 지원", "5", Y5_PROGRAM, "program", "「경상북도 관광진흥 조례」"),
            _t("팸투어 운영", "3", Y3_EVENT, "event", "「관광진흥법」"),
        ),
    ),
    "해외관광팀": _f(
        "해외관광객 유치",
        _a(
            "해외 마케팅",
            _t("해외 관광설명회 개최", "5", Y5_EVENT, "event", "「관광진흥법」"),
            _t("외래관광객 유치 인센티브", "5", Y5_PROGRAM, "program", "「경상북도 관광진흥 조례」"),
        ),
        _a(
            "해외 네트워크",
            _t("해외 여행사 협력", "5", Y5_SERVICE, "service", "「관광진흥법」"),
            _t("해외 홍보사무소 운영", "5", Y5_BUDGET, "admin", "해외사무소 운영지침"),
        ),
    ),
    "MICE유치팀": _f(
        "MICE 산업 육성",
        _a(
            "회의·행사 유치",
            _t("국제회의 유치 지원", "10", Y10_PROGRAM, "program", "「국제회의산업 육성에 관한 법률」"),
            _t("기업회의·포상관광 유치", "5", Y5_PROGRAM, "program", "「국제회의산업 육성에 관한 법률」"),
        ),
        _a(
            "MICE 기반",
            _t("MICE 얼라이언스 운영", "5", Y5_SERVICE, "service", "「국제회의산업 육성에 관한 법률」"),
            _t("컨벤션 연계 행사 지원", "5", Y5_EVENT, "event", "「전시산업발전법」"),
        ),
    ),
    "관광콘텐츠팀": _f(
        "관광콘텐츠 개발",
        _a(
            "콘텐츠 기획",
            _t("야간관광 콘텐츠 개발", "5", Y5_PROGRAM, "program", "「관광진흥법」"),
            _t("관광 스토리텔링 발굴", "10", Y10_MATERIAL, "research", "「관광진흥법」"),
        ),
        _a(
            "디지털 관광",
            _t("관광 앱·플랫폼 운영", "5", Y5_SYSTEM, "service", "「관광진흥법」"),
            _t("관광 데이터 분석", "5", Y5_PLAN, "research", "「관광진흥법」 제47조의2"),
        ),
    ),
    "시설안전팀": _f(
        "시설 안전관리",
        _a(
            "안전점검",
            _t("시설물 정기 안전점검", "10", Y10_SAFETY, "facility", LAW_SAFETY),
            _t("재난 대응 및 안전훈련", "5", Y5_EVENT, "event", LAW_DISASTER),
        ),
        _a(
            "안전보건",
            _t("중대재해 예방 관리", "10", Y10_SAFETY, "plan", LAW_SERIOUS),
            _t("소방·전기·가스 안전관리", "5", Y5_SERVICE, "facility", "「소방시설 설치 및 관리에 관한 법률」"),
        ),
    ),
    # 경북통상
    "해외마케팅팀": _f(
        "해외 마케팅",
        _a(
            "해외 판로",
            _t("해외 판촉전 운영", "5", Y5_EVENT, "event", "「대외무역법」"),
            _t("해외 바이어 발굴", "5", Y5_SERVICE, "service", "「대외무역법」", "partial", "7"),
        ),
        _a(
            "해외 거점",
            _t("해외 안테나숍 운영", "5", Y5_BUDGET, "service", "해외사무소 운영지침"),
            _t("해외 유통망 입점 지원", "5", Y5_PROGRAM, "program", "「중소기업진흥에 관한 법률」"),
        ),
    ),
    "수출지원팀": _f(
        "수출 대행·지원",
        _a(
            "수출 대행",
            _t("농수산식품 수출 대행", "10", Y10_CONTRACT, "service", "「대외무역법」"),
            _t("수출 물류 및 통관 관리", "5", Y5_SERVICE, "admin", "「관세법」"),
        ),
        _a(
            "수출 지원사업",
            _t("도내 중소기업 수출 컨설팅", "5", Y5_PROGRAM, "program", "「중소기업진흥에 관한 법률」"),
            _t("수출 보험 및 대금 결제 관리", "10", Y10_ACCOUNT, "finance", "회계규정"),
        ),
    ),
    "온라인판매팀": _f(
        "온라인 유통",
        _a(
            "쇼핑몰 운영",
            _t("온라인 쇼핑몰 운영", "5", Y5_SERVICE, "service", "「전자상거래법」"),
            _t("입점업체 관리", "5", Y5_SERVICE, "service", "입점업체 관리지침", "partial", "7"),
        ),
        _a(
            "온라인 판촉",
            _t("온라인 기획전 운영", "3", Y3_EVENT, "event", "「전자상거래법」"),
            _t("라이브커머스 운영", "3", Y3_PR, "event", "「전자상거래법」"),
        ),
    ),
    "매장운영팀": _f(
        "오프라인 유통",
        _a(
            "매장 관리",
            _t("직영 판매장 운영", "5", Y5_SERVICE, "service", "판매장 운영지침"),
            _t("판매 재고 및 정산 관리", "5", Y5_BUDGET, "finance", "회계규정"),
        ),
        _a(
            "판로 확대",
            _t("특판 및 단체구매 유치", "5", Y5_SERVICE, "service", "판매장 운영지침"),
            _t("우수 농특산물 판매전", "3", Y3_EVENT, "event", "「농수산물 유통 및 가격안정에 관한 법률」"),
        ),
    ),
    # 경북테크노파크
    "산업정책팀": _f(
        "지역산업 정책",
        _a(
            "정책 기획",
            _t("지역산업 진흥계획 수립", "10", Y10_PLAN, "plan", "「국가균형발전 특별법」"),
            _t("국가 공모사업 기획·유치", "10", Y10_PROGRAM, "plan", "「산업기술혁신 촉진법」"),
        ),
        _a(
            "정책 연구",
            _t("지역 산업동향 분석", "5", Y5_PLAN, "research", "「산업발전법」"),
            _t("산업정책 자문단 운영", "3", Y3_EVENT, "admin", "자문위원회 운영규정"),
        ),
    ),
    "지역산업진흥팀": _f(
        "지역산업 진흥",
        _a(
            "진흥사업",
            _t("지역특화산업 육성사업", "5", Y5_PROGRAM, "program", "「산업기술혁신 촉진법」"),
            _t("지역혁신클러스터 운영", "5", Y5_PROGRAM, "program", "「국가균형발전 특별법」"),
        ),
        _a(
            "사업 관리",
            _t("협약 및 사업비 관리", "5", Y5_BUDGET, "finance", "「산업기술혁신사업 공통 운영요령」"),
            _t("진흥사업 성과 평가 및 환류", "10", Y10_EVAL, "research", "「산업기술혁신 촉진법」"),
        ),
    ),
    "기업성장지원팀": _f(
        "기업 성장 지원",
        _a(
            "기업 지원",
            _t("유망기업 성장 지원", "5", Y5_PROGRAM, "program", "「중소기업기술혁신 촉진법」"),
            _t("기업 애로 기술 지원", "5", Y5_SERVICE, "service", "「산업기술혁신 촉진법」"),
        ),
        _a(
            "입주 보육",
            _t("입주기업 보육 관리", "5", Y5_SERVICE, "service", "입주기업 관리규정"),
            _t("창업기업 지원", "5", Y5_PROGRAM, "program", "「중소기업창업 지원법」"),
        ),
    ),
    # 경북연구원
    "미래전략센터": _f(
        "미래전략",
        _a(
            "중장기 전략",
            _t("경상북도 중장기 발전전략 연구", "permanent", PERM_RESEARCH, "research", LAW_POLICY_INST),
            _t("미래 이슈 분석 및 이슈브리프 발간", "permanent", PERM_RESEARCH, "research", LAW_POLICY_INST),
        ),
        _a(
            "정책 지원",
            _t("도정 정책 자문 지원", "5", Y5_SERVICE, "admin", LAW_POLICY_INST),
            _t("빅데이터 기반 정책 분석", "5", Y5_PLAN, "research", "「데이터기반행정법」"),
        ),
    ),
    # 경상북도경제진흥원
    "중소기업지원팀": _f(
        "중소기업 지원",
        _a(
            "경영안정",
            _t("중소기업 운전자금 지원", "10", Y10_LOAN, "program", "「경상북도 중소기업 육성 조례」"),
            _t("중소기업 이차보전 지원", "10", Y10_LOAN, "program", "「경상북도 중소기업 육성 조례」"),
        ),
        _a(
            "경쟁력 강화",
            _t("중소기업 기술·경영 컨설팅", "5", Y5_PROGRAM, "program", "「중소기업진흥에 관한 법률」"),
            _t("우수 중소기업 인증", "5", Y5_PROGRAM, "admin", "「경상북도 중소기업 육성 조례」"),
        ),
    ),
    "소상공인지원팀": _f(
        "소상공인 지원",
        _a(
            "경영지원",
            _t("소상공인 경영개선 지원", "5", Y5_PROGRAM, "program", "「소상공인기본법」"),
            _t("전통시장 활성화 지원", "5", Y5_PROGRAM, "program", "「전통시장 및 상점가 육성을 위한 특별법」"),
        ),
        _a(
            "재기·교육",
            _t("소상공인 재기 지원", "5", Y5_PROGRAM, "program", "「소상공인기본법」"),
            _t("소상공인 교육 운영", "3", Y3_EDU, "event", "「소상공인기본법」"),
        ),
    ),
    "수출마케팅팀": _f(
        "수출 마케팅",
        _a(
            "해외 시장개척",
            _t("해외 시장개척단 파견", "5", Y5_EVENT, "event", "「중소기업진흥에 관한 법률」"),
            _t("해외 전시회 참가 지원", "5", Y5_PROGRAM, "program", "「중소기업진흥에 관한 법률」"),
        ),
        _a(
            "수출 역량",
            _t("수출 바우처 지원", "5", Y5_PROGRAM, "program", "「중소기업진흥에 관한 법률」"),
            _t("통번역 및 해외인증 지원", "5", Y5_SERVICE, "service", "「대외무역법」"),
        ),
    ),
    "사회적경제팀": _f(
        "사회적경제 육성",
        _a(
            "기업 육성",
            _t("사회적기업 육성 지원", "5", Y5_PROGRAM, "program", "「사회적기업 육성법」"),
            _t("마을기업 지원", "5", Y5_PROGRAM, "program", "「도시재생 활성화 및 지원에 관한 특별법」"),
        ),
        _a(
            "생태계 조성",
            _t("협동조합 설립 지원", "5", Y5_SERVICE, "service", "「협동조합 기본법」"),
            _t("사회적경제 판로 지원", "3", Y3_EVENT, "event", "「사회적기업 육성법」"),
        ),
    ),
    "청년일자리팀": _f(
        "청년 일자리",
        _a(
            "청년 정착",
            _t("청년 창업 지원", "5", Y5_PROGRAM, "program", "「청년고용촉진 특별법」"),
            _t("지역정착 청년 일자리 지원", "5", Y5_PROGRAM, "program", "「청년기본법」"),
        ),
        _a(
            "취업 지원",
            _t("청년 취업 아카데미 운영", "3", Y3_EDU, "event", "「청년고용촉진 특별법」"),
            _t("청년 참여자 사후관리", "5", Y5_SERVICE, "service", "「청년기본법」", "partial", "6"),
        ),
    ),
    "일자리정책팀": _f(
        "일자리 정책",
        _a(
            "정책 수립",
            _t("지역 일자리 계획 수립", "10", Y10_PLAN, "plan", "「고용정책 기본법」"),
            _t("고용 동향 분석", "5", Y5_PLAN, "research", "「고용정책 기본법」"),
        ),
        _a(
            "일자리 사업",
            _t("일자리 박람회 개최", "3", Y3_EVENT, "event", "「고용정책 기본법」"),
            _t("일자리 사업 성과관리", "5", Y5_PLAN, "admin", "「고용정책 기본법」 제13조의2"),
        ),
    ),
    # 경북바이오산업연구원, 환동해산업연구원, IT융합산업기술원
    "기업지원팀": _f(
        "기업 지원",
        _a(
            "입주·보육",
            _t("입주기업 보육 및 지원", "5", Y5_SERVICE, "service", "입주기업 관리규정"),
            _t("기업 맞춤형 기술지원", "5", Y5_PROGRAM, "program", "「산업기술혁신 촉진법」"),
        ),
        _a(
            "기업 애로 해결",
            _t("기업 애로 해결 컨설팅", "5", Y5_SERVICE, "service", "「중소기업기술혁신 촉진법」"),
            _t("장비 공동활용 지원", "5", Y5_SERVICE, "service", "장비 공동활용 운영지침"),
        ),
    ),
    "분석인증센터": _f(
        "분석·인증",
        _a(
            "시험분석",
            _t("성분 분석 시험 의뢰 처리", "10", Y10_TEST, "service", LAW_STANDARD, "partial", "7"),
            _t("분석장비 교정 및 관리", "10", Y10_SAFETY, "facility", LAW_STANDARD),
        ),
        _a(
            "인증",
            _t("시험기관 인정(KOLAS) 유지", "semi_permanent", SEMI_CERT, "admin", LAW_STANDARD),
            _t("기능성 인증 지원사업", "5", Y5_PROGRAM, "program", "「건강기능식품에 관한 법률」"),
        ),
    ),
    "GMP생산팀": _f(
        "GMP 위탁생산",
        _a(
            "생산시설",
            _t("GMP 시설 운영", "semi_permanent", SEMI_FACILITY, "facility", "「약사법」"),
            _t("GMP 밸리데이션", "10", Y10_TEST, "research", "「의약품 등의 안전에 관한 규칙」"),
        ),
        _a(
            "위탁생산",
            _t("위탁생산 계약 및 제조", "10", Y10_CONTRACT, "service", "「약사법」", "partial", "7"),
            _t("제조기록 및 품질보증", "10", Y10_TEST, "admin", "「약사법」"),
        ),
    ),
    "해양에너지팀": _f(
        "해양에너지",
        _a(
            "기술개발",
            _t(
                "해양 신재생에너지 실증",
                "10",
                Y10_PROGRAM,
                "research",
                "「신에너지 및 재생에너지 개발·이용·보급 촉진법」",
            ),
            _t("해양에너지 정책 연구", "permanent", PERM_RESEARCH, "research", "「해양수산발전 기본법」"),
        ),
        _a(
            "사업화",
            _t("해양에너지 기업 지원", "5", Y5_PROGRAM, "program", "「해양산업클러스터법」"),
            _t("해양 기술사업화 지원", "5", Y5_PROGRAM, "program", "「해양수산과학기술 육성법」"),
        ),
    ),
    # 경상북도인재평생교육재단
    "장학사업팀": _f(
        "장학사업",
        _a(
            "장학생 선발",
            _t("인재육성 장학생 선발", "10", Y10_SCHOLAR, "program", "장학사업 운영규정", "partial", "6"),
            _t("장학금 지급 및 사후관리", "10", Y10_SCHOLAR, "finance", "장학사업 운영규정", "partial", "6"),
        ),
        _a(
            "장학기금",
            _t("장학기금 운용", "10", Y10_ACCOUNT, "finance", "기금운용규정"),
            _t("장학생 멘토링 운영", "3", Y3_EVENT, "event", "장학사업 운영규정"),
        ),
    ),
    "경북학숙운영팀": _f(
        "경북학숙 운영",
        _a(
            "입사생 관리",
            _t("학숙 입사생 선발", "10", Y10_HIRE, "program", "경북학숙 운영규정", "partial", "6"),
            _t("학숙 생활관 운영", "5", Y5_SERVICE, "service", "경북학숙 운영규정"),
        ),
        _a(
            "학숙 시설·교육",
            _t("학숙 시설물 관리", "semi_permanent", SEMI_FACILITY, "facility", LAW_SAFETY),
            _t("학숙 교육 프로그램 운영", "3", Y3_EDU, "event", "경북학숙 운영규정"),
        ),
    ),
    "인재양성팀": _f(
        "지역인재 양성",
        _a(
            "인재육성",
            _t("청소년 글로벌 인재 육성", "5", Y5_PROGRAM, "program", "「경상북도 인재육성 조례」"),
            _t("대학생 지역인재 프로그램", "5", Y5_PROGRAM, "program", "「경상북도 인재육성 조례」"),
        ),
        _a(
            "협력",
            _t("인재양성 협약 관리", "10", Y10_CONTRACT, "admin", "협약관리지침"),
            _t("진로 교육 지원", "3", Y3_EDU, "event", "「진로교육법」"),
        ),
    ),
    "평생학습팀": _f(
        "평생학습 진흥",
        _a(
            "학습 기반",
            _t("평생학습 플랫폼 운영", "5", Y5_SYSTEM, "service", "「평생교육법」"),
            _t("평생학습도시 지원", "5", Y5_PROGRAM, "program", "「평생교육법」 제15조"),
        ),
        _a(
            "프로그램",
            _t("평생교육 프로그램 운영", "3", Y3_EDU, "event", "「평생교육법」"),
            _t("평생교육사 역량 강화", "3", Y3_EDU, "event", "「평생교육법」 제24조"),
        ),
    ),
    "교육정책팀": _f(
        "교육정책",
        _a(
            "정책 수립",
            _t("평생교육 진흥 시행계획 수립", "10", Y10_PLAN, "plan", "「평생교육법」 제11조"),
            _t("평생교육 통계 조사", "5", Y5_PLAN, "research", "「평생교육법」 제18조"),
        ),
        _a(
            "교육 협력",
            _t("성인 문해교육 지원", "5", Y5_PROGRAM, "program", "「평생교육법」 제39조"),
            _t("교육협력 네트워크 운영", "3", Y3_EVENT, "admin", "「평생교육법」"),
        ),
    ),
    # 경북문화재단
    "예술지원팀": _f(
        "문화예술 지원",
        _a(
            "공모 지원",
            _t("문화예술 공모 지원사업", "5", Y5_PROGRAM, "program", "「문화예술진흥법」"),
            _t("예술인 창작 지원", "5", Y5_PROGRAM, "program", "「예술인 복지법」"),
        ),
        _a(
            "심의·정산",
            _t("지원사업 심의위원회 운영", "10", Y10_EVAL, "admin", "「문화예술진흥법」", "partial", "5"),
            _t("보조금 정산 및 사후평가", "5", Y5_PROGRAM, "finance", "「지방자치단체 보조금 관리에 관한 법률」"),
        ),
    ),
    "문화정책팀": _f(
        "문화정책",
        _a(
            "정책 수립",
            _t("지역문화 진흥계획 수립", "10", Y10_PLAN, "plan", "「지역문화진흥법」 제6조"),
            _t("지역문화 실태조사", "5", Y5_PLAN, "research", "「지역문화진흥법」 제7조"),
        ),
        _a(
            "정책 사업",
            _t("문화도시 조성 지원", "5", Y5_PROGRAM, "program", "「지역문화진흥법」 제14조"),
            _t("문화정책 포럼 운영", "3", Y3_EVENT, "event", "「지역문화진흥법」"),
        ),
    ),
    "지역문화팀": _f(
        "지역문화 활성화",
        _a(
            "생활문화",
            _t("생활문화 동호회 지원", "5", Y5_PROGRAM, "program", "「지역문화진흥법」"),
            _t("지역 축제 지원", "5", Y5_PROGRAM, "program", "「지역문화진흥법」"),
        ),
        _a(
            "문화예술교육",
            _t("문화예술교육 운영", "3", Y3_EDU, "event", "「문화예술교육 지원법」"),
            _t("찾아가는 문화공연", "3", Y3_EVENT, "event", "「문화기본법」"),
        ),
    ),
    "공연기획팀": _f(
        "공연 기획",
        _a(
            "공연 제작",
            _t("기획공연 제작", "5", Y5_EVENT, "event", "「공연법」"),
            _t("공연 대관 심사", "5", Y5_SERVICE, "admin", "공연장 대관규정"),
        ),
        _a(
            "공연 운영",
            _t("공연 홍보 및 티켓 판매", "3", Y3_PR, "service", "「공연법」"),
            _t("공연 아카이브 관리", "permanent", PERM_ARCHIVE, "admin", "「공연법」"),
        ),
    ),
    "예술회관운영팀": _f(
        "예술회관 운영",
        _a(
            "대관·전시",
            _t("공연장 대관 운영", "5", Y5_SERVICE, "service", "공연장 대관규정"),
            _t("전시실 운영", "5", Y5_SERVICE, "service", "전시실 운영규정"),
        ),
        _a(
            "관람 서비스",
            _t("관람객 서비스 관리", "3", Y3_CIVIL, "service", "고객만족경영규정"),
            _t("공연장 안전관리", "10", Y10_SAFETY, "facility", "「공연법」 제11조"),
        ),
    ),
    "무대기술팀": _f(
        "무대기술",
        _a(
            "무대 운영",
            _t("무대·음향·조명 운영", "5", Y5_SERVICE, "facility", "「공연법」"),
            _t("무대장치 안전점검", "10", Y10_SAFETY, "facility", "「공연법」 제11조의2"),
        ),
        _a(
            "장비·인력",
            _t("무대기술 장비 관리", "10", Y10_ACCOUNT, "admin", "물품관리규정"),
            _t("무대 기술인력 교육", "3", Y3_EDU, "event", "「공연법」"),
        ),
    ),
    # 경상북도청소년육성재단
    "청소년활동팀": _f(
        "청소년 활동 진흥",
        _a(
            "활동 프로그램",
            _t("청소년 활동 프로그램 운영", "3", Y3_EVENT, "event", "「청소년활동 진흥법」"),
            _t("청소년 국제교류", "5", Y5_EVENT, "event", "「청소년기본법」"),
        ),
        _a(
            "청소년 참여",
            _t("청소년 참여기구 운영", "5", Y5_SERVICE, "admin", "「청소년기본법」 제5조의2"),
            _t("청소년 활동 인증 관리", "5", Y5_SERVICE, "admin", "「청소년활동 진흥법」 제35조"),
        ),
    ),
    "청소년상담복지센터": _f(
        "청소년 상담·복지",
        _a(
            "상담",
            _t("청소년 상담 사례관리", "10", Y10_COUNSEL, "service", "「청소년복지 지원법」", "private", "6"),
            _t("또래상담 운영", "3", Y3_EVENT, "event", "「청소년복지 지원법」"),
        ),
        _a(
            "위기 지원",
            _t("위기청소년 긴급 지원", "10", Y10_COUNSEL, "service", "「청소년복지 지원법」 제14조", "private", "6"),
            _t("청소년안전망 운영", "5", Y5_SERVICE, "admin", "「청소년복지 지원법」 제9조"),
        ),
    ),
    "학교밖청소년지원센터": _f(
        "학교 밖 청소년 지원",
        _a(
            "학업 지원",
            _t(
                "학교 밖 청소년 학업 복귀 지원",
                "10",
                Y10_COUNSEL,
                "service",
                "「학교 밖 청소년 지원법」",
                "private",
                "6",
            ),
            _t("검정고시 준비 지원", "5", Y5_PROGRAM, "program", "「학교 밖 청소년 지원법」 제9조"),
        ),
        _a(
            "자립 지원",
            _t("자립 및 직업훈련 지원", "5", Y5_PROGRAM, "program", "「학교 밖 청소년 지원법」 제10조"),
            _t("학교 밖 청소년 발굴 연계", "5", Y5_SERVICE, "service", "「학교 밖 청소년 지원법」", "partial", "6"),
        ),
    ),
    "수련원운영팀": _f(
        "수련원 운영",
        _a(
            "수련활동",
            _t("수련원 숙박·프로그램 예약", "3", Y3_CIVIL, "service", "수련원 운영규정"),
            _t("수련활동 프로그램 운영", "3", Y3_EVENT, "event", "「청소년활동 진흥법」"),
        ),
        _a(
            "시설 운영",
            _t("수련시설 종합평가 대응", "10", Y10_EVAL, "admin", "「청소년활동 진흥법」 제19조의2"),
            _t("급식 및 위생 관리", "3", Y3_SERVICE, "facility", "「식품위생법」"),
        ),
    ),
    # 경북여성정책개발원
    "성인지교육센터": _f(
        "성인지 교육",
        _a(
            "교육 운영",
            _t("성인지 감수성 교육 운영", "3", Y3_EDU, "event", "「양성평등기본법」 제18조"),
            _t("성인지 교육 강사 양성", "3", Y3_EDU, "event", "「양성평등기본법」"),
        ),
        _a(
            "컨설팅",
            _t("성인지 예산 컨설팅", "5", Y5_SERVICE, "service", "「지방재정법」 제36조의2"),
            _t("성별영향평가 지원", "5", Y5_SERVICE, "service", "「성별영향평가법」"),
        ),
    ),
    # 경북행복재단
    "복지정책연구팀": _f(
        "복지정책 연구",
        _a(
            "정책 연구",
            _t("지역 복지 실태조사", "permanent", PERM_RESEARCH, "research", "「사회보장기본법」"),
            _t("복지정책 현안 연구", "permanent", PERM_RESEARCH, "research", "「사회보장기본법」"),
        ),
        _a(
            "계획 지원",
            _t("지역사회보장계획 지원", "10", Y10_PLAN, "plan", "「사회보장급여법」 제35조"),
            _t("복지 통계 관리", "5", Y5_PLAN, "research", "「사회보장기본법」"),
        ),
    ),
    "사회서비스지원팀": _f(
        "사회서비스 지원",
        _a(
            "제공기관 지원",
            _t("사회서비스 제공기관 지원", "5", Y5_PROGRAM, "program", "「사회서비스원법」"),
            _t("대체인력 지원", "5", Y5_SERVICE, "service", "「사회서비스원법」"),
        ),
        _a(
            "품질 관리",
            _t("사회서비스 품질관리", "5", Y5_PLAN, "admin", "「사회서비스 이용권법」"),
            _t("종사자 교육 및 역량강화", "3", Y3_EDU, "event", "「사회서비스원법」"),
        ),
    ),
    "돌봄정책팀": _f(
        "돌봄정책",
        _a(
            "돌봄 서비스",
            _t("긴급돌봄 지원", "5", Y5_SERVICE, "service", "「사회서비스원법」", "partial", "6"),
            _t("통합돌봄 시범사업", "5", Y5_PROGRAM, "program", "「돌봄통합지원법」"),
        ),
        _a(
            "돌봄 기반",
            _t("돌봄 인력 수급 관리", "5", Y5_PLAN, "admin", "「사회서비스원법」"),
            _t("돌봄 서비스 모니터링", "5", Y5_PLAN, "research", "「사회서비스원법」"),
        ),
    ),
    # 경상북도콘텐츠진흥원
    "콘텐츠기업지원팀": _f(
        "콘텐츠기업 지원",
        _a(
            "기업 육성",
            _t("콘텐츠 스타트업 육성", "5", Y5_PROGRAM, "program", "「콘텐츠산업 진흥법」"),
            _t("콘텐츠기업 입주 보육", "5", Y5_SERVICE, "service", "입주기업 관리규정"),
        ),
        _a(
            "제작·투자",
            _t("콘텐츠 제작 지원", "5", Y5_PROGRAM, "program", "「콘텐츠산업 진흥법」"),
            _t("콘텐츠 투자 유치 지원", "5", Y5_EVENT, "event", "「콘텐츠산업 진흥법」"),
        ),
    ),
    "게임산업팀": _f(
        "게임산업 육성",
        _a(
            "게임 개발",
            _t("게임 개발 지원", "5", Y5_PROGRAM, "program", "「게임산업진흥에 관한 법률」"),
            _t("기능성 게임 개발", "5", Y5_PROGRAM, "program", "「게임산업진흥에 관한 법률」"),
        ),
        _a(
            "게임 기반",
            _t("글로벌 게임센터 운영", "5", Y5_SERVICE, "service", "「게임산업진흥에 관한 법률」"),
            _t("게임 전문인력 양성", "3", Y3_EDU, "event", "「게임산업진흥에 관한 법률」"),
        ),
    ),
    "e스포츠팀": _f(
        "e스포츠 육성",
        _a(
            "경기장·대회",
            _t("e스포츠 상설경기장 운영", "5", Y5_SERVICE, "facility", "「이스포츠 진흥에 관한 법률」"),
            _t("지역 e스포츠 대회 개최", "3", Y3_EVENT, "event", "「이스포츠 진흥에 관한 법률」"),
        ),
        _a(
            "저변 확대",
            _t("아마추어 e스포츠팀 지원", "5", Y5_PROGRAM, "program", "「이스포츠 진흥에 관한 법률」"),
            _t("e스포츠 교육 프로그램", "3", Y3_EDU, "event", "「이스포츠 진흥에 관한 법률」"),
        ),
    ),
    "영상산업팀": _f(
        "영상산업 육성",
        _a(
            "제작 지원",
            _t("영상 제작 지원", "5", Y5_PROGRAM, "program", "「영화 및 비디오물의 진흥에 관한 법률」"),
            _t("촬영지 유치 지원", "5", Y5_SERVICE, "service", "「영화 및 비디오물의 진흥에 관한 법률」"),
        ),
        _a(
            "영상 기반",
            _t("영상위원회 운영", "10", Y10_REPORT, "admin", "영상위원회 운영규정"),
            _t("영상 교육 운영", "3", Y3_EDU, "event", "「영화 및 비디오물의 진흥에 관한 법률」"),
        ),
    ),
    "실감콘텐츠센터": _f(
        "실감콘텐츠",
        _a(
            "제작 지원",
            _t("XR 실감콘텐츠 제작 지원", "5", Y5_PROGRAM, "program", "「콘텐츠산업 진흥법」"),
            _t("메타버스 콘텐츠 개발", "5", Y5_PROGRAM, "program", "「가상융합산업 진흥법」"),
        ),
        _a(
            "인프라",
            _t("실감콘텐츠 장비 구축·운영", "10", Y10_ACCOUNT, "facility", "장비 공동활용 운영지침"),
            _t("실감콘텐츠 체험관 운영", "3", Y3_CIVIL, "service", "체험관 운영지침"),
        ),
    ),
    # 경북신용보증재단
    "보증기획팀": _f(
        "보증 기획",
        _a(
            "보증 계획",
            _t("보증 공급계획 수립", "10", Y10_PLAN, "plan", "「지역신용보증재단법」"),
            _t("보증 상품 개발", "10", Y10_PLAN, "plan", "「지역신용보증재단법」"),
        ),
        _a(
            "보증 기준",
            _t("보증 심사 기준 관리", "10", Y10_GUARANTEE, "admin", "보증업무규정", "partial", "5"),
            _t("기본재산 출연금 관리", "10", Y10_ACCOUNT, "finance", "「지역신용보증재단법」 제7조"),
        ),
    ),
    "채권관리팀": _f(
        "채권 관리",
        _a(
            "대위변제",
            _t("대위변제 처리", "10", Y10_GUARANTEE, "service", "「지역신용보증재단법」", "private", "6"),
            _t("구상채권 회수", "10", Y10_GUARANTEE, "service", "채권관리규정", "private", "6"),
        ),
        _a(
            "채무조정",
            _t("채무조정 및 재기 지원", "10", Y10_GUARANTEE, "service", "채권관리규정", "private", "6"),
            _t("상각채권 관리", "10", Y10_ACCOUNT, "finance", "채권관리규정", "private", "6"),
        ),
    ),
    # 독도재단
    "독도교육팀": _f(
        "독도 교육",
        _a(
            "교육 운영",
            _t("독도 바로알기 교육", "3", Y3_EDU, "event", "「독도의 지속가능한 이용에 관한 법률」"),
            _t("독도 탐방 프로그램 운영", "5", Y5_EVENT, "event", "「독도의 지속가능한 이용에 관한 법률」"),
        ),
        _a(
            "교육 기반",
            _t("독도 교육 교재 개발", "10", Y10_MATERIAL, "research", "「독도의 지속가능한 이용에 관한 법률」"),
            _t("독도체험관 운영", "5", Y5_SERVICE, "service", "체험관 운영지침"),
        ),
    ),
    "연구협력팀": _f(
        "독도 연구·협력",
        _a(
            "학술 연구",
            _t("독도 학술연구 지원", "permanent", PERM_RESEARCH, "research", "「독도의 지속가능한 이용에 관한 법률」"),
            _t("독도 국제학술대회 개최", "5", Y5_EVENT, "event", "「독도의 지속가능한 이용에 관한 법률」"),
        ),
        _a(
            "자료·협력",
            _t("독도 사료 수집 및 아카이브", "permanent", PERM_ARCHIVE, "admin", "「공공기록물 관리에 관한 법률」"),
            _t("국내외 연구기관 협력", "10", Y10_CONTRACT, "admin", "협약관리지침"),
        ),
    ),
    # 새마을세계화재단
    "해외사업팀": _f(
        "해외 새마을 사업",
        _a(
            "시범마을",
            _t("새마을 시범마을 조성", "10", Y10_PROGRAM, "program", "「국제개발협력기본법」"),
            _t("해외 사업 현지 모니터링", "5", Y5_PLAN, "research", "「국제개발협력기본법」"),
        ),
        _a(
            "사업 관리",
            _t("현지 사업비 집행 관리", "5", Y5_BUDGET, "finance", "해외사업 회계지침"),
            _t("해외 사업 성과평가", "10", Y10_EVAL, "research", "「국제개발협력기본법」 제12조"),
        ),
    ),
    "국제교육팀": _f(
        "국제 교육",
        _a(
            "연수 운영",
            _t("외국인 새마을 연수 운영", "5", Y5_EVENT, "event", "「국제개발협력기본법」"),
            _t("새마을 리더 초청 교육", "5", Y5_EVENT, "event", "「국제개발협력기본법」"),
        ),
        _a(
            "교육 기반",
            _t("연수생 사후관리", "5", Y5_SERVICE, "service", "연수생 관리지침", "partial", "6"),
            _t("새마을 교육 교재 개발", "10", Y10_MATERIAL, "research", "「국제개발협력기본법」"),
        ),
    ),
    "새마을ODA팀": _f(
        "새마을 ODA",
        _a(
            "사업 발굴",
            _t("ODA 사업 발굴 및 공모", "10", Y10_PROGRAM, "plan", "「국제개발협력기본법」"),
            _t("KOICA 협력사업 수행", "10", Y10_PROGRAM, "program", "「국제개발협력기본법」"),
        ),
        _a(
            "사업 수행",
            _t("ODA 봉사단 파견", "5", Y5_EVENT, "event", "「국제개발협력기본법」"),
            _t("ODA 사업 평가", "10", Y10_EVAL, "research", "「국제개발협력기본법」 제12조"),
        ),
    ),
    # 경북IT융합산업기술원
    "스마트디바이스팀": _f(
        "스마트디바이스",
        _a(
            "기술개발",
            _t("스마트디바이스 기술개발 과제", "30", Y30_RND, "research", LAW_RND),
            _t("실증 테스트베드 운영", "5", Y5_SERVICE, "facility", "「정보통신산업 진흥법」"),
        ),
        _a(
            "기업 지원",
            _t("디바이스 시험 장비 운영", "10", Y10_TEST, "facility", "장비 공동활용 운영지침"),
            _t("스마트디바이스 기업 지원", "5", Y5_PROGRAM, "program", "「정보통신산업 진흥법」"),
        ),
    ),
    "디지털헬스케어팀": _f(
        "디지털헬스케어",
        _a(
            "실증",
            _t("디지털헬스케어 실증사업", "10", Y10_PROGRAM, "program", "「의료기기법」"),
            _t("의료 데이터 플랫폼 운영", "5", Y5_SYSTEM, "service", LAW_PRIVACY, "partial", "6"),
        ),
        _a(
            "기업 지원",
            _t("헬스케어 기기 인증 지원", "5", Y5_SERVICE, "service", "「의료기기법」"),
            _t("헬스케어 기업 지원", "5", Y5_PROGRAM, "program", "「의료기기산업법」"),
        ),
    ),
    # 경북하이브리드부품연구원
    "신뢰성평가팀": _f(
        "신뢰성 평가",
        _a(
            "시험평가",
            _t("부품 신뢰성 시험평가", "10", Y10_TEST, "service", LAW_STANDARD, "partial", "7"),
            _t("신뢰성 평가 장비 운영", "10", Y10_SAFETY, "facility", "장비 공동활용 운영지침"),
        ),
        _a(
            "표준·인증",
            _t("신뢰성 인증 지원", "5", Y5_PROGRAM, "program", "「부품·소재전문기업 등의 육성에 관한 특별조치법」"),
            _t("시험 표준 개발", "10", Y10_MATERIAL, "research", LAW_STANDARD),
        ),
    ),
    "시험인증센터": _f(
        "시험인증",
        _a(
            "시험",
            _t("시험성적서 발급", "10", Y10_TEST, "service", LAW_STANDARD, "partial", "7"),
            _t("시험 의뢰 접수 및 수수료 관리", "5", Y5_BUDGET, "finance", "시험수수료 규정"),
        ),
        _a(
            "인정 유지",
            _t("시험기관 인정(KOLAS) 유지", "semi_permanent", SEMI_CERT, "admin", LAW_STANDARD),
            _t("시험장비 교정 관리", "10", Y10_SAFETY, "facility", LAW_STANDARD),
        ),
    ),
    "기업성장팀": _f(
        "기업 성장 지원",
        _a(
            "기술 지원",
            _t("부품기업 기술지원", "5", Y5_PROGRAM, "program", "「산업기술혁신 촉진법」"),
            _t("미래차 전환 지원", "5", Y5_PROGRAM, "program", "「자동차부품산업 진흥법」"),
        ),
        _a(
            "사업화",
            _t("시제품 제작 지원", "5", Y5_PROGRAM, "program", "「산업기술혁신 촉진법」"),
            _t("부품기업 네트워크 운영", "3", Y3_EVENT, "event", "「산업발전법」"),
        ),
    ),
    # 세계유교문화재단
    "유교문화진흥팀": _f(
        "유교문화 행사·자원",
        _a(
            "문화 행사",
            _t("유교문화 축전 개최", "5", Y5_EVENT, "event", "「문화기본법」"),
            _t("종가문화 활성화 지원", "5", Y5_PROGRAM, "program", "「전통문화 진흥 조례」"),
        ),
        _a(
            "자원 조사",
            _t("유교 인문가치 확산", "5", Y5_PROGRAM, "program", "「인문학 및 인문정신문화 진흥에 관한 법률」"),
            _t("유교문화 자원 조사", "permanent", PERM_ARCHIVE, "research", "「문화유산법」"),
        ),
    ),
    "국제교류팀": _f(
        "국제교류",
        _a(
            "국제 행사",
            _t("국제 유교문화 포럼", "5", Y5_EVENT, "event", "「국제문화교류 진흥법」"),
            _t("해외 유교문화권 교류", "5", Y5_EVENT, "event", "「국제문화교류 진흥법」"),
        ),
        _a(
            "교류 관리",
            _t("국제 교류 협약 관리", "10", Y10_CONTRACT, "admin", "협약관리지침"),
            _t("외국인 유교문화 체험", "3", Y3_EVENT, "event", "「국제문화교류 진흥법」"),
        ),
    ),
    "교육프로그램팀": _f(
        "교육 프로그램",
        _a(
            "교육 운영",
            _t("선비문화 수련 교육", "3", Y3_EDU, "event", "「인성교육진흥법」"),
            _t("청소년 인성교육", "3", Y3_EDU, "event", "「인성교육진흥법」"),
        ),
        _a(
            "교육 기반",
            _t("교육 콘텐츠 개발", "10", Y10_MATERIAL, "research", "「인성교육진흥법」"),
            _t("교육 강사 관리", "5", Y5_SERVICE, "admin", "강사 운영지침", "partial", "6"),
        ),
    ),
    # 문화엑스포
    "엑스포기획팀": _f(
        "엑스포 기획",
        _a(
            "엑스포 계획",
            _t("문화엑스포 기본계획 수립", "10", Y10_PLAN, "plan", "「국제행사의 유치·개최 등에 관한 규정」"),
            _t("해외 문화엑스포 개최", "10", Y10_PROGRAM, "event", "「국제문화교류 진흥법」"),
        ),
        _a(
            "수익·성과",
            _t("엑스포 협찬 및 수익사업", "5", Y5_BUDGET, "finance", "수익사업 운영규정", "partial", "7"),
            _t("엑스포 성과 분석", "10", Y10_EVAL, "research", "「국제행사의 유치·개최 등에 관한 규정」"),
        ),
    ),
    "공연운영팀": _f(
        "공연 운영",
        _a(
            "상설 공연",
            _t("상설 공연 운영", "5", Y5_EVENT, "event", "「공연법」"),
            _t("공연 출연 계약", "10", Y10_CONTRACT, "admin", LAW_CONTRACT, "partial", "7"),
        ),
        _a(
            "관람·안전",
            _t("공연 관람객 관리", "3", Y3_CIVIL, "service", "고객만족경영규정"),
            _t("공연장 무대 안전관리", "10", Y10_SAFETY, "facility", "「공연법」 제11조"),
        ),
    ),
    "전시운영팀": _f(
        "전시 운영",
        _a(
            "전시",
            _t("상설 전시 운영", "5", Y5_SERVICE, "service", "「전시산업발전법」"),
            _t("기획 전시 개최", "5", Y5_EVENT, "event", "「전시산업발전법」"),
        ),
        _a(
            "전시물",
            _t("전시물 관리", "semi_permanent", SEMI_COLLECTION, "admin", "소장품 관리규정"),
            _t("전시 해설 프로그램", "3", Y3_EDU, "service", "전시실 운영규정"),
        ),
    ),
    "시설관리팀": _f(
        "시설관리",
        _a(
            "시설 유지",
            _t("공원 시설물 유지관리", "semi_permanent", SEMI_FACILITY, "facility", LAW_SAFETY),
            _t("시설 보수공사", "10", Y10_CONTRACT, "build", LAW_CONTRACT),
        ),
        _a(
            "환경·안전",
            _t("조경 및 환경 관리", "5", Y5_ASSET, "facility", "시설관리규정"),
            _t("시설 정기 안전점검", "10", Y10_SAFETY, "facility", LAW_SAFETY),
        ),
    ),
    "경주타워운영팀": _f(
        "경주타워 운영",
        _a(
            "관람 운영",
            _t("경주타워 관람 운영", "3", Y3_CIVIL, "service", "관람시설 운영규정"),
            _t("입장권 판매 및 정산", "5", Y5_BUDGET, "finance", "회계규정"),
        ),
        _a(
            "시설·경관",
            _t("경주타워 시설물 관리", "semi_permanent", SEMI_FACILITY, "facility", LAW_SAFETY),
            _t("야간 경관 운영", "5", Y5_EVENT, "event", "「경관법」"),
        ),
    ),
}

# The same team name can mean different work in different institutions.
TEAM_FUNCTIONS_BY_INSTITUTION: dict[tuple[str, str], FunctionSpec] = {
    ("gbcgf", "소상공인지원팀"): _f(
        "소상공인 보증 지원",
        _a(
            "특례보증",
            _t("소상공인 특례보증", "10", Y10_GUARANTEE, "program", "「지역신용보증재단법」", "partial", "6"),
            _t("이차보전 연계 지원", "5", Y5_PROGRAM, "program", "「경상북도 소상공인 지원 조례」"),
        ),
        _a(
            "경영 지원",
            _t("소상공인 경영컨설팅", "5", Y5_SERVICE, "service", "「소상공인기본법」"),
            _t("재기 소상공인 보증 지원", "10", Y10_GUARANTEE, "program", "「지역신용보증재단법」", "partial", "6"),
        ),
    ),
}


def _research_function(subject: str) -> FunctionSpec:
    """A policy research office (…연구실): basic and commissioned studies, forums, advice."""
    return _f(
        f"{subject} 연구",
        _a(
            "기본·정책연구",
            _t(f"{subject} 기본연구", "permanent", PERM_RESEARCH, "research", LAW_POLICY_INST),
            _t(f"{subject} 현안연구", "permanent", PERM_RESEARCH, "research", LAW_POLICY_INST),
        ),
        _a(
            "수탁·협력",
            _t(f"{subject} 수탁연구", "permanent", PERM_RESEARCH, "research", "수탁연구 관리규정"),
            _t(f"{subject} 포럼 운영", "3", Y3_EVENT, "event", LAW_POLICY_INST),
            _t(f"{subject} 자문위원회 운영", "5", Y5_SERVICE, "admin", LAW_POLICY_INST),
        ),
    )


def _rnd_function(subject: str) -> FunctionSpec:
    """A laboratory (…연구팀): national R&D projects, equipment, joint research with companies."""
    return _f(
        f"{subject} 연구개발",
        _a(
            "연구과제",
            _t(f"{subject} 국가R&D 과제 수행", "30", Y30_RND, "research", LAW_RND),
            _t(f"{subject} 기업 공동연구", "10", Y10_CONTRACT, "research", "공동연구 관리규정"),
        ),
        _a(
            "연구 기반",
            _t(f"{subject} 연구장비 운영", "10", Y10_SAFETY, "facility", "장비 공동활용 운영지침"),
            _t(f"{subject} 지식재산권 관리", "permanent", PERM_RESEARCH, "admin", "「발명진흥법」"),
        ),
    )


def _tech_centre_function(subject: str) -> FunctionSpec:
    """A technology centre (…센터 of a techno-park): company support, equipment, experts."""
    return _f(
        f"{subject} 산업 육성",
        _a(
            f"{subject} 기업지원",
            _t(f"{subject} 기업지원사업", "5", Y5_PROGRAM, "program", "「산업기술혁신 촉진법」"),
            _t(f"{subject} 기술개발 과제", "30", Y30_RND, "research", LAW_RND),
        ),
        _a(
            f"{subject} 기반 구축",
            _t(f"{subject} 장비 구축 및 운영", "10", Y10_ACCOUNT, "facility", "장비 공동활용 운영지침"),
            _t(f"{subject} 전문인력 양성", "3", Y3_EDU, "event", "「산업발전법」"),
        ),
    )


def _branch_function(branch: str) -> FunctionSpec:
    """A guarantee foundation's branch (…지점): consultation, credit review, contracts, aftercare."""
    return _f(
        f"{branch} 보증 영업",
        _a(
            "보증 심사",
            _t(f"{branch} 보증 상담 및 접수", "5", Y5_SERVICE, "service", "보증업무규정", "partial", "6"),
            _t(f"{branch} 신용조사 및 심사", "10", Y10_GUARANTEE, "service", "보증업무규정", "private", "6,7"),
        ),
        _a(
            "보증 관리",
            _t(
                f"{branch} 보증 약정 및 실행",
                "10",
                Y10_GUARANTEE,
                "service",
                "「지역신용보증재단법」",
                "private",
                "6,7",
            ),
            _t(f"{branch} 보증 사후관리", "10", Y10_GUARANTEE, "admin", "보증업무규정", "private", "6"),
        ),
    )


def _homecare_function(centre: str) -> FunctionSpec:
    """A home-care centre (…종합재가센터) of the social service agency."""
    law = "「노인장기요양보험법」"
    return _f(
        f"{centre} 재가서비스",
        _a(
            "재가 급여",
            _t(f"{centre} 방문요양 서비스", "5", Y5_CARE, "service", law, "private", "6"),
            _t(f"{centre} 방문목욕 서비스", "5", Y5_CARE, "service", law, "private", "6"),
        ),
        _a(
            "센터 운영",
            _t(f"{centre} 이용자 상담 및 계약", "5", Y5_CARE, "service", law, "partial", "6"),
            _t(f"{centre} 장기요양급여 청구", "5", Y5_CARE, "finance", law),
            _t(f"{centre} 요양보호사 관리", "5", Y5_SERVICE, "admin", law, "partial", "6"),
        ),
    )


def _resort_function(resort: str) -> FunctionSpec:
    """A tourist resort's team (…관광단지팀): its facilities, tenants and festivals."""
    return _f(
        f"{resort} 운영",
        _a(
            f"{resort} 시설관리",
            _t(f"{resort} 시설물 유지관리", "semi_permanent", SEMI_FACILITY, "facility", "「관광진흥법」 제52조"),
            _t(f"{resort} 조경 및 환경 정비", "5", Y5_ASSET, "facility", "관광단지 관리규정"),
        ),
        _a(
            f"{resort} 운영지원",
            _t(f"{resort} 입주업체 관리", "10", Y10_CONTRACT, "service", "관광단지 관리규정", "partial", "7"),
            _t(f"{resort} 축제 및 행사 지원", "3", Y3_EVENT, "event", "「관광진흥법」"),
        ),
    )


def _generic_function(subject: str) -> FunctionSpec:
    return _f(
        subject,
        _a(
            f"{subject} 기획",
            _t(f"{subject} 사업계획 수립", "5", Y5_PLAN, "plan", "직제규정"),
            _t(f"{subject} 예산 및 성과 관리", "5", Y5_BUDGET, "finance", "회계규정"),
        ),
        _a(
            f"{subject} 운영",
            _t(f"{subject} 사업 운영", "5", Y5_PROGRAM, "program", "직제규정"),
            _t(f"{subject} 대외 협력", "3", Y3_EVENT, "admin", "직제규정"),
        ),
    )


_SUFFIXES = ("연구실", "연구팀", "종합재가센터", "센터", "지점", "팀", "실", "단", "본부")


def subject_of(department_name: str) -> str:
    """연구실/팀/센터… taken off a department's name: 도시지역연구실 → 도시지역."""
    for suffix in _SUFFIXES:
        if department_name.endswith(suffix) and len(department_name) > len(suffix):
            return department_name[: -len(suffix)]
    return department_name


def team_function(institution_code: str, department_name: str) -> FunctionSpec:
    """The 중기능 (with its 소기능 and unit tasks) a domain department carries."""
    if spec := TEAM_FUNCTIONS_BY_INSTITUTION.get((institution_code, department_name)):
        return spec
    if spec := TEAM_FUNCTIONS.get(department_name):
        return spec
    subject = subject_of(department_name)
    if department_name.endswith("관광단지팀"):
        return _resort_function(subject)
    if department_name.endswith("연구실"):
        return _research_function(subject)
    if department_name.endswith("연구팀"):
        return _rnd_function(subject)
    if department_name.endswith("종합재가센터"):
        return _homecare_function(department_name)
    if department_name.endswith("지점"):
        return _branch_function(department_name)
    if department_name.endswith("센터"):
        return _tech_centre_function(subject)
    return _generic_function(subject)


def mission_function(institution_code: str, unit_name: str) -> str:
    """The 대기능 a domain unit (본부, 실, 단, 센터 under the head) carries."""
    return MISSION_FUNCTIONS.get(institution_code, {}).get(unit_name) or subject_of(unit_name)


# --- How each kind of work runs over a year: card contents by pattern ------------------------------


@dataclass(frozen=True)
class Goal:
    """A 목표 with its 성과지표; the target is drawn from [low, high] in `unit` (a fixed value when
    low == high). `cumulative`: the result grows over the year (counts), else it is a rate."""

    title: str
    indicator: str
    unit: str
    low: int
    high: int
    cumulative: bool = True


@dataclass(frozen=True)
class WorkPattern:
    purpose: str  # 목적, for the card's 과제 개요
    flow: str  # 추진 체계 in one line
    steps: tuple[tuple[int, int, str], ...]  # milestones (추진계획): (month, day, title) in a year
    goals: tuple[Goal, ...]
    results: tuple[str, ...]  # 실적 titles
    details: tuple[str, ...]  # lines of a 실적 entry's body


PATTERNS: dict[str, WorkPattern] = {
    "plan": WorkPattern(
        "기관 경영목표와 연계한 체계적인 계획 수립과 이행 관리",
        "기초조사 → 계획(안) 수립 → 의견 수렴·확정 → 이행 점검 → 평가·환류",
        (
            (1, 20, "추진 여건 분석 및 기초자료 조사"),
            (2, 10, "관계 부서 의견 수렴"),
            (2, 25, "계획(안) 작성"),
            (3, 10, "내부 검토 및 경영진 보고"),
            (3, 25, "계획 확정 및 공유"),
            (7, 10, "상반기 이행 점검"),
            (11, 10, "하반기 이행 점검"),
            (12, 20, "연간 추진 결과 정리"),
        ),
        (
            Goal("계획의 적기 수립과 이행", "세부과제 이행률", "%", 100, 100, cumulative=False),
            Goal("이행 점검 내실화", "이행 점검 횟수", "회", 2, 4),
        ),
        ("관계 부서 협의회 개최", "계획(안) 초안 작성", "추진상황 점검 결과", "경영진 보고 및 보완 반영"),
        (
            "관계 부서 의견 {n}건 접수, 반영 여부 검토 완료",
            "세부 추진과제 {n}개 확정, 과제별 담당자 지정",
            "추진 일정 조정(안) 마련, 차주 보고 예정",
            "경영진 보고 결과 보완사항 {n}건 반영",
        ),
    ),
    "program": WorkPattern(
        "지원 대상의 경쟁력 강화와 지역 경제 활성화",
        "사업 공고 → 접수·심사 → 선정·협약 → 중간 점검 → 정산·성과 평가",
        (
            (1, 20, "사업 시행계획 수립"),
            (2, 15, "사업 공고"),
            (3, 15, "신청 접수 및 서류 검토"),
            (4, 10, "선정 심사위원회 개최"),
            (4, 30, "지원 대상 선정 및 협약 체결"),
            (7, 15, "중간 점검"),
            (11, 20, "사업비 정산"),
            (12, 15, "성과 평가 및 결과 보고"),
        ),
        (
            Goal("지원사업의 적기 추진", "지원 건수", "건", 20, 120),
            Goal("수혜자 만족도 제고", "수혜자 만족도", "점", 88, 92, cumulative=False),
        ),
        ("지원 신청 접수 현황", "선정 심사 결과", "협약 체결 및 사업비 교부", "현장 점검 결과"),
        (
            "신청 {n}건 접수, 서류 보완 요청 {m}건",
            "심사위원회 개최, {n}건 선정(경쟁률 {m}:1)",
            "협약 체결 {n}건, 1차 사업비 교부 완료",
            "현장 점검 {n}개소, 시정 요구 {m}건",
        ),
    ),
    "research": WorkPattern(
        "정책 수요에 맞는 조사·연구 수행과 성과 확산",
        "연구 설계 → 조사·분석 → 중간·최종 보고 → 보고서 발간·확산",
        (
            (1, 31, "연구계획서 확정"),
            (2, 20, "착수보고회"),
            (4, 15, "문헌 및 현황 조사"),
            (6, 15, "현장조사 및 설문"),
            (7, 20, "중간보고회"),
            (9, 15, "전문가 자문회의"),
            (11, 15, "최종보고회"),
            (12, 15, "보고서 발간"),
        ),
        (
            Goal("연구 성과 창출", "보고서 발간", "건", 1, 4),
            Goal("연구 결과의 정책 활용", "정책 반영 건수", "건", 1, 5),
        ),
        ("착수보고회 개최", "현장조사 실시", "중간보고회 의견 반영", "전문가 자문회의 결과"),
        (
            "설문 {n}부 회수(회수율 {m}%)",
            "현장 인터뷰 {n}회 실시",
            "자문위원 의견 {n}건 반영",
            "분석 결과 초안 작성, 목차 확정",
        ),
    ),
    "event": WorkPattern(
        "참여 확대와 대외 인지도 제고",
        "기본계획 → 대행사 선정 → 홍보·모집 → 개최 → 결과 분석",
        (
            (3, 15, "기본계획 수립"),
            (4, 30, "대행사 선정 및 계약"),
            (7, 1, "홍보 개시"),
            (8, 1, "참가자 모집"),
            (9, 20, "행사 개최"),
            (11, 15, "결과 보고 및 정산"),
        ),
        (
            Goal("행사의 성공적 개최", "참가자 수", "명", 200, 3000),
            Goal("참가자 만족도 향상", "참가자 만족도", "점", 85, 92, cumulative=False),
        ),
        ("세부 운영계획 확정", "참가자 모집 현황", "행사 개최 결과", "만족도 조사 결과"),
        (
            "참가 신청 {n}명, 전년 같은 기간 대비 {m}% 증가",
            "대행사 계약 체결, 세부 프로그램 {n}개 확정",
            "언론 보도 {n}건, SNS 게시물 도달 {m}천 회",
            "만족도 조사 결과 평균 {m}점",
        ),
    ),
    "facility": WorkPattern(
        "시설물의 안전 확보와 이용 편의 증진",
        "유지관리 계획 → 정기·수시 점검 → 보수 → 이력 관리",
        (
            (1, 20, "연간 유지관리 계획 수립"),
            (2, 27, "해빙기 안전점검"),
            (3, 25, "1분기 정기점검"),
            (6, 15, "우기 대비 점검"),
            (6, 25, "2분기 정기점검"),
            (9, 25, "3분기 정기점검"),
            (11, 20, "동절기 대비 점검"),
            (12, 20, "4분기 정기점검"),
        ),
        (
            Goal("시설물 안전 확보", "정기점검 이행률", "%", 100, 100, cumulative=False),
            Goal("안전사고 예방", "안전사고 건수", "건", 0, 0, cumulative=False),
        ),
        ("정기점검 결과 및 조치", "보수 필요 개소 정비", "점검 지적사항 조치 결과", "유지보수 용역 추진"),
        (
            "점검 대상 {n}개소 점검 완료, 보수 필요 {m}개소",
            "긴급 보수 {m}건 완료, 나머지 예산 확보 후 추진",
            "지적사항 {n}건 중 {m}건 조치 완료",
            "유지보수 용역 착수, 공정률 {m}%",
        ),
    ),
    "admin": WorkPattern(
        "관련 법령과 규정에 맞는 적정한 업무 처리",
        "연간 계획 → 처리 → 현황 점검 → 제도 개선",
        (
            (1, 20, "연간 추진계획 수립"),
            (3, 30, "1분기 현황 점검"),
            (5, 20, "관련 규정 정비"),
            (7, 10, "상반기 실적 정리"),
            (9, 30, "3분기 현황 점검"),
            (12, 20, "연간 실적 정리 및 보고"),
        ),
        (
            Goal("업무 처리의 적정성 확보", "처리기한 준수율", "%", 95, 100, cumulative=False),
            Goal("제도 개선", "개선 과제 발굴", "건", 2, 6),
        ),
        ("처리 현황 점검", "규정 개정(안) 검토", "현황 점검 결과", "지적사항 개선 조치"),
        (
            "처리 {n}건, 기한 내 처리 {m}%",
            "관련 규정 개정 필요사항 {n}건 도출",
            "점검 결과 보완 필요 {m}건, 부서 통보",
            "개선 조치 완료 {n}건",
        ),
    ),
    "finance": WorkPattern(
        "재원의 효율적 배분과 집행의 투명성 확보",
        "편성 → 배정 → 집행 점검 → 추경 → 결산",
        (
            (2, 20, "전년도 결산"),
            (4, 10, "1분기 집행 점검"),
            (6, 15, "추가경정예산 편성"),
            (7, 10, "상반기 집행 점검"),
            (9, 15, "차년도 예산 편성 지침 시달"),
            (10, 10, "3분기 집행 점검"),
            (10, 31, "부서별 예산 요구 취합"),
            (12, 10, "차년도 예산안 확정"),
        ),
        (
            Goal("예산 집행의 효율화", "예산 집행률", "%", 90, 98, cumulative=False),
            Goal("회계 처리의 투명성", "회계 지적 건수", "건", 0, 0, cumulative=False),
        ),
        ("예산 집행 현황", "집행 부진 사업 점검", "추가경정예산 편성", "회계 증빙 점검"),
        (
            "누계 집행률 {m}%(계획 대비 {n}%p)",
            "집행 부진 사업 {n}건 사유 확인, 부서 협의",
            "증빙 서류 {n}건 점검, 보완 {m}건",
            "이월 예상액 파악 및 조정(안) 마련",
        ),
    ),
    "hr": WorkPattern(
        "공정하고 투명한 인사 운영",
        "계획 수립 → 공고·안내 → 심사 → 결과 확정 → 개선",
        (
            (1, 20, "연간 추진계획 수립"),
            (3, 10, "상반기 대상자 안내 및 공고"),
            (4, 10, "상반기 심사"),
            (5, 10, "상반기 결과 확정 및 통보"),
            (9, 10, "하반기 대상자 안내 및 공고"),
            (10, 20, "하반기 심사"),
            (11, 30, "하반기 결과 확정 및 통보"),
            (12, 20, "이의신청 처리 및 결과 분석"),
        ),
        (
            Goal("공정한 인사 운영", "절차 준수율", "%", 100, 100, cumulative=False),
            Goal("적기 충원", "충원 인원", "명", 5, 20),
        ),
        ("공고 및 안내", "1차 심사 결과", "2차 심사 결과", "결과 확정 및 통보"),
        (
            "지원·대상자 {n}명, 서류 보완 {m}명",
            "심사위원 {m}명 위촉(외부위원 과반)",
            "심사 결과 {n}명 확정, 개별 통보 완료",
            "이의신청 {m}건 접수, 처리 완료",
        ),
    ),
    "service": WorkPattern(
        "고객 중심의 서비스 제공과 만족도 향상",
        "접수 → 처리 → 사후관리 → 고객 의견 반영",
        (
            (1, 20, "연간 운영계획 수립"),
            (4, 10, "1분기 실적 점검"),
            (5, 20, "고객 의견 수렴"),
            (7, 10, "상반기 실적 점검"),
            (9, 10, "서비스 개선 과제 추진"),
            (10, 10, "3분기 실적 점검"),
            (12, 20, "연간 실적 분석"),
        ),
        (
            Goal("서비스 품질 향상", "고객 만족도", "점", 85, 93, cumulative=False),
            Goal("서비스 제공 확대", "처리 건수", "건", 100, 2000),
        ),
        ("처리 실적", "고객 의견 반영", "서비스 개선 추진", "사후관리 점검"),
        (
            "접수 {n}건, 처리 완료 {m}%",
            "고객 의견 {n}건 접수, 개선 반영 {m}건",
            "처리 절차 간소화로 평균 처리기간 {m}일 단축",
            "사후관리 대상 {n}건 점검",
        ),
    ),
    "build": WorkPattern(
        "사업의 적기 준공과 품질·안전 확보",
        "설계 → 발주·계약 → 시공 관리 → 준공 → 하자 관리",
        (
            (1, 31, "실시설계 완료"),
            (3, 31, "공사 발주 및 계약"),
            (4, 30, "착공"),
            (7, 15, "공정 점검(30%)"),
            (10, 15, "공정 점검(60%)"),
            (12, 10, "동절기 현장 안전점검"),
        ),
        (
            Goal("사업의 적기 추진", "연말 공정률", "%", 40, 100, cumulative=False),
            Goal("품질·안전 확보", "안전사고 건수", "건", 0, 0, cumulative=False),
        ),
        ("공정 현황", "설계 변경 검토", "현장 안전점검 결과", "관계기관 협의"),
        (
            "누계 공정률 {m}%(계획 대비 {n}%p)",
            "설계 변경 {n}건 검토, 변경 계약 추진",
            "현장 안전점검 지적 {n}건, 즉시 시정",
            "관계기관 협의 {n}회, 인허가 보완 완료",
        ),
    ),
}

# 품질·홍보·고객관리 entries (kind, title, body).
CARD_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "quality": (
        ("업무 처리 절차 점검", "처리 절차와 서식을 점검하여 중복 확인 단계를 줄임"),
        ("업무매뉴얼 개정", "담당자 교체에 대비해 업무매뉴얼의 처리 단계와 유의사항을 보완"),
        ("내부 품질점검 결과 반영", "내부 점검 지적사항을 반영하여 검토 체크리스트를 보완"),
    ),
    "public_relations": (
        ("보도자료 배포", "주요 추진 성과를 보도자료로 배포, 지역 언론 {n}건 보도"),
        ("누리집·SNS 게시", "추진 현황을 누리집과 공식 SNS에 게시"),
        ("홍보물 제작·배포", "안내 리플릿을 제작하여 시·군과 유관기관에 배포"),
    ),
    "customer": (
        ("이해관계자 간담회", "관계 기관·수혜자 간담회를 열어 건의사항 {n}건을 수렴"),
        ("고객 의견 수렴 결과", "만족도 조사와 고객의 소리로 접수된 의견을 분석하여 개선과제 도출"),
        ("민원 처리 및 회신", "관련 민원 {n}건을 처리하고 결과를 회신"),
    ),
}

# --- Memo reports (메모보고) --------------------------------------------------------------------------

# {detail} is a line of the task's work pattern (PATTERNS[...].details); {n} and {m} are numbers.
MEMO_REPORTS: tuple[tuple[str, str], ...] = (
    ("{task} 추진상황 보고", "{task} 추진상황을 보고드립니다.\n\n○ 추진 현황: {detail}\n○ 향후 계획: {next}"),
    (
        "{task} 관계기관 협의 결과 보고",
        "관계기관과 {task} 관련 협의를 하였습니다.\n\n○ 협의 결과: 쟁점 {n}건 중 대부분 합의, 남은 사항은 차기 협의"
        "\n○ 후속 조치: {next}",
    ),
    (
        "{task} 현장 점검 결과 보고",
        "{task} 현장 점검 결과입니다.\n\n○ 점검 결과: 보완이 필요한 사항 {n}건 확인\n○ 조치 계획: {next}",
    ),
    (
        "{task} 관련 도 요청자료 제출 보고",
        "도청에서 요청한 {task} 관련 자료를 제출하였기에 보고드립니다."
        "\n\n○ 제출 내용: 추진 실적과 향후 계획(요청 서식 3종)",
    ),
    (
        "{task} 일정 변경 사전 보고",
        "{task} 일정 조정이 필요하여 미리 보고드립니다."
        "\n\n○ 사유: 관계기관 일정 조정 요청\n○ 변경(안): 2주 순연, {next}",
    ),
    (
        "{task} 예산 집행 현황 보고",
        "{task} 예산 집행 현황을 보고드립니다.\n\n○ 집행 현황: 누계 집행률 {m}%\n○ 향후 계획: {next}",
    ),
    (
        "{task} 관련 민원 처리 결과 보고",
        "{task} 관련 민원 처리 결과를 보고드립니다.\n\n○ 처리 내용: 민원 {n}건 처리 완료, 민원인에게 결과 회신",
    ),
)
MEMO_INSTRUCTIONS: tuple[tuple[str, str], ...] = (
    (
        "{task} 관련 현황 자료 준비 바랍니다",
        "{task} 관련하여 이번 주 중 현황 자료를 정리해 주세요. 다음 주 간부회의 보고 예정입니다.",
    ),
    ("{task} 진행상황 공유 요청", "{task} 진행상황을 간단히 메모로 공유해 주기 바랍니다."),
    ("{task} 관련 도청 회의 참석 바랍니다", "{task} 관련 도청 회의에 함께 참석합시다. 관련 자료를 챙겨 주세요."),
    ("{task} 보고서 보완 요청", "제출한 {task} 보고서 잘 보았습니다. 추진 일정과 예산 부분을 보완해 주세요."),
)
MEMO_NEXT_STEPS: tuple[str, ...] = (
    "다음 주까지 세부 일정을 확정하여 보고드리겠습니다.",
    "관계 부서와 추가 협의 후 결과를 공유하겠습니다.",
    "이번 달 말까지 마무리할 예정입니다.",
    "예산 부서와 협의하여 조정(안)을 마련하겠습니다.",
    "현장 의견을 한 번 더 확인하고 보완하겠습니다.",
)
MEMO_REPLIES_FROM_HEAD: tuple[str, ...] = (
    "확인했습니다. 계획대로 진행해 주세요.",
    "수고 많았습니다. 본부장님께도 공유 부탁합니다.",
    "잘 정리되었습니다. 다음 회의 때 함께 논의합시다.",
    "예산 부분은 기획예산 부서와 한 번 더 협의해 주세요.",
    "일정이 빠듯하니 지연 요인이 생기면 바로 알려 주세요.",
)
MEMO_REPLIES_TO_HEAD: tuple[str, ...] = (
    "네, 알겠습니다. 정리하여 다시 보고드리겠습니다.",
    "네, 확인했습니다. 내일 오전까지 보완하겠습니다.",
    "네, 관련 자료 챙겨서 참석하겠습니다.",
)

# --- Directives (지시사항) ----------------------------------------------------------------------------

# (title, instruction, the assignee's completion report); {n} is a number.
DIRECTIVES: tuple[tuple[str, str, str], ...] = (
    (
        "{task} 추진현황 전수 점검",
        "{task} 관련 진행 중인 사항을 전수 점검하고, 지연 사항은 사유와 대책을 함께 보고할 것.",
        "전수 점검 결과 지연 사항 {n}건의 사유와 대책을 정리하여 보고드렸습니다.",
    ),
    (
        "도의회 행정사무감사 대비 {task} 자료 준비",
        "행정사무감사 요구자료 중 {task} 관련 자료를 작성하고 예상 질의 답변을 준비할 것.",
        "요구자료 작성을 마치고 예상 질의 답변서까지 제출했습니다.",
    ),
    (
        "{task} 개선방안 마련",
        "{task}의 운영 실적을 분석하여 개선방안을 마련해 보고할 것.",
        "개선방안 {n}건을 마련하여 보고드렸고 다음 달부터 시행합니다.",
    ),
    (
        "{task} 관련 민원 재발 방지 대책 수립",
        "최근 접수된 {task} 관련 민원의 원인을 분석하고 재발 방지 대책을 수립할 것.",
        "민원 원인을 분석하여 안내문과 처리 절차를 고쳤고, 담당자 교육을 마쳤습니다.",
    ),
    (
        "하반기 {task} 추진계획 보완",
        "상반기 실적을 반영하여 하반기 {task} 추진계획을 보완할 것.",
        "상반기 실적을 반영한 하반기 추진계획 보완(안)을 확정했습니다.",
    ),
    (
        "{task} 예산 집행 부진 사유 분석",
        "{task} 예산 집행률이 계획에 못 미치니 사유를 분석하고 집행 계획을 다시 세울 것.",
        "집행 부진 사유를 분석하고 월별 집행 계획을 다시 세워 보고드렸습니다.",
    ),
    (
        "{task} 우수사례 발굴 및 확산",
        "{task} 추진 과정의 우수사례를 발굴하여 타 부서에 공유할 것.",
        "우수사례 {n}건을 정리하여 전 부서에 공유했습니다.",
    ),
)
HEAD_DIRECTIVES: tuple[tuple[str, str, str], ...] = (
    (
        "경영평가 대비 부서별 실적 점검",
        "경영실적 평가에 대비하여 부서별 지표 실적과 증빙을 점검하고 미흡 지표의 보완 계획을 보고할 것.",
        "지표별 실적과 증빙을 점검하여 미흡 지표 {n}개의 보완 계획을 보고드렸습니다.",
    ),
    (
        "여름철 안전사고 예방 대책 마련",
        "폭염·집중호우에 대비하여 소관 시설과 현장의 안전 대책을 마련하고 점검 결과를 보고할 것.",
        "소관 시설 {n}개소를 점검하고 취약 개소의 안전 대책을 마련했습니다.",
    ),
    (
        "도의회 지적사항 조치 결과 보고",
        "도의회 행정사무감사 지적사항의 조치 결과를 부서별로 정리하여 보고할 것.",
        "지적사항 {n}건의 조치 결과를 부서별로 정리하여 보고드렸습니다.",
    ),
    (
        "청렴도 향상 실천과제 이행",
        "청렴도 향상을 위한 부서별 실천과제를 정하고 이행 상황을 매월 점검할 것.",
        "부서별 실천과제를 확정하고 월별 이행 점검표를 운영하고 있습니다.",
    ),
    (
        "하반기 예산 조기 집행 추진",
        "하반기 예산의 조기 집행 계획을 세우고 집행 부진 사업은 사유와 대책을 보고할 것.",
        "조기 집행 계획을 세우고 집행 부진 사업 {n}건의 대책을 보고드렸습니다.",
    ),
)
DECISION_REPORT = "회의 결정사항을 이행하고 결과를 보고드렸습니다."
DIRECTIVE_PLANS: tuple[str, ...] = (
    "현황 조사 후 대책(안)을 마련하여 보고하겠습니다.",
    "관계 부서 자료를 취합하여 분석하고 결과를 보고하겠습니다.",
    "1단계 현황 점검, 2단계 개선(안) 마련 순으로 추진하겠습니다.",
)
DIRECTIVE_PROGRESS: tuple[str, ...] = (
    "관계 부서 자료 취합 중입니다.",
    "현황 조사를 마치고 개선(안)을 작성하고 있습니다.",
    "초안 작성 후 내부 검토 중입니다.",
)
DIRECTIVE_CANCEL_REASONS: tuple[str, ...] = (
    "도 방침 변경으로 추진하지 않기로 함",
    "다른 지시사항과 내용이 겹쳐 통합 관리함",
)

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
