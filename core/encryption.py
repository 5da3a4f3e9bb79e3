"""Personal data encrypted at rest (주민등록번호, bank account numbers) and shown masked.

`EncryptedCharField` stores its value as a Fernet token (AES-128-CBC with an HMAC-SHA256 tag,
from the `cryptography` package) made with the newest of ``settings.FIELD_ENCRYPTION_KEYS``; any
key listed decrypts. Python code always sees the plain value; the database and its dumps see
only tokens. Rotation: put a new key first in FIELD_ENCRYPTION_KEYS, run
``manage.py encryption_rotate`` (re-encrypts every encrypted column of every schema with the new
key), then drop the old key.

Why not a packaged field: django-fernet-encrypted-fields (the maintained one) derives its keys
from SECRET_KEY, so rotating a leaked SECRET_KEY without its fallback makes the data unreadable;
on a key it cannot use it returns the token as if it were the value (a page would show
ciphertext, and a save would encrypt the token again); and it marks "already decrypted" on the
field object shared by every thread. The cryptography here is `cryptography`'s; this module is
only the Django glue, small enough to read whole.

An encrypted column can be compared only with ``isnull``: the same value encrypts differently
every time, so ``filter(rrn=...)`` would silently match nothing and is refused instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Lookup
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []))
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: encrypted fields need a key")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a malformed key ({error})") from None


@receiver(setting_changed)
def _keys_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


class UndecryptableValue(ImproperlyConfigured):
    """A stored token no configured key opens: a key was dropped before `encryption_rotate` ran,
    or the database came from another deployment. Raised, never shown as if it were the value."""


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise UndecryptableValue(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEYS: was a key removed too soon?"
        ) from None


def rotate(token: str) -> str:
    """The token re-encrypted with the newest key (the same token's value, a new token)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise UndecryptableValue("An encrypted value cannot be rotated: no configured key opens it") from None


class EncryptedCharField(models.CharField):
    """A CharField whose value is stored encrypted. `max_length` limits the plain value (as a
    form sees it); the column is text, since a token is about four times longer than its value.
    Empty strings and None are stored as they are (an absent account is not a secret)."""

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name != "isnull":
            raise NotImplementedError(
                f"{self.model.__name__}.{self.name} is encrypted: it cannot be compared ({lookup_name}) in a query"
            )
        return super().get_lookup(lookup_name)


def encrypted_fields(models_iter: Iterable[type[models.Model]]) -> Iterator[tuple[type[models.Model], list[str]]]:
    """Each model with encrypted fields, and those fields' attribute names."""
    for model in models_iter:
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if names:
            yield model, names


# --- Masking: what a page shows instead of the value ------------------------------------------------


def mask_rrn(rrn: str) -> str:
    """주민등록번호 as it may be shown: birth date and the sex digit, the rest hidden
    (``900101-1******``), per the 개인정보 보호위원회's masking guidance. Anything that is not a
    13-digit number is hidden whole."""
    digits = "".join(ch for ch in rrn if ch.isdigit())
    if len(digits) != 13:
        return "*" * len(rrn) if rrn else ""
    return f"{digits[:6]}-{digits[6]}******"


def mask_account(account: str, visible: int = 4) -> str:
    """A bank account number with all but its last `visible` digits hidden, its hyphens kept
    (``***-***-**6789``), so the owner recognises it and nobody else can use it."""
    digits_seen = 0
    total = sum(ch.isdigit() for ch in account)
    out = []
    for ch in account:
        if ch.isdigit():
            digits_seen += 1
            out.append(ch if digits_seen > total - visible else "*")
        else:
            out.append(ch)
    return "".join(out)
