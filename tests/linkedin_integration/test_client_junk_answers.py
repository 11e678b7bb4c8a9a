"""Junk and errors from LinkedIn for the calls whose happy path is tested elsewhere: the member's email
address, the provisioned-app look-up and update. A junk answer is a permanent
LinkedInError (never a crash, never a half-read value); a refusal carries LinkedIn's message and is
not retried."""

import pytest
import responses

from linkedin_integration.client import LinkedInError
from tests.linkedin_integration.test_client_helpers import (  # noqa: F401
    API,
    CHILD_KEY,
    add_token,
    calls_to,
    client,
    configured_linkedin,
    connect_child_app,
    sleeps,
)

JUNK = [
    {"json": {"elements": "not a list"}},
    {"json": ["a", "list"]},
    {"body": "<html>Service page</html>", "content_type": "text/html"},
    {"json": {"unexpected": True}},
]
EMAIL = f"{API}/v2/emailAddress"
APPS = f"{API}/v2/provisionedApplications"
APP = f"{APPS}/urn:li:developerApplication:4242"


pytestmark = pytest.mark.usefixtures("configured_linkedin")


@pytest.fixture
def child(mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")


def assert_not_understood(caught, what):
    assert caught.value.permanent is True
    assert f"LinkedIn's answer to {what} was not understood" in caught.value.message


@pytest.mark.parametrize("answer", JUNK)
def test_a_junk_email_answer_is_a_permanent_error(client, mocked, answer):
    mocked.add(responses.GET, EMAIL, **answer)

    with pytest.raises(LinkedInError) as caught:
        client.email_address("member-token")

    assert_not_understood(caught, "the email address request")


@pytest.mark.parametrize(
    "element", [{"handle~": {"emailAddress": 42}}, {"handle~": "x"}, "x", {"handle": "h"}]
)
def test_an_email_element_without_a_usable_address_reads_as_not_shared(client, mocked, element):
    mocked.add(responses.GET, EMAIL, json={"elements": [element]})

    assert client.email_address("member-token") == ""


def test_a_refused_member_token_for_the_email_is_permanent_and_not_retried(client, mocked, sleeps):
    mocked.add(responses.GET, EMAIL, status=401, json={"message": "Invalid access token", "status": 401})

    with pytest.raises(LinkedInError) as caught:
        client.email_address("member-token")

    assert (caught.value.status, caught.value.permanent) == (401, True)
    assert "Invalid access token" in caught.value.message
    assert len(mocked.calls) == 1 and sleeps == []


@pytest.mark.parametrize(
    "answer",
    [
        *JUNK[:3],
        {"json": {"elements": [{"key": 5, "credentials": {"client_id": "c"}}]}},
        {"json": {"elements": [{"key": CHILD_KEY, "credentials": "none"}]}},
        {"json": {"elements": ["a string"]}},
    ],
)
def test_a_junk_provisioned_app_look_up_is_a_permanent_error(client, mocked, answer):
    add_token(mocked, "partner-token-1")
    mocked.add(responses.GET, APPS, **answer)

    with pytest.raises(LinkedInError) as caught:
        client.find_provisioned_application("inst-1")

    assert caught.value.permanent is True and "not understood" in caught.value.message


def test_a_look_up_the_partner_app_may_not_make_is_permanent_with_linkedins_message(client, mocked, sleeps):
    add_token(mocked, "partner-token-1")
    mocked.add(responses.GET, APPS, status=403, json={"message": "Not enough permissions", "status": 403})

    with pytest.raises(LinkedInError) as caught:
        client.find_provisioned_application("inst-1")

    assert (caught.value.status, caught.value.permanent) == (403, True)
    assert "Not enough permissions" in caught.value.message
    assert len(calls_to(mocked, APPS)) == 1 and sleeps == []


@pytest.mark.parametrize("status", [400, 404, 422])
def test_an_update_of_the_child_app_refused_by_linkedin_is_permanent_and_not_retried(
    client, mocked, sleeps, status
):
    add_token(mocked, "partner-token-1")
    message = "validJsSdkDomains[0] is not a valid domain"
    mocked.add(responses.POST, APP, status=status, json={"message": message, "status": status})

    with pytest.raises(LinkedInError) as caught:
        client.update_provisioned_application(key=CHILD_KEY, js_sdk_domains=["not a domain"])

    assert (caught.value.status, caught.value.permanent) == (status, True)
    assert message in caught.value.message
    assert len(calls_to(mocked, APP)) == 1 and sleeps == []


def test_a_throttled_update_of_the_child_app_is_temporary_and_not_retried(client, mocked, sleeps):
    add_token(mocked, "partner-token-1")
    mocked.add(responses.POST, APP, status=429, json={"message": "Throttled", "status": 429})

    with pytest.raises(LinkedInError) as caught:
        client.update_provisioned_application(key=CHILD_KEY, js_sdk_domains=["careers.acme.test"])

    assert (caught.value.status, caught.value.permanent) == (429, False)
    assert len(calls_to(mocked, APP)) == 1 and sleeps == []
