"""The unread count next to 메모보고 in work management's own menu (templates/tasks/base.html),
counted only where that menu is drawn."""

from django import template

from tasks.selectors.memos import unread_memo_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_memos(context) -> int:
    return unread_memo_count(context["request"].user)
