"""Encrypted fields (core.encryption): what PostgreSQL stores is a token, what Python reads is the
value; a newer key takes over by rotation without losing what older keys encrypted; a token no
key opens is an error, never shown; masks as pages show them."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection, models
from django.test import override_settings

from core import encryption
from core.encryption import EncryptedCharField, UndecryptableValue, mask_account, mask_rrn

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


class _Holder(models.Model):
    rrn = EncryptedCharField(max_length=14, blank=True)

    class Meta:
        app_label = "core"
        managed = False

    def __str__(self) -> str:
        return f"holder {self.pk}"


def _field() -> EncryptedCharField:
    return _Holder._meta.get_field("rrn")  # type: ignore[return-value]


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD])
def test_postgres_stores_a_token_and_python_reads_the_value(db):
    field = _field()
    stored = field.get_db_prep_value("900101-1234567", connection)

    assert "900101" not in stored
    assert stored != field.get_db_prep_value("900101-1234567", connection)  # randomised per write
    with connection.cursor() as cursor:  # through a real text column and back
        cursor.execute("CREATE TEMP TABLE enc_probe (v text)")
        cursor.execute("INSERT INTO enc_probe VALUES (%s)", [stored])
        cursor.execute("SELECT v FROM enc_probe")
        (back,) = cursor.fetchone()
    assert field.from_db_value(back, None, connection) == "900101-1234567"


@override_settings(FIELD_ENCRYPTION_KEYS=[OLD])
def test_empty_and_null_are_stored_as_they_are():
    field = _field()

    assert field.get_db_prep_value("", connection) == ""
    assert field.get_db_prep_value(None, connection) is None
    assert field.from_db_value("", None, connection) == ""


def test_rotation_keeps_old_values_readable_and_moves_them_to_the_new_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        token = encryption.encrypt("110-123-456789")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        assert encryption.decrypt(token) == "110-123-456789"  # the old key still reads
        rotated = encryption.rotate(token)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):  # the old key dropped after rotation
        assert encryption.decrypt(rotated) == "110-123-456789"
        with pytest.raises(UndecryptableValue):
            encryption.decrypt(token)  # never returned as if it were the value


def test_an_encrypted_field_refuses_comparisons_it_cannot_make():
    with pytest.raises(NotImplementedError, match="encrypted"):
        _Holder.objects.filter(rrn="900101-1234567").query.get_compiler("default").as_sql()
    assert "IS NULL" in str(_Holder.objects.filter(rrn__isnull=True).query)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("900101-1234567", "900101-1******"),
        ("9001011234567", "900101-1******"),
        ("90010", "*****"),
        ("", ""),
    ],
)
def test_mask_rrn(value, shown):
    assert mask_rrn(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("110-123-456789", "***-***-**6789"),
        ("3333011234567", "*********4567"),
        ("12", "12"),
    ],
)
def test_mask_account(value, shown):
    assert mask_account(value) == shown


def test_encryption_rotate_re_encrypts_a_table_so_the_old_key_can_go(db):
    from core.management.commands.encryption_rotate import Command

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        tokens = [encryption.encrypt(v) for v in ("900101-1234567", "110-123-456789")]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE enc_rotate (id int primary key, v text)")
        cursor.executemany("INSERT INTO enc_rotate VALUES (%s, %s)", [(1, tokens[0]), (2, tokens[1]), (3, "")])
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        assert Command._rotate_table("enc_rotate", "id", ["v"]) == 2  # the empty value stays empty
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), connection.cursor() as cursor:
        cursor.execute("SELECT v FROM enc_rotate ORDER BY id")
        rows = [v for (v,) in cursor.fetchall()]
        assert [encryption.decrypt(v) for v in rows[:2]] == ["900101-1234567", "110-123-456789"]
        assert rows[2] == ""
