"""atsIntegrations: naming (batch_partial_update), CALLBACK_URL configuration (batch_update), status by ids,
and the event behind a push (q=request)."""

from urllib.parse import quote

import pytest

from linkedin_sandbox.models import Application, Event, Integration
from linkedin_sandbox.services import access_switch
from tests.linkedin_sandbox.helpers import (
    CONTRACT,
    ORG,
    ORG_TYPES,
    PARTNER_ID,
    RSC_CALLBACK,
    call,
    client_token,
    configure_callback,
    contract_level_pairs,
    ids_query,
    key,
    name_integrations,
    provision,
)

pytestmark = pytest.mark.django_db


def statuses():
    return dict(Integration.objects.values_list("integration_type", "status"))


def status_of(client, token, pairs):
    return call(client, "GET", f"atsIntegrations?{ids_query(pairs)}", token)


def test_naming_creates_the_integrations_and_answers_a_status_per_entity(client, child_token):
    response = name_integrations(client, child_token, contract_level_pairs())
    assert response.status_code == 200
    answer = response.json()
    assert answer["errors"] == {}
    assert answer["results"] == {key(*pair): {"status": 204} for pair in contract_level_pairs()}
    assert set(Integration.objects.values_list("integration_name", flat=True)) == {"Attract for Contoso Demo"}


def test_named_integrations_are_partner_ready_except_export_which_waits_for_its_callback(client, child_token):
    name_integrations(client, child_token, contract_level_pairs())
    assert statuses() == {
        "ONE_CLICK_EXPORT": "REQUESTED",
        "IN_ATS_INDICATOR": "PARTNER_READY",
        "PROFILE_PLUGIN": "PARTNER_READY",
        "APPLY_WITH_LINKEDIN": "PARTNER_READY",
        "CSA_API": "PARTNER_READY",
    }
    response = configure_callback(client, child_token)
    assert response.status_code == 200
    assert response.json() == {"results": {"CALLBACK_URL": {"status": 204}}, "errors": {}}
    export = Integration.objects.get(integration_type="ONE_CLICK_EXPORT")
    assert (export.status, export.callback_url) == ("PARTNER_READY", RSC_CALLBACK)


def test_renaming_does_not_move_an_enabled_integration(client, child_token, partner_ready):
    Integration.objects.update(status=Integration.Status.ENABLED)
    name_integrations(client, child_token, contract_level_pairs(), integration_name="Renamed")
    assert set(statuses().values()) == {"ENABLED"}
    assert set(Integration.objects.values_list("integration_name", flat=True)) == {"Renamed"}


def test_a_rest_li_2_tuple_key_beside_1_0_ids_is_refused_as_a_mix(client, child_token):
    pair = (ORG, "IN_ATS_INDICATOR")
    encoded = quote(ORG, safe="")
    tuple_key = (
        f"(integrationContext:{encoded},integrationType:IN_ATS_INDICATOR,"
        + "tenantType:RECRUITER,dataProvider:ATS)"
    )
    body = {"entities": {tuple_key: {"patch": {"$set": {"integrationName": "Attract"}}}}}
    response = call(
        client,
        "POST",
        f"atsIntegrations?{ids_query([pair])}",
        child_token,
        body=body,
        restli_method="BATCH_PARTIAL_UPDATE",
    )
    assert response.status_code == 400
    assert "Rest.li 2.0 keys" in response.json()["message"]
    assert not Integration.objects.exists()


def test_naming_needs_the_restli_method_header(client, child_token):
    pairs = [(ORG, "IN_ATS_INDICATOR")]
    body = {"entities": {key(*pairs[0]): {"patch": {"$set": {"integrationName": "x"}}}}}
    response = call(client, "POST", f"atsIntegrations?{ids_query(pairs)}", child_token, body=body)
    assert response.status_code == 400
    assert "batch_partial_update" in response.json()["message"]
    assert not Integration.objects.exists()


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ((ORG, "TELEPATHY"), "integrationType TELEPATHY is not one of"),
        ((ORG, "CSA_API"), "CSA_API takes an integrationContext of the form urn:li:contract:N"),
        ((CONTRACT, "ONE_CLICK_EXPORT"), "takes an integrationContext of the form urn:li:organization:N"),
        (("urn:li:company:1", "IN_ATS_INDICATOR"), "is not an organization or contract URN"),
    ],
)
def test_a_bad_key_is_400_and_writes_nothing(client, child_token, pair, message):
    response = name_integrations(client, child_token, [pair])
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert response.json()["serviceErrorCode"] == 100
    assert not Integration.objects.exists()


