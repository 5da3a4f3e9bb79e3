"""The sign-in form every host's login page uses."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's form sets the username's length limit on the widget only, so a longer name went
    on to `authenticate()`, where django-axes records the failed attempt in a 255-character
    column: a server error instead of a form error. The limit is checked here, before anything
    records the attempt."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
