from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.people import person_label
from org import roles
from org.models import DEPARTMENT_MAX_DEPTH, Absence, Department, User
from org.selectors import active_staff
from org.services import absence_check

# --- Choosing people: one picker wherever people are chosen ---------------------------------------


def _department_of(user: User) -> str:
    return user.department.name if user.department_id else str(_("부서 없음"))


def people_choices(people: Iterable[User] | None = None) -> list:
    """Active staff (or the people given), one group per department, for a picker's <select>.
    A page with several pickers builds this once and gives it to each (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for user in active_staff() if people is None else people:
        groups.setdefault(_department_of(user), []).append((user.pk, person_label(user, "directory")))
    return list(groups.items())


class _ByDepartment(ModelChoiceIterator):
    """A person field's own choices grouped by department, like people_choices()."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for user in self.queryset:
            groups.setdefault(_department_of(user), []).append(self.choice(user))
        yield from groups.items()


class _Picker:
    """The searchable people picker (templates/components/people_picker.html and
    static/js/people-picker.js) over a plain <select>: without JavaScript the select is the field
    and posts as it always did; with it, the select is hidden and kept in step with a search box
    (org:people, in the schema of the request), a list of what was found and the chosen people as
    removable chips. Only people the select offers can be picked, so a field that offers fewer
    people than the whole institution keeps its own rule; `departments` narrows the search to the
    departments such a field draws from, so its few people are not crowded out of the results."""

    template_name = "components/people_picker.html"

    def __init__(self, attrs=None, *, departments: Iterable[int] | None = None):
        super().__init__(attrs)
        self.departments = departments

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("org:people")
        if self.departments is not None:
            url += "?" + urlencode([("department", pk) for pk in self.departments])
        context["widget"]["search_url"] = url
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The component lives with the site's templates, which Django's form renderer does not read.
        return get_template(self.template_name).render(self.get_context(name, value, attrs))


class PeoplePicker(_Picker, forms.SelectMultiple):
    pass


class PersonPicker(_Picker, forms.Select):
    pass


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people (active staff unless a queryset is given), cleaned to a list in the order
    they were picked (the picker posts them in that order)."""

    widget = PeoplePicker
    iterator = _ByDepartment

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(queryset=active_staff() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return person_label(obj, "directory")

    def clean(self, value):
        people = super().clean(value)
        order = {str(pk): n for n, pk in enumerate(value or [])}
        return sorted(people, key=lambda user: order.get(str(user.pk), len(order)))


class PersonField(forms.ModelChoiceField):
    """One person (active staff unless a queryset is given), picked like PeopleField."""

    widget = PersonPicker
    iterator = _ByDepartment

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(queryset=active_staff() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return person_label(obj, "directory")


# --- The institution console ----------------------------------------------------------------------


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return roles.ROLE_LABELS.get(obj.name, obj.name)


class AuditorRoleForm(forms.Form):
    """The province console's 감사 담당 page: appoint or relieve one person of one institution."""

    institution = forms.ChoiceField(label=_("기관"))
    action = forms.ChoiceField(choices=[("appoint", _("지정")), ("relieve", _("해제"))], widget=forms.HiddenInput)
    person = forms.CharField(label=_("사번 또는 아이디"), max_length=150)
    reason = forms.CharField(label=_("사유"), max_length=200, help_text=_("두 기관의 감사 기록에 남습니다."))

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(i.code, f"{i.name} ({i.code})") for i in institutions]


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_(
            "CSV 또는 XLSX, 5MB 이하. 첫 줄은 열 이름: 사번, 성명, 아이디, 부서코드 (필수) / "
            "직위, 직급, 입사일, 재직상태, 이메일, 전화번호, 역할 (선택)"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.STAFF_IMPORT_MAX_BYTES:
            raise ValidationError(_("파일이 너무 큽니다(최대 5MB)."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다."))
        return upload


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ("user", "reason", "starts_at", "ends_at", "proxy", "note")

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("user", "proxy", "starts_at", "ends_at")):
            absence_check(
                user=data["user"],
                proxy=data["proxy"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                exclude_pk=self.instance.pk,
            )
        return data


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ("name", "code", "parent", "head", "order", "phone", "is_active")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return parent
        if self.instance.pk and parent.path.startswith(self.instance.path):
            raise ValidationError(_("자기 자신이나 하위 부서를 상위 부서로 지정할 수 없습니다."))
        if parent.depth + 1 >= DEPARTMENT_MAX_DEPTH:
            raise ValidationError(_("부서는 %(n)d단계까지만 둘 수 있습니다.") % {"n": DEPARTMENT_MAX_DEPTH})
        return parent
