from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.people import person_label
from org import roles
from org.home import home_panels
from org.selectors import org_overview, people_search, staff_day

QUERY_MAX_CHARS = 100
DEPARTMENTS_MAX = 500


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's first page: admins get the organisation overview, everyone their day."""
    user = request.user
    now = timezone.now()
    user_roles = user.role_names()
    context = {
        "now": now,
        "day": staff_day(user, now),
        "is_admin": roles.INSTITUTION_ADMIN in user_roles or user.is_superuser,
        "is_head": roles.DEPARTMENT_HEAD in user_roles,
        "role_labels": [roles.ROLE_LABELS[r] for r in sorted(user_roles) if r in roles.ROLE_LABELS],
    }
    context["panels"] = home_panels(user, now)
    if context["is_admin"]:
        context["overview"] = org_overview(now)
    return TemplateResponse(request, "org/home.html", context)


def _refuse(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """The people pickers' search (org.forms.PeoplePicker): active staff of the institution whose
    host this is — the request's schema, so another institution's people are never found — by
    name, department, position or employee number, as JSON. `department` (repeated) keeps to the
    departments a narrower field draws from."""
    query = request.GET.get("q", "")
    if "\x00" in query:
        return _refuse(_("검색어에 쓸 수 없는 문자가 들어 있습니다."))
    departments = None
    raw = request.GET.getlist("department")
    if raw:
        # isdigit() alone passes "²" and other non-ASCII digits int() refuses; 18 digits fit a bigint.
        if len(raw) > DEPARTMENTS_MAX or not all(v.isascii() and v.isdigit() and len(v) <= 18 for v in raw):
            return _refuse(_("부서 번호가 올바르지 않습니다."))
        departments = [int(v) for v in raw]
    found, more = people_search(query.strip()[:QUERY_MAX_CHARS], departments=departments)
    response = JsonResponse(
        {
            "results": [
                {
                    "id": user.pk,
                    "name": user.name,
                    "department": user.department.name if user.department_id else "",
                    "position": user.position.name if user.position_id else "",
                    "label": person_label(user, "directory"),
                }
                for user in found
            ],
            "more": more,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
