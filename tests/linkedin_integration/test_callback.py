"""The RSC callback at /linkedin/rsc/callback/, beyond the basics in test_rsc.py: who may call it, what
it checks first, what a push costs, and the secret it checks against."""

import json

import pytest
from django.test import Client

from linkedin_integration.models import LinkedInSettings, PushNotification
from tests.linkedin_integration.test_rsc import (  # noqa: F401
    CALLBACK,
    SECRET,
    connected,
    push,
    signed,
    status_change,
)


@pytest.fixture
def enqueued(monkeypatch):
    """The pks handed to the task queue (once their row is committed: see committing)."""
    import linkedin_integration.views.rsc as rsc_views

    sent = []
    monkeypatch.setattr(rsc_views, "_enqueue", lambda pk, kind: sent.append(pk))
    return sent


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Runs what waits for the commit at the end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_before_connecting_the_challenge_is_unanswerable_and_pushes_are_refused(db, client):
    challenge = client.get(CALLBACK, {"challengeCode": "abc"})
    pushed = push(client, status_change())

    assert challenge.status_code == 503 and "not connected" in challenge.json()["error"]
    assert pushed.status_code == 401
    assert not PushNotification.objects.exists()


def test_the_signature_is_checked_before_the_body_is_read(connected, client):  # noqa: F811
    response = push(client, None, raw=b"{not json", signature="0" * 64)

    assert response.status_code == 401
    assert not PushNotification.objects.exists()


def test_the_signature_covers_the_raw_bytes_as_sent(connected, client, enqueued):  # noqa: F811
    raw = b'{ "type" : "INTEGRATION_STATUS_CHANGE",\n  "id": "evt-spaced", "expiresAt": 1893456000000 }'

    accepted = push(client, None, raw=raw)
    reserialized = push(
        client,
        None,
        raw=json.dumps(json.loads(raw)).encode(),
        signature=signed(raw),
    )

    assert (accepted.status_code, reserialized.status_code) == (202, 401)
    assert list(PushNotification.objects.values_list("notification_id", flat=True)) == ["evt-spaced"]


def test_a_push_signed_with_another_apps_secret_is_refused(connected, client):  # noqa: F811
    body = json.dumps(status_change()).encode()

    response = push(client, None, raw=body, signature=signed(body, secret="someone-elses-secret"))

    assert response.status_code == 401 and not PushNotification.objects.exists()


def test_a_new_app_secret_is_used_at_once_after_it_is_saved(connected, client, enqueued):  # noqa: F811
    assert push(client, status_change("evt-old")).status_code == 202
    linkedin = LinkedInSettings.load()
    linkedin.app_client_secret = "rotated-secret"
    linkedin.save()
    body = json.dumps(status_change("evt-new")).encode()

    with_old = push(client, None, raw=body)
    with_new = push(client, None, raw=body, signature=signed(body, secret="rotated-secret"))

    assert (with_old.status_code, with_new.status_code) == (401, 202)


def test_linkedin_needs_no_csrf_token_nor_a_sign_in(connected, enqueued, committing):  # noqa: F811
    strict = Client(enforce_csrf_checks=True)

    with committing():
        response = push(strict, status_change())

    assert response.status_code == 202
    assert enqueued == [PushNotification.objects.get().pk]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(connected, client, method):  # noqa: F811
    assert getattr(client, method)(CALLBACK).status_code == 405


@pytest.mark.parametrize(
    "raw, message",
    [
        (b'{"id": "x", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": "tomorrow"}', "expiresAt"),
        (b'{"id": "", "type": "INTEGRATION_STATUS_CHANGE"}', "no id"),
        (b'{"id": "x", "type": 7}', "no type"),
        (b"\xff\xfe not utf-8", "not JSON"),
    ],
)
def test_more_malformed_pushes_are_a_400_and_nothing_is_stored(connected, client, raw, message):  # noqa: F811
    response = push(client, None, raw=raw)

    assert response.status_code == 400 and message in response.json()["error"]
    assert not PushNotification.objects.exists()


def test_an_overlong_challenge_code_is_refused(connected, client):  # noqa: F811
    assert client.get(CALLBACK, {"challengeCode": "x" * 201}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_push_costs_one_insert_and_no_call_to_linkedin(
    connected,  # noqa: F811
    client,
    monkeypatch,
    mocked,
    django_assert_num_queries,
):
    import linkedin_integration.views.rsc as rsc_views

    sent = []
    monkeypatch.setattr(rsc_views, "_enqueue", lambda pk, kind: sent.append(pk))
    push(client, status_change("evt-warm"))  # the process has now read and cached the app's secret

    with django_assert_num_queries(1):  # autocommit, as in production: the INSERT alone
        first = push(client, status_change("evt-1"))
    with django_assert_num_queries(1):  # the same INSERT, which the stored id turns into nothing
        replay = push(client, status_change("evt-1"))

    assert (first.status_code, replay.status_code) == (202, 200)
    assert len(mocked.calls) == 0
    assert len(sent) == 2


def test_the_stored_push_keeps_what_linkedin_sent(connected, client, enqueued):  # noqa: F811
    push(client, status_change("evt-keep"))

    stored = PushNotification.objects.get()
    assert (stored.type, stored.status, stored.attempts) == (
        "INTEGRATION_STATUS_CHANGE",
        PushNotification.Status.RECEIVED,
        0,
    )
    assert stored.expires_at.year == 2030
    assert stored.payload["id"] == "evt-keep"


def test_a_replay_of_a_processed_push_is_acknowledged_and_changes_nothing(
    connected,  # noqa: F811
    client,
    enqueued,
    committing,
):
    with committing():
        push(client, status_change("evt-done"))
    PushNotification.objects.update(status=PushNotification.Status.PROCESSED)

    with committing():
        replay = push(client, status_change("evt-done"))

    assert replay.status_code == 200
    assert PushNotification.objects.get().status == PushNotification.Status.PROCESSED
    assert len(enqueued) == 1


def test_the_secret_is_never_in_an_answer(connected, client):  # noqa: F811
    answers = [
        client.get(CALLBACK, {"challengeCode": "abc"}),
        push(client, status_change(), signature="0" * 64),
        push(client, None, raw=b"{}"),
    ]
    assert all(SECRET not in answer.content.decode() for answer in answers)


def test_without_insert_returning_a_push_is_still_stored_once(
    connected, client, enqueued, committing, monkeypatch
):
    from django.db import connection

    # SQLite before 3.35 has no INSERT ... RETURNING (Django 5.2 accepts 3.31).
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    with committing():
        first = push(client, status_change("evt-old-sqlite"))
        replay = push(client, status_change("evt-old-sqlite"))

    stored = PushNotification.objects.get(notification_id="evt-old-sqlite")
    assert (first.status_code, replay.status_code) == (202, 200)
    assert enqueued == [stored.pk]
    assert stored.status == PushNotification.Status.RECEIVED and stored.received_at is not None
