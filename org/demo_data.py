"""Static data for the demo seed (org.demo): the province's institutions with their organisation
charts, positions and grades, and Korean names with the romanisation used for usernames.

Institutions, department names and sizes are modelled on North Gyeongsang Province's (경상북도)
real 공사·공단 and 출자·출연기관; every person, phone number and e-mail address is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenants.models import InstitutionKind

PROVINCE_NAME = "경상북도"
PROVINCE_ADDRESS = "(36759) 경상북도 안동시 풍천면 도청대로 455"  # 경상북도청, printed in its documents' 결문
PLANNER = {"username": "planner", "name": "김도정", "phone": "054-880-3201"}

# E-mail addresses are <username>@<code>.<EMAIL_DOMAIN>; the province's are @<PROVINCE_EMAIL_HOST>.
EMAIL_DOMAIN = "example.com"  # reserved for examples (RFC 2606)
PROVINCE_EMAIL_HOST = "gb.example.com"

# Hire dates are counted back from this fixed date, so the seed does not depend on the day it runs.
REFERENCE_YEAR = 2025


@dataclass(frozen=True)
class UnitSpec:
    """A department directly under the institution's head: either with teams below it, or (no
    teams) a department with its own members."""

    name: str
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstitutionSpec:
    code: str
    name: str
    kind: str
    head_title: str  # 기관장의 직위명: 사장, 원장, 대표이사, 이사장, 사무총장
    staff: int  # headcount including 휴직 and 퇴직
    exchange: str  # 국번: phones are 054-<exchange>-<extension>
    since: int  # earliest hire year (the institution's or its predecessor's founding)
    units: tuple[UnitSpec, ...]  # the first unit is management; its 인사 team holds the `admin`

    @property
    def size(self) -> str:
        """small (up to 60 staff), medium or large (200 and more): tests cover one of each."""
        return "small" if self.staff <= SMALL_UP_TO else "large" if self.staff >= LARGE_FROM else "medium"


SMALL_UP_TO = 60
LARGE_FROM = 200


# Every institution also has this department directly under its head; its people are auditors.
AUDIT_UNIT = "감사실"


def _unit(name: str, *teams: str) -> UnitSpec:
    return UnitSpec(name, teams)


INSTITUTIONS: tuple[InstitutionSpec, ...] = (
    InstitutionSpec(
        "gbdc", "경북개발공사", InstitutionKind.CORPORATION, "사장", 280, "650", 1996,
        (
            _unit("경영기획본부", "기획예산팀", "인사총무팀", "재무회계팀", "고객소통팀"),
            _unit("도시사업본부", "도시개발팀", "산업단지팀", "주택사업팀", "보상판매팀"),
            _unit("건설기술본부", "건축사업팀", "토목사업팀", "품질안전팀"),
        ),
    ),
    InstitutionSpec(
        "gbtour", "경북문화관광공사", InstitutionKind.CORPORATION, "사장", 300, "745", 1997,
        (
            _unit("경영관리본부", "기획예산팀", "인사총무팀", "재무회계팀", "ESG경영팀"),
            _unit("관광사업본부", "관광마케팅팀", "국내관광팀", "해외관광팀", "MICE유치팀", "관광콘텐츠팀"),
            _unit("시설운영본부", "보문관광단지팀", "감포관광단지팀", "안동문화관광단지팀", "시설안전팀"),
        ),
    ),
    InstitutionSpec(
        "gbtrade", "경북통상", InstitutionKind.INVESTED, "대표이사", 34, "712", 2005,
        (
            _unit("경영지원실", "경영기획팀", "인사총무팀"),
            _unit("무역사업실", "해외마케팅팀", "수출지원팀"),
            _unit("유통사업실", "온라인판매팀", "매장운영팀"),
        ),
    ),
    InstitutionSpec(
        "gbtp", "경북테크노파크", InstitutionKind.CONTRIBUTED, "원장", 290, "819", 1998,
        (
            _unit("경영지원본부", "기획예산팀", "인사총무팀", "재무회계팀", "시설관리팀"),
            _unit("지역산업육성단", "산업정책팀", "지역산업진흥팀", "기업성장지원팀"),
            _unit("혁신성장본부", "디지털혁신센터", "에너지소재센터", "바이오헬스센터", "스마트제조센터"),
        ),
    ),
    InstitutionSpec(
        "gbri", "경북연구원", InstitutionKind.CONTRIBUTED, "원장", 180, "770", 1991,
        (
            _unit("기획조정실", "기획예산팀", "인사총무팀", "재무회계팀"),
            _unit("연구본부", "경제산업연구실", "도시지역연구실", "사회문화연구실", "환경안전연구실"),
            _unit("미래전략센터"),
        ),
    ),
    InstitutionSpec(
        "gepa", "경상북도경제진흥원", InstitutionKind.CONTRIBUTED, "원장", 170, "470", 2003,
        (
            _unit("경영기획실", "기획예산팀", "인사총무팀"),
            _unit("기업지원본부", "중소기업지원팀", "소상공인지원팀", "수출마케팅팀", "사회적경제팀"),
            _unit("일자리본부", "청년일자리팀", "일자리정책팀"),
        ),
    ),
    InstitutionSpec(
        "gbbio", "경북바이오산업연구원", InstitutionKind.CONTRIBUTED, "원장", 110, "850", 2002,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("연구본부", "천연물소재연구팀", "백신바이오연구팀", "기능성식품연구팀"),
            _unit("기업지원본부", "기업지원팀", "분석인증센터", "GMP생산팀"),
        ),
    ),
    InstitutionSpec(
        "gire", "경상북도환동해산업연구원", InstitutionKind.CONTRIBUTED, "원장", 80, "780", 2013,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("해양바이오연구본부", "해양바이오연구팀", "수산자원연구팀"),
            _unit("해양산업지원단", "기업지원팀", "해양에너지팀"),
        ),
    ),
    InstitutionSpec(
        "gbedu", "경상북도인재평생교육재단", InstitutionKind.CONTRIBUTED, "대표이사", 140, "805", 2006,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("인재육성본부", "장학사업팀", "경북학숙운영팀", "인재양성팀"),
            _unit("평생교육본부", "평생학습팀", "교육정책팀"),
        ),
    ),
    InstitutionSpec(
        "gbcf", "경북문화재단", InstitutionKind.CONTRIBUTED, "대표이사", 190, "552", 2009,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀", "재무회계팀"),
            _unit("문화사업본부", "예술지원팀", "문화정책팀", "지역문화팀", "공연기획팀"),
            _unit("문화시설본부", "예술회관운영팀", "무대기술팀"),
        ),
    ),
    InstitutionSpec(
        "gbyouth", "경상북도청소년육성재단", InstitutionKind.CONTRIBUTED, "대표이사", 130, "854", 2011,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("청소년사업본부", "청소년활동팀", "청소년상담복지센터", "학교밖청소년지원센터"),
            _unit("수련시설운영단", "수련원운영팀", "시설안전팀"),
        ),
    ),
    InstitutionSpec(
        "gbwomen", "경북여성정책개발원", InstitutionKind.CONTRIBUTED, "원장", 45, "532", 2009,
        (
            _unit("경영지원실", "경영기획팀", "인사총무팀"),
            _unit("여성정책연구실"),
            _unit("가족정책연구실"),
            _unit("성인지교육센터"),
        ),
    ),
    InstitutionSpec(
        "gbhappy", "경북행복재단", InstitutionKind.CONTRIBUTED, "대표이사", 300, "330", 2012,
        (
            _unit("경영지원본부", "기획예산팀", "인사총무팀", "재무회계팀"),
            _unit("복지정책본부", "복지정책연구팀", "사회서비스지원팀", "돌봄정책팀"),
            _unit("사회서비스운영본부", "포항종합재가센터", "구미종합재가센터", "안동종합재가센터"),
        ),
    ),
    InstitutionSpec(
        "gca", "경상북도콘텐츠진흥원", InstitutionKind.CONTRIBUTED, "원장", 80, "840", 2010,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("콘텐츠산업본부", "콘텐츠기업지원팀", "게임산업팀", "e스포츠팀", "영상산업팀"),
            _unit("실감콘텐츠센터"),
        ),
    ),
    InstitutionSpec(
        "gbcgf", "경북신용보증재단", InstitutionKind.CONTRIBUTED, "이사장", 260, "860", 2000,
        (
            _unit("경영기획본부", "기획예산팀", "인사총무팀", "재무회계팀", "정보전산팀"),
            _unit("보증사업본부", "보증기획팀", "채권관리팀", "소상공인지원팀"),
            _unit("영업본부", "포항지점", "구미지점", "경산지점", "안동지점", "경주지점", "김천지점"),
        ),
    ),
    InstitutionSpec(
        "dokdo", "독도재단", InstitutionKind.CONTRIBUTED, "사무총장", 30, "751", 2009,
        (
            _unit("경영지원실", "기획홍보팀", "인사총무팀"),
            _unit("독도사업실", "독도교육팀", "연구협력팀"),
        ),
    ),
    InstitutionSpec(
        "saemaul", "새마을세계화재단", InstitutionKind.CONTRIBUTED, "대표이사", 55, "463", 2011,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("국제협력본부", "해외사업팀", "국제교육팀", "새마을ODA팀"),
        ),
    ),
    InstitutionSpec(
        "gitc", "경북IT융합산업기술원", InstitutionKind.CONTRIBUTED, "원장", 80, "815", 2003,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("융합기술본부", "스마트디바이스팀", "디지털헬스케어팀", "기업지원팀"),
        ),
    ),
    InstitutionSpec(
        "ghti", "경북하이브리드부품연구원", InstitutionKind.CONTRIBUTED, "원장", 75, "337", 2008,
        (
            _unit("경영지원실", "기획예산팀", "인사총무팀"),
            _unit("연구개발본부", "전기차부품연구팀", "구동시스템연구팀", "신뢰성평가팀"),
            _unit("기업지원단", "시험인증센터", "기업성장팀"),
        ),
    ),
    InstitutionSpec(
        "confucian", "세계유교문화재단", InstitutionKind.CONTRIBUTED, "사무총장", 50, "843", 2016,
        (
            _unit("경영지원실", "경영기획팀", "인사총무팀"),
            _unit("유교문화사업본부", "유교문화진흥팀", "국제교류팀", "교육프로그램팀"),
        ),
    ),
    InstitutionSpec(
        "cultureexpo", "문화엑스포", InstitutionKind.CONTRIBUTED, "사무총장", 160, "740", 1996,
        (
            _unit("경영지원본부", "기획예산팀", "인사총무팀", "재무회계팀"),
            _unit("사업본부", "엑스포기획팀", "공연운영팀", "전시운영팀"),
            _unit("시설운영본부", "시설관리팀", "경주타워운영팀"),
        ),
    ),
)  # fmt: skip

# 직위 and their 서열 (lower = more senior); the institution head's title takes rank 1.
HEAD_RANK = 1
POSITION_RANKS: dict[str, int] = {
    "본부장": 2,
    "단장": 3,
    "실장": 4,
    "센터장": 5,
    "지점장": 6,
    "팀장": 7,
    "차장": 8,
    "과장": 9,
    "대리": 10,
    "주임": 11,
    "사원": 12,
}
# A department's head is titled after the department's name ending (본부 → 본부장 …).
HEAD_TITLE_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    ("본부", "본부장"),
    ("단", "단장"),
    ("실", "실장"),
    ("센터", "센터장"),
    ("지점", "지점장"),
    ("팀", "팀장"),
)
# Members' positions and how often each occurs.
MEMBER_POSITIONS: tuple[tuple[str, float], ...] = (
    ("차장", 0.10),
    ("과장", 0.22),
    ("대리", 0.25),
    ("주임", 0.23),
    ("사원", 0.20),
)
# 직급 1급 … 7급 (rank 1 … 7); the institution head is an executive (임원) without a grade.
GRADES: tuple[str, ...] = ("1급", "2급", "3급", "4급", "5급", "6급", "7급")
# Grade by position: the usual grade, and the one a few hold (a senior 팀장, a junior 실장 …).
GRADE_BY_POSITION: dict[str, tuple[str, str]] = {
    "본부장": ("1급", "1급"),
    "단장": ("1급", "2급"),
    "실장": ("2급", "1급"),
    "센터장": ("2급", "3급"),
    "지점장": ("2급", "3급"),
    "팀장": ("3급", "2급"),
    "차장": ("3급", "3급"),
    "과장": ("4급", "4급"),
    "대리": ("5급", "5급"),
    "주임": ("6급", "6급"),
    "사원": ("7급", "7급"),
}
# Years of service by position (inclusive range); the head is appointed from outside.
SERVICE_YEARS: dict[str, tuple[int, int]] = {
    "head": (0, 2),
    "본부장": (20, 30),
    "단장": (18, 27),
    "실장": (16, 26),
    "센터장": (15, 24),
    "지점장": (15, 24),
    "팀장": (12, 22),
    "차장": (10, 17),
    "과장": (6, 12),
    "대리": (3, 7),
    "주임": (1, 4),
    "사원": (0, 2),
}
# Months in which people are hired (public recruitment rounds cluster in spring and autumn).
HIRE_MONTHS: tuple[int, ...] = (1, 3, 3, 4, 7, 9, 9, 10)

# Surnames with their share of the population (%, Statistics Korea 2015) and their usual spelling.
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("김", "kim", 21.5), ("이", "lee", 14.7), ("박", "park", 8.4), ("최", "choi", 4.7),
    ("정", "jung", 4.3), ("강", "kang", 2.4), ("조", "cho", 2.1), ("윤", "yoon", 2.1),
    ("장", "jang", 2.0), ("임", "lim", 1.7), ("한", "han", 1.5), ("오", "oh", 1.5),
    ("서", "seo", 1.5), ("신", "shin", 1.4), ("권", "kwon", 1.4), ("황", "hwang", 1.4),
    ("안", "ahn", 1.4), ("송", "song", 1.3), ("류", "ryu", 1.1), ("전", "jeon", 1.1),
    ("홍", "hong", 1.1), ("고", "ko", 0.9), ("문", "moon", 0.9), ("양", "yang", 0.9),
    ("손", "son", 0.9), ("배", "bae", 0.8), ("백", "baek", 0.8), ("허", "heo", 0.7),
    ("유", "yoo", 0.7), ("남", "nam", 0.6), ("심", "shim", 0.5), ("노", "noh", 0.4),
    ("하", "ha", 0.5), ("곽", "kwak", 0.4), ("성", "sung", 0.4), ("차", "cha", 0.4),
    ("주", "joo", 0.4), ("우", "woo", 0.4), ("구", "koo", 0.4), ("민", "min", 0.3),
    ("진", "jin", 0.3), ("나", "na", 0.3), ("지", "ji", 0.3), ("엄", "eom", 0.3),
    ("채", "chae", 0.3), ("원", "won", 0.3), ("천", "cheon", 0.2), ("방", "bang", 0.2),
    ("공", "kong", 0.2), ("현", "hyun", 0.2), ("함", "ham", 0.2), ("변", "byun", 0.2),
    ("염", "yeom", 0.1), ("여", "yeo", 0.1), ("추", "choo", 0.1), ("도", "do", 0.1),
    ("석", "seok", 0.1), ("선", "sun", 0.1), ("설", "seol", 0.1), ("마", "ma", 0.1),
    ("길", "gil", 0.1), ("연", "yeon", 0.1), ("위", "wi", 0.1), ("표", "pyo", 0.1),
    ("명", "myung", 0.1), ("기", "ki", 0.1), ("반", "ban", 0.1), ("왕", "wang", 0.1),
    ("금", "keum", 0.1), ("옥", "ok", 0.1), ("육", "yook", 0.1), ("인", "in", 0.1),
)  # fmt: skip

# Common given names by the decade people were born in, so a 본부장 is not called 서준.
# Keys: (gender, era) with era "old" (born before 1976), "mid" (1976–1989), "young" (1990 on).
GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("m", "old"): (
        "영수", "영호", "영철", "정호", "성호", "성수", "상철", "상호", "정훈", "성훈",
        "재호", "동욱", "경수", "종훈", "승호", "진호", "기현", "병철", "태호", "광수",
        "현철", "용석", "창호", "형준", "재성", "상민", "동수", "준영", "철민", "윤석",
    ),
    ("m", "mid"): (
        "지훈", "성민", "현우", "준호", "동현", "민수", "재훈", "상훈", "정민", "진우",
        "성진", "영민", "준혁", "태훈", "승현", "민호", "현준", "재원", "동훈", "석진",
        "우진", "정우", "형석", "상우", "준석", "경민", "태민", "기훈", "세진", "용준",
    ),
    ("m", "young"): (
        "민준", "서준", "도윤", "지호", "준서", "건우", "승민", "민재", "성현", "동건",
        "태윤", "시우", "재민", "예준", "하준", "지환", "유찬", "승우", "정현", "진혁",
        "민혁", "은호", "도현", "주원", "한결", "지성", "현수", "준우", "세훈", "윤호",
    ),
    ("f", "old"): (
        "영희", "미영", "은정", "미경", "정희", "현숙", "경희", "순영", "혜경", "미숙",
        "선희", "은영", "정숙", "영미", "경아", "수정", "현정", "미정", "지영", "은주",
        "혜정", "윤정", "명희", "선영", "정아", "희정", "은경", "미란", "옥희", "연희",
    ),
    ("f", "mid"): (
        "지영", "수진", "은지", "혜진", "지은", "민정", "소영", "지현", "은비", "유진",
        "수연", "지혜", "보람", "아름", "슬기", "다은", "미진", "선미", "혜원", "정은",
        "소연", "하나", "은혜", "지선", "미나", "수경", "세영", "나영", "주연", "예진",
    ),
    ("f", "young"): (
        "서연", "민지", "지민", "수빈", "하은", "지원", "예은", "유나", "채원", "서현",
        "지윤", "다인", "수아", "예린", "가은", "윤서", "하린", "소윤", "서윤", "채은",
        "나연", "혜인", "다현", "지수", "은서", "세은", "연우", "소희", "민서", "아영",
    ),
}  # fmt: skip

# Romanisation of the syllables above, as people usually spell them (passport style).
SYLLABLES: dict[str, str] = {
    "가": "ga", "건": "gun", "결": "gyeol", "경": "kyung", "광": "kwang", "기": "ki", "나": "na",
    "다": "da", "도": "do", "동": "dong", "란": "ran", "람": "ram", "름": "reum", "린": "rin",
    "명": "myung", "미": "mi", "민": "min", "병": "byung", "보": "bo", "비": "bi", "빈": "bin",
    "상": "sang", "서": "seo", "석": "seok", "선": "sun", "성": "sung", "세": "se", "소": "so",
    "수": "soo", "숙": "sook", "순": "soon", "슬": "seul", "승": "seung", "시": "si", "아": "ah",
    "연": "yeon", "영": "young", "예": "ye", "옥": "ok", "용": "yong", "우": "woo", "욱": "wook",
    "원": "won", "유": "yu", "윤": "yoon", "은": "eun", "인": "in", "재": "jae", "정": "jung",
    "종": "jong", "주": "joo", "준": "jun", "지": "ji", "진": "jin", "찬": "chan", "창": "chang",
    "채": "chae", "철": "chul", "태": "tae", "하": "ha", "한": "han", "혁": "hyuk", "현": "hyun",
    "형": "hyung", "혜": "hye", "호": "ho", "환": "hwan", "훈": "hoon", "희": "hee",
}  # fmt: skip

# Absence reasons (org.models.Absence.Reason values) with their share and typical notes.
ABSENCE_REASONS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("leave", 0.45, ("연가", "연가", "반차 후 연가", "병가", "가족돌봄휴가")),
    ("trip", 0.35, ("도청 업무협의 출장", "세종 정부청사 출장", "서울 출장", "현장 점검 출장", "관외 출장")),
    ("training", 0.20, ("직무교육", "리더십 교육", "법정의무교육", "정보보안 교육", "회계실무 교육")),
)
