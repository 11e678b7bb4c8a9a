"""Fault controls: 429 or 500 for the next N calls, and a failing partner-side step."""

import pytest

from linkedin_sandbox.models import FaultControl, Integration, Token
from tests.linkedin_sandbox.helpers import (
    BASE,
    ORG,
    PARTNER_ID,
    PARTNER_SECRET,
    TOKEN_URL,
    call,
    configure_callback,
    contract_level_pairs,
    form_post,
    key,
    name_integrations,
)

pytestmark = pytest.mark.django_db
FAULTS = f"{BASE}/faults/"


def arm(**fields):
    FaultControl.objects.filter(pk=1).update(**fields)


def test_the_next_two_calls_are_throttled_then_the_sandbox_answers_again(client, child_token):
    arm(throttle_next=2)
    for _ in range(2):
        response = call(client, "GET", "atsIntegrations?q=request&requestId=x", child_token)
        assert response.status_code == 429
        assert response.json()["status"] == 429
    assert call(client, "GET", "atsIntegrations?q=request&requestId=x", child_token).status_code == 404
    assert FaultControl.load().throttle_next == 0


def test_the_token_endpoint_can_be_throttled_too(client):
    arm(throttle_next=1)
    response = form_post(
        client, TOKEN_URL, grant_type="client_credentials", client_id=PARTNER_ID, client_secret=PARTNER_SECRET
    )
    assert response.status_code == 429
    assert not Token.objects.exists()


def test_server_errors_for_the_next_call(client, child_token):
    arm(server_error_next=1)
    response = name_integrations(client, child_token, contract_level_pairs())
    assert response.status_code == 500
    assert not Integration.objects.exists()
    assert name_integrations(client, child_token, contract_level_pairs()).status_code == 200


def test_a_failing_partner_step_answers_500_and_names_nothing(client, child_token):
    arm(partner_step_failures=1, partner_step_mode="HTTP_500")
    response = name_integrations(client, child_token, contract_level_pairs())
    assert response.status_code == 500
    assert not Integration.objects.exists()
    assert name_integrations(client, child_token, contract_level_pairs()).status_code == 200
    assert Integration.objects.count() == 5


def test_a_failing_partner_step_can_fail_every_entity_instead(client, child_token):
    arm(partner_step_failures=1, partner_step_mode="ENTITY_ERROR")
    response = name_integrations(client, child_token, contract_level_pairs())
    assert response.status_code == 200
    answer = response.json()
    assert set(answer["errors"]) == {key(*pair) for pair in contract_level_pairs()}
    assert {error["status"] for error in answer["errors"].values()} == {500}
    assert not Integration.objects.exists()


def test_a_failing_partner_step_also_fails_the_callback_configuration(client, child_token):
    name_integrations(client, child_token, [(ORG, "ONE_CLICK_EXPORT")])
    arm(partner_step_failures=1, partner_step_mode="ENTITY_ERROR")
    response = configure_callback(client, child_token)
    assert response.status_code == 200
    assert response.json()["errors"]["CALLBACK_URL"]["status"] == 500
    assert Integration.objects.get().status == "REQUESTED"
    assert configure_callback(client, child_token).json()["errors"] == {}
    assert Integration.objects.get().status == "PARTNER_READY"


def test_a_bad_call_does_not_use_up_a_partner_step_failure(client, child_token):
    arm(partner_step_failures=1)
    name_integrations(client, child_token, [(ORG, "TELEPATHY")])
    assert FaultControl.load().partner_step_failures == 1


def test_the_page_arms_the_faults(client):
    response = client.post(
        FAULTS,
        {
            "throttle_next": 3,
            "server_error_next": 1,
            "partner_step_failures": 2,
            "partner_step_mode": "ENTITY_ERROR",
        },
    )
    assert response.status_code == 302
    control = FaultControl.load()
    assert (
        control.throttle_next,
        control.server_error_next,
        control.partner_step_failures,
        control.partner_step_mode,
    ) == (
        3,
        1,
        2,
        "ENTITY_ERROR",
    )
    page = client.get(FAULTS).content.decode()
    assert "next 3 API or token calls" in page


def test_the_page_refuses_a_negative_count_and_changes_nothing(client):
    arm(throttle_next=4)
    response = client.post(
        FAULTS,
        {
            "throttle_next": -1,
            "server_error_next": 0,
            "partner_step_failures": 0,
            "partner_step_mode": "HTTP_500",
        },
    )
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert FaultControl.load().throttle_next == 4


def test_the_page_turns_every_fault_off(client):
    arm(throttle_next=4, server_error_next=2, partner_step_failures=1)
    client.post(FAULTS, {"reset": "1"})
    control = FaultControl.load()
    assert (control.throttle_next, control.server_error_next, control.partner_step_failures) == (0, 0, 0)


def test_the_page_lists_the_latest_calls(client, child_token):
    call(client, "GET", "atsIntegrations?q=request&requestId=abc", child_token)
    page = client.get(FAULTS).content.decode()
    assert "GET /sandbox/linkedin/api/v2/atsIntegrations?q=request&amp;requestId=abc" in page
