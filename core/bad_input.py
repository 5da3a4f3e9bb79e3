"""Crafted input gets a Korean page, never a server error.

`BadInputMiddleware` does two things:

- It refuses (400) any request whose path, query string or form fields (names or values) carry
  a NUL byte, before any view runs (uploaded file names lose it in Django's own parser already):
  PostgreSQL refuses NUL in text, so
  a value that reached a query would crash it, and no honest browser sends one. This holds for
  every view, the consoles' search, filters and autocomplete included, and for any view written
  later. A cookie carrying NUL is dropped instead (the browser would send it again and again);
  without its session cookie the person is simply signed out.
- It answers `core.params.BadInput` raised by a view: 400 for a GET, 422 for a form POST (htmx
  swaps a 422 into the page), with the message naming the value.

It sits right after the schema switch, so the refusal page already knows the institution; the
views' exceptions reach it with the signed-in person, so that page shows the usual navigation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.params import BadInput

NUL = "\x00"


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False


def _answer(request: HttpRequest, error: BadInput, *, status: int | None = None) -> HttpResponse:
    if status is None:
        status = 422 if request.method == "POST" else 400
    # The NUL refusal answers before django-htmx has marked the request, so the header is read
    # here: an htmx request gets the message alone, to swap in, as render_page would give it.
    htmx = request.headers.get("HX-Request") == "true"
    template = "400.html#message" if htmx else "400.html"
    return TemplateResponse(request, template, {"message": error.message}, status=status).render()


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if NUL in value or NUL in name]:
            del request.COOKIES[name]
        if _carries_nul(request):
            refused = BadInput(_("입력값에 사용할 수 없는 문자(NUL)가 들어 있습니다."))
            return _answer(request, refused, status=400)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadInput):
            return _answer(request, exception)
        return None
