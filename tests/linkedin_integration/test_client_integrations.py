"""The atsIntegrations calls of the LinkedIn contract (naming, callback configuration, status, events):
compound keys, Rest.li headers, per-entity batch answers."""

import pytest
import responses

from linkedin_integration.client import IntegrationKey, LinkedInError, integration_keys
from tests.linkedin_integration.test_client_helpers import (
    API,
    CONTRACT,
    ORG,
    FakeClock,
    Sleeps,
    add_token,
    assert_query,
    body,
    calls_to,
    configure,
    connect_child_app,
    make_client,
)

# Entity keys as LinkedIn's published examples write them in bodies and paths.
TAIL = "&tenantType=RECRUITER&dataProvider=ATS"
ORG_KEY = "integrationContext=urn:li:organization:1001&integrationType={}" + TAIL
CSA_KEY = "integrationContext=urn:li:contract:2002&integrationType=CSA_API" + TAIL


@pytest.fixture(autouse=True)
def _linkedin(settings, db):
    configure(settings)


@pytest.fixture
def client():
    return make_client(FakeClock(), Sleeps())


@pytest.fixture
def child(mocked):
    """A connected child app whose token LinkedIn hands out."""
    connect_child_app()
    add_token(mocked, "child-token-1")


def data_calls(mocked):
    return calls_to(mocked, API)


def test_company_level_is_the_organization_types_and_contract_level_adds_csa_api():
    company = integration_keys(organization_urn=ORG)
    contract = integration_keys(organization_urn=ORG, contract_urn=CONTRACT)

    assert [k.integration_type for k in company] == [
        "ONE_CLICK_EXPORT",
        "IN_ATS_INDICATOR",
        "PROFILE_PLUGIN",
        "APPLY_WITH_LINKEDIN",
    ]
    assert {k.integration_context for k in company} == {ORG}
    assert contract[:4] == company
    assert contract[4] == IntegrationKey(CONTRACT, "CSA_API", "RECRUITER", "ATS")


def test_naming_is_a_batch_partial_update_keyed_by_compound_ids(client, mocked, child):
    export, plugin = IntegrationKey(ORG, "ONE_CLICK_EXPORT"), IntegrationKey(ORG, "PROFILE_PLUGIN")
    mocked.add(
        responses.POST,
        f"{API}/v2/atsIntegrations",
        json={
            "results": {
                ORG_KEY.format("ONE_CLICK_EXPORT"): {"status": 204},
                ORG_KEY.format("PROFILE_PLUGIN"): {"status": 204},
            },
            "errors": {},
        },
    )

    result = client.name_integrations({export: "Acme - Attract export", plugin: "Acme - Attract plugin"})

    assert result.succeeded
    assert result.ok == {export: 204, plugin: 204}
    (call,) = data_calls(mocked)
    assert_query(
        call,
        f"{API}/v2/atsIntegrations",
        [
            ("ids[0].integrationContext", ORG),
            ("ids[0].integrationType", "ONE_CLICK_EXPORT"),
            ("ids[0].tenantType", "RECRUITER"),
            ("ids[0].dataProvider", "ATS"),
            ("ids[1].integrationContext", ORG),
            ("ids[1].integrationType", "PROFILE_PLUGIN"),
            ("ids[1].tenantType", "RECRUITER"),
            ("ids[1].dataProvider", "ATS"),
        ],
    )
    assert call.request.headers["Authorization"] == "Bearer child-token-1"
    assert call.request.headers["x-restli-method"] == "batch_partial_update"
    assert "X-RestLi-Protocol-Version" not in call.request.headers
    assert body(call) == {
        "entities": {
            ORG_KEY.format("ONE_CLICK_EXPORT"): {
                "patch": {"$set": {"integrationName": "Acme - Attract export"}}
            },
            ORG_KEY.format("PROFILE_PLUGIN"): {
                "patch": {"$set": {"integrationName": "Acme - Attract plugin"}}
            },
        }
    }


