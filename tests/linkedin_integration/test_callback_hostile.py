"""The RSC callback against hostile input: every refusal is a 4xx with a message and nothing is stored;
a push that cannot be stored is refused (LinkedIn would retry a 500 forever)."""

import json

import pytest

from linkedin_integration.models import PushNotification
from tests.linkedin_integration.test_rsc import connected, push, signed  # noqa: F401


@pytest.fixture
def enqueued(monkeypatch):
    import linkedin_integration.views.rsc as rsc_views

    sent = []
    monkeypatch.setattr(rsc_views, "_enqueue", lambda pk, kind: sent.append(pk))
    return sent


@pytest.mark.parametrize("signature", ["é" * 64, "\u00ff" + "0" * 63, "ß", "0" * 63 + "\x00"])
def test_a_non_ascii_signature_is_refused_with_401_and_nothing_stored(connected, client, signature):  # noqa: F811
    body = json.dumps({"id": "evt-1", "type": "INTEGRATION_STATUS_CHANGE"}).encode()

    response = push(client, None, raw=body, signature=signature)

    assert response.status_code == 401
    assert "X-LI-Signature" in response.json()["error"]
    assert not PushNotification.objects.exists()


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            b'{"id": "evt-far", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 100000000000000000000}',
            "expiresAt",
        ),
        (
            b'{"id": "evt-past", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": -100000000000000000000}',
            "expiresAt",
        ),
        (b'{"id": "evt-bool", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": true}', "expiresAt"),
        (b'{"id": "evt\\u0000nul", "type": "INTEGRATION_STATUS_CHANGE"}', "id"),
        (b'{"id": "evt\\ud800lone", "type": "INTEGRATION_STATUS_CHANGE"}', "id"),
        (b'{"id": "evt-ok", "type": "INTEGRATION_STATUS_CHANGE\\u0000"}', "type"),
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b', "type": "INTEGRATION_STATUS_CHANGE"}', "nested"),
    ],
    ids=[
        "expires-far-future",
        "expires-far-past",
        "expires-bool",
        "nul-in-id",
        "lone-surrogate",
        "nul-type",
        "deep-array",
        "deep-id",
    ],
)
def test_a_signed_push_that_cannot_be_stored_is_a_400_and_nothing_stored(
    connected,  # noqa: F811
    client,
    enqueued,
    raw,
    message,
):
    response = push(client, None, raw=raw, signature=signed(raw))

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushNotification.objects.exists()
    assert enqueued == []


def test_an_expiry_at_the_edge_of_the_calendar_is_still_stored(connected, client, enqueued):  # noqa: F811
    raw = b'{"id": "evt-edge", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 253402300799999}'

    response = push(client, None, raw=raw, signature=signed(raw))

    assert response.status_code == 202
    assert PushNotification.objects.get().expires_at.year == 9999
