"""A length limit is said at the field, never cut: no HTML maxlength (the browser drops what is
pasted past it without a word), the limit for the page's counter, and a Korean message with the
limit and the length typed — for every title field that had one (approval 300, budget 200)."""

import pytest
from django import forms

from approval.forms.documents import EditForm
from budget.forms import ExpensePlanForm
from core.fields import LimitedCharField


def test_the_limit_is_said_with_the_length_typed():
    field = LimitedCharField(max_length=5)
    assert field.clean("가나다라마") == "가나다라마"
    with pytest.raises(forms.ValidationError, match=r"^\['5자까지 쓸 수 있습니다\(지금 6자\)\. 줄여 주세요\.'\]$"):
        field.clean("가나다라마바")


def test_the_browser_is_given_no_maxlength_to_cut_with():
    attrs = LimitedCharField(max_length=300).widget_attrs(forms.TextInput())
    assert "maxlength" not in attrs
    assert attrs["data-max-chars"] == "300"


@pytest.mark.parametrize(
    ("form_class", "limit"),
    [(EditForm, 300), (ExpensePlanForm, 200)],
)
def test_title_fields_say_their_limit(form_class, limit):
    field = form_class.base_fields["title"]
    assert isinstance(field, LimitedCharField)
    assert field.max_length == limit
    rendered = field.widget.render("title", "")
    assert "maxlength" not in rendered
    assert f'data-max-chars="{limit}"' in rendered
