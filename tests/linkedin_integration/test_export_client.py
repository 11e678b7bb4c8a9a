"""The client's exportedCandidates call: the request as the Postman collection sends it, the StubProfile
read into an ExportedCandidate, junk refused whole as a permanent error, LinkedIn's refusals kept."""

import datetime as dt

import pytest
import responses

from linkedin_integration.client import LinkedInError
from tests.linkedin_integration.test_client_helpers import (  # noqa: F401
    API,
    ORG,
    add_token,
    calls_to,
    client,
    configured_linkedin,
    connect_child_app,
    sleeps,
)

EXPORTED = f"{API}/v2/exportedCandidates"

pytestmark = pytest.mark.usefixtures("configured_linkedin")


def element(**changes):
    profile = {
        "member": "urn:li:person:m1",
        "firstName": "Lin",
        "lastName": "Kedin",
        "headline": "Engineer at Fabrikam",
        "location": "Greater Lyon Area",
        "profileUrl": "https://www.linkedin.com/in/lin-kedin",
        "currentEmployerNames": ["Fabrikam", "Kedin Consulting"],
        "emailAddresses": ["Lin@Example.com"],
    }
    profile.update(changes.pop("candidate", {}))
    profile = {key: value for key, value in profile.items() if value is not None}
    base = {
        "integrationContext": ORG,
        "candidate": profile,
        "atsJobPostingId": "J-000123",
        "exporter": "urn:li:person:rec1",
        "exportedAt": 1741946400000,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


@pytest.fixture
def child(mocked):
    connect_child_app()
    add_token(mocked, "child-token-1")


def test_an_export_is_fetched_by_request_id_without_a_protocol_header(client, mocked, child):
    mocked.add(responses.GET, EXPORTED, json={"elements": [element()]})

    (export,) = client.exported_candidates("req-9")

    (call,) = calls_to(mocked, EXPORTED)
    assert call.request.url == f"{EXPORTED}?q=request&requestId=req-9"
    assert "X-RestLi-Protocol-Version" not in call.request.headers
    assert call.request.headers["Authorization"] == "Bearer child-token-1"
    assert export.integration_context == ORG
    assert (export.member_urn, export.exporter_urn, export.job_posting_id) == (
        "urn:li:person:m1",
        "urn:li:person:rec1",
        "J-000123",
    )
    assert (export.first_name, export.last_name, export.headline, export.location) == (
        "Lin",
        "Kedin",
        "Engineer at Fabrikam",
        "Greater Lyon Area",
    )
    assert export.profile_url == "https://www.linkedin.com/in/lin-kedin"
    assert export.current_employers == ("Fabrikam", "Kedin Consulting")
    assert export.emails == ("Lin@Example.com",)
    assert export.exported_at == dt.datetime(2025, 3, 14, 10, 0, tzinfo=dt.UTC)


def test_a_single_email_address_string_is_read_as_well_and_duplicates_are_dropped(client, mocked, child):
    profile = {"emailAddresses": ["a@example.com"], "emailAddress": "A@example.com "}
    mocked.add(responses.GET, EXPORTED, json={"elements": [element(candidate=profile)]})

    (export,) = client.exported_candidates("req-9")

    assert export.emails == ("a@example.com",)


def test_a_profile_without_email_location_or_employers_is_still_an_export(client, mocked, child):
    profile = {"emailAddresses": None, "location": None, "currentEmployerNames": None, "headline": None}
    mocked.add(responses.GET, EXPORTED, json={"elements": [element(candidate=profile, exportedAt=None)]})

    (export,) = client.exported_candidates("req-9")

    assert (export.emails, export.location, export.current_employers, export.headline) == ((), "", (), "")
    assert export.exported_at is None


@pytest.mark.parametrize(
    "answer",
    [
        {"json": {"elements": "not a list"}},
        {"json": ["a", "list"]},
        {"body": "<html>Service page</html>", "content_type": "text/html"},
        {"json": {"unexpected": True}},
    ],
)
def test_a_junk_answer_is_a_permanent_error(client, mocked, child, answer):
    mocked.add(responses.GET, EXPORTED, **answer)

    with pytest.raises(LinkedInError) as caught:
        client.exported_candidates("req-9")

    assert caught.value.permanent is True
    assert "LinkedIn's answer to the exported candidate request was not understood" in caught.value.message


@pytest.mark.parametrize(
    "bad",
    [
        element(candidate={"member": "not-an-urn"}),
        element(candidate={"firstName": ""}),
        element(candidate={"profileUrl": None}),
        element(candidate={"profileUrl": "javascript:alert(1)"}),
        element(exporter="urn:li:organization:1"),
        element(atsJobPostingId=None),
        element(atsJobPostingId=True),
        element(integrationContext=None),
        element() | {"candidate": "a string"},
        "a string",
    ],
)
def test_an_element_missing_who_whom_or_which_job_refuses_the_answer_whole(client, mocked, child, bad):
    mocked.add(responses.GET, EXPORTED, json={"elements": [element(), bad]})

    with pytest.raises(LinkedInError, match="not understood") as caught:
        client.exported_candidates("req-9")

    assert caught.value.permanent is True


def test_an_expired_request_is_a_permanent_error_with_linkedins_message(client, mocked, child, sleeps):
    mocked.add(
        responses.GET, EXPORTED, status=404, json={"message": "Request req-9 has expired", "status": 404}
    )

    with pytest.raises(LinkedInError) as caught:
        client.exported_candidates("req-9")

    assert (caught.value.status, caught.value.permanent) == (404, True)
    assert "Request req-9 has expired" in caught.value.message
    assert len(calls_to(mocked, EXPORTED)) == 1 and sleeps == []


def test_linkedin_down_is_a_transient_error_after_the_retries(client, mocked, child, sleeps):
    mocked.add(responses.GET, EXPORTED, status=503, json={"message": "Service unavailable"})

    with pytest.raises(LinkedInError) as caught:
        client.exported_candidates("req-9")

    assert caught.value.permanent is False
    assert len(calls_to(mocked, EXPORTED)) > 1