def test_a_failed_entity_of_a_naming_batch_is_an_error_for_that_entity_only(client, mocked, child):
    export, plugin = IntegrationKey(ORG, "ONE_CLICK_EXPORT"), IntegrationKey(ORG, "PROFILE_PLUGIN")
    mocked.add(
        responses.POST,
        f"{API}/v2/atsIntegrations",
        json={
            "results": {ORG_KEY.format("ONE_CLICK_EXPORT"): {"status": 204}},
            "errors": {
                ORG_KEY.format("PROFILE_PLUGIN"): {"status": 422, "message": "integrationName is too long"}
            },
        },
    )

    result = client.name_integrations({export: "ok", plugin: "x" * 500})

    assert result.ok == {export: 204}
    assert list(result.errors) == [plugin]
    assert (result.errors[plugin].status, result.errors[plugin].permanent) == (422, True)
    with pytest.raises(LinkedInError, match="integrationName is too long"):
        result.raise_for_errors()


def test_an_entity_status_of_500_in_the_results_is_a_temporary_error_for_that_entity(client, mocked, child):
    export = IntegrationKey(ORG, "ONE_CLICK_EXPORT")
    mocked.add(
        responses.POST,
        f"{API}/v2/atsIntegrations",
        json={"results": {ORG_KEY.format("ONE_CLICK_EXPORT"): {"status": 500, "message": "try later"}}},
    )

    result = client.name_integrations({export: "n"})

    assert (result.errors[export].status, result.errors[export].permanent) == (500, False)
    assert result.errors[export].message == "try later"


def test_an_entity_linkedin_says_nothing_about_is_an_error(client, mocked, child):
    export, plugin = IntegrationKey(ORG, "ONE_CLICK_EXPORT"), IntegrationKey(ORG, "PROFILE_PLUGIN")
    mocked.add(
        responses.POST,
        f"{API}/v2/atsIntegrations",
        json={"results": {ORG_KEY.format("ONE_CLICK_EXPORT"): {"status": 204}}},
    )

    result = client.name_integrations({export: "a", plugin: "b"})

    assert list(result.ok) == [export]
    assert "said nothing" in result.errors[plugin].message


def test_an_answer_keyed_the_restli_2_way_is_understood(client, mocked, child):
    export = IntegrationKey(ORG, "ONE_CLICK_EXPORT")
    restli2 = (
        "(integrationContext:urn%3Ali%3Aorganization%3A1001,integrationType:ONE_CLICK_EXPORT,"
        "tenantType:RECRUITER,dataProvider:ATS)"
    )
    mocked.add(responses.POST, f"{API}/v2/atsIntegrations", json={"results": {restli2: {"status": 204}}})

    assert client.name_integrations({export: "n"}).ok == {export: 204}


def test_the_callback_url_is_configured_with_a_batch_update_of_the_integration(client, mocked, child):
    export = IntegrationKey(ORG, "ONE_CLICK_EXPORT")
    path = f"{API}/v2/atsIntegrations/{ORG_KEY.format('ONE_CLICK_EXPORT')}/configurations"
    mocked.add(responses.PUT, path, json={"results": {"CALLBACK_URL": {"status": 204}}, "errors": {}})

    result = client.configure_callback_url(export, "https://attract.test/linkedin/rsc/callback/")

    assert result.ok == {"CALLBACK_URL": 204}
    (call,) = data_calls(mocked)
    assert call.request.method == "PUT"
    assert call.request.url == f"{path}?ids=CALLBACK_URL"
    assert call.request.headers["x-restli-method"] == "batch_update"
    assert body(call) == {
        "entities": {
            "CALLBACK_URL": {"configurationValue": {"string": "https://attract.test/linkedin/rsc/callback/"}}
        }
    }


def test_a_refused_callback_configuration_is_an_error_for_that_configuration(client, mocked, child):
    path = f"{API}/v2/atsIntegrations/{ORG_KEY.format('ONE_CLICK_EXPORT')}/configurations"
    mocked.add(
        responses.PUT,
        path,
        json={"errors": {"CALLBACK_URL": {"status": 400, "message": "URL must be https"}}},
    )

    result = client.configure_callback_url(IntegrationKey(ORG, "ONE_CLICK_EXPORT"), "http://x/")

    assert result.errors["CALLBACK_URL"].message == "URL must be https"


