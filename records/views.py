"""The records pages: the registers, a record, paper registration, filing and moving, the
calendar's due lists, 이관 and the 기록관's reading log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def register(request: HttpRequest) -> HttpResponse:
    return render(request, "records/register.html", {})
