"""Each demo institution's own work: the 대기능 of its domain units (its mission) and the 중기능,
소기능 and unit tasks of its domain teams, by team name (or by institution and name where the same
name means different work), with the patterns that read a department's name (…연구실, …지점,
…관광단지팀) for the rest. Every name and number here is invented for the demo.
"""

from __future__ import annotations

from tasks.demo_data.classification import (
    LAW_CONTRACT,
    LAW_DISASTER,
    LAW_POLICY_INST,
    LAW_PRIVACY,
    LAW_PUBLIC_ENT,
    LAW_RND,
    LAW_SAFETY,
    LAW_SERIOUS,
    LAW_STANDARD,
    PERM_ARCHIVE,
    PERM_LAND,
    PERM_RESEARCH,
    SEMI_CERT,
    SEMI_COLLECTION,
    SEMI_FACILITY,
    Y3_CIVIL,
    Y3_EDU,
    Y3_EVENT,
    Y3_PR,
    Y3_SERVICE,
    Y5_ASSET,
    Y5_BUDGET,
    Y5_CARE,
    Y5_EVENT,
    Y5_PLAN,
    Y5_PROGRAM,
    Y5_SERVICE,
    Y5_SYSTEM,
    Y10_ACCOUNT,
    Y10_CONTRACT,
    Y10_COUNSEL,
    Y10_EVAL,
    Y10_GUARANTEE,
    Y10_HIRE,
    Y10_LOAN,
    Y10_MATERIAL,
    Y10_PLAN,
    Y10_PROGRAM,
    Y10_REPORT,
    Y10_SAFETY,
    Y10_SCHOLAR,
    Y10_TEST,
    Y30_RND,
    FunctionSpec,
    _a,
    _f,
    _t,
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
