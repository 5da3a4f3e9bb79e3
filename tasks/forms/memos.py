"""Forms of the memo-report pages. They parse and offer choices; the rules live in
tasks.services.memos, whose ValidationErrors are keyed by these same field names."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.params import DateField
from core.people import person_label
from core.uploads import ALLOWED_EXTENSIONS
from org.forms import PeopleField, people_choices
from org.models import User
from tasks.models import MemoReport, UnitTask
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.selectors.memos import MemoFilters, active_colleagues, superiors_for


class UnitTaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitTask) -> str:
        return f"[{obj.department.name}] {obj.name} ({obj.code})"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each file is checked by core.uploads in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class MemoForm(forms.Form):
    kind = forms.ChoiceField(label=_("구분"), choices=MemoReport.Kind.choices, initial=MemoReport.Kind.REPORT)
    recipients = PeopleField(label=_("받는 사람"), queryset=User.objects.none())
    title = forms.CharField(label=_("제목"), max_length=200)
    body = forms.CharField(label=_("내용"), widget=forms.Textarea(attrs={"rows": 10}))
    unit_task = UnitTaskChoiceField(
        label=_("단위과제"), queryset=UnitTask.objects.none(), required=False, empty_label=_("(등록하지 않음)")
    )
    files = MultipleFileField(
        label=_("첨부파일"),
        required=False,
        help_text=_("%(n)d개, 파일당 %(mb)dMB까지. 형식: %(ext)s")
        % {
            "n": settings.ATTACHMENT_MAX_FILES,
            "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "ext": ", ".join(ALLOWED_EXTENSIONS),
        },
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = active_colleagues(user)
        self.fields["recipients"].queryset = colleagues
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        # Superiors (부서장) first, nearest first, for whoever picks from the list without the
        # search; the field keeps the order the people were posted in.
        superiors = superiors_for(user)
        first = {u.pk for u in superiors}
        choices: list = []
        if superiors:
            choices.append((str(_("상급자")), [(u.pk, person_label(u, "directory")) for u in superiors]))
        choices.extend(people_choices(p for p in colleagues if p.pk not in first))
        self.fields["recipients"].choices = choices


class MemoReplyForm(forms.Form):
    body = forms.CharField(label=_("답글 쓰기"), widget=forms.Textarea(attrs={"rows": 3}))


DATE_INPUT = {"type": "date"}
READ_CHOICES = [("", _("전체")), ("unread", _("안읽음")), ("read", _("읽음"))]
SENT_READ_CHOICES = [("", _("전체")), ("unread", _("안 읽은 사람 있음")), ("read", _("모두 읽음"))]


class MemoFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, help_text=_("제목, 내용, 작성자"))
    read = forms.ChoiceField(label=_("읽음 여부"), choices=READ_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("구분"), choices=[("", _("전체")), *MemoReport.Kind.choices], required=False)
    date_from = DateField(label=_("보낸 날짜부터"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = DateField(label=_("까지"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, sent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if sent:  # on the sent list the question is whether every recipient has read it
            self.fields["read"].label = _("읽음 확인")
            self.fields["read"].choices = SENT_READ_CHOICES

    def filters(self) -> MemoFilters:
        """The valid filters; an invalid value (a mistyped date) is ignored, not fatal."""
        self.is_valid()
        data = self.cleaned_data
        return MemoFilters(
            q=(data.get("q") or "").strip(),
            read=data.get("read") or "",
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
