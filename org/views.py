from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from org import roles
from org.home import home_panels
from org.selectors import org_overview, staff_day


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
