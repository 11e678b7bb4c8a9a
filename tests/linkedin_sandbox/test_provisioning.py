"""provisionedApplications: the partner app creates, finds and updates one child app per installation."""

import pytest

from linkedin_sandbox.models import Application
from tests.linkedin_sandbox.helpers import OAUTH_CALLBACK, call, provision

pytestmark = pytest.mark.django_db


def find(client, token, foreign_id):
    return call(
        client,
        "GET",
        f"provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId={foreign_id}",
        token,
    )


def test_creating_returns_the_key_and_the_credentials_with_the_secret(client, partner_token):
    response = provision(client, partner_token, foreign_id="instance-7")
    assert response.status_code == 201
    answer = response.json()
    app = Application.objects.get(unique_foreign_id="instance-7")
    assert answer["key"] == f"urn:li:developerApplication:{app.pk}" == response["x-restli-id"]
    assert answer["credentials"] == {"client_id": app.client_id, "client_secret": app.client_secret}
    assert app.kind == Application.Kind.CHILD and app.parent.client_id == "attract-sandbox-partner"
    assert app.oauth2_authorized_callback_urls == [OAUTH_CALLBACK]


def test_the_lookup_finds_the_app_without_its_secret(client, partner_token, child_app):
    response = find(client, partner_token, "instance-1")
    assert response.status_code == 200
    [element] = response.json()["elements"]
    assert element["key"] == child_app["key"]
    assert element["credentials"] == {"client_id": child_app["credentials"]["client_id"]}


def test_the_lookup_of_an_unknown_id_finds_nothing(client, partner_token):
    response = find(client, partner_token, "nobody")
    assert response.status_code == 200 and response.json()["elements"] == []


def test_the_lookup_needs_the_finder(client, partner_token):
    response = call(client, "GET", "provisionedApplications?uniqueForeignId=x", partner_token)
    assert response.status_code == 400


def test_a_second_app_for_the_same_installation_is_refused(client, partner_token, child_app):
    response = provision(client, partner_token)
    assert response.status_code == 409
    assert "already exists" in response.json()["message"]
    assert Application.objects.filter(kind=Application.Kind.CHILD).count() == 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"name": ""}, "name is required"),
        ({"uniqueForeignId": None}, "uniqueForeignId is required"),
        ({"oauth2AuthorizedCallbackUrls": ["ftp://x.example/cb"]}, "invalid URLs"),
        ({"oauth2AuthorizedCallbackUrls": "https://x.example/cb"}, "must be an array"),
        ({"validJsSdkDomains": ["https://x.example/path"]}, "with a path"),
        ({"colour": "blue"}, "Unpermitted fields present in REQUEST_BODY: ['colour']"),
    ],
)
def test_a_bad_create_is_400_and_writes_nothing(client, partner_token, override, message):
    response = provision(client, partner_token, **override)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Application.objects.filter(kind=Application.Kind.CHILD).exists()


def patch_app(client, token, key, values, restli_method=None):
    return call(
        client,
        "POST",
        f"provisionedApplications/{key}",
        token,
        body={"patch": {"$set": values}},
        restli_method=restli_method,
    )


def test_a_partial_update_sets_the_sdk_domains_and_callbacks(client, partner_token, child_app):
    response = patch_app(
        client,
        partner_token,
        child_app["key"].replace(":", "%3A"),
        {
            "validJsSdkDomains": ["https://jobs.contoso.example"],
            "oauth2AuthorizedCallbackUrls": [OAUTH_CALLBACK, "https://jobs.contoso.example/cb/"],
        },
    )
    assert response.status_code == 204
    app = Application.objects.get(unique_foreign_id="instance-1")
    assert app.valid_js_sdk_domains == ["https://jobs.contoso.example"]
    assert app.oauth2_authorized_callback_urls == [OAUTH_CALLBACK, "https://jobs.contoso.example/cb/"]


def test_an_update_is_a_plain_post_as_in_linkedins_collection(client, partner_token, child_app):
    response = patch_app(client, partner_token, child_app["key"], {"validJsSdkDomains": ["x.example"]})
    assert response.status_code == 204
    assert Application.objects.get(unique_foreign_id="instance-1").valid_js_sdk_domains == ["x.example"]


def test_an_update_with_the_explicit_partial_update_method_is_the_same(client, partner_token, child_app):
    response = patch_app(
        client, partner_token, child_app["key"], {"validJsSdkDomains": ["y.example"]}, "partial_update"
    )
    assert response.status_code == 204
    assert Application.objects.get(unique_foreign_id="instance-1").valid_js_sdk_domains == ["y.example"]


def test_an_update_under_another_restli_method_is_refused(client, partner_token, child_app):
    response = patch_app(
        client, partner_token, child_app["key"], {"validJsSdkDomains": ["x.example"]}, "batch_update"
    )
    assert response.status_code == 400
    assert "batch_update" in response.json()["message"]
    assert Application.objects.get(unique_foreign_id="instance-1").valid_js_sdk_domains != ["x.example"]


def test_a_partial_update_cannot_change_the_unique_foreign_id(client, partner_token, child_app):
    response = patch_app(client, partner_token, child_app["key"], {"uniqueForeignId": "other"})
    assert response.status_code == 400
    assert Application.objects.filter(unique_foreign_id="instance-1").exists()


def test_a_partial_update_of_an_unknown_app_is_404(client, partner_token):
    response = patch_app(
        client, partner_token, "urn:li:developerApplication:999999", {"validJsSdkDomains": []}
    )
    assert response.status_code == 404
