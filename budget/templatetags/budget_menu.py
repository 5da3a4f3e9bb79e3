"""The budget sub-navigation's question: does this person read the books (지급, 거래처, 회계 장부)?"""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from budget.status.access import sees_whole_institution

register = template.Library()


@register.simple_tag
def reads_budget_books(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and sees_whole_institution(user))
