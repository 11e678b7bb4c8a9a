"""Every API call is checked like LinkedIn checks it: bearer token of the right kind, protocol header."""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkedin_sandbox.models import ApiCall, Integration, Token
from tests.linkedin_sandbox.helpers import (
    ORG,
    call,
    contract_level_pairs,
    ids_query,
    member_token,
    name_integrations,
)

pytestmark = pytest.mark.django_db


def test_a_call_without_a_token_is_401_in_linkedins_shape(client):
    response = call(client, "GET", "me")
    assert response.status_code == 401
    assert response.json() == {
        "message": "Empty oauth2 access token",
        "status": 401,
        "serviceErrorCode": 65600,
    }


def test_a_made_up_token_is_401(client):
    response = call(client, "GET", "me", "AQmadeup")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid access token"


def test_an_expired_token_is_401(client, child_token):
    Token.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = call(client, "GET", f"atsIntegrations?{ids_query([(ORG, 'ONE_CLICK_EXPORT')])}", child_token)
    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_the_partner_token_cannot_touch_integrations(client, partner_token):
    response = name_integrations(client, partner_token, contract_level_pairs())
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert not Integration.objects.exists()


def test_a_child_token_cannot_provision(client, child_token):
    response = call(
        client, "GET", "provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId=x", child_token
    )
    assert response.status_code == 403


def test_a_member_token_cannot_touch_integrations(client, alex):
    token = member_token(client, alex)
    response = call(client, "GET", f"atsIntegrations?{ids_query([(ORG, 'ONE_CLICK_EXPORT')])}", token)
    assert response.status_code == 403


def test_an_app_token_cannot_read_me(client, child_token):
    assert call(client, "GET", "me", child_token).status_code == 403


def test_a_call_in_the_wire_form_needs_no_protocol_header(client, child_token):
    response = call(client, "GET", f"atsIntegrations?{ids_query([(ORG, 'ONE_CLICK_EXPORT')])}", child_token)
    assert response.status_code == 200
    assert "X-RestLi-Protocol-Version" not in response.json().get("message", "")


def test_an_unknown_resource_is_a_json_404(client, child_token):
    response = call(client, "GET", "talentSomething", child_token)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_every_answer_is_logged_for_the_fault_controls_page(client, child_token):
    call(client, "GET", "me", child_token)
    logged = ApiCall.objects.first()
    assert (logged.method, logged.path, logged.status) == ("GET", "/sandbox/linkedin/api/v2/me", 403)
    assert logged.client_id.startswith("77")
