"""Forms of the drafting pages (기안): the draft itself, the line editor's operations, the
attachment upload. They parse input and offer choices; the rules live in approval.services and
approval.lines, whose ValidationErrors are keyed by the same field names as these forms."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, When
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import get_kind, kind_choices
from approval.lines import ApprovalLine, LineStep
from approval.models import Document, Importance, StepKind
from core.fields import LimitedCharField
from core.money import WonField
from core.uploads import ALLOWED_EXTENSIONS
from org.forms import PeopleField
from org.models import User
from tasks.models import Disclosure, RetentionPeriod, UnitTask
from tasks.models.classification import disclosure_ground_validator
from tasks.selectors.cards import unit_tasks_for_filing
from tenants.models import Institution, InstitutionKind

INTERNAL, EXTERNAL = "internal", "external"


def draftable_kinds() -> list[tuple[str, str]]:
    """The forms (양식) a drafter starts from here: kinds without a subject model. Kinds that
    decide about another app's record (휴가, 지출 …) are drafted from that app's own page."""
    return [(name, label) for name, label in kind_choices() if get_kind(name).subject_model is None]


class NewDraftForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("양식"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = draftable_kinds()
        self.fields["kind"].choices = choices
        if choices:
            self.fields["kind"].initial = choices[0][0]


def recipient_label(institution: Institution) -> str:
    """수신자 as printed in the 두문: the province by its governor (경상북도지사), an institution
    by its name."""
    return f"{institution.name}지사" if institution.kind == InstitutionKind.PROVINCE else institution.name


class InstitutionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return recipient_label(obj)


def _recipient_institutions():
    """Active institutions and the province, except this institution itself; the province first."""
    own = getattr(connection, "schema_name", "")
    province_first = Case(When(kind=InstitutionKind.PROVINCE, then=0), default=1)
    return Institution.objects.filter(is_active=True).exclude(schema_name=own).order_by(province_first, "name")


class DraftForm(forms.Form):
    """Everything the drafter writes, posted whole by the editor (임시 저장, autosave, 상신).
    Nothing here is required: a draft may be incomplete until 상신, where the service checks it."""

    title = LimitedCharField(label=gettext_lazy("제목"), max_length=300, required=False)
    body = forms.CharField(
        label=gettext_lazy("본문"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "draft-body-source"}),
    )
    unit_task = forms.ModelChoiceField(
        label=gettext_lazy("단위과제"),
        queryset=UnitTask.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": gettext_lazy("이 단위과제로는 문서를 생산할 수 없습니다.")},
    )
    retention_period = forms.ChoiceField(
        label=gettext_lazy("보존기간"),
        choices=[("", gettext_lazy("선택하세요")), *RetentionPeriod.choices],
        required=False,
    )
    disclosure = forms.ChoiceField(label=gettext_lazy("공개구분"), choices=Disclosure.choices)
    disclosure_ground = forms.CharField(
        label=gettext_lazy("비공개 근거(호)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("정보공개법 제9조제1항 1~8호. 여럿이면 쉼표로: 5,6"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    importance = forms.ChoiceField(label=gettext_lazy("중요도"), choices=Importance.choices)
    decision_amount = WonField(
        label=gettext_lazy("결재 금액(원)"),
        required=False,
        help_text=gettext_lazy(
            "금액에 따라 전결권자가 달라집니다. 숫자나 만·억 단위로 쓰세요(예: 5,000,000 또는 500만). "
            "금액이 없는 문서는 비워 두세요."
        ),
        # No numeric keypad: 만 and 억 are typed too. The page shows how the amount was read
        # (approval:amount_preview, through this same field) before anything is saved or submitted.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "class": "amount",
                "aria-describedby": "amount-preview id_decision_amount_helptext",
                "hx-get": reverse_lazy("approval:amount_preview"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#amount-preview",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
            }
        ),
    )
    delivery = forms.ChoiceField(
        label=gettext_lazy("수신"),
        choices=[(INTERNAL, gettext_lazy("내부결재")), (EXTERNAL, gettext_lazy("수신자 지정(시행)"))],
        widget=forms.RadioSelect,
    )
    recipients = InstitutionChoiceField(
        label=gettext_lazy("수신자"),
        queryset=Institution.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    via = LimitedCharField(label=gettext_lazy("경유"), max_length=100, required=False)

    def __init__(self, *args, user: User, document: Document, **kwargs):
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", self.initial_for(document))
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        self.fields["recipients"].queryset = _recipient_institutions()

    @staticmethod
    def initial_for(document: Document) -> dict:
        recipients = list(document.recipients.all())
        return {
            "title": document.title,
            "body": document.body,
            "unit_task": document.unit_task_id,
            "retention_period": document.retention_period,
            "disclosure": document.disclosure,
            "disclosure_ground": document.disclosure_ground,
            "importance": document.importance,
            "decision_amount": document.decision_amount,
            "delivery": INTERNAL if document.is_internal else EXTERNAL,
            "recipients": [r.institution_code for r in recipients],
            "via": recipients[0].via if recipients else "",
        }

    def clean_disclosure_ground(self) -> str:
        ground = (self.cleaned_data.get("disclosure_ground") or "").replace(" ", "")
        if ground:
            disclosure_ground_validator(ground)
        return ground

    def clean(self):
        data = super().clean()
        if data.get("disclosure") == Disclosure.PUBLIC and data.get("disclosure_ground"):
            # 공개 carries no ground; dropping it silently is what the drafter meant by choosing 공개.
            data["disclosure_ground"] = ""
        return data

    def update_fields(self) -> dict:
        """The fields for approval.services.document_update_draft.

        Picking another unit task defaults the retention period and disclosure class from it (its
        기록관리기준표 entry): values that still equal what was stored are left to the service to
        default; values the drafter changed in the same save are kept."""
        data = self.cleaned_data
        document = self.document
        external = data["delivery"] == EXTERNAL
        fields = {
            "title": data["title"],
            "body": data["body"],
            "unit_task": data["unit_task"],
            "retention_period": data["retention_period"],
            "disclosure": data["disclosure"],
            "disclosure_ground": data["disclosure_ground"],
            "importance": data["importance"],
            "decision_amount": data["decision_amount"],
            "is_internal": not external,
            "recipients": [
                {"institution_code": i.code, "name": recipient_label(i), "via": data["via"]}
                for i in (data["recipients"] if external else [])
            ],
        }
        task = data["unit_task"]
        if task is not None and task.pk != document.unit_task_id:
            if data["retention_period"] in ("", document.retention_period):
                del fields["retention_period"]
            if data["disclosure"] == document.disclosure and data["disclosure_ground"] == document.disclosure_ground:
                del fields["disclosure"]
                del fields["disclosure_ground"]
        return fields


LINE_OPS = ("add", "remove", "up", "down", "kind", "parallel", "cc_remove", "suggest", "load", "save", "delete_saved")


class LineEditForm(forms.Form):
    """One operation of the line editor (결재선 지정), applied to the line stored with the draft."""

    op = forms.ChoiceField(choices=[(op, op) for op in LINE_OPS])
    index = forms.IntegerField(required=False, min_value=0)
    # 'add' takes several people at once, in the order they were picked.
    user = PeopleField(label=gettext_lazy("결재선에 넣을 사람"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("구분"), choices=[*StepKind.choices, ("cc", gettext_lazy("참조"))], required=False
    )
    saved = forms.IntegerField(required=False)
    name = forms.CharField(max_length=100, required=False)

    def _index(self, line: ApprovalLine, *, cc: bool = False) -> int:
        index = self.cleaned_data.get("index")
        size = len(line.cc if cc else line.steps)
        if index is None or index >= size:
            raise ValidationError(_("결재선이 바뀌었습니다. 새로 고친 뒤 다시 하세요."))
        return index

    def apply(self, line: ApprovalLine, drafter: User) -> ApprovalLine:
        """The line after this operation (add, remove, move, change kind, toggle 병렬 협조,
        remove a 참조). Raises ValidationError in Korean when the operation makes no sense."""
        data = self.cleaned_data
        op = data["op"]
        steps = list(line.steps)
        cc = list(line.cc)
        if op == "add":
            people, kind = data.get("user") or [], data.get("kind")
            if not people or not kind:
                raise ValidationError(_("추가할 사람과 구분을 고르세요."))
            for person in people:
                if person.pk == drafter.pk:
                    raise ValidationError(_("기안자는 결재선에 넣을 수 없습니다."))
                if any(s.approver.pk == person.pk for s in steps) or any(u.pk == person.pk for u in cc):
                    raise ValidationError(_("%(name)s 님은 이미 결재선에 있습니다.") % {"name": person.name})
                if kind == "cc":
                    cc.append(person)
                elif kind == StepKind.APPROVAL:
                    # A new final approver: the one who had that place reviews before them.
                    steps = [replace(s, kind=StepKind.REVIEW) if s.kind == StepKind.APPROVAL else s for s in steps]
                    steps.append(LineStep(kind=StepKind.APPROVAL, approver=person))
                else:
                    final = len(steps) - 1 if steps and steps[-1].kind == StepKind.APPROVAL else len(steps)
                    steps.insert(final, LineStep(kind=kind, approver=person))
        elif op == "remove":
            del steps[self._index(line)]
        elif op in ("up", "down"):
            index = self._index(line)
            other = index - 1 if op == "up" else index + 1
            if 0 <= other < len(steps):
                steps[index], steps[other] = steps[other], steps[index]
        elif op == "kind":
            index = self._index(line)
            kind = data.get("kind")
            if kind not in StepKind.values:
                raise ValidationError(_("결재 단계의 구분이 올바르지 않습니다."))
            steps[index] = replace(steps[index], kind=kind, parallel=steps[index].parallel and kind == "concurrence")
        elif op == "parallel":
            index = self._index(line)
            steps[index] = replace(steps[index], parallel=not steps[index].parallel)
        elif op == "cc_remove":
            del cc[self._index(line, cc=True)]
        # A step that is no longer a 협조 right after another 협조 cannot run in parallel with it.
        steps = [
            replace(s, parallel=False)
            if s.parallel and (i == 0 or s.kind != StepKind.CONCURRENCE or steps[i - 1].kind != StepKind.CONCURRENCE)
            else s
            for i, s in enumerate(steps)
        ]
        return ApprovalLine(steps=tuple(steps), cc=tuple(cc))


def attachment_help() -> str:
    return _("%(n)d개, 파일당 %(mb)dMB까지. 형식: %(ext)s") % {
        "n": settings.ATTACHMENT_MAX_FILES,
        "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "ext": ", ".join(ALLOWED_EXTENSIONS),
    }
