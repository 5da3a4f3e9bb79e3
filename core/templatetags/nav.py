"""The navigation's optional counters: an INSTITUTION_NAV entry may name, as its fourth item, a
context value (dotted, e.g. "approval_nav_counts.waiting") that a context processor provides
lazily; the nav shows it as a badge when it is a positive number."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_count(context, path: str) -> int:
    if not path:
        return 0
    try:
        value = template.Variable(path).resolve(context)
    except template.VariableDoesNotExist:
        return 0
    return value if isinstance(value, int) and value > 0 else 0
