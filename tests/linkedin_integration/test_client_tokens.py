"""App tokens: cached (encrypted) in AccessToken, renewed shortly before expiry, shared by concurrent
callers, dropped and fetched again once when LinkedIn rejects them."""

import threading
import time

import pytest
import responses
from django.db import connection

from linkedin_integration.client import IntegrationKey, LinkedInError
from linkedin_integration.models import AccessToken
from tests.linkedin_integration.test_client_helpers import (
    API,
    CHILD_ID,
    CHILD_SECRET,
    PARTNER_ID,
    TOKEN_URL,
    FakeClock,
    Sleeps,
    add_token,
    calls_to,
    configure,
    connect_child_app,
    form,
    make_client,
)

STATUS_URL = f"{API}/v2/atsIntegrations"
EXPORT = IntegrationKey("urn:li:organization:1001", "ONE_CLICK_EXPORT")
EXPORT_KEY = (
    "integrationContext=urn%3Ali%3Aorganization%3A1001&integrationType=ONE_CLICK_EXPORT"
    "&tenantType=RECRUITER&dataProvider=ATS"
)
STATUS_ANSWER = {"results": {EXPORT_KEY: {"integrationName": "n", "status": "PARTNER_READY"}}}


@pytest.fixture(autouse=True)
def _linkedin(settings, db):
    configure(settings)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(clock):
    return make_client(clock, Sleeps())


def token_calls(mocked):
    return calls_to(mocked, TOKEN_URL)


def bearer(call):
    return call.request.headers["Authorization"]


def read_status(client):
    return client.integration_statuses([EXPORT]).ok[EXPORT].status