def test_reading_statuses_returns_name_and_status_per_integration(client, mocked, child):
    export, csa = IntegrationKey(ORG, "ONE_CLICK_EXPORT"), IntegrationKey(CONTRACT, "CSA_API")
    mocked.add(
        responses.GET,
        f"{API}/v2/atsIntegrations",
        json={
            "results": {
                ORG_KEY.format("ONE_CLICK_EXPORT"): {"integrationName": "Acme export", "status": "ENABLED"},
                CSA_KEY: {"integrationName": "Acme CSA", "status": "PARTNER_READY"},
            },
            "statuses": {ORG_KEY.format("ONE_CLICK_EXPORT"): 200, CSA_KEY: 200},
            "errors": {},
        },
    )

    result = client.integration_statuses([export, csa])

    assert {key: (s.name, s.status) for key, s in result.ok.items()} == {
        export: ("Acme export", "ENABLED"),
        csa: ("Acme CSA", "PARTNER_READY"),
    }
    (call,) = data_calls(mocked)
    assert call.request.method == "GET"
    assert_query(
        call,
        f"{API}/v2/atsIntegrations",
        [
            ("ids[0].integrationContext", ORG),
            ("ids[0].integrationType", "ONE_CLICK_EXPORT"),
            ("ids[0].tenantType", "RECRUITER"),
            ("ids[0].dataProvider", "ATS"),
            ("ids[1].integrationContext", CONTRACT),
            ("ids[1].integrationType", "CSA_API"),
            ("ids[1].tenantType", "RECRUITER"),
            ("ids[1].dataProvider", "ATS"),
        ],
    )
    assert "x-restli-method" not in call.request.headers


def test_an_unknown_status_word_or_a_missing_integration_is_an_error_for_that_key_only(client, mocked, child):
    export, plugin, csa = (
        IntegrationKey(ORG, "ONE_CLICK_EXPORT"),
        IntegrationKey(ORG, "PROFILE_PLUGIN"),
        IntegrationKey(CONTRACT, "CSA_API"),
    )
    mocked.add(
        responses.GET,
        f"{API}/v2/atsIntegrations",
        json={
            "results": {
                ORG_KEY.format("ONE_CLICK_EXPORT"): {"integrationName": "n", "status": "ENABLED"},
                ORG_KEY.format("PROFILE_PLUGIN"): {"integrationName": "n", "status": "SOMETHING_NEW"},
            },
            "errors": {CSA_KEY: {"status": 404, "message": "Integration not found"}},
        },
    )

    result = client.integration_statuses([export, plugin, csa])

    assert list(result.ok) == [export]
    assert "not understood" in result.errors[plugin].message
    assert (result.errors[csa].status, result.errors[csa].message) == (404, "Integration not found")


def test_the_integration_event_is_fetched_by_request_id(client, mocked, child):
    mocked.add(
        responses.GET,
        f"{API}/v2/atsIntegrations",
        json={
            "elements": [
                {
                    "integrationContext": CONTRACT,
                    "integrationType": "CSA_API",
                    "tenantType": "RECRUITER",
                    "dataProvider": "ATS",
                    "integrationName": "Acme CSA",
                    "status": "ENABLED",
                }
            ]
        },
    )

    (change,) = client.integration_changes("req-77")

    assert data_calls(mocked)[0].request.url == f"{API}/v2/atsIntegrations?q=request&requestId=req-77"
    assert (change.key, change.status, change.name) == (
        IntegrationKey(CONTRACT, "CSA_API"),
        "ENABLED",
        "Acme CSA",
    )


def test_a_junk_integration_event_is_an_error(client, mocked, child):
    mocked.add(responses.GET, f"{API}/v2/atsIntegrations", json={"elements": [{"status": "ENABLED"}]})

    with pytest.raises(LinkedInError, match="not understood"):
        client.integration_changes("req-77")
