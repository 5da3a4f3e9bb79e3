"""기존 기록물 일괄 등록 (자료이관) page: the 기록관 uploads the old system's register and a ZIP
of its files; every row error is listed in Korean and nothing is saved until the file is clean."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from core.htmx import render_page
from core.imports import ImportFileError
from org.models import User
from records.legacy_import import SPEC, LegacyImportResult, legacy_import
from records.permissions import is_records_manager


class LegacyImportForm(forms.Form):
    register = forms.FileField(label=_lazy("기록물등록대장 파일 (XLSX 또는 CSV)"))
    archive = forms.FileField(label=_lazy("기록물 파일 ZIP (선택)"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def legacy_import_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not is_records_manager(user):
        raise PermissionDenied(_("기존 기록물 일괄 등록은 기록물관리전문요원만 할 수 있습니다."))
    form = LegacyImportForm(request.POST or None, request.FILES or None)
    result: LegacyImportResult | None = None
    if request.method == "POST" and form.is_valid():
        register, archive = form.cleaned_data["register"], form.cleaned_data["archive"]
        try:
            result = legacy_import(
                actor=user,
                filename=register.name,
                content=register.read(),
                zip_content=archive.read() if archive else None,
            )
        except ImportFileError as error:
            form.add_error("register", error)
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("기록물 %(n)d건(파일 %(f)d개)을 등록했습니다.") % {"n": result.created, "f": result.files},
                )
                return redirect("records:legacy_import")
    failed = bool(form.errors or (result and result.errors))
    context = {"form": form, "result": result, "columns": SPEC.columns, "required": SPEC.required, "tab": "legacy"}
    return render_page(request, "records/legacy_import.html", context, status=422 if failed else 200)
