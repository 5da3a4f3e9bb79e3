"""Pay items and pay profiles as XLSX, in and out, for the 급여 담당 in the institution console.

Both imports go through the import frame (core.imports): the whole file is read and every
problem reported against its row and column in Korean; the rows are written all or nothing.

- 급여 항목: one row per item, keyed by 코드 (a new code adds the item, a known one updates it).
- 급여 정보: one row per staff member, keyed by 사번. The 주민등록번호 and 계좌번호 are stored
  encrypted (core.encryption, through the model's fields); the export shows them masked, and a
  masked value (with *) or a blank cell in an import keeps the stored one, so an exported file can
  be edited and uploaded again without ever holding the whole numbers. 직급·호봉 with 적용 시작일
  add (or correct) the dated 호봉 of that day; 보험 연도 with 기준소득월액·보수월액 set that year's
  declared bases. The audit entry names the people and the fields changed, never the values.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from audit.services import audit_record
from core.imports import ImportSpec, RowError, Writer, apply_all_or_nothing, check_rows, read_table
from core.money import MAX_AMOUNT, AmountError, parse_won
from org.models import Grade, User
from payroll.models import (
    Computation,
    InsuranceBase,
    ItemKind,
    NonTaxable,
    PayItem,
    PayProfile,
    PayStep,
    WithholdingRatio,
)

YES, NO = "예", "아니오"
RRN = re.compile(r"^\d{6}-?[1-8]\d{6}$")
ACCOUNT = re.compile(r"^[0-9][0-9-]{5,38}[0-9]$")

# --- 급여 항목 ---------------------------------------------------------------------------------------

I_CODE, I_NAME, I_KIND, I_COMPUTATION = "코드", "항목명", "구분", "계산 방식"
I_TAX, I_ORDINARY, I_AMOUNT, I_PERCENT = "과세 구분", "통상임금", "정액", "비율(%)"
I_BUDGET, I_ACCOUNT, I_ORDER, I_ACTIVE = "예산 통계목", "회계 계정", "정렬 순서", "사용"
I_BONUS = "상여 항목"  # optional: a file without the column imports every item as a monthly one
ITEM_COLUMNS = (
    I_CODE,
    I_NAME,
    I_KIND,
    I_COMPUTATION,
    I_TAX,
    I_ORDINARY,
    I_AMOUNT,
    I_PERCENT,
    I_BUDGET,
    I_ACCOUNT,
    I_ORDER,
    I_ACTIVE,
    I_BONUS,
)
ITEM_SPEC = ImportSpec(columns=ITEM_COLUMNS, required=(I_CODE, I_NAME, I_KIND), max_rows=500, max_bytes=1024 * 1024)
KIND_WORDS = {"지급": ItemKind.EARNING, "공제": ItemKind.DEDUCTION}
TAX_WORDS = {
    "과세": NonTaxable.TAXABLE,
    "식대": NonTaxable.MEAL,
    "자가운전보조금": NonTaxable.CAR,
    "출산·보육수당": NonTaxable.CHILDCARE,
    "실비변상": NonTaxable.OTHER,
}
COMPUTATION_WORDS = {str(label): value for value, label in Computation.choices}
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")


def _yes_no(text: str, default: bool) -> bool | None:
    if not text:
        return default
    return {YES: True, NO: False, "Y": True, "N": False}.get(text.upper() if text.isascii() else text)


def _amount(text: str) -> int | None:
    try:
        value = parse_won(text)
    except AmountError:
        return None
    value = 0 if value is None else value
    return value if value <= MAX_AMOUNT else None


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _percent(text: str) -> Decimal | None:
    try:
        value = Decimal(text.removesuffix("%").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not Decimal(0) <= value < Decimal(1000) or value != value.quantize(Decimal("0.01")):
        return None
    return value


def item_export_rows() -> list[list[Any]]:
    tax_label: dict[str, str] = {str(value): word for word, value in TAX_WORDS.items()}
    kind_label: dict[str, str] = {str(value): word for word, value in KIND_WORDS.items()}
    return [
        [
            item.code,
            item.name,
            kind_label[item.kind],
            item.get_computation_display(),
            tax_label[item.non_taxable],
            YES if item.is_ordinary_wage else NO,
            item.amount,
            "" if item.percent is None else f"{item.percent.normalize():f}",
            item.budget_code,
            item.account,
            item.order,
            YES if item.is_active else NO,
            YES if item.paid_as_bonus else NO,
        ]
        for item in PayItem.objects.order_by("kind", "order", "code")
    ]


@dataclass(frozen=True)
class _ItemPlan:
    row: int
    code: str
    values: dict[str, Any]


def pay_items_import(*, actor: Any, filename: str, content: bytes) -> tuple[int, int, list[RowError]]:
    """Add or update the items of the file: (added, updated, errors); nothing is written when
    there is an error. Raises ImportFileError when the file as a whole cannot be read."""
    table = read_table(filename=filename, content=content, spec=ITEM_SPEC)
    existing = set(PayItem.objects.values_list("code", flat=True))
    seen: set[str] = set()

    def parse(row: Any, error: Any) -> _ItemPlan | None:
        code = row[I_CODE]
        if not CODE.match(code):
            error(I_CODE, "코드는 영문, 숫자, -, _로 40자 이내로 적습니다.")
        elif code in seen:
            error(I_CODE, f"코드 {code}가 두 번 나옵니다.")
        seen.add(code)
        name = row[I_NAME]
        if len(name) > 50:
            error(I_NAME, "항목명은 50자 이내로 적습니다.")
        kind = KIND_WORDS.get(row[I_KIND])
        if kind is None:
            error(I_KIND, "구분은 지급 또는 공제로 적습니다.")
        computation = COMPUTATION_WORDS.get(row[I_COMPUTATION]) if row[I_COMPUTATION] else Computation.FIXED
        if computation is None:
            error(I_COMPUTATION, "계산 방식은 " + ", ".join(COMPUTATION_WORDS) + " 중 하나로 적습니다.")
        tax = TAX_WORDS.get(row[I_TAX] or "과세")
        if tax is None:
            error(I_TAX, "과세 구분은 " + ", ".join(TAX_WORDS) + " 중 하나로 적습니다.")
        elif kind == ItemKind.DEDUCTION and tax != NonTaxable.TAXABLE:
            error(I_TAX, "공제 항목은 비과세로 둘 수 없습니다. 과세로 적습니다.")
        ordinary = _yes_no(row[I_ORDINARY], False)
        active = _yes_no(row[I_ACTIVE], True)
        bonus = _yes_no(row[I_BONUS], False)
        for column, value in ((I_ORDINARY, ordinary), (I_ACTIVE, active), (I_BONUS, bonus)):
            if value is None:
                error(column, "예 또는 아니오로 적습니다.")
        amount = _amount(row[I_AMOUNT])
        if amount is None:
            error(I_AMOUNT, "정액은 0 이상의 원 단위 금액으로 적습니다.")
        percent: Decimal | None = None
        if row[I_PERCENT]:
            percent = _percent(row[I_PERCENT])
            if percent is None:
                error(I_PERCENT, "비율은 0 이상 1000 미만, 소수 둘째 자리까지의 숫자로 적습니다 (예: 12.5).")
        if computation == Computation.PERCENT_OF_BASE and not row[I_PERCENT]:
            error(I_PERCENT, "봉급월액의 % 항목은 비율을 적어야 합니다.")
        order = _number(row[I_ORDER]) if row[I_ORDER] else 100
        if order is None or order > 32_767:
            error(I_ORDER, "정렬 순서는 0 이상의 정수로 적습니다.")
        if bonus and kind == ItemKind.DEDUCTION:
            error(I_BONUS, "공제 항목은 상여 항목으로 둘 수 없습니다. 아니오로 적습니다.")
        for column, limit in ((I_BUDGET, 20), (I_ACCOUNT, 50)):
            if len(row[column]) > limit:
                error(column, f"{column}은 {limit}자 이내로 적습니다.")
        return _ItemPlan(
            row.number,
            code,
            {
                "name": name,
                "kind": kind,
                "computation": computation,
                "non_taxable": tax,
                "is_ordinary_wage": ordinary,
                "amount": amount,
                "percent": percent,
                "budget_code": row[I_BUDGET],
                "account": row[I_ACCOUNT],
                "order": order,
                "is_active": active,
                "paid_as_bonus": bonus,
            },
        )

    plans, errors = check_rows(table, parse)
    if errors:
        return 0, 0, errors
    if not plans:
        return 0, 0, [RowError(0, "", "파일에 급여 항목이 없습니다.")]

    def apply(plan: _ItemPlan) -> None:
        PayItem.objects.update_or_create(code=plan.code, defaults=plan.values)

    added = [p.code for p in plans if p.code not in existing]
    updated = [p.code for p in plans if p.code in existing]

    def finish() -> None:
        audit_record(action="pay_item.import", actor=actor, target=None, data={"added": added, "updated": updated})

    errors = apply_all_or_nothing(plans, Writer(apply=apply, row_of=lambda plan: plan.row, finish=finish))
    if errors:
        return 0, 0, errors
    return len(added), len(updated), []


# --- 급여 정보 ---------------------------------------------------------------------------------------

P_NUMBER, P_NAME, P_FAMILY, P_CHILDREN_8_20 = "사번", "성명", "공제대상가족 수", "8~20세 자녀 수"
P_SPOUSE, P_CHILDREN, P_OTHERS, P_RATIO = "배우자", "자녀 수", "그 밖의 부양가족", "원천징수 비율"
P_EMPLOYMENT, P_BANK, P_ACCOUNT, P_RRN = "고용보험", "은행", "계좌번호", "주민등록번호"
P_GRADE, P_STEP, P_FROM = "직급", "호봉", "적용 시작일"
P_YEAR, P_PENSION, P_HEALTH = "보험 연도", "기준소득월액", "보수월액"
PROFILE_COLUMNS = (
    P_NUMBER,
    P_NAME,
    P_FAMILY,
    P_CHILDREN_8_20,
    P_SPOUSE,
    P_CHILDREN,
    P_OTHERS,
    P_RATIO,
    P_EMPLOYMENT,
    P_BANK,
    P_ACCOUNT,
    P_RRN,
    P_GRADE,
    P_STEP,
    P_FROM,
    P_YEAR,
    P_PENSION,
    P_HEALTH,
)
PROFILE_SPEC = ImportSpec(
    columns=PROFILE_COLUMNS, required=(P_NUMBER, P_FAMILY), max_rows=20_000, max_bytes=8 * 1024 * 1024
)


def profile_export_rows(year: int) -> list[list[Any]]:
    """One row per profile, 주민등록번호 and 계좌번호 masked; the 호봉 in force today and the
    `year`'s declared bases. Four queries."""
    profiles = list(PayProfile.objects.select_related("user").order_by("user__employee_number", "user__name"))
    today = timezone.localdate()
    steps: dict[int, PayStep] = {}
    for step in PayStep.objects.filter(effective_from__lte=today).select_related("grade").order_by("effective_from"):
        steps[step.profile_id] = step  # the latest not after today wins
    bases = {b.profile_id: b for b in InsuranceBase.objects.filter(year=year)}
    rows = []
    for p in profiles:
        current, base = steps.get(p.pk), bases.get(p.pk)
        rows.append(
            [
                p.user.employee_number or "",
                p.user.name,
                p.family,
                p.children_8_20,
                YES if p.spouse else NO,
                p.children,
                p.other_dependants,
                p.withholding_ratio,
                YES if p.employment_insured else NO,
                p.bank_name,
                p.masked_account,
                p.masked_rrn,
                current.grade.name if current else "",
                current.pay_step if current else "",
                current.effective_from if current else "",
                year if base else "",
                base.pension_base_amount if base else "",
                base.health_base_amount if base else "",
            ]
        )
    return rows


