"""The pages of 평가·폐기 (three steps, legal holds, the 폐기 확인서), 비공개 재분류 and the BagIt
이관 패키지 of a file or a transfer. Services: records.disposal, records.reclassify, records.bagit."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.selectors import subject_approval
from audit.services import audit_record
from core.htmx import render_page
from core.http import client_ip
from core.params import parse_id
from core.pdf import FONT_URL, html_to_pdf
from org.models import Department, User
from org.visibility import viewer_for
from records import committee_links, reclassify
from records import disposal as svc
from records.bagit import build_bag
from records.models import (
    CommitteeInvitation,
    CommitteeSignature,
    DisclosureReview,
    Disposal,
    DisposalDecision,
    DisposalItem,
    DisposalStatus,
    FileStatus,
    HoldReason,
    LegalHold,
    Reclassification,
    ReclassificationItem,
    ReclassificationStatus,
    Record,
    RecordFile,
    Transfer,
)
from records.permissions import is_records_manager, may_handle, sees_every_record
from tasks.models import Disclosure, RetentionPeriod
from tasks.selectors.cards import unit_tasks_for_filing

PER_PAGE = 50
CANDIDATE_LIMIT = 500


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _handled(user: User) -> QuerySet[Department]:
    departments = Department.objects.all()
    if sees_every_record(user):
        return departments
    return departments.filter(viewer_for(user).department_q(""))


def _visible_disposals(user: User) -> QuerySet[Disposal]:
    if sees_every_record(user):
        return Disposal.objects.all()
    return Disposal.objects.filter(items__record_file__department__in=_handled(user)).distinct()


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def disposals(request: HttpRequest) -> HttpResponse:
    """평가·폐기: the reviews this person may see; for the 기록관, the expired files that may be
    listed for a new review (held ones shown apart) and the form that lists them."""
    user = _user(request)
    manager = is_records_manager(user)
    today = timezone.localdate()
    errors: list[str] = []
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(_("기록물관리전문요원만 평가 대상을 선정할 수 있습니다."))
        ids = [parse_id(v, label="기록물철") for v in request.POST.getlist("record_files")]
        files = list(RecordFile.objects.filter(pk__in=[i for i in ids if i]))
        try:
            created = svc.disposal_create(actor=user, files=files, title=request.POST.get("title", ""))
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, _("평가 대상을 정하고 처리과에 의견을 요청했습니다."))
            return redirect("records:disposal", created.pk)
    rows = _visible_disposals(user).select_related("created_by").annotate(file_count=Count("items"))
    context = {
        "disposals": rows.order_by("-created_at")[:100],
        "is_manager": manager,
        "candidates": list(svc.candidates(today)[:CANDIDATE_LIMIT]) if manager else [],
        "held": list(svc.held_expired(today)[:100]) if sees_every_record(user) else [],
        "errors": errors,
        "today": today,
        "tab": "disposal",
    }
    return render_page(request, "records/disposals.html", context, status=422 if errors else 200)


def _disposal_for(user: User, pk: int) -> Disposal:
    disposal = _visible_disposals(user).select_related("created_by").filter(pk=pk).first()
    if disposal is None:
        raise Http404(_("평가·폐기 건을 찾을 수 없습니다."))
    return disposal


def _items(user: User, disposal: Disposal) -> list[DisposalItem]:
    items = disposal.items.select_related("record_file__department", "record_file__unit_task", "opinion_by").annotate(
        record_count=Count("record_file__records")
    )
    if not sees_every_record(user):
        items = items.filter(record_file__department__in=_handled(user))
    return list(items.order_by("pk"))


def _proposals(post: Any, items: list[DisposalItem]) -> dict[int, svc.Proposal]:
    found = {}
    for item in items:
        decision = post.get(f"decision_{item.pk}", "")
        if not decision:
            continue
        found[item.pk] = svc.Proposal(
            decision=decision,
            reason=post.get(f"reason_{item.pk}", ""),
            new_retention=post.get(f"retention_{item.pk}", ""),
            hold_until=_parse_date(post.get(f"hold_{item.pk}", "")),
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def disposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One review: the 처리과's opinion per file (step 2) and the 전문요원's 심사 with the 심의회's
    members, submitted through e-approval (step 3)."""
    user = _user(request)
    disposal = _disposal_for(user, pk)
    items = _items(user, disposal)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "opinion":
                item_id = parse_id(request.POST.get("item"), label="기록물철")
                item = next((i for i in items if i.pk == item_id), None)
                if item is None:
                    raise Http404(_("평가 대상 기록물철을 찾을 수 없습니다."))
                svc.disposal_opinion(
                    actor=user,
                    item=item,
                    opinion=request.POST.get("opinion", ""),
                    reason=request.POST.get("opinion_reason", ""),
                )
                messages.success(request, _("처리과 의견을 제출했습니다."))
            elif action == "submit":
                if not is_records_manager(user):
                    raise PermissionDenied(_("기록물관리전문요원만 심사 결과를 심의회에 올릴 수 있습니다."))
                task_id = parse_id(request.POST.get("unit_task"), label="단위과제")
                unit_task = unit_tasks_for_filing(user).filter(pk=task_id).first() if task_id else None
                svc.disposal_submit(
                    actor=user,
                    disposal=disposal,
                    proposals=_proposals(request.POST, items),
                    committee=svc.parse_committee(request.POST.get("committee", "")),
                    unit_task=unit_task,
                )
                messages.success(request, _("심사 결과를 기록물평가심의회 결재로 상신했습니다."))
            elif action == "invite":
                member = parse_id(request.POST.get("member"), label="위원", default=0) - 1
                _invitation, token = committee_links.committee_invite(actor=user, disposal=disposal, member=member)
                link = request.build_absolute_uri(reverse("records:committee_sign", args=[token]))
                messages.success(
                    request,
                    _(
                        "%(name)s 위원의 서명 링크입니다(%(days)d일 동안 한 번 쓸 수 있고, 다시 보여 주지 않습니다). "
                        "위원에게 보내세요: %(link)s"
                    )
                    % {"name": _invitation.member_name, "days": committee_links.LINK_DAYS, "link": link},
                )
            elif action == "sign":
                if not is_records_manager(user):
                    raise PermissionDenied(_("기록물관리전문요원(간사)만 심의회 위원의 서명을 기록할 수 있습니다."))
                member = parse_id(request.POST.get("member"), label="위원", default=0) - 1
                votes = {
                    i.pk: svc.Vote(
                        agrees=request.POST.get(f"vote_{i.pk}") == "agree",
                        reason=request.POST.get(f"dissent_{i.pk}", ""),
                    )
                    for i in items
                    if request.POST.get(f"vote_{i.pk}") in ("agree", "disagree")
                }
                svc.disposal_sign(
                    actor=user,
                    disposal=disposal,
                    member=member,
                    votes=votes,
                    signed_on=_parse_date(request.POST.get("signed_on", "")),
                )
                messages.success(request, _("심의회 위원의 서명을 기록했습니다."))
            else:
                raise ValidationError(_("알 수 없는 요청입니다."))
        except ValidationError as error:
            errors = _messages(error)
        else:
            return redirect("records:disposal", disposal.pk)
    manager = is_records_manager(user)
    editable = disposal.status in (DisposalStatus.OPINION, DisposalStatus.REVIEW)
    context = {
        "disposal": disposal,
        "items": items,
        "approval": subject_approval(disposal) if disposal.document_id else None,
        "errors": errors,
        "posted": request.POST if errors else {},
        "opinion_for": {i.pk for i in items if editable and svc.may_give_opinion(user, i)},
        "can_submit": manager and editable,
        "decisions": DisposalDecision.choices,
        "retentions": RetentionPeriod.choices,
        "unit_tasks": unit_tasks_for_filing(user) if manager and editable else [],
        "committee_text": "\n".join(
            f"{m['name']} / {m['affiliation']} / {'외부' if m['outside'] else '내부'}" for m in disposal.committee
        ),
        "signatures": _signatures(disposal, items),
        "can_sign": manager and disposal.status == DisposalStatus.COMMITTEE,
        "has_certificate": disposal.status == DisposalStatus.DECIDED
        and any(i.decision == DisposalDecision.DISPOSE for i in items),
        "tab": "disposal",
    }
    return render_page(request, "records/disposal_detail.html", context, status=422 if errors else 200)


