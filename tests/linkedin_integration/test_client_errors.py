"""The client's manners: timeouts, bounded retries on 5xx and network errors only, one error type that
says whether trying again can help, and logs that never hold a secret."""

import datetime as dt
import logging

import pytest
import requests
import responses

from linkedin_integration.client import IntegrationKey, LinkedInClient, LinkedInError
from linkedin_integration.client.errors import next_quota_reset
from linkedin_integration.client.transport import backoff_delays
from tests.linkedin_integration.test_client_helpers import (  # noqa: F401
    API,
    CHILD_KEY,
    CHILD_SECRET,
    PARTNER_SECRET,
    START,
    TOKEN_URL,
    FakeClock,
    add_token,
    calls_to,
    client,
    configured_linkedin,
    connect_child_app,
    sleeps,
)

ME_URL = f"{API}/v2/me"
ME_ANSWER = {"id": "p1", "localizedFirstName": "Ada", "localizedLastName": "Lovelace"}


pytestmark = pytest.mark.usefixtures("configured_linkedin")


def test_every_call_carries_the_configured_timeout(client, mocked):
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)

    client.me("member-token")

    assert mocked.calls[0].request.req_kwargs["timeout"] == 7.5


def test_a_client_without_a_timeout_cannot_be_made(settings):
    settings.LINKEDIN_TIMEOUT = 0

    with pytest.raises(ValueError, match="timeout"):
        LinkedInClient()


def test_the_backoff_doubles_from_one_second_and_is_capped_at_ten():
    assert backoff_delays() == [1, 2, 4]
    assert backoff_delays(6) == [1, 2, 4, 8, 10, 10]


def test_a_5xx_is_retried_with_backoff_until_linkedin_answers(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, status=503, json={"message": "Service unavailable", "status": 503})
    mocked.add(responses.GET, ME_URL, status=500, body="")
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)

    assert client.me("member-token").urn == "urn:li:person:p1"

    assert len(mocked.calls) == 3
    assert sleeps == [1, 2]


def test_a_5xx_that_lasts_gives_up_after_three_retries_as_a_temporary_error(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, status=502, json={"message": "Bad gateway", "status": 502})

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    error = caught.value
    assert (error.status, error.permanent, error.retry_at) == (502, False, None)
    assert error.message == "Bad gateway (after 4 attempts)"
    assert len(mocked.calls) == 4
    assert sleeps == [1, 2, 4]


def test_a_timeout_is_retried_then_reported_as_temporary(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, body=requests.ReadTimeout("read timed out"))

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert (caught.value.status, caught.value.permanent) == (None, False)
    assert "timeout" in caught.value.message
    assert len(mocked.calls) == 4
    assert sleeps == [1, 2, 4]


def test_a_connection_error_then_success_succeeds(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, body=requests.ConnectionError("refused"))
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)

    assert client.me("member-token").name == "Ada Lovelace"
    assert sleeps == [1]


def test_a_connection_error_that_lasts_is_temporary(client, mocked):
    mocked.add(responses.GET, ME_URL, body=requests.ConnectionError("refused"))

    with pytest.raises(LinkedInError, match="connection error") as caught:
        client.me("member-token")

    assert caught.value.permanent is False


@pytest.mark.parametrize(
    "broken",
    [
        requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead(12 bytes read)"),
        requests.exceptions.ContentDecodingError("Received response with content-encoding: gzip, but failed"),
        requests.exceptions.SSLError("EOF occurred in violation of protocol"),
    ],
    ids=type,
)
def test_an_answer_broken_on_the_way_is_retried_like_a_network_error(client, sleeps, mocked, broken):
    mocked.add(responses.GET, ME_URL, body=broken)
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)

    assert client.me("member-token").name == "Ada Lovelace"
    assert sleeps == [1] and len(mocked.calls) == 2


def test_an_answer_that_keeps_breaking_is_a_temporary_error_not_a_crash(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, body=requests.exceptions.ChunkedEncodingError("Connection broken"))

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert (caught.value.status, caught.value.permanent) == (None, False)
    assert "network error: ChunkedEncodingError" in caught.value.message
    assert len(mocked.calls) == 4 and sleeps == [1, 2, 4]


def test_a_malformed_base_url_is_a_permanent_error_without_retries(settings, sleeps, mocked):
    client = LinkedInClient(api_base="api.linkedin.test", clock=FakeClock(), sleep=sleeps)

    with pytest.raises(LinkedInError, match="could not be sent \\(MissingSchema\\)") as caught:
        client.me("member-token")

    assert caught.value.permanent is True and "LINKEDIN_API_BASE" in caught.value.message
    assert sleeps == [] and len(mocked.calls) == 0


def test_an_invalid_url_is_not_retried(client, sleeps, mocked):
    mocked.add(responses.GET, ME_URL, body=requests.exceptions.InvalidURL("bad label"))

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert caught.value.permanent is True
    assert sleeps == [] and len(mocked.calls) == 1


def test_throttling_is_not_retried_and_waits_for_the_quota_reset_at_midnight_utc(client, sleeps, mocked):
    mocked.add(
        responses.GET,
        ME_URL,
        status=429,
        json={"message": "Resource level throttle limit reached", "status": 429},
    )

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    error = caught.value
    assert (error.status, error.permanent) == (429, False)
    assert error.retry_at == dt.datetime(2025, 3, 15, 0, 0, tzinfo=dt.UTC)
    assert error.message == "Resource level throttle limit reached"
    assert len(mocked.calls) == 1
    assert sleeps == []


def test_throttling_with_a_retry_after_header_waits_that_long(client, mocked):
    mocked.add(responses.GET, ME_URL, status=429, headers={"Retry-After": "120"}, body="")

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert caught.value.retry_at == START + dt.timedelta(seconds=120)


