"""The 통합검색 page: one box, results grouped by kind (records.search)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.htmx import render_page
from core.widgets import PlainSelect
from org.models import User
from records.search import KIND_CHOICES, MIN_LENGTH, search_everything


class SearchForm(forms.Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("종류"), choices=[("", _("전체")), *KIND_CHOICES], required=False, widget=PlainSelect
    )
    year = forms.IntegerField(label=_("연도"), required=False, min_value=1900, max_value=2100)

    def clean_q(self) -> str:
        text = (self.cleaned_data.get("q") or "").strip()
        if text and len(text) < MIN_LENGTH:
            raise forms.ValidationError(_("검색어를 %(n)d자 이상 입력하세요."), params={"n": MIN_LENGTH})
        return text


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Everything this person may open that contains the words, grouped by kind."""
    form = SearchForm(request.GET)
    groups = []
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        groups = search_everything(cast(User, request.user), data["q"], kind=data["kind"] or "", year=data["year"])
    context = {
        "form": form,
        "groups": groups,
        "searched": bool(form.is_valid() and form.cleaned_data["q"]),
        "tab": "search",
    }
    return render_page(request, "records/search.html", context, partial="results")
