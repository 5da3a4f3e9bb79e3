"""A length limit is said at the field, never cut: no HTML maxlength (the browser drops what is
pasted past it without a word), the limit for the page's counter, and a Korean message with the
limit and the length typed — for every title field that had one (approval 300, budget 200)."""

import pytest
from django import forms

from approval.forms.documents import EditForm
from budget.books_views import ManualJournalForm
from budget.execution_forms import ExpenditureForm
from budget.forms import ExpensePlanForm
from budget.revenue_views import RevenueForm
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
    ("form_class", "name", "limit"),
    [
        (EditForm, "title", 300),
        (EditForm, "note", 300),
        (ExpensePlanForm, "title", 200),
        (ExpenditureForm, "title", 200),
        (RevenueForm, "title", 200),
        (ManualJournalForm, "title", 200),
    ],
)
def test_title_fields_say_their_limit(form_class, name, limit):
    field = form_class.base_fields[name]
    assert isinstance(field, LimitedCharField)
    assert field.max_length == limit
    rendered = field.widget.render(name, "")
    assert "maxlength" not in rendered
    assert f'data-max-chars="{limit}"' in rendered
