"""One searchable people picker wherever people are chosen (issue 9 item 13): every form of every
app that offers staff to choose from uses org.forms' picker (PeoplePicker/PersonPicker), and every
console (admin) page that chooses a person searches for them (autocomplete) instead of a list of
hundreds of names. A new form or console page with a plain <select> of people fails here."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models

from org.admin import institution_site
from org.forms import _Picker
from org.models import User
from tenants.admin import province_site
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR).resolve()
SITES = (institution_site, province_site)


def _project_apps():
    # The project's own apps: under the checkout, but not in a virtualenv kept inside it.
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT) and "site-packages" not in Path(config.path).parts
    ]


def _import_everything() -> None:
    for config in _project_apps():
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _chooses_people(field: forms.Field) -> bool:
    queryset = getattr(field, "queryset", None)
    return queryset is not None and queryset.model is User


def test_every_form_that_chooses_people_uses_the_picker():
    _import_everything()
    names = {config.name for config in _project_apps()}
    consoles = {model_admin.form for site in SITES for model_admin in site._registry.values()}
    checked, plain = [], []
    for form in set(_subclasses(forms.BaseForm)):
        module = form.__module__
        if module.split(".")[0] not in names or ".admin" in module or form in consoles:
            continue  # console forms: the next test
        for name, field in getattr(form, "base_fields", {}).items():
            if _chooses_people(field) or isinstance(field.widget, _Picker):
                where = f"{module}.{form.__name__}.{name}"
                (checked if isinstance(field.widget, _Picker) else plain).append(where)
    assert plain == [], plain
    # The forms the review named are among them (memo, meeting, directive, 공람, 열람 권한, line, leave).
    for expected in (
        "tasks.forms.memos.MemoForm.recipients",
        "tasks.forms.meetings.MeetingForm.attendees",
        "tasks.forms.meetings.MeetingForm.observers",
        "tasks.forms.meetings.DecisionDirectiveForm.assignees",
        "tasks.forms.directives.DirectiveForm.assignees",
        "approval.forms.documents.CirculateForm.users",
        "approval.forms.documents.ReadGrantForm.user",
        "approval.forms.drafting.LineEditForm.user",
        "attendance.forms.LeaveRequestForm.proxy",
        "attendance.forms.TripForm.proxy",
    ):
        assert expected in checked


def _shown(model_admin, model) -> set[str]:
    """The fields a console page shows: its fieldsets, its fields, its form's, or the model's."""
    if model_admin.fieldsets:
        return {name for _title, options in model_admin.fieldsets for name in options["fields"]}
    meta = getattr(model_admin.form, "_meta", None)
    declared = model_admin.fields or (meta.fields if meta and meta.fields != "__all__" else None)
    return set(declared or (f.name for f in model._meta.fields))


@pytest.mark.django_db
def test_every_console_page_that_chooses_a_person_searches_for_them(in_alpha):
    asking = SimpleNamespace(user=UserFactory(is_superuser=True))  # for the pages' own permission checks
    plain = []
    for site in SITES:
        for model, model_admin in site._registry.items():
            if not (model_admin.has_add_permission(asking) or model_admin.has_change_permission(asking)):
                continue  # a read-only page (a record of what happened) chooses nobody
            for field in model._meta.get_fields():
                chooses = isinstance(field, models.ForeignKey | models.ManyToManyField) and field.related_model is User
                if not chooses or not field.editable or field.name in model_admin.get_readonly_fields(None):
                    continue
                shown = _shown(model_admin, model)
                if field.name in shown and field.name not in model_admin.autocomplete_fields:
                    plain.append(f"{site.name}:{model._meta.label}.{field.name}")
    assert plain == [], plain
