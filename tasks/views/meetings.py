"""회의 pages: the list, the meeting form, the meeting page (RSVP, minutes, decisions), the
minutes form and its files, and the rooms' booking board. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import private_file_response
from core.forms import apply_errors
from core.htmx import render_page
from core.params import parse_date, parse_id
from core.xlsx import xlsx_response
from org.forms import people_choices
from org.visibility import viewer_for
from tasks.forms.meetings import (
    CancelForm,
    DecisionDirectiveForm,
    DecisionForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesAttachmentForm,
    MinutesForm,
    RoomBookingForm,
    RoomSelectForm,
    RsvpForm,
    agenda_formset,
    agenda_rows,
    department_choices,
    parse_datetime_local,
)
from tasks.models import MeetingAttendee, MeetingDecision, MeetingStatus, Minutes, Room
from tasks.permissions.directives import assignable_people, issuable_departments, may_issue
from tasks.permissions.meetings import access_meeting, access_minutes_attachment, access_room_booking
from tasks.selectors.meetings import (
    MeetingFilters,
    meeting_list,
    meeting_page,
    minutes_prefill,
    room_availability,
    room_schedule,
)
from tasks.services.meetings import (
    meeting_cancel,
    meeting_create,
    meeting_decision_add,
    meeting_decision_to_directive,
    meeting_rsvp,
    meeting_update,
    minutes_attach,
    minutes_finalise,
    minutes_save,
    room_book,
    room_booking_cancel,
)

PAGE_SIZE = 50
MINUTES_FIELDS = list(MinutesForm.base_fields)


def _detail_url(pk: int) -> str:
    return reverse("meetings:detail", args=[pk])


# --- List --------------------------------------------------------------------------------------


def _filters(form: MeetingFilterForm) -> MeetingFilters:
    if not form.is_valid():
        return MeetingFilters()
    data = form.cleaned_data
    return MeetingFilters(
        q=data["q"].strip(),
        scope=data["scope"] or "all",
        period=data["period"] or "upcoming",
        status=data["status"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


@require_GET
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None, initial={"scope": "all", "period": "upcoming"})
    filters = _filters(form)
    meetings = meeting_list(viewer_for(request.user), filters)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="회의목록",
            title="회의",
            headers=["회의명", "개최 부서", "주관자", "시작", "종료", "장소", "상태", "참석 대상", "회의록"],
            rows=(
                [
                    m.title,
                    m.department.name,
                    m.organiser.name,
                    m.starts_at,
                    m.ends_at,
                    m.place,
                    m.get_status_display(),
                    m.people,
                    Minutes.Status(m.minutes_status).label if m.minutes_status else "",
                ]
                for m in meetings
            ),
        )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "tasks/meetings/list.html",
        {"form": form, "page": page, "filters": filters},
        partial="results",
    )


# --- The meeting form --------------------------------------------------------------------------


def _next_hour() -> datetime:
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def _form_page(request, *, form, agenda, meeting=None, status=200) -> HttpResponse:
    return render_page(
        request,
        "tasks/meetings/form.html",
        {"form": form, "agenda": agenda, "meeting": meeting, "room_form": form},
        status=status,
    )


def _meeting_values(form: MeetingForm, agenda) -> dict:
    values = dict(form.cleaned_data)
    values["agenda"] = agenda_rows(agenda)
    return values


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        choices = room_availability(
            parse_datetime_local(request.POST.get("starts_at")), parse_datetime_local(request.POST.get("ends_at"))
        )
        form = MeetingForm(request.POST, user=request.user, room_choices=choices)
        agenda = agenda_formset(request.POST)
        if form.is_valid() and agenda.is_valid():
            try:
                meeting = meeting_create(actor=request.user, **_meeting_values(form, agenda))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("회의를 등록하고 참석 대상에게 알렸습니다."))
                return redirect(_detail_url(meeting.pk))
        return _form_page(request, form=form, agenda=agenda, status=422)
    start = _next_hour()
    form = MeetingForm(
        initial={
            "department": request.user.department_id,
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "attendees": [request.user.pk],
        },
        user=request.user,
        room_choices=room_availability(start, start + timedelta(hours=1)),
    )
    return _form_page(request, form=form, agenda=agenda_formset())


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.error(request, _("예정된 회의만 수정할 수 있습니다."))
        return redirect(_detail_url(meeting.pk))
    if request.method == "POST":
        choices = room_availability(
            parse_datetime_local(request.POST.get("starts_at")),
            parse_datetime_local(request.POST.get("ends_at")),
            keep_booking_id=meeting.booking_id,
        )
        form = MeetingForm(request.POST, user=request.user, room_choices=choices, meeting=meeting)
        agenda = agenda_formset(request.POST)
        if form.is_valid() and agenda.is_valid():
            try:
                meeting_update(meeting=meeting, actor=request.user, **_meeting_values(form, agenda))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("회의를 변경하고 참석 대상에게 알렸습니다."))
                return redirect(_detail_url(meeting.pk))
        return _form_page(request, form=form, agenda=agenda, meeting=meeting, status=422)
    people = list(meeting.attendees.values_list("user_id", "role"))
    form = MeetingForm(
        initial={
            "title": meeting.title,
            "department": meeting.department_id,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "room": meeting.booking.room_id if meeting.booking else None,
            "place": meeting.place,
            "description": meeting.description,
            "unit_task": meeting.unit_task_id,
            "is_verbatim": meeting.is_verbatim,
            "attendees": [uid for uid, role in people if role == MeetingAttendee.Role.ATTENDEE],
            "observers": [uid for uid, role in people if role == MeetingAttendee.Role.OBSERVER],
        },
        user=request.user,
        room_choices=room_availability(meeting.starts_at, meeting.ends_at, keep_booking_id=meeting.booking_id),
        meeting=meeting,
    )
    agenda = agenda_formset(initial=[{"title": a.title, "presenter": a.presenter} for a in meeting.agenda_items.all()])
    return _form_page(request, form=form, agenda=agenda, meeting=meeting)


@require_GET
def room_options(request: HttpRequest) -> HttpResponse:
    """The room select again, labelled for the time now in the form (htmx swaps it in)."""
    keep = None
    meeting_pk = parse_id(request.GET.get("meeting"), label=_("회의"))
    if meeting_pk is not None:
        keep = access_meeting(request.user, meeting_pk, for_write=True).booking_id
    choices = room_availability(
        parse_datetime_local(request.GET.get("starts_at")),
        parse_datetime_local(request.GET.get("ends_at")),
        keep_booking_id=keep,
    )
    room = parse_id(request.GET.get("room"), label=_("회의실"))
    form = RoomSelectForm(initial={"room": room}, room_choices=choices)
    # Always the fragment: this URL exists only for the form's htmx swap.
    return TemplateResponse(request, "tasks/meetings/form.html#room_field", {"room_form": form})


# --- The meeting page --------------------------------------------------------------------------


def _directive_choices(viewer) -> dict:
    """Whom and which departments this person may direct (directives' own rules), fetched once for
    every decision form on the page."""
    departments = department_choices(issuable_departments(viewer))
    return {
        "people": people_choices(assignable_people(viewer)),
        "departments": departments,
        "search_departments": None if viewer.is_admin else [pk for pk, _label in departments],
    }


def _detail_context(request, meeting, *, directive_form=None, directive_for=None, decision_form=None, rsvp_form=None):
    viewer = viewer_for(request.user)
    page = meeting_page(viewer, meeting)
    rows = [(d, None) for d in page.decisions]
    # A decision becomes a directive only by someone who may issue directives (heads, admins).
    if page.can_manage and may_issue(viewer) and any(d.directive_id is None for d in page.decisions):
        choices = _directive_choices(viewer)
        rows = []
        for decision in page.decisions:
            form = None
            if decision.directive_id is None:
                form = directive_form if directive_for == decision.pk else None
                form = form or DecisionDirectiveForm(**choices, prefix=f"d{decision.pk}")
            rows.append((decision, form))
    return {
        "page": page,
        "meeting": meeting,
        "decision_rows": rows,
        "decision_form": decision_form or DecisionForm(),
        "rsvp_form": rsvp_form or RsvpForm(initial={"note": page.mine.rsvp_note if page.mine else ""}),
        "cancel_form": CancelForm(),
        "now": timezone.now(),
    }


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    return render_page(request, "tasks/meetings/detail.html", _detail_context(request, meeting))


@require_POST
def meeting_rsvp_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    form = RsvpForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            meeting_rsvp(
                meeting=meeting, actor=request.user, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        status = 422
    if not request.htmx:
        if status == 200:
            messages.success(request, _("참석 여부를 알렸습니다."))
        else:
            for error in form.non_field_errors() or form.errors.get("answer", []):
                messages.error(request, error)
        return redirect(_detail_url(meeting.pk))
    context = _detail_context(request, meeting, rsvp_form=form if status != 200 else None)
    return render_page(request, "tasks/meetings/detail.html", context, partial="people", status=status)


@require_POST
def meeting_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("회의를 취소했습니다. 회의실 예약도 취소되었습니다."))
    return redirect(_detail_url(meeting.pk))


# --- Decisions ---------------------------------------------------------------------------------


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    form = DecisionForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            meeting_decision_add(meeting=meeting, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
            status = 422
    if not request.htmx:
        if status == 200:
            messages.success(request, _("결정사항을 추가했습니다."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(_detail_url(meeting.pk) + "#decisions")
    context = _detail_context(request, meeting, decision_form=form if status != 200 else None)
    return render_page(request, "tasks/meetings/detail.html", context, partial="decisions", status=status)


@require_POST
def decision_directive(request: HttpRequest, pk: int) -> HttpResponse:
    decision = MeetingDecision.objects.filter(pk=pk).only("pk", "meeting_id").first()
    meeting = access_meeting(request.user, decision.meeting_id if decision else 0, for_write=True)
    form = DecisionDirectiveForm(request.POST, **_directive_choices(viewer_for(request.user)), prefix=f"d{decision.pk}")
    if form.is_valid():
        try:
            directive = meeting_decision_to_directive(
                decision=decision,
                actor=request.user,
                assignees=form.cleaned_data["assignees"],
                due_on=form.cleaned_data["due_on"],
                department=form.cleaned_data["department"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("결정사항을 지시사항으로 전환했습니다: %(title)s") % {"title": directive.title})
            return redirect(_detail_url(meeting.pk) + "#decisions")
    context = _detail_context(request, meeting, directive_form=form, directive_for=decision.pk)
    return render_page(request, "tasks/meetings/detail.html", context, partial="decisions", status=422)


# --- Minutes -----------------------------------------------------------------------------------


def _minutes_page(request, meeting, minutes, *, form, attach_form=None, status=200) -> HttpResponse:
    return render_page(
        request,
        "tasks/meetings/minutes_form.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "attach_form": attach_form or MinutesAttachmentForm(),
            "attachments": list(minutes.attachments.all()) if minutes else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.status == Minutes.Status.FINAL:
        messages.error(request, _("확정된 회의록은 수정할 수 없습니다."))
        return redirect(_detail_url(meeting.pk))
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                minutes_save(meeting=meeting, actor=request.user, **form.values())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("회의록을 저장했습니다. 필요한 파일을 첨부한 뒤 확정하세요."))
                return redirect("meetings:minutes_edit", pk=meeting.pk)
        return _minutes_page(request, meeting, minutes, form=form, status=422)
    initial = model_to_dict(minutes, fields=MINUTES_FIELDS) if minutes else minutes_prefill(meeting)
    return _minutes_page(request, meeting, minutes, form=MinutesForm(initial=initial))


@require_POST
def minutes_attach_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        messages.error(request, _("회의록을 먼저 저장한 뒤 파일을 첨부하세요."))
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    attach_form = MinutesAttachmentForm(request.POST, request.FILES)
    if attach_form.is_valid():
        try:
            minutes_attach(
                minutes=minutes,
                file=attach_form.cleaned_data["file"],
                is_verbatim=attach_form.cleaned_data["is_verbatim"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(attach_form, exc)
        else:
            messages.success(request, _("파일을 첨부했습니다."))
            return redirect("meetings:minutes_edit", pk=meeting.pk)
    form = MinutesForm(initial=model_to_dict(minutes, fields=MINUTES_FIELDS))
    return _minutes_page(request, meeting, minutes, form=form, attach_form=attach_form, status=422)


@require_POST
def minutes_finalise_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, for_write=True)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        messages.error(request, _("회의록을 먼저 작성하세요."))
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    try:
        minutes_finalise(minutes=minutes, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("회의록을 확정했습니다."))
    return redirect(_detail_url(meeting.pk) + "#minutes")


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = access_minutes_attachment(request.user, pk)
    return private_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        missing=_("첨부파일을 찾을 수 없습니다."),
    )


# --- Rooms -------------------------------------------------------------------------------------


def _rooms_page(request, *, day: date, view: str, form=None, status=200) -> HttpResponse:
    start = day - timedelta(days=day.weekday()) if view == "week" else day
    length = 7 if view == "week" else 1
    schedule = room_schedule(start, length)
    rooms = [row.room for row in schedule.rows]
    if form is None:
        at = timezone.make_aware(datetime.combine(day, time(10)))
        form = RoomBookingForm(initial={"starts_at": at, "ends_at": at + timedelta(hours=1)}, rooms=rooms)
    step = timedelta(days=length)
    return render_page(
        request,
        "tasks/meetings/rooms.html",
        {
            "schedule": schedule,
            "form": form,
            "day": day,
            "view": view,
            "previous": start - step,
            "next": start + step,
            "today": timezone.localdate(),
            "viewer": viewer_for(request.user),
        },
        partial="booking_form" if status != 200 else None,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def rooms(request: HttpRequest) -> HttpResponse:
    view = "week" if request.GET.get("view") == "week" else "day"
    day = parse_date(request.GET.get("date"), label=_("날짜"), default=timezone.localdate())
    if request.method == "POST":
        form = RoomBookingForm(request.POST, rooms=list(Room.objects.filter(is_active=True)))
        if form.is_valid():
            data = form.cleaned_data
            try:
                room_book(
                    room=data["room"], starts_at=data["starts_at"], ends_at=data["ends_at"], purpose=data["purpose"],
                    actor=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("회의실을 예약했습니다."))
                booked_day = timezone.localtime(data["starts_at"]).date()
                target = f"{reverse('meetings:rooms')}?date={booked_day.isoformat()}&view={view}"
                if request.htmx:
                    return HttpResponse(headers={"HX-Redirect": target})
                return redirect(target)
        return _rooms_page(request, day=day, view=view, form=form, status=422)
    return _rooms_page(request, day=day, view=view)


@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = access_room_booking(request.user, pk, for_write=True)
    try:
        room_booking_cancel(booking=booking, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("회의실 예약을 취소했습니다."))
    day = timezone.localtime(booking.starts_at).date()
    return redirect(f"{reverse('meetings:rooms')}?date={day.isoformat()}")