def test_a_bad_tenant_type_is_400(client, child_token):
    query = ids_query([(ORG, "IN_ATS_INDICATOR")]).replace("RECRUITER", "JOBS")
    body = {
        "entities": {
            key(ORG, "IN_ATS_INDICATOR").replace("RECRUITER", "JOBS"): {
                "patch": {"$set": {"integrationName": "x"}}
            }
        }
    }
    response = call(
        client,
        "POST",
        f"atsIntegrations?{query}",
        child_token,
        body=body,
        restli_method="batch_partial_update",
    )
    assert response.status_code == 400
    assert "tenantType JOBS" in response.json()["message"]
    assert not Integration.objects.exists()


def test_more_than_100_entities_is_400(client, child_token):
    pairs = [(f"urn:li:organization:{n}", "IN_ATS_INDICATOR") for n in range(101)]
    response = name_integrations(client, child_token, pairs)
    assert response.status_code == 400
    assert "at most 100" in response.json()["message"]
    assert not Integration.objects.exists()


def test_body_keys_must_be_the_ids(client, child_token):
    body = {"entities": {key(ORG, "PROFILE_PLUGIN"): {"patch": {"$set": {"integrationName": "x"}}}}}
    query = ids_query([(ORG, "IN_ATS_INDICATOR")])
    response = call(
        client,
        "POST",
        f"atsIntegrations?{query}",
        child_token,
        body=body,
        restli_method="batch_partial_update",
    )
    assert response.status_code == 400
    assert "exactly the ids" in response.json()["message"]
    assert not Integration.objects.exists()


def test_a_patch_with_other_fields_is_400(client, child_token):
    pair = (ORG, "IN_ATS_INDICATOR")
    body = {"entities": {key(*pair): {"patch": {"$set": {"integrationName": "x", "status": "ENABLED"}}}}}
    response = call(
        client,
        "POST",
        f"atsIntegrations?{ids_query([pair])}",
        child_token,
        body=body,
        restli_method="batch_partial_update",
    )
    assert response.status_code == 400
    assert "Unpermitted fields" in response.json()["message"]
    assert not Integration.objects.exists()


def test_an_unknown_organization_fails_only_its_own_entity(client, child_token):
    pairs = [(ORG, "IN_ATS_INDICATOR"), ("urn:li:organization:999", "IN_ATS_INDICATOR")]
    response = name_integrations(client, child_token, pairs)
    assert response.status_code == 200
    answer = response.json()
    assert answer["results"][key(*pairs[0])] == {"status": 204}
    assert answer["errors"][key(*pairs[1])]["status"] == 404
    assert answer["results"][key(*pairs[1])]["status"] == 404
    assert list(Integration.objects.values_list("integration_context", flat=True)) == [ORG]


def test_configuring_an_integration_that_was_never_named_is_404(client, child_token):
    response = configure_callback(client, child_token)
    assert response.status_code == 404
    assert not Integration.objects.exists()


@pytest.mark.parametrize(
    ("body", "query", "message"),
    [
        (
            {"entities": {"CALLBACK_URL": {"configurationValue": {"string": "ftp://x/cb"}}}},
            "ids=CALLBACK_URL",
            "not an absolute https URL",
        ),
        (
            {"entities": {"CALLBACK_URL": {"configurationValue": {"string": "http://evil.example/cb"}}}},
            "ids=CALLBACK_URL",
            "not an absolute https URL",
        ),
        (
            {"entities": {"COLOUR": {"configurationValue": {"string": "blue"}}}},
            "ids=COLOUR",
            "Unknown configuration keys",
        ),
        (
            {"entities": {"CALLBACK_URL": {"configurationValue": "https://x.example/cb"}}},
            "ids=CALLBACK_URL",
            "configurationValue",
        ),
        ({"entities": {}}, "ids=CALLBACK_URL", "exactly the configuration keys"),
    ],
)
def test_a_bad_configuration_is_400_and_writes_nothing(client, child_token, body, query, message):
    name_integrations(client, child_token, [(ORG, "ONE_CLICK_EXPORT")])
    path = f"atsIntegrations/{key(ORG, 'ONE_CLICK_EXPORT')}/configurations?{query}"
    response = call(client, "PUT", path, child_token, body=body, restli_method="batch_update")
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert Integration.objects.get().callback_url == ""


