"""Form fields shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class LimitedCharField(forms.CharField):
    """Text with a length limit that is said at the field, never cut: no HTML maxlength (with it
    the browser drops whatever is typed or pasted past the limit without a word), the limit as
    data-max-chars for the page's counter instead, and a Korean message with the limit and the
    length typed, the text kept as it was."""

    default_error_messages = {
        "max_length": _("%(limit_value)d자까지 쓸 수 있습니다(지금 %(show_value)d자). 줄여 주세요."),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["data-max-chars"] = attrs.pop("maxlength")
            attrs["data-msg-over"] = _("%(limit)s자까지 쓸 수 있습니다(지금 %(n)s자). 줄여 주세요.")
        return attrs
