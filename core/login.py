"""The sign-in form every host's login page uses."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest


class LoginForm(AuthenticationForm):
    """Django's form sets the username's length limit on the widget only, so a longer name went
    on to `authenticate()`, where django-axes records the failed attempt in a 255-character
    column: a server error instead of a form error. The limit is checked here, before anything
    records the attempt."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm declares the username as a UsernameField (a CharField); its __init__
        # has just set max_length from the user model. The stubs know the field only as a Field.
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length))