def test_the_quota_resets_at_the_next_midnight_utc_even_from_another_time_zone():
    just_before = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    paris_morning = dt.datetime(2025, 6, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))

    assert next_quota_reset(just_before) == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert next_quota_reset(paris_morning) == dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def test_a_400_is_permanent_and_carries_linkedins_message(client, sleeps, mocked):
    mocked.add(
        responses.GET,
        ME_URL,
        status=400,
        json={"serviceErrorCode": 100, "message": "Unpermitted fields present in PARAMETER", "status": 400},
    )

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    error = caught.value
    assert (error.status, error.permanent, error.service_error_code) == (400, True, 100)
    assert str(error) == "Unpermitted fields present in PARAMETER"
    assert error.answer == "HTTP 400: Unpermitted fields present in PARAMETER"
    assert len(mocked.calls) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"body": ""}, "LinkedIn answered HTTP 404"),
        ({"body": "<html>Not here</html>"}, "LinkedIn answered HTTP 404"),
        (
            {"json": {"serviceErrorCode": 65600, "status": 404}},
            "LinkedIn answered HTTP 404 (service error 65600)",
        ),
    ],
)
def test_a_4xx_without_a_readable_message_says_what_happened(client, mocked, answer, message):
    mocked.add(responses.GET, ME_URL, status=404, **answer)

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert (caught.value.message, caught.value.permanent) == (message, True)


def test_a_long_message_from_linkedin_is_cut(client, mocked):
    mocked.add(responses.GET, ME_URL, status=400, json={"message": "x" * 5000})

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert len(caught.value.message) == 300


def test_junk_json_on_a_success_is_a_permanent_error_not_a_crash(client, mocked):
    mocked.add(responses.GET, ME_URL, body="{not json", content_type="application/json")

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert (caught.value.status, caught.value.permanent) == (200, True)
    assert "not understood" in caught.value.message


def test_a_batch_answer_that_is_not_a_batch_is_an_error(client, mocked):
    connect_child_app()
    add_token(mocked)
    mocked.add(responses.GET, f"{API}/v2/atsIntegrations", json={"results": ["nope"]})

    with pytest.raises(LinkedInError, match="not understood"):
        client.integration_statuses([IntegrationKey("urn:li:organization:1", "ONE_CLICK_EXPORT")])


def test_linkedin_is_not_followed_through_redirects(client, mocked):
    mocked.add(responses.GET, ME_URL, status=302, headers={"Location": "https://elsewhere.test/"})

    with pytest.raises(LinkedInError) as caught:
        client.me("member-token")

    assert (caught.value.status, caught.value.permanent) == (302, True)
    assert len(mocked.calls) == 1


def test_each_attempt_is_logged_with_method_path_status_and_duration(client, mocked, caplog):
    mocked.add(responses.GET, ME_URL, status=503, body="")
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)

    with caplog.at_level(logging.DEBUG, logger="linkedin_integration.client"):
        client.me("member-token")

    first, second = caplog.records
    assert (first.levelno, first.linkedin_method, first.linkedin_path, first.linkedin_status) == (
        logging.WARNING,
        "GET",
        "/v2/me",
        503,
    )
    assert (second.levelno, second.linkedin_status, second.attempt) == (logging.INFO, 200, 2)
    assert isinstance(second.duration_ms, int)


def test_no_token_secret_or_code_is_ever_logged_or_put_in_an_error(client, mocked, caplog):
    """Walk every kind of call, with failures, and look for each secret in every log record."""
    connect_child_app()
    key = IntegrationKey("urn:li:organization:1", "ONE_CLICK_EXPORT")
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "member-token-SECRET1", "expires_in": 60})
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "partner-token-SECRET2", "expires_in": 1800})
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "child-token-SECRET3", "expires_in": 1800})
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "child-token-SECRET4", "expires_in": 1800})
    mocked.add(responses.GET, ME_URL, json=ME_ANSWER)
    mocked.add(
        responses.POST,
        f"{API}/v2/provisionedApplications",
        json={
            "key": CHILD_KEY,
            "credentials": {"client_id": "c", "client_secret": "new-child-secret-SECRET5"},
        },
    )
    mocked.add(responses.GET, f"{API}/v2/atsIntegrations", status=401, json={"message": "expired"})
    mocked.add(responses.GET, f"{API}/v2/atsIntegrations", status=500, json={"message": "boom"})
    secrets = [
        "member-token-SECRET1",
        "partner-token-SECRET2",
        "child-token-SECRET3",
        "child-token-SECRET4",
        "new-child-secret-SECRET5",
        "the-code-SECRET6",
        PARTNER_SECRET,
        CHILD_SECRET,
    ]
    errors = []

    with caplog.at_level(logging.DEBUG):
        token = client.exchange_code(code="the-code-SECRET6", redirect_uri="https://attract.test/cb/")
        client.me(token.access_token)
        app = client.provision_application(name="n", description="d", unique_foreign_id="u", callback_urls=[])
        try:
            client.integration_statuses([key])
        except LinkedInError as exc:
            errors.append(exc)

    assert app.client_secret == "new-child-secret-SECRET5"
    assert len(errors) == 1 and errors[0].status == 500
    assert len(calls_to(mocked, TOKEN_URL)) == 4
    logged = caplog.text + "".join(repr(vars(record)) for record in caplog.records)
    shown = logged + repr(errors) + str(errors[0]) + repr(token) + repr(app)
    assert "/oauth/v2/accessToken" in logged and "/v2/atsIntegrations" in logged
    for secret in secrets:
        assert secret not in shown
    assert "Bearer" not in logged and "Authorization" not in logged
