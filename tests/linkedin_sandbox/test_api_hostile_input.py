"""The sandbox's API answers hostile input the way LinkedIn does, with a JSON 400 (or another 4xx),
never a 500: bodies nested too deep, ids indexes and URN numbers of thousands of digits or of
non-ASCII digits, paging past any sane offset, NUL characters; and a property-based test fires junk
queries and bodies at every resource with a valid child token."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_sandbox.models import (
    Application,
    AtsCandidate,
    AtsEntityAcl,
    Integration,
    IntegrationType,
    Organization,
)
from tests.linkedin_sandbox.helpers import CONTRACT, ORG, call

pytestmark = pytest.mark.django_db
HUGE = "9" * 5000
DEEP = "[" * 100_000 + "]" * 100_000
CANDIDATE_KEY = f"atsCandidateId=1&dataProvider=ATS&integrationContext={ORG}"
RESOURCES = [
    "provisionedApplications",
    "provisionedApplications/urn:li:developerApplication:1",
    "atsIntegrations",
    f"atsIntegrations/integrationContext={ORG}&integrationType=ONE_CLICK_EXPORT"
    "&tenantType=RECRUITER&dataProvider=ATS/configurations",
    "me",
    "userinfo",
    "emailAddress",
    "recruiterContracts",
    "simpleJobPostings",
    "simpleJobPostingTasks",
    "atsCandidates",
    f"atsCandidates/{CANDIDATE_KEY}/notes",
    "atsApplications",
    f"atsApplications/atsJobApplicationId=1&dataProvider=ATS&integrationContext={ORG}/stages",
    "seatsV2",
    "seats",
    "conversationEvents",
    "prospectNotes",
    "mailStubs",
    "exportedCandidates",
    "atsEntityAcls",
    "atsEntityAclAssignees",
    "noSuchResource",
]


@pytest.fixture
def enabled(child_app):
    """The child app enabled on the organization and, for the Recruiter data, on the contract."""
    app = Application.objects.get(client_id=child_app["credentials"]["client_id"])
    Integration.objects.create(
        application=app, integration_context=ORG, integration_type="ONE_CLICK_EXPORT", status="ENABLED"
    )
    Integration.objects.create(
        application=app,
        integration_context=CONTRACT,
        integration_type=IntegrationType.CSA_API,
        status=Integration.Status.ENABLED,
    )
    return app


def assert_linkedin_400(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400
    assert body["serviceErrorCode"] == 100
    assert body["message"]
    return body["message"]


def raw_call(client, method, path, token, data, *, restli_method=""):
    headers = {"Authorization": f"Bearer {token}"}
    if restli_method:
        headers["X-RestLi-Method"] = restli_method
    return client.generic(
        method, f"/sandbox/linkedin/api/v2/{path}", data, content_type="application/json", headers=headers
    )


def candidate_ids():
    return urlencode(
        {"ids[0].atsCandidateId": "1", "ids[0].dataProvider": "ATS", "ids[0].integrationContext": ORG}
    )


# Bodies nested deeper than the JSON parser goes


def test_a_batch_body_nested_too_deep_is_a_400_and_writes_nothing(client, child_token, enabled):
    response = raw_call(
        client, "PUT", f"atsCandidates?{candidate_ids()}", child_token, DEEP, restli_method="batch_update"
    )

    assert "nested too deeply" in assert_linkedin_400(response)
    assert not AtsCandidate.objects.exists()


def test_an_object_body_nested_too_deep_is_a_400_and_provisions_nothing(client, partner_token):
    before = Application.objects.count()

    response = raw_call(
        client, "POST", "provisionedApplications", partner_token, '{"a":' * 50_000 + "1" + "}" * 50_000
    )

    assert "nested too deeply" in assert_linkedin_400(response)
    assert Application.objects.count() == before


# ids[i] indexes


@pytest.mark.parametrize("index", [HUGE, "1000", "²", "-1"])
@pytest.mark.parametrize("resource", ["atsIntegrations", "atsCandidates", "atsEntityAcls"])
def test_an_ids_index_that_is_no_small_number_is_a_400(client, child_token, enabled, resource, index):
    response = call(
        client,
        "GET" if resource == "atsIntegrations" else "DELETE",
        f"{resource}?ids[{index}].x=1",
        child_token,
    )

    assert "is not of the form ids[i].field" in assert_linkedin_400(response)


def test_an_acl_delete_with_a_huge_index_deletes_nothing(client, child_token, enabled):
    AtsEntityAcl.objects.create(
        organization=Organization.objects.get(org_id=2414183),
        ats_entity_acl_id="TEST_JOBS",
        ats_entity_type="JOB_POSTING",
        ats_entity_id="J1",
    )
    query = urlencode(
        {
            f"ids[{HUGE}].atsEntityAclId": "TEST_JOBS",
            f"ids[{HUGE}].dataProvider": "ATS",
            f"ids[{HUGE}].integrationContext": ORG,
            f"ids[{HUGE}].atsEntityType": "JOB_POSTING",
            f"ids[{HUGE}].atsEntityId": "J1",
        }
    )

    assert_linkedin_400(
        call(client, "DELETE", f"atsEntityAcls?{query}", child_token, restli_method="batch_delete")
    )
    assert AtsEntityAcl.objects.count() == 1


# Numbers in URNs


@pytest.mark.parametrize("number", ["²", "1²", HUGE, "1" * 19, "١٢"])
def test_a_contract_urn_whose_number_is_no_ascii_number_is_a_400(client, child_token, enabled, number):
    response = call(client, "GET", f"seatsV2?q=attributes&contracts=urn:li:contract:{number}", child_token)

    assert "is not a contract URN" in assert_linkedin_400(response)


@pytest.mark.parametrize("number", ["²", HUGE, "1" * 19])
def test_a_seat_urn_whose_number_is_no_ascii_number_is_a_400(client, child_token, enabled, number):
    query = urlencode(
        {
            "q": "criteria",
            "contract": CONTRACT,
            "owners": f"urn:li:seat:{number}",
            "cutoffDate": "0",
            "beforeDate": "1000",
            "start": "0",
        }
    )

    assert "must be a seat URN" in assert_linkedin_400(
        call(client, "GET", f"prospectNotes?{query}", child_token)
    )


@pytest.mark.parametrize("number", ["²", HUGE])
def test_a_provisioned_application_urn_whose_number_is_no_number_is_not_found(client, partner_token, number):
    response = call(
        client,
        "POST",
        f"provisionedApplications/urn:li:developerApplication:{number}",
        partner_token,
        body={},
    )

    assert response.status_code == 404
    assert response.json()["status"] == 404


# Paging and other integers


def history_query(**params):
    return urlencode(
        {
            "q": "criteria",
            "viewer": "urn:li:seat:9100003",
            "timeRange.start": "0",
            "timeRange.end": "1000",
            "start": "0",
        }
        | params
    )


@pytest.mark.parametrize(
    "params",
    [
        {"start": "²"},
        {"start": HUGE},
        {"start": "1000001"},
        {"start": "-1"},
        {"count": "²"},
        {"count": "101"},
        {"count": "0"},
        {"timeRange.start": "²"},
        {"timeRange.end": HUGE},
        {"timeRange.start": "253402300800000", "timeRange.end": "253402300800001"},
    ],
)
def test_history_paging_and_windows_take_bounded_ascii_integers_only(client, child_token, enabled, params):
    response = call(client, "GET", f"conversationEvents?{history_query(**params)}", child_token)

    assert_linkedin_400(response)


def test_history_paging_as_far_as_the_bound_answers_an_empty_page(client, child_token, enabled):
    response = call(client, "GET", f"conversationEvents?{history_query(start='1000000')}", child_token)

    assert response.status_code == 200, response.content
    assert response.json()["elements"] == []


def acl_query(**params):
    return urlencode(
        {"q": "criteria", "dataProvider": "ATS", "integrationContext": ORG, "atsEntityType": "JOB_POSTING"}
        | params
    )


@pytest.mark.parametrize(
    "params", [{"start": "²"}, {"start": HUGE}, {"start": "1000001"}, {"count": "²"}, {"count": "101"}]
)
def test_acl_finder_paging_takes_bounded_ascii_integers_only(client, child_token, enabled, params):
    assert_linkedin_400(call(client, "GET", f"atsEntityAcls?{acl_query(**params)}", child_token))


def test_acl_finder_paging_as_far_as_the_bound_answers_an_empty_page(client, child_token, enabled):
    response = call(client, "GET", f"atsEntityAcls?{acl_query(start='1000000')}", child_token)

    assert response.status_code == 200, response.content
    assert response.json()["paging"] == {"start": 1_000_000, "count": 10, "total": 0}


# NUL characters, which no database text column holds


def test_a_nul_in_a_body_is_a_400_and_writes_nothing(client, child_token, enabled):
    body = {"entities": {CANDIDATE_KEY: {"firstName": "Ca\x00sey", "lastName": "Candidate"}}}

    response = call(
        client,
        "PUT",
        f"atsCandidates?{candidate_ids()}",
        child_token,
        body=body,
        restli_method="batch_update",
    )

    assert "NUL" in assert_linkedin_400(response)
    assert not AtsCandidate.objects.exists()


# Junk at every resource

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
NAMES = st.one_of(
    TEXT,
    st.sampled_from(["q", "start", "count", "ids", "fields", "contracts", "viewer", "owners", "contract"]),
    st.builds(lambda i, name: f"ids[{i}].{name}", st.one_of(TEXT, st.integers(0, 10**30).map(str)), TEXT),
)
VALUES = st.one_of(
    TEXT,
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["criteria", "attributes", "²", "urn:li:contract:500100", "urn:li:seat:²", ORG, "ATS"]),
)
BODIES = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
        max_leaves=20,
    ).map(lambda value: json.dumps(value)),
    st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(900, 5000)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resource=st.sampled_from(RESOURCES),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    restli_method=st.sampled_from(["", "batch_update", "batch_delete", "batch_partial_update", "²"]),
    query=st.lists(st.tuples(NAMES, VALUES), max_size=6),
    body=BODIES,
)
def test_no_junk_query_or_body_makes_any_resource_answer_500(
    client, child_token, enabled, resource, method, restli_method, query, body
):
    response = raw_call(
        client, method, f"{resource}?{urlencode(query)}", child_token, body, restli_method=restli_method
    )

    assert response.status_code < 500, (response.status_code, response.content[:500])
