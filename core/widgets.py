"""Form widgets that render in Python what Django renders through a template per option.

Django's `Select` renders every `<option>` by including `select_option.html`; a filter form with
a hundred unit tasks and twenty departments spent more time there than the page's SQL (records
register, docs/PERFORMANCE.md). `PlainSelect` writes the same markup (attributes, optgroups,
`selected`) with `format_html`, escaping every value and label.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class PlainSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (("" if o["value"] is None else o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            parts.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), SafeString("".join(parts))
        )
