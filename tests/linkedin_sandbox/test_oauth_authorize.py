"""The sign-in and consent page at the authorization URL."""

import pytest

from linkedin_sandbox.models import AuthorizationCode
from linkedin_sandbox.session import MEMBER_KEY
from tests.linkedin_sandbox.helpers import (
    AUTHORIZE_URL,
    OAUTH_CALLBACK,
    allow,
    authorize_params,
    redirect_query,
)

pytestmark = pytest.mark.django_db


def test_the_page_names_the_app_and_offers_the_seeded_members(client):
    response = client.get(AUTHORIZE_URL, authorize_params())
    assert response.status_code == 200
    page = response.content.decode()
    assert "LinkedIn sandbox" in page
    assert "Attract (ATS partner app)" in page
    for name in ("Alex Admin", "Rita Recruiter", "Casey Candidate"):
        assert name in page


def test_allow_redirects_with_a_code_and_the_state_and_signs_the_member_in(client, alex):
    query = allow(client, alex)
    assert query["state"] == "st-123" and query["code"]
    grant = AuthorizationCode.objects.get()
    assert (grant.member, grant.redirect_uri, grant.application.client_id) == (
        alex,
        OAUTH_CALLBACK,
        "attract-sandbox-partner",
    )
    assert client.session[MEMBER_KEY] == alex.pk


def test_allow_redirects_to_the_registered_uri(client, alex):
    response = client.post(AUTHORIZE_URL, authorize_params() | {"member": alex.pk, "decision": "allow"})
    assert response["Location"].startswith(OAUTH_CALLBACK + "?")


def test_deny_redirects_with_access_denied_and_issues_no_code(client, alex):
    response = client.post(AUTHORIZE_URL, authorize_params() | {"member": alex.pk, "decision": "deny"})
    assert response.status_code == 302
    query = redirect_query(response)
    assert query["error"] == "access_denied" and query["state"] == "st-123"
    assert "code" not in query
    assert not AuthorizationCode.objects.exists()


def test_allow_without_a_member_shows_the_page_again(client):
    response = client.post(AUTHORIZE_URL, authorize_params() | {"decision": "allow"})
    assert response.status_code == 400
    assert "Choose the member to sign in as." in response.content.decode()
    assert not AuthorizationCode.objects.exists()


def test_an_unknown_client_gets_an_error_page_and_no_redirect(client):
    response = client.get(AUTHORIZE_URL, authorize_params(client_id="nobody"))
    assert response.status_code == 400
    assert "There is no application with client_id nobody." in response.content.decode()
    assert "Location" not in response


def test_an_unregistered_redirect_uri_gets_an_error_page_and_no_redirect(client):
    response = client.get(
        AUTHORIZE_URL, authorize_params(redirect_uri="https://evil.example/linkedin/oauth/callback/")
    )
    assert response.status_code == 400
    assert "is not registered" in response.content.decode()
    assert "Location" not in response


def test_a_tampered_redirect_uri_on_allow_gets_the_error_page_and_no_code(client, alex):
    params = authorize_params(redirect_uri="https://evil.example/linkedin/oauth/callback/")
    response = client.post(AUTHORIZE_URL, params | {"member": alex.pk, "decision": "allow"})
    assert response.status_code == 400
    assert "Location" not in response
    assert not AuthorizationCode.objects.exists()


def test_a_child_app_accepts_only_its_registered_callback_urls(client, alex, child_app):
    client_id = child_app["credentials"]["client_id"]
    assert allow(client, alex, client_id=client_id)["code"]
    other = client.get(
        AUTHORIZE_URL, authorize_params(client_id=client_id, redirect_uri=OAUTH_CALLBACK + "x/")
    )
    assert other.status_code == 400
    assert "Location" not in other


@pytest.mark.parametrize("domains", [[], ["careers.elsewhere.example"]])
def test_a_child_app_signs_members_in_for_its_callback_urls_whatever_its_js_sdk_domains(
    client, alex, partner_token, domains
):
    """validJsSdkDomains allow LinkedIn's JavaScript SDK; redirects are oauth2AuthorizedCallbackUrls'."""
    from tests.linkedin_sandbox.helpers import provision

    app = provision(client, partner_token, validJsSdkDomains=domains).json()
    assert allow(client, alex, client_id=app["credentials"]["client_id"])["code"]


def test_a_child_app_refuses_a_redirect_to_its_js_sdk_domain_not_in_its_callback_urls(
    client, alex, partner_token
):
    from tests.linkedin_sandbox.helpers import SITE, provision

    app = provision(client, partner_token, validJsSdkDomains=[SITE]).json()
    params = authorize_params(client_id=app["credentials"]["client_id"], redirect_uri=f"{SITE}/elsewhere/")
    response = client.post(AUTHORIZE_URL, params | {"member": alex.pk, "decision": "allow"})
    assert response.status_code == 400 and "Location" not in response
    assert "is not registered" in response.content.decode()
    assert not AuthorizationCode.objects.exists()


def test_the_partner_app_refuses_a_callback_with_a_query_string(client):
    response = client.get(AUTHORIZE_URL, authorize_params(redirect_uri=OAUTH_CALLBACK + "?next=/"))
    assert response.status_code == 400
    assert "Location" not in response


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"state": ""}, "invalid_request"),
        ({"scope": ""}, "invalid_request"),
        ({"scope": "r_liteprofile r_everything"}, "invalid_scope"),
    ],
)
def test_a_bad_request_from_a_registered_client_goes_back_with_an_error(client, override, error):
    response = client.get(AUTHORIZE_URL, authorize_params(**override))
    assert response.status_code == 302
    assert response["Location"].startswith(OAUTH_CALLBACK)
    assert redirect_query(response)["error"] == error
    assert not AuthorizationCode.objects.exists()