@dataclass(frozen=True)
class _ProfilePlan:
    row: int
    user: User
    values: dict[str, Any]
    secrets: dict[str, str]  # new rrn / bank_account, only when the file gives a whole new value
    step: tuple[datetime.date, Grade, int] | None
    base: tuple[int, int, int] | None


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.replace(". ", "-").replace(".", "-").rstrip("-"))
    except ValueError:
        return None


def pay_profiles_import(*, actor: Any, filename: str, content: bytes) -> tuple[int, int, list[RowError]]:
    """Add or update the staff members' pay profiles: (added, updated, errors); nothing is written
    when there is an error. Raises ImportFileError when the file as a whole cannot be read."""
    table = read_table(filename=filename, content=content, spec=PROFILE_SPEC)
    people = {u.employee_number: u for u in User.objects.exclude(employee_number=None).exclude(employee_number="")}
    grades = {g.name: g for g in Grade.objects.all()}
    seen: set[str] = set()

    def count(row: Any, column: str, error: Any, default: int = 0, low: int = 0) -> int | None:
        value = _number(row[column]) if row[column] else default
        if value is None or not low <= value <= 20:
            error(column, f"{column}는 {low}부터 20까지의 정수로 적습니다.")
            return None
        return value

    def parse(row: Any, error: Any) -> _ProfilePlan | None:
        number = row[P_NUMBER]
        user = people.get(number)
        if user is None:
            error(P_NUMBER, f"없는 사번입니다: {number}")
        elif number in seen:
            error(P_NUMBER, f"사번 {number}이 두 번 나옵니다.")
        elif row[P_NAME] and row[P_NAME] != user.name:
            error(P_NAME, f"사번 {number}의 성명은 {user.name}입니다. 사번과 성명을 확인하세요.")
        seen.add(number)
        family = count(row, P_FAMILY, error, low=1)
        children_8_20 = count(row, P_CHILDREN_8_20, error)
        if family is not None and children_8_20 is not None and children_8_20 >= family:
            error(P_CHILDREN_8_20, "8~20세 자녀 수는 공제대상가족 수(본인 포함)보다 적어야 합니다.")
        children = count(row, P_CHILDREN, error)
        others = count(row, P_OTHERS, error)
        spouse = _yes_no(row[P_SPOUSE], False)
        insured = _yes_no(row[P_EMPLOYMENT], True)
        for column, value in ((P_SPOUSE, spouse), (P_EMPLOYMENT, insured)):
            if value is None:
                error(column, "예 또는 아니오로 적습니다.")
        ratio_text = row[P_RATIO].removesuffix("%") or "100"
        ratio = _number(ratio_text)
        if ratio not in WithholdingRatio.values:
            error(P_RATIO, "원천징수 비율은 80, 100, 120 중 하나로 적습니다.")
        if len(row[P_BANK]) > 30:
            error(P_BANK, "은행은 30자 이내로 적습니다.")
        secrets: dict[str, str] = {}
        account, rrn = row[P_ACCOUNT], row[P_RRN]
        if account and "*" not in account:
            if ACCOUNT.match(account):
                secrets["bank_account"] = account
            else:
                error(P_ACCOUNT, "계좌번호는 숫자와 하이픈(-)으로 적습니다. 그대로 두려면 비우거나 가린 값을 둡니다.")
        if rrn and "*" not in rrn:
            if RRN.match(rrn):
                secrets["rrn"] = rrn if "-" in rrn else f"{rrn[:6]}-{rrn[6:]}"
            else:
                error(P_RRN, "주민등록번호는 앞 6자리와 뒤 7자리 숫자로 적습니다.")
        step = None
        if row[P_GRADE] or row[P_STEP] or row[P_FROM]:
            grade = grades.get(row[P_GRADE])
            pay_step = _number(row[P_STEP].removesuffix("호봉").strip())
            since = _date(row[P_FROM])
            if grade is None:
                error(P_GRADE, f"없는 직급입니다: {row[P_GRADE]!r} (조직의 직급명과 같게 적습니다)")
            if pay_step is None or not 1 <= pay_step <= 60:
                error(P_STEP, "호봉은 1부터 60까지의 정수로 적습니다.")
            if since is None:
                error(P_FROM, "적용 시작일은 2026-03-01처럼 적습니다.")
            if grade is not None and pay_step is not None and since is not None:
                step = (since, grade, pay_step)
        base = None
        if row[P_YEAR] or row[P_PENSION] or row[P_HEALTH]:
            year = _number(row[P_YEAR])
            pension, health = _amount(row[P_PENSION]), _amount(row[P_HEALTH])
            if year is None or not 2000 <= year <= 2100:
                error(P_YEAR, "보험 연도는 2026처럼 네 자리로 적습니다.")
            if not row[P_PENSION] or pension is None:
                error(P_PENSION, "기준소득월액은 0 이상의 원 단위 금액으로 적습니다.")
            if not row[P_HEALTH] or health is None:
                error(P_HEALTH, "보수월액은 0 이상의 원 단위 금액으로 적습니다.")
            if year is not None and pension is not None and health is not None:
                base = (year, pension, health)
        if user is None:
            return None
        values = {
            "family": family,
            "children_8_20": children_8_20,
            "spouse": spouse,
            "children": children,
            "other_dependants": others,
            "withholding_ratio": ratio,
            "employment_insured": insured,
            "bank_name": row[P_BANK],
        }
        return _ProfilePlan(row.number, user, values, secrets, step, base)

    plans, errors = check_rows(table, parse)
    if errors:
        return 0, 0, errors
    if not plans:
        return 0, 0, [RowError(0, "", "파일에 급여 정보가 없습니다.")]
    existing = set(PayProfile.objects.filter(user__in=[p.user for p in plans]).values_list("user_id", flat=True))
    changed: list[dict[str, Any]] = []

    def apply(plan: _ProfilePlan) -> None:
        profile = PayProfile.objects.filter(user=plan.user).first() or PayProfile(user=plan.user)
        for name, value in {**plan.values, **plan.secrets}.items():
            setattr(profile, name, value)
        profile.save()
        if plan.step is not None:
            since, grade, pay_step = plan.step
            PayStep.objects.update_or_create(
                profile=profile, effective_from=since, defaults={"grade": grade, "pay_step": pay_step}
            )
        if plan.base is not None:
            year, pension, health = plan.base
            InsuranceBase.objects.update_or_create(
                profile=profile,
                year=year,
                defaults={"pension_base_amount": pension, "health_base_amount": health},
            )
        changed.append({"user_id": plan.user.pk, "secrets": sorted(plan.secrets)})

    def finish() -> None:
        # Who and which encrypted fields were replaced, never a value.
        audit_record(action="pay_profile.import", actor=actor, target=None, data={"profiles": changed})

    errors = apply_all_or_nothing(plans, Writer(apply=apply, row_of=lambda plan: plan.row, finish=finish))
    if errors:
        return 0, 0, errors
    added = sum(1 for p in plans if p.user.pk not in existing)
    return added, len(plans) - added, []
