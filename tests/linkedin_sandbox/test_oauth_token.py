"""The token endpoint: client credentials for the partner and child apps, authorization codes for members."""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkedin_sandbox.models import AuthorizationCode, Token
from tests.linkedin_sandbox.helpers import (
    OAUTH_CALLBACK,
    PARTNER_ID,
    PARTNER_SECRET,
    TOKEN_URL,
    allow,
    call,
    form_post,
)

pytestmark = pytest.mark.django_db


def exchange(client, code, redirect_uri=OAUTH_CALLBACK, client_id=PARTNER_ID, client_secret=PARTNER_SECRET):
    return form_post(
        client,
        TOKEN_URL,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect_uri,
        client_id=client_id,
        client_secret=client_secret,
    )


def test_the_partner_app_gets_a_token_valid_for_1800_seconds(client):
    response = form_post(
        client, TOKEN_URL, grant_type="client_credentials", client_id=PARTNER_ID, client_secret=PARTNER_SECRET
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["expires_in"] == 1800 and answer["access_token"]
    token = Token.objects.get()
    assert token.kind == Token.Kind.PARTNER
    assert answer["access_token"] not in token.token_hash  # only a digest is kept
    assert timedelta(seconds=1790) < token.expires_at - timezone.now() <= timedelta(seconds=1800)


def test_a_child_app_gets_a_child_token(client, child_app):
    credentials = child_app["credentials"]
    response = form_post(client, TOKEN_URL, grant_type="client_credentials", **credentials)
    assert response.status_code == 200
    assert Token.objects.filter(kind=Token.Kind.CHILD).count() == 1


def test_a_wrong_secret_is_refused_as_invalid_client_and_no_token_is_issued(client):
    response = form_post(
        client, TOKEN_URL, grant_type="client_credentials", client_id=PARTNER_ID, client_secret="guess"
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert not Token.objects.exists()


def test_an_unknown_grant_type_is_refused(client):
    response = form_post(
        client, TOKEN_URL, grant_type="password", client_id=PARTNER_ID, client_secret=PARTNER_SECRET
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    assert not Token.objects.exists()


def test_a_missing_client_id_is_an_invalid_request(client):
    response = form_post(client, TOKEN_URL, grant_type="client_credentials", client_secret=PARTNER_SECRET)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": 'A required parameter "client_id" is missing.',
    }


def test_a_json_body_is_refused_because_linkedin_takes_a_form(client):
    response = client.post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "client_id": PARTNER_ID, "client_secret": PARTNER_SECRET},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert not Token.objects.exists()


def test_get_is_not_allowed_on_the_token_endpoint(client):
    assert client.get(TOKEN_URL).status_code == 405


def test_an_authorization_code_becomes_a_member_token_for_me(client, alex):
    code = allow(client, alex)["code"]
    response = exchange(client, code)
    assert response.status_code == 200
    answer = response.json()
    assert answer["expires_in"] == 1800 and answer["scope"] == "r_liteprofile r_emailaddress"
    me = call(client, "GET", "me", answer["access_token"])
    assert me.status_code == 200 and me.json()["id"] == alex.person_id


def test_a_code_is_single_use(client, alex):
    code = allow(client, alex)["code"]
    assert exchange(client, code).status_code == 200
    again = exchange(client, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert Token.objects.filter(kind=Token.Kind.MEMBER).count() == 1


def test_a_code_is_bound_to_its_redirect_uri(client, alex):
    code = allow(client, alex)["code"]
    response = exchange(client, code, redirect_uri="http://127.0.0.1:8000/elsewhere/linkedin/oauth/callback/")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "redirect_uri" in response.json()["error_description"]
    assert not Token.objects.filter(kind=Token.Kind.MEMBER).exists()
    assert AuthorizationCode.objects.get().used_at is None


def test_a_code_is_bound_to_its_client(client, alex, child_app):
    code = allow(client, alex)["code"]
    credentials = child_app["credentials"]
    response = exchange(
        client, code, client_id=credentials["client_id"], client_secret=credentials["client_secret"]
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert not Token.objects.filter(kind=Token.Kind.MEMBER).exists()


def test_an_expired_code_is_refused(client, alex):
    code = allow(client, alex)["code"]
    AuthorizationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = exchange(client, code)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert not Token.objects.filter(kind=Token.Kind.MEMBER).exists()


def test_a_made_up_code_is_refused(client):
    response = exchange(client, "not-a-code")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_exchange_without_code_is_an_invalid_request(client):
    response = form_post(
        client,
        TOKEN_URL,
        grant_type="authorization_code",
        redirect_uri=OAUTH_CALLBACK,
        client_id=PARTNER_ID,
        client_secret=PARTNER_SECRET,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