def test_configuration_needs_batch_update(client, child_token):
    name_integrations(client, child_token, [(ORG, "ONE_CLICK_EXPORT")])
    body = {"entities": {"CALLBACK_URL": {"configurationValue": {"string": RSC_CALLBACK}}}}
    path = f"atsIntegrations/{key(ORG, 'ONE_CLICK_EXPORT')}/configurations?ids=CALLBACK_URL"
    response = call(client, "PUT", path, child_token, body=body, restli_method="update")
    assert response.status_code == 400
    assert Integration.objects.get().callback_url == ""


def test_the_status_is_read_by_ids(client, child_token, partner_ready):
    pairs = contract_level_pairs()
    response = status_of(client, child_token, pairs)
    assert response.status_code == 200
    answer = response.json()
    assert answer["errors"] == {}
    export = answer["results"][key(ORG, "ONE_CLICK_EXPORT")]
    assert export == {
        "integrationContext": ORG,
        "integrationType": "ONE_CLICK_EXPORT",
        "tenantType": "RECRUITER",
        "dataProvider": "ATS",
        "integrationName": "Attract for Contoso Demo",
        "status": "PARTNER_READY",
    }
    assert set(answer["statuses"].values()) == {200}


def test_an_integration_never_requested_is_404_for_its_key(client, child_token):
    response = status_of(client, child_token, [(ORG, "PROFILE_PLUGIN")])
    assert response.status_code == 200
    assert response.json()["errors"][key(ORG, "PROFILE_PLUGIN")]["status"] == 404
    assert response.json()["statuses"][key(ORG, "PROFILE_PLUGIN")] == 404


def test_another_installations_integrations_are_invisible(client, child_token, partner_ready):
    partner = client_token(client, PARTNER_ID, "attract-sandbox-partner-secret")
    other = provision(client, partner, foreign_id="instance-2").json()["credentials"]
    other_token = client_token(client, other["client_id"], other["client_secret"])
    response = status_of(client, other_token, [(ORG, "ONE_CLICK_EXPORT")])
    assert response.json()["results"] == {}
    assert response.json()["errors"][key(ORG, "ONE_CLICK_EXPORT")]["status"] == 404


def test_a_read_without_ids_or_finder_is_400(client, child_token):
    assert call(client, "GET", "atsIntegrations", child_token).status_code == 400


def test_an_unknown_finder_is_400(client, child_token):
    response = call(client, "GET", "atsIntegrations?q=everything", child_token)
    assert response.status_code == 400


def test_gappy_indexes_are_400(client, child_token):
    query = ids_query([(ORG, "IN_ATS_INDICATOR")]).replace("ids%5B0%5D", "ids%5B1%5D")
    assert call(client, "GET", f"atsIntegrations?{query}", child_token).status_code == 400


def test_the_event_behind_a_push_is_found_by_request_id(client, child_token, partner_ready, alex, corporate):
    app = Application.objects.get(unique_foreign_id="instance-1")
    event = access_switch(application=app, contract=corporate, level="CONTRACT", by=alex)
    response = call(client, "GET", f"atsIntegrations?q=request&requestId={event.event_id}", child_token)
    assert response.status_code == 200
    elements = response.json()["elements"]
    assert {(e["integrationType"], e["status"]) for e in elements} == {
        (t, "ENABLED") for t in [*ORG_TYPES, "CSA_API"]
    }
    assert {e["requestId"] for e in elements} == {event.event_id}


def test_an_unknown_request_id_is_404(client, child_token):
    response = call(client, "GET", "atsIntegrations?q=request&requestId=nope", child_token)
    assert response.status_code == 404


def test_the_finder_needs_a_request_id(client, child_token):
    assert call(client, "GET", "atsIntegrations?q=request", child_token).status_code == 400


def test_another_apps_event_is_404(client, child_token, partner_ready, alex, corporate):
    event = access_switch(
        application=Application.objects.get(unique_foreign_id="instance-1"),
        contract=corporate,
        level="COMPANY",
        by=alex,
    )
    partner = client_token(client, PARTNER_ID, "attract-sandbox-partner-secret")
    other = provision(client, partner, foreign_id="instance-2").json()["credentials"]
    other_token = client_token(client, other["client_id"], other["client_secret"])
    assert (
        call(client, "GET", f"atsIntegrations?q=request&requestId={event.event_id}", other_token).status_code
        == 404
    )
    assert Event.objects.count() == 1
