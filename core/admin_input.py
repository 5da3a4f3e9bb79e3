"""The consoles' own ways of taking input from the query string, through core.params.

Django's admin reads three things from a URL without a form in between, and each was a server
error under crafted input:

- the list's date drill-down (`<field>__year/__month/__day`): Django builds the period's end by
  adding a day, a month or a year to what it is given, so year 9999 overflowed (and the date
  filters' bounds, `<field>__gte=...`, take the same year range);
- an add page's initial values (`?user=3&starts_at=...`): they go to the widgets as raw text, which
  the date-and-time widget cannot split (any text at all) and the autocomplete widget looks up as
  an id ("²" raised ValueError);
- the autocomplete widget again, when a form comes back with errors and a typed id.

`ConsoleInput` is mixed into every ModelAdmin a console registers (core.admin_site.ConsoleSite),
so a console page added later takes input the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models.fields.related import RelatedField
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.params import MAX_YEAR, MIN_YEAR, BadInput, check_year, parse_id, parse_int, validate_year_in_range

# The mixins below are written for one kind of class each (a ModelAdmin, an autocomplete widget);
# the type checker reads them as subclasses of it, so their super() calls and attributes are checked.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
    _AutocompleteBase = AutocompleteMixin
else:
    _AdminBase = _AutocompleteBase = object


def _key_field(relation: RelatedField[Any, Any]) -> models.Field[Any, Any]:
    """The column on the related model that `relation` stores (its to_field, else the key)."""
    remote = relation.remote_field
    target = remote.model._meta
    key = target.get_field(getattr(remote, "field_name", None) or target.pk.name)
    if not isinstance(key, models.Field):
        raise ImproperlyConfigured(f"{relation} points at {key}, which is not a column")
    return key


def _key(field: models.Field[Any, Any], value: Any, *, label: str) -> Any:
    """A value for the key column `field` (an id, for integer keys, by the core rule)."""
    if isinstance(field, models.IntegerField):
        return parse_id(str(value), label=label)
    try:
        return field.to_python(value)
    except ValidationError:
        raise BadInput(_("%(label)s: 값이 올바르지 않습니다.") % {"label": label}, label=label) from None


RANGE_LOOKUPS = {"gt", "gte", "lt", "lte"}


class _CheckedChoices(_AutocompleteBase):
    """Autocomplete widgets look up the selected ids to show their names; an id the key column
    cannot hold is left unselected instead (the form's own field reports it)."""

    def optgroups(
        self, name: str, value: Sequence[str], attrs: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        key = _key_field(self.field)
        usable = []
        for selected in value:
            try:
                _key(key, selected, label="")
            except BadInput:
                continue
            usable.append(selected)
        return super().optgroups(name, usable, attrs)


class CheckedAutocompleteSelect(_CheckedChoices, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_CheckedChoices, AutocompleteSelectMultiple):
    pass


class ConsoleInput(_AdminBase):
    """Mixed into every console ModelAdmin (see the module docstring)."""

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        query = request.GET
        field = self.date_hierarchy
        if field:
            parse_int(query.get(f"{field}__year"), label=_("연도"), minimum=MIN_YEAR, maximum=MAX_YEAR)
            parse_int(query.get(f"{field}__month"), label=_("월"), minimum=1, maximum=12)
            parse_int(query.get(f"{field}__day"), label=_("일"), minimum=1, maximum=31)
        for key, values in query.lists():
            name, _sep, lookup = key.rpartition("__")
            if lookup in RANGE_LOOKUPS:
                for value in values:
                    self._check_date_bound(name, value)
        return super().changelist_view(request, extra_context)

    def _check_date_bound(self, name: str, value: str) -> None:
        """A date filter's bound (`attempt_time__gte=...`) within the years of core.params; a
        value that is no date at all is left to Django, which refuses it as a bad filter."""
        try:
            field = self.opts.get_field(name)
        except FieldDoesNotExist:
            return
        if not isinstance(field, models.DateField):  # DateTimeField is one too
            return
        try:
            typed = field.to_python(value)
        except ValidationError:
            return
        if typed is not None:
            check_year(typed.year, str(field.verbose_name))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.Field) and field.concrete:
                initial[name] = self._initial_value(field, value)
        return initial

    def _initial_value(self, field: models.Field[Any, Any], value: Any) -> Any:
        label = str(getattr(field, "verbose_name", field.name))
        if isinstance(field, models.ManyToManyField):
            return [_key(_key_field(field), item, label=label) for item in value if item]
        if isinstance(field, RelatedField):
            return _key(_key_field(field), value, label=label)
        try:
            typed = field.to_python(value)
            if isinstance(field, models.DateField | models.DateTimeField) and typed is not None:
                validate_year_in_range(typed)
        except ValidationError as exc:
            raise BadInput(f"{label}: {' '.join(exc.messages)}", label=label) from None
        return typed

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
