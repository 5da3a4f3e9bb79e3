"""Forms in front of services: a service's refusal shown on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`, losing none of it: an error keyed by one of the
    form's fields goes next to that field; an error keyed by anything else (a field the form does
    not show, the service's own keys) or by nothing goes above the form. Django's own
    `form.add_error(None, error)` raises instead for a key the form has no field for, which turned
    a refusal into a 500."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
