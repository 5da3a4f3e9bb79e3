"""The action forms on the document page. They parse input; the rules (whose turn, which state)
live in approval.services, whose ValidationErrors are keyed by these same field names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from approval.services import REJECT_TO_DRAFTER, REJECT_TO_PREVIOUS
from core.fields import LimitedCharField
from org.forms import PeopleField, PersonField, people_choices


class ConfirmForm(forms.Form):
    """An action with nothing to fill in (보류 해제, 재기안, 후결): the POST itself is the request."""


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("선택 사항")
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("반려 사유"), widget=forms.Textarea(attrs={"rows": 2}))
    to = forms.ChoiceField(
        label=_("반려할 곳"),
        choices=[(REJECT_TO_DRAFTER, _("기안자에게")), (REJECT_TO_PREVIOUS, _("전 단계로"))],
        initial=REJECT_TO_DRAFTER,
        widget=forms.RadioSelect,
    )


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("보류 사유"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("회수 사유"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("의견"), widget=forms.Textarea(attrs={"rows": 3}))


class EditForm(forms.Form):
    title = LimitedCharField(label=_("제목"), max_length=300)
    body = forms.CharField(
        label=_("본문"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("수정하면 새 버전으로 남고, 이전 버전은 보고경로에서 볼 수 있습니다."),
    )
    note = LimitedCharField(label=_("수정 사유"), max_length=300, required=False)


class ReadGrantForm(forms.Form):
    """열람 권한 부여 (and 회수: the same one field)."""

    user = PersonField(label=_("열람 권한을 줄 직원"))

    def __init__(self, *args, choices: list | None = None, **kwargs):
        """`choices`: people_choices() when the page has already built them for another form."""
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "---------"), *(people_choices() if choices is None else choices)]


class CirculateForm(forms.Form):
    users = PeopleField(label=_("공람할 직원"))

    def __init__(self, *args, choices: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].choices = people_choices() if choices is None else choices
