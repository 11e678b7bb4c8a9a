"""What the sandbox sends to the ATS, as LinkedIn does: signed push notifications and the callback's
challenge check. Outgoing HTTP happens outside any transaction (the ATS may call the sandbox back while
answering) and a failure is recorded and shown, never raised."""

import hashlib
import hmac
import json
import time
import uuid

import requests

from linkedin_sandbox.models import Application, Event, Push

PUSH_TIMEOUT = 5
CHALLENGE_TIMEOUT = 3
ANSWER_KEPT = 500


def signature(secret: str, body: bytes) -> str:
    """X-LI-Signature: hex HMAC-SHA256 over "hmacsha256=" + the raw body, keyed with the app's secret."""
    return hmac.new(secret.encode(), b"hmacsha256=" + body, hashlib.sha256).hexdigest()


def challenge_response(secret: str, challenge_code: str) -> str:
    return hmac.new(secret.encode(), challenge_code.encode(), hashlib.sha256).hexdigest()


def push_body(event: Event) -> bytes:
    expires_ms = int(event.expires_at.timestamp() * 1000)
    return json.dumps(
        {"id": event.event_id, "type": event.type, "expiresAt": expires_ms}, separators=(",", ":")
    ).encode()


def push_deliver(*, event: Event) -> Push:
    """POST the event's notification to its callback once and record what the ATS answered."""
    app = event.application
    body = push_body(event)
    push = Push(
        event=event, url=event.callback_url, body=body.decode(), signature=signature(app.client_secret, body)
    )
    if not event.callback_url:
        push.error = "Not sent: the ATS has configured no CALLBACK_URL."
    else:
        started = time.monotonic()
        try:
            response = requests.post(
                event.callback_url,
                data=body,
                headers={"Content-Type": "application/json", "X-LI-Signature": push.signature},
                timeout=PUSH_TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            push.error = f"Delivery failed: {exc}"[:ANSWER_KEPT]
        else:
            push.status_code = response.status_code
            push.answer = response.text[:ANSWER_KEPT]
        push.duration_ms = int((time.monotonic() - started) * 1000)
    push.save()
    return push


def challenge_check(*, application: Application, url: str) -> tuple[bool, str]:
    """GET <callback>?challengeCode=<uuid> and check the answer as LinkedIn does: (passed, what happened)."""
    if not url:
        return False, "No CALLBACK_URL is configured."
    code = str(uuid.uuid4())
    try:
        response = requests.get(
            url, params={"challengeCode": code}, timeout=CHALLENGE_TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as exc:
        return False, f"The callback did not answer: {exc}"
    if response.status_code != 200:
        return False, f"The callback answered HTTP {response.status_code}."
    try:
        answer = response.json()
    except ValueError:
        return False, "The callback's answer is not JSON."
    if not isinstance(answer, dict) or answer.get("challengeCode") != code:
        return False, "The answer does not echo the challengeCode."
    expected = challenge_response(application.client_secret, code)
    if not hmac.compare_digest(str(answer.get("challengeResponse", "")), expected):
        return False, "challengeResponse is not HMAC-SHA256(client secret, challengeCode)."
    return True, "The callback answered the challenge correctly."
