"""The one error type of the LinkedIn client, and how LinkedIn's error answers become it."""

from __future__ import annotations

import datetime as dt
import json

MESSAGE_LIMIT = 300


class LinkedInError(Exception):
    """A LinkedIn call that did not succeed.

    `permanent` tells the caller whether trying the same call again later can help: False for throttling
    (429, with `retry_at` when the quota resets), LinkedIn being down (5xx) or unreachable; True for
    every other refusal (4xx) and for answers that break the contract. `message` is LinkedIn's own words
    when it gave any; it never holds a token, secret or authorization code.
    """

    def __init__(
        self,
        message: str,
        status: int | None = None,
        permanent: bool = True,
        retry_at: dt.datetime | None = None,
        *,
        service_error_code: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.permanent = permanent
        self.retry_at = retry_at
        self.service_error_code = service_error_code

    def __repr__(self):
        return (
            f"LinkedInError({self.message!r}, status={self.status}, permanent={self.permanent}, "
            f"retry_at={self.retry_at!r})"
        )

    @property
    def answer(self) -> str:
        """One line for the audit log: the HTTP status (when there was one) and LinkedIn's message."""
        return f"HTTP {self.status}: {self.message}" if self.status else self.message


def unexpected_answer(what: str, status: int | None = None) -> LinkedInError:
    """The answer breaks the contract: asking again the same way will not make it right."""
    return LinkedInError(f"LinkedIn's answer to {what} was not understood", status, permanent=True)


def next_quota_reset(now: dt.datetime) -> dt.datetime:
    """LinkedIn's daily quotas reset at midnight UTC."""
    today = now.astimezone(dt.UTC).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)


def linkedin_message(body: bytes | str | None, status: int) -> tuple[str, int | None]:
    """LinkedIn's message from an error body: Rest.li `{message, serviceErrorCode, status}` or OAuth
    `{error, error_description}`; otherwise a plain description of the status."""
    fallback = f"LinkedIn answered HTTP {status}"
    if not body:
        return fallback, None
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return fallback, None
    if not isinstance(data, dict):
        return fallback, None
    message = data.get("message") or data.get("error_description") or data.get("error")
    code = data.get("serviceErrorCode")
    code = code if isinstance(code, int) and not isinstance(code, bool) else None
    if not isinstance(message, str) or not message.strip():
        message = fallback if code is None else f"{fallback} (service error {code})"
    return message.strip()[:MESSAGE_LIMIT], code


def error_for_status(
    status: int, body: bytes | str | None, *, now: dt.datetime, retry_after: str | None = None
) -> LinkedInError:
    """The LinkedInError for a non-2xx answer, classified by the client's manners."""
    message, code = linkedin_message(body, status)
    if status == 429:
        return LinkedInError(
            message, status, permanent=False, retry_at=_retry_at(now, retry_after), service_error_code=code
        )
    return LinkedInError(message, status, permanent=status < 500, service_error_code=code)


def _retry_at(now: dt.datetime, retry_after: str | None) -> dt.datetime:
    # LinkedIn promises no Retry-After; honour one if it ever comes, else wait for the daily reset.
    if retry_after and retry_after.strip().isdigit():
        return now + dt.timedelta(seconds=int(retry_after.strip()))
    return next_quota_reset(now)
