"""Forms of the meeting pages. They parse input and offer choices; the rules are in
tasks.services.meetings, whose ValidationErrors are keyed by these same field names and put back
on the form with `apply_errors`."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import BadInput, DateField, DateTimeField, parse_datetime
from core.uploads import ALLOWED_EXTENSIONS
from org.forms import PeoplePicker, people_choices
from org.models import Department, User
from org.visibility import viewer_for
from tasks.models import MeetingAttendee, MeetingStatus, Room, UnitTask
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.selectors.meetings import PERIODS, SCOPES, RoomChoice

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeopleField(forms.TypedMultipleChoiceField):
    """Several colleagues from the choices the form is given (org.forms.people_choices), in the
    people picker; cleans to a list of User in the order they were picked (one query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PeoplePicker())
        super().__init__(coerce=int, **kwargs)

    def clean(self, value):
        pks = super().clean(value)
        found = User.objects.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]


def hosting_departments(user: User):
    """Departments the person may host a meeting for: their own, the trees they head; admins any."""
    viewer = viewer_for(user)
    departments = Department.objects.filter(is_active=True)
    if not viewer.is_admin:
        departments = departments.filter(viewer.department_q(""))
    return departments.order_by("path")


class DepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return ("　" * obj.depth) + obj.name


class UnitTaskField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitTask) -> str:
        return f"[{obj.department.name}] {obj.name} ({obj.code})"


class RoomField(forms.ModelChoiceField):
    """Rooms, each labelled with what is in the way for the chosen time (set by the view)."""

    clashes: dict[int, str]

    def label_from_instance(self, obj: Room) -> str:
        label = f"{obj.name} ({obj.capacity}명)"
        clash = getattr(self, "clashes", {}).get(obj.pk)
        return f"{label} — {clash}" if clash else label


def clash_labels(choices: list[RoomChoice]) -> dict[int, str]:
    labels = {}
    for choice in choices:
        if choice.clash is not None:
            start = timezone.localtime(choice.clash.starts_at)
            end = timezone.localtime(choice.clash.ends_at)
            labels[choice.room.pk] = str(_("예약 있음 %(span)s %(purpose)s")) % {
                "span": f"{start:%H:%M}~{end:%H:%M}",
                "purpose": choice.clash.purpose,
            }
    return labels


