"""`GET exportedCandidates?q=request&requestId=`: answered from what was exported, to the ATS that received
the push only, while 1-click export is on; every other request gets LinkedIn's error."""

import datetime as dt

import pytest

from linkedin_sandbox import export as sandbox_export
from linkedin_sandbox.models import Event, Integration
from tests.linkedin_sandbox.export_helpers import (  # noqa: F401
    CHILD_ID,
    CHILD_SECRET,
    amara,
    connect_ats,
    posting,
    rita_seat,
)
from tests.linkedin_sandbox.helpers import ORG, PARTNER_ID, PARTNER_SECRET, call, client_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(rita_seat, amara):  # noqa: F811
    app = connect_ats()
    return sandbox_export.export_create(
        seat=rita_seat, member=amara, application=app, posting=posting(), emails=["amara@example.com"]
    )


@pytest.fixture
def token(client, exported):
    return client_token(client, CHILD_ID, CHILD_SECRET)


def fetch(client, token, request_id, **extra):
    query = "&".join([f"q=request&requestId={request_id}", *(f"{k}={v}" for k, v in extra.items())])
    return call(client, "GET", f"exportedCandidates?{query}", token)


def test_the_ats_fetches_the_export_behind_its_push(client, exported, token, rita_seat, amara):  # noqa: F811
    response = fetch(client, token, exported.event_id)

    assert response.status_code == 200
    (element,) = response.json()["elements"]
    assert element["integrationContext"] == ORG
    assert element["atsJobPostingId"] == "J-000123"
    assert element["exporter"] == rita_seat.member.urn
    assert isinstance(element["exportedAt"], int)
    candidate = element["candidate"]
    assert (candidate["member"], candidate["firstName"], candidate["lastName"]) == (
        amara.urn,
        "Amara",
        "Okafor",
    )
    assert candidate["emailAddresses"] == ["amara@example.com"]
    assert response.json()["paging"]["total"] == 1


def test_the_answer_parses_with_attracts_client_shape(client, exported, token):
    from linkedin_integration.client.assumed import parse_exported_candidates

    (parsed,) = parse_exported_candidates(fetch(client, token, exported.event_id).json())

    assert parsed.job_posting_id == "J-000123" and parsed.emails == ("amara@example.com",)


def test_another_ats_cannot_fetch_it(client, exported):
    connect_ats("Other ATS", client_id="other-id", secret="other-secret")
    other = client_token(client, "other-id", "other-secret")

    response = fetch(client, other, exported.event_id)

    assert response.status_code == 404
    assert "No exported candidate" in response.json()["message"]


def test_an_unknown_request_id_is_404(client, token):
    assert fetch(client, token, "no-such-id").status_code == 404


def test_an_expired_export_is_404(client, exported, token):
    Event.objects.filter(pk=exported.pk).update(expires_at=exported.created_at - dt.timedelta(seconds=1))

    response = fetch(client, token, exported.event_id)

    assert response.status_code == 404 and "expired" in response.json()["message"]


def test_with_1_click_export_switched_off_the_fetch_is_forbidden(client, exported, token):
    Integration.objects.update(status=Integration.Status.DISABLED)

    response = fetch(client, token, exported.event_id)

    assert response.status_code == 403 and "ONE_CLICK_EXPORT" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("requestId=x", "finder q=request"),
        ("q=other&requestId=x", "finder q=request"),
        ("q=request", "requestId"),
    ],
)
def test_a_malformed_query_is_400_with_a_message(client, token, query, message):
    response = call(client, "GET", f"exportedCandidates?{query}", token)

    assert response.status_code == 400 and message in response.json()["message"]


def test_the_partner_apps_token_is_not_enough(client, exported):
    partner = client_token(client, PARTNER_ID, PARTNER_SECRET)

    assert fetch(client, partner, exported.event_id).status_code == 403


def test_without_a_token_the_fetch_is_401(client, exported):
    assert fetch(client, None, exported.event_id).status_code == 401


def test_only_get_is_allowed(client, exported, token):
    response = call(
        client, "POST", f"exportedCandidates?q=request&requestId={exported.event_id}", token, body={}
    )

    assert response.status_code == 405


def test_an_integration_event_is_not_an_export(client, exported, token):
    Event.objects.filter(pk=exported.pk).update(type=Event.Type.INTEGRATION_STATUS_CHANGE)

    assert fetch(client, token, exported.event_id).status_code == 404
