"""Submitting a request form once (중복 제출 방지): a double click, a resent form or two tabs
posting the same form create one row, not several.

Each request form carries a token made when the form is shown (a fresh random UUID on every
GET), and the row the form creates keeps it in a UNIQUE column. A second POST with the same token
finds the row the first one made and answers with it; two at the same moment are kept apart by
the database, which lets one insert through and makes the others wait and fail, after which they
answer with the winner's row. Core has no models: the column lives on each subject model.

An app plugs it in in four lines (budget's expense plan is the worked example):

1. the model: ``submission_token = models.UUIDField(null=True, blank=True, unique=True,
   editable=False)``;
2. the form: subclass ``SubmitOnceForm`` (it adds the hidden ``submission_token`` field; the
   template renders it with ``{{ form.submission_token }}``);
3. the service: wrap the creation in ``create_once(Model, token=..., owner_field=..., owner=actor,
   create=lambda: ...)``, where ``create`` stores the token on the new row;
4. the view: redirect to the row the service returns, whether it was made now or before.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

TOKEN_FIELD = "submission_token"  # noqa: S105 - a field name, not a secret

M = TypeVar("M", bound=models.Model)


class SubmissionTokenField(forms.UUIDField):
    """The form's token: hidden, a new one each time an unbound form is shown."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("화면이 오래되어 제출을 확인할 수 없습니다. 내용은 그대로 두었으니 다시 제출하세요."),
        "invalid": _("화면이 오래되어 제출을 확인할 수 없습니다. 내용은 그대로 두었으니 다시 제출하세요."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


class SubmitOnceForm(forms.Form):
    """A form whose POST is taken once. A missing or broken token (a page from before, a hand-made
    request) is refused above the form, and the form is shown again with what was typed and a
    fresh token, so the next 제출 goes through."""

    submission_token = SubmissionTokenField()

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or TOKEN_FIELD not in self.errors:
            return
        errors = self.errors.pop(TOKEN_FIELD)
        self.add_error(None, errors)
        # A QueryDict (or the dict a test passes): both copy; the stubs know it only as a Mapping.
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix(TOKEN_FIELD)] = str(uuid.uuid4())
        self.data = data


def create_once(
    model: type[M], *, token: uuid.UUID | None, owner_field: str, owner: models.Model, create: Callable[[], M]
) -> tuple[M, bool]:
    """The row made with `token`: (the row `create()` makes now, True), or (the row an earlier or
    concurrent submission with the same token made, False) without making another. `create` must
    store `token` in the model's UNIQUE `submission_token` column. A token that someone other
    than `owner` (the row's `owner_field`) used is refused. Without a token, `create()` runs as is.
    Runs in the caller's transaction."""
    if token is None:
        return create(), True
    rows = model._default_manager.filter(**{TOKEN_FIELD: token})
    existing = rows.first()
    if existing is None:
        try:
            # A savepoint: a concurrent submission with the same token makes this insert wait for
            # the other transaction and then fail on the UNIQUE column; only this part rolls back.
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            existing = rows.first()
            if existing is None:
                raise
    if getattr(existing, f"{owner_field}_id") != owner.pk:
        raise ValidationError(_("이미 처리된 제출입니다. 화면을 새로 고친 뒤 다시 제출하세요."))
    return existing, False
