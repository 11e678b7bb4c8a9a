"""Client-credentials tokens cached in AccessToken rows (encrypted), one per app, shared by every caller.

LinkedIn gives no refresh token: a token is asked for again shortly before it expires. Concurrent
callers queue behind the one that fetches, and then reuse what it stored: a per-app lock within this
process (the only guard SQLite has), and on PostgreSQL an advisory lock across processes too (never a
transaction around the HTTP call).
"""

from __future__ import annotations

import datetime as dt
import inspect
import threading
import weakref
import zlib
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction

from linkedin_integration.client.shapes import TokenAnswer
from linkedin_integration.models import AccessToken

RENEWAL_MARGIN = dt.timedelta(seconds=60)

_process_locks: dict[str, threading.RLock] = {}
_process_locks_guard = threading.Lock()


def _process_lock(app: str) -> threading.RLock:
    with _process_locks_guard:
        return _process_locks.setdefault(app, threading.RLock())


@contextmanager
def _database_lock(app: str):
    """Across processes on PostgreSQL, a session-level advisory lock: it lives outside any transaction,
    so the caller waits for the one fetching without a transaction of its own. SQLite has one process
    here, guarded by the process lock."""
    if connection.vendor != "postgresql":
        yield
        return
    key = zlib.crc32(f"attract.linkedin.token.{app}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


class TokenCache:
    def __init__(
        self,
        *,
        fetch: Callable[[str], TokenAnswer],
        clock: Callable[[], dt.datetime],
        margin: dt.timedelta = RENEWAL_MARGIN,
    ):
        # A bound method of the client is held weakly: the client and its cache would otherwise form a
        # cycle that keeps the client's HTTP connections open until the cycle collector runs.
        self._fetch = weakref.WeakMethod(fetch) if inspect.ismethod(fetch) else (lambda: fetch)
        self.clock = clock
        self.margin = margin
        # What this client last read or fetched, per app: a sync's hundreds of calls (in parallel
        # threads, each with its own database connection) need not each read the row. A token revoked
        # early answers 401, and the caller forgets it here and in the row.
        self._held: dict[str, tuple[str, dt.datetime]] = {}
        self._held_guard = threading.Lock()

    @property
    def fetch(self) -> Callable[[str], TokenAnswer]:
        return self._fetch()

    def get(self, app: str) -> str:
        """A valid token for `app`: the one this client holds, the cached one, or one fetched by exactly
        one caller at a time."""
        with self._held_guard:
            held = self._held.get(app)
        if held is not None and self._fresh_until(held[1]):
            return held[0]
        cached = AccessToken.objects.filter(app=app).first()
        if cached is not None and self._fresh(cached):
            return self._hold(app, cached.token, cached.expires_at)
        if cached is None:
            AccessToken.objects.get_or_create(app=app)
        with _process_lock(app):
            return self._fetch_and_store(app)

    def _hold(self, app: str, token: str, expires_at: dt.datetime) -> str:
        with self._held_guard:
            self._held[app] = (token, expires_at)
        return token

    def _fetch_and_store(self, app: str) -> str:
        with _database_lock(app):
            # Another caller may have renewed it while this one waited for the lock.
            row = AccessToken.objects.get(app=app)
            if self._fresh(row):
                return self._hold(app, row.token, row.expires_at)
            # No transaction is open across the HTTP call: under SQLite it would hold the whole
            # database's write lock (the sandbox, answering from the same database, could not issue the
            # token), and under PostgreSQL a row lock held for a network round trip. Fetch, then store.
            answer = self.fetch(app)
            AccessToken.objects.filter(app=app).update(
                token=answer.access_token, expires_at=answer.expires_at
            )
            return self._hold(app, answer.access_token, answer.expires_at)

    def forget(self, app: str, token: str | None = None) -> None:
        """Drop the cached token (only if it is still `token`, when given: a concurrent caller may
        already have replaced a rejected token with a good one)."""
        with self._held_guard:
            if token is None or self._held.get(app, (None,))[0] == token:
                self._held.pop(app, None)
        with transaction.atomic():
            row = AccessToken.objects.select_for_update().filter(app=app).first()
            if row is None or (token is not None and row.token != token):
                return
            row.token = ""
            row.expires_at = None
            row.save(update_fields=["token", "expires_at"])

    def _fresh(self, row: AccessToken) -> bool:
        return bool(row.token) and self._fresh_until(row.expires_at)

    def _fresh_until(self, expires_at: dt.datetime | None) -> bool:
        return expires_at is not None and expires_at - self.margin > self.clock()
