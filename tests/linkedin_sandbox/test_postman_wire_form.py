"""The sandbox takes each request as LinkedIn's Postman collection sends it, and refuses the forms LinkedIn
would refuse: the Rest.li protocol header against the key syntax, the partner token request's media type,
the provisioned app's update, configuration keys and their read and delete, unknown API paths."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from linkedin_sandbox.models import Application, Integration, Token
from tests.linkedin_sandbox.helpers import (
    API,
    ORG,
    PARTNER_ID,
    PARTNER_SECRET,
    RSC_CALLBACK,
    TOKEN_URL,
    call,
    configure_callback,
    ids_query,
    key,
    name_integrations,
)

pytestmark = pytest.mark.django_db

EXPORT = key(ORG, "ONE_CLICK_EXPORT")
INDICATOR = key(ORG, "IN_ATS_INDICATOR")


def naming_body(pair, name="Contoso Demo"):
    return {"entities": {key(*pair): {"patch": {"$set": {"integrationName": name}}}}}


def configurations(client, token, method, integration_key, ids, body=None, **kwargs):
    return call(
        client,
        method,
        f"atsIntegrations/{integration_key}/configurations?ids={ids}",
        token,
        body=body,
        **kwargs,
    )


def viewers(value="ALL_PRODUCT_USERS", name="APPLICATION_VIEWERS"):
    return {"entities": {name: {"configurationValue": {"string": value}}}}


@pytest.fixture
def named(client, child_token):
    pairs = [(ORG, "ONE_CLICK_EXPORT"), (ORG, "IN_ATS_INDICATOR")]
    assert name_integrations(client, child_token, pairs).status_code == 200


# Rest.li protocol header and key syntax


def test_1_0_keys_without_the_header_name_an_integration(client, child_token):
    pair = (ORG, "IN_ATS_INDICATOR")
    response = call(
        client,
        "POST",
        f"atsIntegrations?{ids_query([pair])}",
        child_token,
        body=naming_body(pair),
        restli_method="batch_partial_update",
    )
    assert response.status_code == 200
    assert response.json()["results"] == {INDICATOR: {"status": 204}}
    assert Integration.objects.get().integration_name == "Contoso Demo"


def test_the_2_0_header_with_1_0_query_keys_is_a_json_400_and_names_nothing(client, child_token):
    pair = (ORG, "IN_ATS_INDICATOR")
    response = call(
        client,
        "POST",
        f"atsIntegrations?{ids_query([pair])}",
        child_token,
        body=naming_body(pair),
        restli_method="batch_partial_update",
        protocol="2.0.0",
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert (
        "announces X-RestLi-Protocol-Version 2.0.0 but writes Rest.li 1.0 keys" in response.json()["message"]
    )
    assert not Integration.objects.exists()


def test_the_2_0_header_with_a_1_0_key_in_the_path_is_400(client, child_token, named):
    response = configurations(
        client, child_token, "PUT", EXPORT, "CALLBACK_URL", viewers(RSC_CALLBACK, "CALLBACK_URL"),
        restli_method="batch_update", protocol="2.0.0",
    )  # fmt: skip
    assert response.status_code == 400
    assert Integration.objects.get(integration_type="ONE_CLICK_EXPORT").callback_url == ""


def test_2_0_keys_without_the_header_are_400(client, child_token):
    response = call(
        client,
        "GET",
        "atsIntegrations?ids=List((integrationContext:urn%3Ali%3Aorganization%3A2414183,"
        "integrationType:ONE_CLICK_EXPORT,tenantType:RECRUITER,dataProvider:ATS))",
        child_token,
    )
    assert response.status_code == 400
    assert "without announcing X-RestLi-Protocol-Version 2.0.0" in response.json()["message"]


def test_an_unknown_protocol_version_is_400(client, child_token):
    response = call(
        client,
        "GET",
        f"atsIntegrations?{ids_query([(ORG, 'ONE_CLICK_EXPORT')])}",
        child_token,
        protocol="3.0.0",
    )
    assert response.status_code == 400


# The partner token request


def test_the_partner_token_request_sent_as_text_plain_over_a_form_is_answered(client):
    form = urlencode(
        {"grant_type": "client_credentials", "client_id": PARTNER_ID, "client_secret": PARTNER_SECRET}
    )
    response = client.post(TOKEN_URL, form, content_type="text/plain")
    assert response.status_code == 200
    assert Token.objects.for_raw(response.json()["access_token"]).application.client_id == PARTNER_ID


def test_a_json_token_request_is_refused_and_issues_no_token(client):
    body = {"grant_type": "client_credentials", "client_id": PARTNER_ID, "client_secret": PARTNER_SECRET}
    response = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert not Token.objects.exists()


def test_a_text_plain_body_that_is_no_form_is_refused(client):
    response = client.post(TOKEN_URL, "just some text", content_type="text/plain")
    assert response.status_code == 400
    assert not Token.objects.exists()


# Updating the provisioned app: the collection's raw body declares no JSON


def test_a_patch_sent_as_text_plain_updates_the_app(client, partner_token, child_app):
    body = {"patch": {"$set": {"validJsSdkDomains": ["http://localhost:8000"]}}}
    response = call(
        client,
        "POST",
        f"provisionedApplications/{child_app['key']}",
        partner_token,
        body=body,
        content_type="text/plain",
    )
    assert response.status_code == 204
    assert Application.objects.get(client_id=child_app["credentials"]["client_id"]).valid_js_sdk_domains == [
        "http://localhost:8000"
    ]


def test_a_form_encoded_patch_is_refused_and_changes_nothing(client, partner_token, child_app):
    response = call(
        client,
        "POST",
        f"provisionedApplications/{child_app['key']}",
        partner_token,
        body={"patch": {"$set": {"validJsSdkDomains": ["x.example"]}}},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert Application.objects.get(client_id=child_app["credentials"]["client_id"]).valid_js_sdk_domains != [
        "x.example"
    ]


# Configuration keys: APPLICATION_VIEWERS, read back, remove


def test_application_viewers_is_taken_for_the_in_ats_indicator(client, child_token, named):
    response = configurations(
        client, child_token, "PUT", INDICATOR, "APPLICATION_VIEWERS", viewers(), restli_method="batch_update"
    )
    assert response.status_code == 200
    assert response.json()["results"] == {"APPLICATION_VIEWERS": {"status": 204}}
    assert (
        Integration.objects.get(integration_type="IN_ATS_INDICATOR").application_viewers
        == "ALL_PRODUCT_USERS"
    )


def test_application_viewers_of_another_value_is_400_and_writes_nothing(client, child_token, named):
    response = configurations(
        client,
        child_token,
        "PUT",
        INDICATOR,
        "APPLICATION_VIEWERS",
        viewers("EVERYONE"),
        restli_method="batch_update",
    )
    assert response.status_code == 400
    assert Integration.objects.get(integration_type="IN_ATS_INDICATOR").application_viewers == ""


def test_a_configuration_is_read_back_by_its_key(client, child_token, named):
    assert configure_callback(client, child_token).status_code == 200
    response = configurations(client, child_token, "GET", EXPORT, "CALLBACK_URL")
    assert response.status_code == 200
    assert response.json()["results"] == {"CALLBACK_URL": {"configurationValue": {"string": RSC_CALLBACK}}}
    assert response.json()["errors"] == {}


def test_reading_a_key_never_set_is_a_404_for_that_key(client, child_token, named):
    response = configurations(client, child_token, "GET", EXPORT, "JOB_POSTING_VIEWERS")
    assert response.status_code == 200
    assert response.json()["errors"]["JOB_POSTING_VIEWERS"]["status"] == 404


def test_a_configuration_is_removed_by_delete(client, child_token, named):
    configurations(
        client, child_token, "PUT", INDICATOR, "APPLICATION_VIEWERS", viewers(), restli_method="batch_update"
    )
    response = configurations(client, child_token, "DELETE", INDICATOR, "APPLICATION_VIEWERS")
    assert response.status_code == 200
    assert response.json()["results"] == {"APPLICATION_VIEWERS": {"status": 204}}
    assert Integration.objects.get(integration_type="IN_ATS_INDICATOR").application_viewers == ""


def test_deleting_an_unknown_configuration_key_is_400_and_removes_nothing(client, child_token, named):
    configurations(
        client, child_token, "PUT", INDICATOR, "APPLICATION_VIEWERS", viewers(), restli_method="batch_update"
    )
    response = configurations(client, child_token, "DELETE", INDICATOR, "APPLICATION_VIEWERS&ids=EVERYTHING")
    assert response.status_code == 400
    assert (
        Integration.objects.get(integration_type="IN_ATS_INDICATOR").application_viewers
        == "ALL_PRODUCT_USERS"
    )


# Paths the sandbox does not know


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_an_unknown_api_path_answers_linkedins_json_404_whatever_the_method(child_token, method):
    browser_like = Client(enforce_csrf_checks=True)
    response = browser_like.generic(
        method, f"{API}/atsSomethingElse?ids[0].x=1", "{}", content_type="application/json",
        headers={"Authorization": f"Bearer {child_token}"},
    )  # fmt: skip
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404