def test_the_first_data_call_fetches_a_child_app_token_with_client_credentials(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    assert read_status(client) == "PARTNER_READY"

    (token_call,) = token_calls(mocked)
    assert form(token_call) == {
        "grant_type": "client_credentials",
        "client_id": CHILD_ID,
        "client_secret": CHILD_SECRET,
    }
    assert token_call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert bearer(calls_to(mocked, STATUS_URL)[0]) == "Bearer child-token-1"


def test_two_calls_share_one_token(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    read_status(client)
    read_status(client)

    assert len(token_calls(mocked)) == 1
    assert [bearer(c) for c in calls_to(mocked, STATUS_URL)] == ["Bearer child-token-1"] * 2


def test_a_client_reads_the_cached_token_once_for_all_its_calls(client, mocked, django_assert_num_queries):
    """A sync makes hundreds of calls from parallel threads: the token is not read from the database,
    each on a connection of its own, for every one of them."""
    connect_child_app()
    add_token(mocked, "child-token-1")
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)
    read_status(client)

    with django_assert_num_queries(0):
        threads = [threading.Thread(target=read_status, args=(client,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        read_status(client)

    assert [bearer(c) for c in calls_to(mocked, STATUS_URL)] == ["Bearer child-token-1"] * 6


def test_a_token_revoked_early_is_dropped_by_the_client_holding_it(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    add_token(mocked, "child-token-2")
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)
    mocked.add(responses.GET, STATUS_URL, json={"message": "revoked"}, status=401)
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)
    read_status(client)

    assert read_status(client) == "PARTNER_READY"

    assert [bearer(c) for c in calls_to(mocked, STATUS_URL)] == [
        "Bearer child-token-1",
        "Bearer child-token-1",
        "Bearer child-token-2",
    ]
    assert client.app_token() == "child-token-2"


def test_another_client_instance_reuses_the_cached_token(clock, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    read_status(make_client(clock))
    read_status(make_client(clock))

    assert len(token_calls(mocked)) == 1


def test_a_token_a_minute_from_expiry_is_renewed_before_use(client, clock, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1", expires_in=1800)
    add_token(mocked, "child-token-2", expires_in=1800)
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    read_status(client)
    clock.advance(seconds=1800 - 59)
    read_status(client)

    assert len(token_calls(mocked)) == 2
    assert [bearer(c) for c in calls_to(mocked, STATUS_URL)] == [
        "Bearer child-token-1",
        "Bearer child-token-2",
    ]
    assert AccessToken.objects.get(app="CHILD").token == "child-token-2"


def test_a_token_more_than_a_minute_from_expiry_is_still_used(client, clock, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1", expires_in=1800)
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    read_status(client)
    clock.advance(seconds=1800 - 61)
    read_status(client)

    assert len(token_calls(mocked)) == 1


def test_a_401_drops_the_cached_token_and_retries_once_with_a_new_one(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    add_token(mocked, "child-token-2")
    mocked.add(responses.GET, STATUS_URL, status=401, json={"message": "Invalid access token", "status": 401})
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    assert read_status(client) == "PARTNER_READY"

    assert [bearer(c) for c in calls_to(mocked, STATUS_URL)] == [
        "Bearer child-token-1",
        "Bearer child-token-2",
    ]
    assert AccessToken.objects.get(app="CHILD").token == "child-token-2"


def test_a_second_401_is_a_permanent_error_without_a_third_try(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    add_token(mocked, "child-token-2")
    mocked.add(responses.GET, STATUS_URL, status=401, json={"message": "Invalid access token", "status": 401})

    with pytest.raises(LinkedInError) as caught:
        read_status(client)

    assert (caught.value.status, caught.value.permanent, caught.value.message) == (
        401,
        True,
        "Invalid access token",
    )
    assert len(calls_to(mocked, STATUS_URL)) == 2
    assert len(token_calls(mocked)) == 2


def test_partner_and_child_tokens_are_cached_apart(client, mocked):
    connect_child_app()
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "partner-token-1", "expires_in": 1800})
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "child-token-1", "expires_in": 1800})
    mocked.add(responses.GET, f"{API}/v2/provisionedApplications", json={"elements": []})
    mocked.add(responses.GET, STATUS_URL, json=STATUS_ANSWER)

    client.find_provisioned_application("inst-1")
    read_status(client)
    client.find_provisioned_application("inst-1")
    read_status(client)

    assert [form(c)["client_id"] for c in token_calls(mocked)] == [PARTNER_ID, CHILD_ID]
    assert {row.app: row.token for row in AccessToken.objects.all()} == {
        "PARTNER": "partner-token-1",
        "CHILD": "child-token-1",
    }


def test_a_failed_token_request_caches_nothing(client, mocked):
    connect_child_app()
    mocked.add(
        responses.POST, TOKEN_URL, status=401, json={"error": "invalid_client", "error_description": "Bad"}
    )

    with pytest.raises(LinkedInError) as caught:
        read_status(client)

    assert (caught.value.status, caught.value.permanent) == (401, True)
    assert not AccessToken.objects.exclude(token="").exists()
    assert calls_to(mocked, STATUS_URL) == []


def test_without_a_child_app_a_data_call_fails_permanently_without_asking_linkedin(client, mocked):
    with pytest.raises(LinkedInError, match="not connected") as caught:
        read_status(client)

    assert caught.value.permanent is True
    assert len(mocked.calls) == 0


def test_forgetting_a_rejected_token_keeps_one_another_caller_already_renewed(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-2")
    assert client.app_token() == "child-token-2"

    client.tokens.forget("CHILD", "child-token-1")

    assert client.app_token() == "child-token-2"
    assert len(token_calls(mocked)) == 1


def test_forget_token_makes_the_next_call_fetch_a_new_one(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    add_token(mocked, "child-token-2")
    client.app_token()

    client.forget_token("CHILD")

    assert client.app_token() == "child-token-2"


def test_tokens_and_client_secrets_are_encrypted_at_rest(client, mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")
    client.app_token()

    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM linkedin_integration_accesstoken WHERE app = 'CHILD'")
        (raw_token,) = cursor.fetchone()
        cursor.execute("SELECT app_client_secret FROM linkedin_integration_linkedinsettings WHERE id = 1")
        (raw_secret,) = cursor.fetchone()

    assert raw_token and "child-token-1" not in raw_token
    assert raw_secret and CHILD_SECRET not in raw_secret
    assert AccessToken.objects.get(app="CHILD").token == "child-token-1"


@pytest.mark.postgres  # SQLite's shared in-memory test database refuses concurrent writers outright
@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_wait_for_one_token_request_and_share_it(settings, mocked):
    connect_child_app()
    clock = FakeClock()

    def slow_token(request):
        time.sleep(0.3)  # long enough for the other caller to arrive while this one holds the lock
        return 200, {}, '{"access_token": "shared-token", "expires_in": 1800}'

    mocked.add_callback(responses.POST, TOKEN_URL, callback=slow_token)
    tokens, errors = [], []

    def call():
        try:
            tokens.append(make_client(clock).app_token())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert tokens == ["shared-token"] * 3
    assert len(token_calls(mocked)) == 1


@pytest.mark.postgres  # threads need their own connections to one shared database
@pytest.mark.django_db(transaction=True)
def test_without_row_locks_concurrent_callers_of_one_process_still_share_one_token(mocked, monkeypatch):
    """SQLite's path (no SELECT ... FOR UPDATE), taken here on PostgreSQL by switching the feature off:
    the process lock alone makes N callers cause one token request."""
    monkeypatch.setattr(type(connection.features), "has_select_for_update", False)
    connect_child_app()
    clock = FakeClock()
    callers = 8
    ready = threading.Barrier(callers)

    def slow_token(request):
        time.sleep(0.2)  # the others arrive while this one fetches
        return 200, {}, '{"access_token": "one-token", "expires_in": 1800}'

    mocked.add_callback(responses.POST, TOKEN_URL, callback=slow_token)
    tokens, errors = [], []

    def call():
        try:
            client = make_client(clock)
            ready.wait(timeout=10)
            tokens.append(client.app_token())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert tokens == ["one-token"] * callers
    assert len(token_calls(mocked)) == 1
    assert AccessToken.objects.get(app="CHILD").token == "one-token"
