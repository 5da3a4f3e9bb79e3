"""Seed the standard 세출 codes (편성목 and 통계목) an institution's budget lines map to.

Sources (see ../shared/reference/kr-payroll-rules.md §6 and korean-gov-systems.md):
- the 지방자치단체 세출예산 과목 (편성목 three digits, 통계목 "목-세목"), as e호조 uses them;
- the payroll codes as a 도시공사's public expenditure dashboard codes them: 101-01 보수,
  101-03 공무직(무기계약)근로자보수, 101-04 기간제근로자등보수, 107-03 퇴직급여,
  109-01/02 평가급및성과금등, 201-15 복리후생비, 202-01 국내여비, 202-08 공무직근로자등여비,
  204-02 직급보조비, 304-01 연금부담금, 304-02 국민건강보험부담금등, 304-03 공무직 부담금관련,
  304-05 기간제근로자 부담금관련;
- the common others a 출연기관 budgets (사무관리비, 공공운영비, 업무추진비, 재료비, 연구개발비,
  일반보전금, 시설비 …).
The reference marks the exact list [VERIFY] against the current 지방자치단체 예산편성 운영기준; the
planning office corrects names and adds codes in the province console (codes are never deleted).
"""

from django.db import migrations

OBJECTS = [
    (
        "101",
        "인건비",
        [("01", "보수"), ("02", "기타직보수"), ("03", "공무직(무기계약)근로자보수"), ("04", "기간제근로자등보수")],
    ),
    ("107", "퇴직급여", [("03", "퇴직급여")]),
    ("109", "평가급및성과금등", [("01", "평가급"), ("02", "성과금등")]),
    ("201", "일반운영비", [("01", "사무관리비"), ("02", "공공운영비"), ("03", "행사운영비"), ("15", "복리후생비")]),
    ("202", "여비", [("01", "국내여비"), ("02", "월액여비"), ("03", "국외업무여비"), ("08", "공무직근로자등여비")]),
    (
        "203",
        "업무추진비",
        [
            ("01", "기관운영업무추진비"),
            ("02", "정원가산업무추진비"),
            ("03", "시책추진업무추진비"),
            ("04", "부서운영업무추진비"),
        ],
    ),
    ("204", "직무수행경비", [("01", "직책급업무수행경비"), ("02", "직급보조비"), ("03", "특정업무경비")]),
    ("206", "재료비", [("01", "재료비")]),
    ("207", "연구개발비", [("01", "연구개발비"), ("02", "전산개발비")]),
    ("301", "일반보전금", [("09", "행사실비지원금"), ("11", "외빈초청여비"), ("12", "기타보상금")]),
    ("303", "포상금", [("01", "포상금")]),
    (
        "304",
        "연금부담금등",
        [
            ("01", "연금부담금"),
            ("02", "국민건강보험부담금등"),
            ("03", "공무직 부담금관련"),
            ("05", "기간제근로자 부담금관련"),
        ],
    ),
    ("307", "민간이전", [("02", "민간경상사업보조"), ("05", "민간위탁금")]),
    ("401", "시설비및부대비", [("01", "시설비"), ("02", "감리비"), ("03", "시설부대비")]),
    ("405", "자산취득비", [("01", "자산취득비")]),
    ("801", "예비비", [("01", "예비비")]),
]


def seed(apps, schema_editor):
    Code = apps.get_model("standards", "StandardBudgetCode")
    order = 0
    for object_code, object_name, items in OBJECTS:
        order += 10
        parent, _created = Code.objects.get_or_create(
            code=object_code, defaults={"name": object_name, "level": 4, "order": order}
        )
        for suffix, name in items:
            order += 10
            Code.objects.get_or_create(
                code=f"{object_code}-{suffix}", defaults={"name": name, "level": 5, "parent": parent, "order": order}
            )


def unseed(apps, schema_editor):
    Code = apps.get_model("standards", "StandardBudgetCode")
    seeded = [o for o, _n, _i in OBJECTS]
    Code.objects.filter(parent__code__in=seeded).delete()
    Code.objects.filter(code__in=seeded).delete()


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