def _open_invitations(disposal: Disposal) -> dict[int, CommitteeInvitation]:
    """Each member's latest signing link not yet used or revoked (one query)."""
    latest: dict[int, CommitteeInvitation] = {}
    for invitation in CommitteeInvitation.objects.filter(
        disposal=disposal, used_at__isnull=True, revoked_at__isnull=True
    ).order_by("member", "-created_at"):
        latest.setdefault(invitation.member, invitation)
    return latest


def _signatures(disposal: Disposal, items: list[DisposalItem]) -> list[dict[str, Any]]:
    """Each committee member with their signatures on the files shown (one query)."""
    by_member: dict[int, list[CommitteeSignature]] = {}
    signatures = CommitteeSignature.objects.filter(item__in=items).select_related(
        "item__record_file__department", "item__record_file__unit_task", "recorded_by"
    )
    for signature in signatures.order_by("member", "item_id"):
        by_member.setdefault(signature.member, []).append(signature)
    links = _open_invitations(disposal)
    return [
        {"number": n + 1, "member": m, "signed": by_member.get(n, []), "link": links.get(n)}
        for n, m in enumerate(disposal.committee)
    ]


def _institution_name() -> str:
    return str(getattr(getattr(connection, "tenant", None), "name", ""))


@login_required
@require_GET
def disposal_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """폐기 확인서: what was destroyed (numbers, titles, checksums), by which decision, when."""
    user = _user(request)
    disposal = _disposal_for(user, pk)
    items = [i for i in _items(user, disposal) if i.decision == DisposalDecision.DISPOSE and i.destroyed_at]
    if disposal.status != DisposalStatus.DECIDED or not items:
        raise Http404(_("폐기를 집행한 평가가 아닙니다."))
    signed: dict[int, list[CommitteeSignature]] = {}
    for signature in CommitteeSignature.objects.filter(item__in=items).order_by("member"):
        signed.setdefault(signature.item_id, []).append(signature)
    for item in items:
        item.signed = signed.get(item.pk, [])  # type: ignore[attr-defined]  # for the template
    html = render_to_string(
        "records/disposal_certificate.html",
        {
            "disposal": disposal,
            "items": items,
            "font_url": FONT_URL,
            "institution_name": _institution_name(),
            "printed_on": timezone.localdate(),
            "user": user,
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"폐기확인서_{disposal.pk}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def holds(request: HttpRequest) -> HttpResponse:
    """법적 보존 요청 (소송·감사·정보공개 청구): files under a hold cannot be chosen for disposal."""
    user = _user(request)
    if not sees_every_record(user):
        raise PermissionDenied(_("법적 보존 요청은 기록물관리전문요원과 감사 담당만 볼 수 있습니다."))
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "release":
                hold_id = parse_id(request.POST.get("hold"), label="보존 요청")
                hold = LegalHold.objects.filter(pk=hold_id).first() if hold_id else None
                if hold is None:
                    raise Http404(_("보존 요청을 찾을 수 없습니다."))
                svc.legal_hold_release(actor=user, hold=hold)
                messages.success(request, _("법적 보존 요청을 해제했습니다."))
            else:
                file_id = parse_id(request.POST.get("record_file"), label="기록물철")
                record_file = RecordFile.objects.filter(pk=file_id).first() if file_id else None
                if record_file is None:
                    raise ValidationError({"record_file": _("보존 요청할 기록물철을 고르세요.")})
                svc.legal_hold_place(
                    actor=user,
                    record_file=record_file,
                    reason=request.POST.get("reason", ""),
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("법적 보존 요청을 등록했습니다. 해제 전에는 폐기할 수 없습니다."))
        except ValidationError as error:
            errors = _messages(error)
        else:
            return redirect("records:holds")
    rows = LegalHold.objects.select_related(
        "record_file__department", "record_file__unit_task", "placed_by", "released_by"
    ).order_by("released_at", "-placed_at")
    files = (
        RecordFile.objects.filter(status__in=(FileStatus.CLOSED, FileStatus.ARCHIVED, FileStatus.OPEN))
        .select_related("department", "unit_task")
        .order_by("year", "department__path", "unit_task__code")[:1000]
    )
    context = {
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "files": files if is_records_manager(user) else [],
        "reasons": HoldReason.choices,
        "errors": errors,
        "tab": "disposal",
    }
    return render_page(request, "records/holds.html", context, status=422 if errors else 200)


@login_required
@require_GET
def reclassification(request: HttpRequest) -> HttpResponse:
    """비공개 재분류: the 비공개 records due for review (at 이관, every 5 years, 30 years), the open
    재분류안 with the decision per record, and its approval."""
    user = _user(request)
    if not sees_every_record(user):
        raise PermissionDenied(_("비공개 재분류는 기록물관리전문요원과 감사 담당만 볼 수 있습니다."))
    today = timezone.localdate()
    page = Paginator(reclassify.due_records(today), PER_PAGE).get_page(request.GET.get("page"))
    for record in page.object_list:
        record.why_due = reclassify.why_due(record, today)
        record.thirty = reclassify.thirty_year_notice(record.year, today)
    draft = reclassify.open_reclassification()
    items = list(draft.items.select_related("record__department").order_by("pk")) if draft else []
    pending = (
        Reclassification.objects.filter(status=ReclassificationStatus.SUBMITTED)
        .annotate(count=Count("items"))
        .order_by("-submitted_at")
    )
    recent = DisclosureReview.objects.select_related("record", "reviewed_by").order_by("-reviewed_on", "-id")[:20]
    manager = is_records_manager(user)
    context = {
        "page": page,
        "kept_closed": list(reclassify.kept_closed(today)[:50]),
        "opened_count": DisclosureReview.objects.filter(automatic=True).count(),
        "draft": draft,
        "draft_items": items,
        "pending": pending,
        "recent": recent,
        "can_reclassify": manager,
        "unit_tasks": unit_tasks_for_filing(user) if manager and draft else [],
        "disclosures": Disclosure.choices,
        "tab": "reclassify",
    }
    return render_page(request, "records/reclassify.html", context)


@login_required
@require_POST
def reclassify_record(request: HttpRequest, pk: int) -> HttpResponse:
    """One record's decision into the open 재분류안 (applied only once it is approved)."""
    user = _user(request)
    if not is_records_manager(user):
        raise PermissionDenied(_("기록물관리전문요원만 비공개 기록물을 재분류할 수 있습니다."))
    record = Record.objects.filter(pk=pk).first()
    if record is None:
        raise Http404(_("기록물을 찾을 수 없습니다."))
    keep_closed_until = None
    try:
        typed = request.POST.get("keep_closed_until", "").strip()
        if typed:
            try:
                keep_closed_until = date.fromisoformat(typed)
            except ValueError as bad:
                raise ValidationError(_("재검토일을 날짜(예: 2031-03-05)로 적으세요.")) from bad
        reclassify.reclassify_propose(
            actor=user,
            record=record,
            disclosure=request.POST.get("disclosure", ""),
            ground=request.POST.get("ground", ""),
            reason=request.POST.get("reason", ""),
            keep_closed_until=keep_closed_until,
        )
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, f"{record.registration_number}: {text}")
    else:
        messages.success(
            request,
            _("%(n)s을(를) 재분류안에 넣었습니다. 결재를 올려 승인되면 반영됩니다.")
            % {"n": record.registration_number},
        )
    return redirect("records:reclassification")


@login_required
@require_POST
def reclassify_drop(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not is_records_manager(user):
        raise PermissionDenied(_("기록물관리전문요원만 재분류안을 고칠 수 있습니다."))
    item = ReclassificationItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404(_("재분류안에 없는 기록물입니다."))
    try:
        reclassify.reclassify_drop(actor=user, item=item)
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
    return redirect("records:reclassification")


@login_required
@require_POST
def reclassification_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not is_records_manager(user):
        raise PermissionDenied(_("기록물관리전문요원만 재분류안을 올릴 수 있습니다."))
    draft = Reclassification.objects.filter(pk=pk).first()
    if draft is None:
        raise Http404(_("재분류안을 찾을 수 없습니다."))
    task_id = parse_id(request.POST.get("unit_task"), label="단위과제")
    unit_task = unit_tasks_for_filing(user).filter(pk=task_id).first() if task_id else None
    try:
        reclassify.reclassification_submit(actor=user, reclassification=draft, unit_task=unit_task)
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
    else:
        messages.success(request, _("재분류안을 결재에 올렸습니다. 승인되는 즉시 공개구분이 바뀝니다."))
    return redirect("records:reclassification")


def _bag_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.zip"
    return response


@login_required
@require_GET
def file_bag(request: HttpRequest, pk: int) -> HttpResponse:
    """BagIt 이관 패키지 of one 기록물철 (the 기록관, auditors, and the 처리과 over it)."""
    user = _user(request)
    record_file = RecordFile.objects.select_related("department", "unit_task").filter(pk=pk).first()
    if record_file is None or not (sees_every_record(user) or may_handle(user, record_file.department)):
        raise Http404(_("기록물철을 찾을 수 없습니다."))
    name = f"bag_{record_file.number}"
    content = build_bag([record_file], name=name, identifier=record_file.number)
    audit_record(
        action="record_file.export",
        actor=user,
        target=record_file,
        data={"number": record_file.number, "bytes": len(content)},
    )
    return _bag_response(content, name)


@login_required
@require_GET
def transfer_bag(request: HttpRequest, pk: int) -> HttpResponse:
    """BagIt 이관 패키지 of a transfer's files (one bag, one folder per file)."""
    user = _user(request)
    transfer = Transfer.objects.select_related("department").filter(pk=pk).first()
    if transfer is None or not (sees_every_record(user) or may_handle(user, transfer.department)):
        raise Http404(_("이관을 찾을 수 없습니다."))
    files = list(transfer.files.select_related("department", "unit_task").order_by("pk"))
    name = f"bag_transfer_{transfer.department.code}_{transfer.pk}"
    content = build_bag(files, name=name, identifier=f"{transfer.department.code}-이관-{transfer.pk}")
    audit_record(
        action="record_file.export",
        actor=user,
        target=transfer,
        data={"transfer": transfer.pk, "files": [f.number for f in files], "bytes": len(content)},
    )
    return _bag_response(content, name)


@login_not_required
@require_http_methods(["GET", "POST"])
def committee_sign(request: HttpRequest, token: str) -> HttpResponse:
    """A 심의회 member's signing page, opened from their one-time link (no account needed): the
    files under review with the proposed decision, 동의 or 부동의 with a reason for each. A
    refusal keeps what was typed; a used, expired or revoked link says why and shows nothing."""
    now = timezone.now()
    try:
        invitation = committee_links.invitation_for(token, now)
    except ValidationError as refused:
        context: dict[str, Any] = {"refusal": " ".join(_messages(refused))}
        return render_page(request, "records/committee_sign.html", context, status=410)
    disposal = invitation.disposal
    items = list(disposal.items.select_related("record_file__department", "record_file__unit_task").order_by("pk"))
    errors: list[str] = []
    if request.method == "POST":
        votes = {
            i.pk: svc.Vote(
                agrees=request.POST.get(f"vote_{i.pk}") == "agree", reason=request.POST.get(f"dissent_{i.pk}", "")
            )
            for i in items
            if request.POST.get(f"vote_{i.pk}") in ("agree", "disagree")
        }
        try:
            committee_links.committee_sign_by_link(token=token, votes=votes, ip_address=client_ip(request), now=now)
        except ValidationError as error:
            errors = _messages(error)
        else:
            context = {"done": True, "invitation": invitation, "disposal": disposal}
            return render_page(request, "records/committee_sign.html", context)
    for item in items:
        item.vote = request.POST.get(f"vote_{item.pk}", "")  # type: ignore[attr-defined]  # typed values kept
        item.dissent = request.POST.get(f"dissent_{item.pk}", "")  # type: ignore[attr-defined]
    context = {
        "invitation": invitation,
        "disposal": disposal,
        "member": disposal.committee[invitation.member],
        "items": items,
        "errors": errors,
    }
    return render_page(request, "records/committee_sign.html", context, status=422 if errors else 200)
