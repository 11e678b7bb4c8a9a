"""HTTP with manners: a timeout on every call, bounded retries with backoff on 5xx and network errors
only, one error type, and a log line per attempt that never carries a secret."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from linkedin_integration.client.errors import LinkedInError, error_for_status

logger = logging.getLogger("linkedin_integration.client")

# LinkedIn's own SDK: 3 retries, 1 s doubling, capped at 10 s.
RETRIES = 3
FIRST_DELAY = 1.0
MAX_DELAY = 10.0


# requests' errors that mean the request itself is malformed, not that the network or LinkedIn failed.
BUILT_WRONG = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.URLRequired,
    requests.exceptions.InvalidHeader,
    requests.exceptions.InvalidJSONError,
)


def _network_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timeout"
    if isinstance(exc, requests.ConnectionError):
        return "connection error"
    return f"network error: {type(exc).__name__}"


def backoff_delays(retries: int = RETRIES, first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> list[float]:
    return [min(first * 2**i, cap) for i in range(retries)]


class Transport:
    """Sends one request, retrying what may succeed later; raises LinkedInError for everything else."""

    def __init__(
        self,
        *,
        timeout: float,
        clock: Callable,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
        retries: int = RETRIES,
    ):
        if not timeout or timeout <= 0:
            raise ValueError("every LinkedIn call needs a positive timeout")
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self.session = session or requests.Session()
        # What requests reads from the environment (proxies, CA bundle) is read once per origin here,
        # not on every call: a sync makes thousands, and scanning the environment cost more per call
        # than sending it.
        self.session.trust_env = False
        self._environment: dict[tuple[str, str], dict] = {}
        self.delays = backoff_delays(retries)

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        data: dict | None = None,
        json_body: dict | None = None,
    ) -> requests.Response:
        """The 2xx response, or LinkedInError. Bodies (forms with secrets, tokens) are never logged."""
        path = urlsplit(url).path
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                environment = self._environment_for(url)
                # Prepared here and handed to send(): Session.request would also merge the session's
                # cookies, auth and hooks into every call, which an API client has none of, at a cost
                # per call a backfill's thousands of calls notice. The session's own headers (its
                # User-Agent, Accept-Encoding) are kept.
                merged = CaseInsensitiveDict(self.session.headers)
                merged.update(headers or {})
                request = requests.Request(method, url, headers=merged, data=data, json=json_body)
                response = self.session.send(
                    request.prepare(),
                    timeout=self.timeout,
                    allow_redirects=False,
                    proxies=environment["proxies"],
                    verify=environment["verify"],
                    cert=environment["cert"],
                )
            except BUILT_WRONG as exc:
                # Our request (or the configured base URL) is malformed: sending it again cannot help.
                self._log(logging.ERROR, method, path, type(exc).__name__, started, attempt)
                raise LinkedInError(
                    f"The request to LinkedIn could not be sent ({type(exc).__name__}); check "
                    "LINKEDIN_API_BASE and LINKEDIN_OAUTH_BASE",
                    None,
                    permanent=True,
                ) from None
            except requests.RequestException as exc:
                # Everything else happened on the way (connection refused or reset, timeout, a body cut
                # short or badly encoded): the same request may well succeed a moment later.
                reason = _network_reason(exc)
                self._log(logging.WARNING, method, path, reason, started, attempt)
                if attempt <= len(self.delays):
                    self.sleep(self.delays[attempt - 1])
                    continue
                raise LinkedInError(
                    f"LinkedIn could not be reached ({reason}) after {attempt} attempts",
                    None,
                    permanent=False,
                ) from None
            status = response.status_code
            if 200 <= status < 300:
                self._log(logging.INFO, method, path, status, started, attempt)
                return response
            self._log(logging.WARNING, method, path, status, started, attempt)
            if status >= 500 and attempt <= len(self.delays):
                self.sleep(self.delays[attempt - 1])
                continue
            error = error_for_status(
                status, response.content, now=self.clock(), retry_after=response.headers.get("Retry-After")
            )
            if status >= 500:
                error.message = f"{error.message} (after {attempt} attempts)"
                error.args = (error.message,)
            raise error

    def _environment_for(self, url: str) -> dict:
        origin = urlsplit(url)[:2]
        found = self._environment.get(origin)
        if found is None:
            reader = requests.Session()  # trust_env: as a plain requests call would see it
            found = reader.merge_environment_settings(url, {}, None, None, None)
            reader.close()
            self._environment[origin] = found
        return found

    @staticmethod
    def _log(level, method, path, status, started, attempt):
        duration_ms = round((time.monotonic() - started) * 1000)
        logger.log(
            level,
            "linkedin %s %s -> %s in %d ms (attempt %d)",
            method,
            path,
            status,
            duration_ms,
            attempt,
            extra={
                "linkedin_method": method,
                "linkedin_path": path,
                "linkedin_status": status,
                "duration_ms": duration_ms,
                "attempt": attempt,
            },
        )
