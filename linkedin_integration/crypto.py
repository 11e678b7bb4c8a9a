"""Secrets at rest: Fernet encryption keyed from settings.

FIELD_ENCRYPTION_KEY holds one or more comma-separated Fernet keys (the first encrypts, all decrypt, so
keys can be rotated). Unset, a key is derived from SECRET_KEY so the embedded default needs no set-up.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(configured: str, secret_key: str) -> MultiFernet:
    if configured:
        try:
            keys = [Fernet(k.strip()) for k in configured.split(",") if k.strip()]
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be Fernet keys, comma-separated") from exc
    else:
        derived = hashlib.sha256(b"attract-field-encryption:" + secret_key.encode()).digest()
        keys = [Fernet(base64.urlsafe_b64encode(derived))]
    return MultiFernet(keys)


def fernet() -> MultiFernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted: FIELD_ENCRYPTION_KEY or SECRET_KEY changed"
        ) from exc


class EncryptedTextField(models.TextField):
    """Stores ciphertext; Python code sees the clear value. Never rendered by default widgets."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