class RoomSelectForm(forms.Form):
    """The room select alone: the meeting form's, and what htmx swaps in when the time changes."""

    room = RoomField(
        label=_("회의실"),
        queryset=Room.objects.none(),
        required=False,
        empty_label=_("(회의실 예약 없이 장소만 적기)"),
        help_text=_("시작·종료를 정하면 그 시간의 예약 현황이 회의실 이름 옆에 표시됩니다."),
    )

    def __init__(self, *args, room_choices: list[RoomChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(pk__in=[c.room.pk for c in room_choices]).order_by("name")
        self.fields["room"].clashes = clash_labels(room_choices)


class MeetingForm(RoomSelectForm):
    title = forms.CharField(label=_("회의명"), max_length=200)
    department = DepartmentField(label=_("개최 부서"), queryset=Department.objects.none())
    starts_at = DateTimeField(label=_("시작"), widget=datetime_widget())
    ends_at = DateTimeField(label=_("종료"), widget=datetime_widget())
    place = forms.CharField(
        label=_("장소"), max_length=200, required=False, help_text=_("회의실을 고르면 비워 두어도 됩니다.")
    )
    description = forms.CharField(label=_("회의 목적"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    unit_task = UnitTaskField(
        label=_("단위과제"), queryset=UnitTask.objects.none(), required=False, empty_label=_("(등록하지 않음)")
    )
    is_verbatim = forms.BooleanField(
        label=_("속기록 작성 대상"),
        required=False,
        help_text=_("회의록을 확정하기 전에 속기록이나 녹음 파일을 첨부해야 합니다."),
    )
    attendees = PeopleField(label=_("참석자"), required=False)
    observers = PeopleField(label=_("배석자"), required=False)

    field_order = ["title", "department", "starts_at", "ends_at", "room", "place", "description", "unit_task",
                   "is_verbatim", "attendees", "observers"]  # fmt: skip

    def __init__(self, *args, user: User, room_choices: list[RoomChoice], meeting=None, **kwargs):
        super().__init__(*args, room_choices=room_choices, **kwargs)
        self.fields["department"].queryset = hosting_departments(user)
        tasks = unit_tasks_for_filing(user)
        if meeting is not None and meeting.unit_task_id:
            # The task a meeting is filed under stays selectable even if this person could not file
            # a new one there (the service accepts keeping it).
            tasks = tasks | UnitTask.objects.filter(pk=meeting.unit_task_id)
        self.fields["unit_task"].queryset = tasks
        people = people_choices()
        self.fields["attendees"].choices = people
        self.fields["observers"].choices = people


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("안건"), max_length=200, required=False)
    presenter = forms.CharField(label=_("보고·제안자"), max_length=100, required=False)


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=0, max_num=30, absolute_max=30)
AGENDA_BLANK_ROWS = 3


def agenda_formset(data=None, initial: list[dict] | None = None):
    initial = list(initial or [])
    if data is None:
        initial += [{}] * AGENDA_BLANK_ROWS
    return AgendaFormSet(data=data, initial=initial, prefix="agenda")


def agenda_rows(formset) -> list[tuple[str, str]]:
    return [
        (f.cleaned_data.get("title", ""), f.cleaned_data.get("presenter", ""))
        for f in formset.forms
        if f.cleaned_data.get("title")
    ]


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    scope = forms.ChoiceField(
        label=_("범위"),
        required=False,
        choices=list(zip(SCOPES, [_("볼 수 있는 전체"), _("나의 회의"), _("부서 회의")], strict=True)),
    )
    period = forms.ChoiceField(
        label=_("시기"),
        required=False,
        choices=list(zip(PERIODS, [_("예정"), _("지난 회의"), _("전체")], strict=True)),
    )
    status = forms.ChoiceField(label=_("상태"), required=False, choices=[("", _("전체")), *MeetingStatus.choices])
    date_from = DateField(label=_("시작일부터"), required=False, widget=date_widget())
    date_to = DateField(label=_("까지"), required=False, widget=date_widget())


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("참석 여부"),
        choices=[c for c in MeetingAttendee.Rsvp.choices if c[0] != MeetingAttendee.Rsvp.PENDING],
    )
    note = forms.CharField(label=_("사유"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("취소 사유"), max_length=200, required=False)


class MinutesForm(forms.Form):
    """Every field optional here: the service says which required field is missing, in Korean."""

    title = forms.CharField(label=_("회의명"), max_length=200, required=False)
    department_name = forms.CharField(label=_("개최 부서"), max_length=100, required=False)
    held_from = DateTimeField(label=_("개최 일시(시작)"), required=False, widget=datetime_widget())
    held_to = DateTimeField(label=_("개최 일시(종료)"), required=False, widget=datetime_widget())
    place = forms.CharField(label=_("장소"), max_length=200, required=False)
    attendees_text = forms.CharField(label=_("참석자"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    observers_text = forms.CharField(label=_("배석자"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order_of_business = forms.CharField(label=_("진행순서"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    agenda_text = forms.CharField(label=_("상정안건"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    remarks = forms.CharField(label=_("발언요지"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    decisions_text = forms.CharField(label=_("결정사항"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    votes = forms.CharField(
        label=_("표결내용"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("표결한 안건이 있으면 찬성·반대·기권 수를 적습니다."),
    )

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) or ("" if name not in ("held_from", "held_to") else None)
                for name in self.fields}  # fmt: skip


class MinutesAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_("파일당 %(mb)dMB까지. 형식: %(ext)s")
        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024), "ext": ", ".join(ALLOWED_EXTENSIONS)},
    )
    is_verbatim = forms.BooleanField(label=_("속기록·녹음 파일입니다"), required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("결정사항"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


def department_choices(departments: QuerySet[Department]) -> list[tuple[int, str]]:
    return [(d.pk, ("　" * d.depth) + d.name) for d in departments]


class DecisionDirectiveForm(forms.Form):
    """One per open decision on the meeting page; the choices are fetched once by the view and
    shared by every such form."""

    assignees = PeopleField(label=_("이행 담당자"))
    due_on = DateField(label=_("처리기한"), widget=date_widget())
    department = forms.TypedChoiceField(label=_("주관 부서"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, people: list, departments: list, search_departments: list | None = None, **kwargs):
        """`search_departments`: the departments the people come from, when not the whole
        institution (the picker searches there)."""
        super().__init__(*args, **kwargs)
        self.fields["assignees"].choices = people
        self.fields["assignees"].widget.departments = search_departments
        self.fields["department"].choices = [("", _("(회의 개최 부서)")), *departments]

    def clean_department(self) -> Department | None:
        pk = self.cleaned_data.get("department")
        return Department.objects.filter(pk=pk).first() if pk else None


class RoomBookingForm(forms.Form):
    room = forms.ModelChoiceField(label=_("회의실"), queryset=Room.objects.none(), empty_label=_("(회의실 선택)"))
    starts_at = DateTimeField(label=_("시작"), widget=datetime_widget())
    ends_at = DateTimeField(label=_("종료"), widget=datetime_widget())
    purpose = forms.CharField(label=_("사용 목적"), max_length=200)

    def __init__(self, *args, rooms: list[Room], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(pk__in=[r.pk for r in rooms]).order_by("name")


def parse_datetime_local(value: str | None) -> datetime | None:
    """A datetime-local value, as an aware Seoul time (None when absent or bad). It only labels the
    room choices while the form is being filled in, so a bad value never refuses the page: the
    form's own field reports it."""
    try:
        return parse_datetime(value, label=_("시각"))
    except BadInput:
        return None
