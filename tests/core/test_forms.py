"""core.forms.apply_errors: a service's refusal lands on the form that asked for it, next to the
field it names when the form shows that field and above the form otherwise, and nothing is lost."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import apply_errors


class TitleForm(forms.Form):
    title = forms.CharField()


def _validated(**data) -> TitleForm:
    form = TitleForm(data or {"title": "회의 자료"})
    assert form.is_valid()
    return form


def test_an_error_naming_a_field_of_the_form_goes_next_to_it():
    form = _validated()
    apply_errors(form, ValidationError({"title": "같은 제목이 있습니다."}))
    assert form.errors == {"title": ["같은 제목이 있습니다."]}
    assert "title" not in form.cleaned_data


def test_an_error_naming_no_field_of_the_form_goes_above_it_instead_of_failing():
    form = _validated()
    # Django's own form.add_error(None, error) raises ValueError for "line": the page was a 500.
    with pytest.raises(ValueError, match="has no field named 'line'"):
        _validated().add_error(None, ValidationError({"line": "결재선을 지정하세요."}))
    apply_errors(form, ValidationError({"line": "결재선을 지정하세요.", "title": "제목을 고치세요."}))
    assert form.errors == {NON_FIELD_ERRORS: ["결재선을 지정하세요."], "title": ["제목을 고치세요."]}


def test_an_unkeyed_error_and_every_message_of_a_list_go_above_the_form():
    form = _validated()
    apply_errors(form, ValidationError(["지금은 결재할 차례가 아닙니다.", "다시 시도하세요."]))
    assert form.non_field_errors() == ["지금은 결재할 차례가 아닙니다.", "다시 시도하세요."]


def test_messages_keep_their_parameters():
    form = _validated()
    apply_errors(form, ValidationError("%(n)d명까지 지정할 수 있습니다.", params={"n": 5}))
    assert form.non_field_errors() == ["5명까지 지정할 수 있습니다."]
