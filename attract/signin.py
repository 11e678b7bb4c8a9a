"""Sign-in throttling: repeated failures for one account or from one address slow sign-ins down, then
lock them for a while.

After SLOW_AFTER failures a further attempt must wait a delay that doubles with each failure (2 s, 4 s,
8 s ... at most MAX_DELAY); after LOCK_AFTER failures attempts are refused for LOCK_SECONDS. Nothing
sleeps: a refused attempt is answered at once with how long to wait, so guessing costs the guesser time
and no web worker is held. An address gets more room than an account (an office shares one address).
A successful sign-in clears its account's count; an address's count only expires. The counts live in
the cache (Redis when set, shared by every web process); a cache that does not answer lets sign-ins
through rather than lock everyone out.

The check sits in the authentication backend, so every sign-in form (Attract's and Django's admin) is
throttled; SignInForm says why an attempt was refused.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    slow_after: int
    lock_after: int


ACCOUNT = Limit(slow_after=3, lock_after=10)
ADDRESS = Limit(slow_after=10, lock_after=50)
MAX_DELAY = 60
LOCK_SECONDS = 15 * 60
# Changed by the tests so each starts with no failures on record.
KEY_SPACE = "signin"


def _now() -> float:
    return time.time()


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{KEY_SPACE}:{kind}:{digest}"


def client_address(request) -> str:
    """The address a sign-in comes from. Behind the proxy an https deployment sits behind, that is the
    last address of X-Forwarded-For (the one the proxy added; earlier ones are the client's to write)."""
    if request is None:
        return ""
    if settings.SIGNIN_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _keys(username: str, address: str) -> list[tuple[str, Limit]]:
    keys = [(_key("account", username), ACCOUNT)]
    if address:
        keys.append((_key("address", address), ADDRESS))
    return keys


def _wait_for(record, limit: Limit, now: float) -> float:
    failures, last = record
    if failures >= limit.lock_after:
        delay = LOCK_SECONDS
    elif failures >= limit.slow_after:
        delay = min(2 ** (failures - limit.slow_after + 1), MAX_DELAY)
    else:
        return 0
    return max(0.0, last + delay - now)


def seconds_to_wait(username: str, address: str) -> float:
    """How long the next attempt for this account from this address must wait; 0 when it may go."""
    keys = _keys(username, address)
    try:
        records = cache.get_many([key for key, _ in keys])
    except Exception:  # noqa: BLE001 - a cache outage must not lock everyone out
        log.warning("Sign-in throttling is off: the cache did not answer.")
        return 0
    now = _now()
    return max((_wait_for(records[key], limit, now) for key, limit in keys if key in records), default=0)


def record_failure(username: str, address: str) -> None:
    keys = _keys(username, address)
    try:
        records = cache.get_many([key for key, _ in keys])
        now = _now()
        cache.set_many(
            {key: (records.get(key, (0, now))[0] + 1, now) for key, _ in keys}, timeout=LOCK_SECONDS
        )
    except Exception:  # noqa: BLE001
        log.warning("A failed sign-in was not counted: the cache did not answer.")


def record_success(username: str) -> None:
    try:
        cache.delete(_key("account", username))
    except Exception:  # noqa: BLE001
        log.warning("A sign-in's earlier failures were not cleared: the cache did not answer.")


def wait_message(seconds: float) -> str:
    if seconds > 90:
        minutes = -(-int(seconds) // 60)
        return (
            "Too many failed sign-ins: signing in is locked for this account or address. "
            f"Try again in {minutes} minutes."
        )
    whole = max(1, -(-int(seconds * 10) // 10))
    return f"Too many failed sign-ins: wait {whole} second{'s' if whole != 1 else ''} before trying again."


class ThrottledBackend(ModelBackend):
    """Django's ModelBackend behind the throttle: a throttled attempt is refused before the password is
    checked (and is not counted again); a wrong password is counted, a right one clears the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        name, address = username or "", client_address(request)
        if seconds_to_wait(name, address) > 0:
            raise PermissionDenied("Too many failed sign-ins.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(name, address)
        else:
            record_success(name)
        return user


class SignInForm(AuthenticationForm):
    """The sign-in form, saying when and for how long sign-ins are throttled."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        wait = seconds_to_wait(username, client_address(self.request))
        if wait > 0:
            raise ValidationError(wait_message(wait), code="throttled")
        return super().clean()
