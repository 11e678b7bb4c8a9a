"""The sandbox's ACL resources (atsEntityAcls, atsEntityAclAssignees): the form LinkedIn's collection
sends is accepted, with a status per key; what LinkedIn would refuse is refused, and writes nothing."""

from urllib.parse import urlencode

import pytest

from linkedin_sandbox.models import (
    Application,
    AtsEntityAcl,
    AtsEntityAclAssignee,
    Integration,
    Organization,
    SimpleJobPosting,
)
from tests.linkedin_sandbox.helpers import ORG, call

pytestmark = pytest.mark.django_db
JOB = "TEST_EXTERNAL_JOB_ID_0002"
OTHER_ORG = "urn:li:organization:9999"


@pytest.fixture
def enabled(child_app):
    app = Application.objects.get(client_id=child_app["credentials"]["client_id"])
    Integration.objects.create(
        application=app, integration_context=ORG, integration_type="ONE_CLICK_EXPORT", status="ENABLED"
    )
    return app


@pytest.fixture
def organization(db):
    return Organization.objects.get(org_id=int(ORG.rsplit(":", 1)[-1]))


@pytest.fixture
def job(organization):
    return SimpleJobPosting.objects.create(
        organization=organization, external_job_posting_id=JOB, title="Senior Software Engineer"
    )


def acl_fields(acl_id="TEST_JOBS", entity_id=JOB, **fields):
    return {
        "atsEntityAclId": acl_id,
        "dataProvider": "ATS",
        "integrationContext": ORG,
        "atsEntityType": "JOB_POSTING",
        "atsEntityId": entity_id,
        **fields,
    }


def assignee_fields(person, acl_id="TEST_JOBS", **fields):
    return {
        "atsEntityAclId": acl_id,
        "integrationContext": ORG,
        "dataProvider": "ATS",
        "assignee": person if isinstance(person, str) else person.urn,
        "atsEntityType": "JOB_POSTING",
        **fields,
    }


def ids(*keys):
    return urlencode(
        [(f"ids[{i}].{name}", value) for i, key in enumerate(keys) for name, value in key.items()]
    )


def body_key(key):
    """The collection writes body keys in another field order than its query: dataProvider first."""
    order = sorted(key, key=lambda name: (name != "dataProvider", name != "integrationContext"))
    return "&".join(f"{name}={key[name]}" for name in order)


def put(client, token, resource, *keys, records=None, **options):
    records = records or {}
    body = {"entities": {body_key(key): records.get(i, {}) for i, key in enumerate(keys)}}
    options.setdefault("restli_method", "batch_update")
    return call(client, "PUT", f"{resource}?{ids(*keys)}", token, body=body, **options)


def delete(client, token, resource, *keys):
    return call(client, "DELETE", f"{resource}?{ids(*keys)}", token, content_type="multipart/form-data")


def get(client, token, resource, **params):
    return call(client, "GET", f"{resource}?{urlencode(params)}", token)


def acl_finder(**params):
    return {
        "atsEntityId": JOB,
        "atsEntityType": "JOB_POSTING",
        "dataProvider": "ATS",
        "integrationContext": ORG,
        "q": "criteria",
        "start": "0",
        "count": "100",
        **params,
    }


def assignee_finder(person, **params):
    return {
        "q": "criteria",
        "assignee": person.urn,
        "dataProvider": "ATS",
        "integrationContext": ORG,
        **params,
    }


def make_acl(organization, acl_id="TEST_JOBS", entity_id=JOB):
    return AtsEntityAcl.objects.create(
        organization=organization,
        ats_entity_acl_id=acl_id,
        ats_entity_type="JOB_POSTING",
        ats_entity_id=entity_id,
    )


def make_assignment(organization, member, acl_id="TEST_JOBS"):
    return AtsEntityAclAssignee.objects.create(
        organization=organization, ats_entity_acl_id=acl_id, ats_entity_type="JOB_POSTING", assignee=member
    )


# atsEntityAcls: upsert


def test_an_acl_upserted_as_the_collection_writes_it_is_kept_with_a_204_for_its_key(
    client, child_token, enabled, job
):
    answer = put(client, child_token, "atsEntityAcls", acl_fields())

    assert answer.status_code == 200, answer.content
    [(key, result)] = answer.json()["results"].items()
    assert result == {"status": 204}
    assert "atsEntityAclId=TEST_JOBS" in key and f"atsEntityId={JOB}" in key
    assert answer.json()["errors"] == {}
    acl = AtsEntityAcl.objects.get()
    assert (acl.ats_entity_acl_id, acl.ats_entity_type, acl.ats_entity_id) == (
        "TEST_JOBS",
        "JOB_POSTING",
        JOB,
    )


def test_upserting_the_same_acl_twice_keeps_one(client, child_token, enabled, job):
    put(client, child_token, "atsEntityAcls", acl_fields())
    answer = put(client, child_token, "atsEntityAcls", acl_fields())

    assert answer.status_code == 200
    assert AtsEntityAcl.objects.count() == 1


def test_an_acl_for_a_job_never_synced_is_its_keys_422_and_the_others_are_kept(
    client, child_token, enabled, job
):
    answer = put(client, child_token, "atsEntityAcls", acl_fields(), acl_fields(entity_id="NEVER_SYNCED"))

    assert answer.status_code == 200
    [(key, error)] = answer.json()["errors"].items()
    assert "atsEntityId=NEVER_SYNCED" in key
    assert error["status"] == 422 and "not a synced job posting" in error["message"]
    assert list(AtsEntityAcl.objects.values_list("ats_entity_id", flat=True)) == [JOB]


def test_a_record_with_fields_is_its_keys_422(client, child_token, enabled, job):
    answer = put(client, child_token, "atsEntityAcls", acl_fields(), records={0: {"visibility": "ALL"}})

    assert answer.status_code == 200
    [error] = answer.json()["errors"].values()
    assert error["status"] == 422 and "visibility" in error["message"]
    assert not AtsEntityAcl.objects.exists()


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"atsEntityType": "CANDIDATE"}, "atsEntityType"),
        ({"atsEntityId": ""}, "atsEntityId"),
        ({"dataProvider": "HRIS"}, "dataProvider"),
        ({"integrationContext": "urn:li:contract:500100"}, "integrationContext"),
        ({"tenantType": "RECRUITER"}, "tenantType"),
    ],
)
def test_a_malformed_acl_key_is_a_400_and_nothing_is_written(client, child_token, enabled, job, fields, word):
    answer = put(client, child_token, "atsEntityAcls", acl_fields(**fields))

    assert answer.status_code == 400
    assert word in answer.json()["message"]
    assert not AtsEntityAcl.objects.exists()


def test_body_keys_that_are_not_the_ids_are_a_400(client, child_token, enabled, job):
    body = {"entities": {body_key(acl_fields(acl_id="OTHER")): {}}}
    answer = call(
        client,
        "PUT",
        f"atsEntityAcls?{ids(acl_fields())}",
        child_token,
        body=body,
        restli_method="batch_update",
    )

    assert answer.status_code == 400
    assert "exactly the ids" in answer.json()["message"]
    assert not AtsEntityAcl.objects.exists()


def test_the_protocol_header_2_0_0_with_1_0_keys_is_a_400(client, child_token, enabled, job):
    answer = put(client, child_token, "atsEntityAcls", acl_fields(), protocol="2.0.0")

    assert answer.status_code == 400
    assert "2.0.0" in answer.json()["message"]
    assert not AtsEntityAcl.objects.exists()


def test_more_than_100_acls_is_a_400(client, child_token, enabled, job):
    keys = [acl_fields(acl_id=f"GROUP_{i}") for i in range(101)]

    answer = put(client, child_token, "atsEntityAcls", *keys)

    assert answer.status_code == 400
    assert not AtsEntityAcl.objects.exists()


def test_a_partner_token_is_refused(client, partner_token, enabled, job):
    answer = put(client, partner_token, "atsEntityAcls", acl_fields())

    assert answer.status_code == 403
    assert not AtsEntityAcl.objects.exists()


def test_without_an_enabled_integration_the_organization_is_forbidden(client, child_token, job):
    answer = put(client, child_token, "atsEntityAcls", acl_fields())

    assert answer.status_code == 403
    assert "enabled" in answer.json()["message"]
    assert not AtsEntityAcl.objects.exists()


def test_post_is_not_a_method_of_acls(client, child_token, enabled, job):
    answer = call(client, "POST", f"atsEntityAcls?{ids(acl_fields())}", child_token, body={"entities": {}})

    assert answer.status_code == 405
    assert not AtsEntityAcl.objects.exists()


# atsEntityAcls: the criteria finder


def test_the_criteria_finder_gives_the_jobs_acls(client, child_token, enabled, organization, job):
    make_acl(organization)
    make_acl(organization, entity_id="ANOTHER_JOB")

    answer = get(client, child_token, "atsEntityAcls", **acl_finder())

    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "elements": [
            {
                "atsEntityAclId": "TEST_JOBS",
                "atsEntityId": JOB,
                "atsEntityType": "JOB_POSTING",
                "dataProvider": "ATS",
                "integrationContext": ORG,
            }
        ],
        "paging": {"start": 0, "count": 100, "total": 1},
    }


def test_the_criteria_finder_pages_and_projects_fields(client, child_token, enabled, organization, job):
    for group in ("A", "B", "C"):
        make_acl(organization, acl_id=group)

    first = get(client, child_token, "atsEntityAcls", **acl_finder(count="2", fields="atsEntityAclId"))
    rest = get(client, child_token, "atsEntityAcls", **acl_finder(start="2", count="2"))

    assert first.json()["elements"] == [{"atsEntityAclId": "A"}, {"atsEntityAclId": "B"}]
    assert first.json()["paging"] == {"start": 0, "count": 2, "total": 3}
    assert [e["atsEntityAclId"] for e in rest.json()["elements"]] == ["C"]


@pytest.mark.parametrize(
    "params, word",
    [
        ({"q": "entity"}, "criteria"),
        ({"atsEntityType": "CANDIDATE"}, "atsEntityType"),
        ({"dataProvider": "HRIS"}, "dataProvider"),
        ({"count": "101"}, "count"),
        ({"start": "-1"}, "start"),
        ({"assignee": "urn:li:person:abc"}, "assignee"),
    ],
)
def test_a_malformed_acl_finder_is_a_400(client, child_token, enabled, job, params, word):
    answer = get(client, child_token, "atsEntityAcls", **acl_finder(**params))

    assert answer.status_code == 400
    assert word in answer.json()["message"]


def test_the_finder_of_an_organization_not_enabled_is_forbidden(client, child_token, enabled):
    answer = get(client, child_token, "atsEntityAcls", **acl_finder(integrationContext=OTHER_ORG))

    assert answer.status_code == 403


# atsEntityAcls: delete


def test_deleting_an_acl_as_the_collection_writes_it_removes_it(
    client, child_token, enabled, organization, job
):
    make_acl(organization)
    kept = make_acl(organization, acl_id="OTHER")

    answer = delete(client, child_token, "atsEntityAcls", acl_fields())

    assert answer.status_code == 200, answer.content
    assert list(answer.json()["results"].values()) == [{"status": 204}]
    assert list(AtsEntityAcl.objects.all()) == [kept]


def test_deleting_an_acl_that_does_not_exist_is_a_204(client, child_token, enabled):
    answer = delete(client, child_token, "atsEntityAcls", acl_fields(acl_id="NEVER"))

    assert answer.status_code == 200
    assert list(answer.json()["results"].values()) == [{"status": 204}]


def test_a_malformed_delete_is_a_400_and_deletes_nothing(client, child_token, enabled, organization, job):
    make_acl(organization)

    answer = delete(client, child_token, "atsEntityAcls", acl_fields(), acl_fields(atsEntityType="JOB"))

    assert answer.status_code == 400
    assert AtsEntityAcl.objects.count() == 1


# atsEntityAclAssignees


def test_an_assignee_upserted_as_the_collection_writes_it_is_kept(client, child_token, enabled, alex):
    answer = put(client, child_token, "atsEntityAclAssignees", assignee_fields(alex))

    assert answer.status_code == 200, answer.content
    assert list(answer.json()["results"].values()) == [{"status": 204}]
    assignment = AtsEntityAclAssignee.objects.get()
    assert (assignment.assignee, assignment.ats_entity_acl_id) == (alex, "TEST_JOBS")


def test_an_assignee_who_is_no_member_is_its_keys_422_and_the_others_are_kept(
    client, child_token, enabled, alex
):
    answer = put(
        client,
        child_token,
        "atsEntityAclAssignees",
        assignee_fields(alex),
        assignee_fields("urn:li:person:nobody"),
    )

    assert answer.status_code == 200
    [(key, error)] = answer.json()["errors"].items()
    assert "urn:li:person:nobody" in key and error["status"] == 422
    assert [a.assignee for a in AtsEntityAclAssignee.objects.all()] == [alex]


def test_an_eleventh_acl_for_one_user_is_refused(client, child_token, enabled, organization, alex):
    for i in range(10):
        make_assignment(organization, alex, acl_id=f"GROUP_{i}")

    answer = put(client, child_token, "atsEntityAclAssignees", assignee_fields(alex, acl_id="GROUP_10"))
    again = put(client, child_token, "atsEntityAclAssignees", assignee_fields(alex, acl_id="GROUP_0"))

    [error] = answer.json()["errors"].values()
    assert error["status"] == 422 and "10" in error["message"]
    assert again.json()["errors"] == {}
    assert AtsEntityAclAssignee.objects.count() == 10


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"assignee": "urn:li:member:123"}, "person URN"),
        ({"assignee": "alex"}, "person URN"),
        ({"atsEntityType": "CANDIDATE"}, "atsEntityType"),
        ({"atsEntityAclId": ""}, "atsEntityAclId"),
        ({"atsEntityId": JOB}, "atsEntityId"),
    ],
)
def test_a_malformed_assignee_key_is_a_400_and_nothing_is_written(
    client, child_token, enabled, alex, fields, word
):
    answer = put(client, child_token, "atsEntityAclAssignees", assignee_fields(alex, **fields))

    assert answer.status_code == 400
    assert word in answer.json()["message"]
    assert not AtsEntityAclAssignee.objects.exists()


def test_assignees_without_an_enabled_integration_are_forbidden(client, child_token, alex):
    answer = put(client, child_token, "atsEntityAclAssignees", assignee_fields(alex))

    assert answer.status_code == 403
    assert not AtsEntityAclAssignee.objects.exists()


def test_the_assignee_finder_gives_that_members_acls(client, child_token, enabled, organization, alex, rita):
    make_assignment(organization, alex)
    make_assignment(organization, rita)

    answer = get(client, child_token, "atsEntityAclAssignees", **assignee_finder(alex))

    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "elements": [
            {
                "assignee": alex.urn,
                "atsEntityAclId": "TEST_JOBS",
                "atsEntityType": "JOB_POSTING",
                "dataProvider": "ATS",
                "integrationContext": ORG,
            }
        ],
        "paging": {"start": 0, "count": 10, "total": 1},
    }


@pytest.mark.parametrize(
    "params, word",
    [
        ({"assignee": ""}, "assignee"),
        ({"assignee": "urn:li:seat:9100001"}, "person URN"),
        ({"q": "assignee"}, "criteria"),
        ({"integrationContext": ""}, "integrationContext"),
    ],
)
def test_a_malformed_assignee_finder_is_a_400(client, child_token, enabled, alex, params, word):
    answer = get(client, child_token, "atsEntityAclAssignees", **assignee_finder(alex, **params))

    assert answer.status_code == 400
    assert word in answer.json()["message"]


def test_deleting_an_assignee_as_the_collection_writes_it_removes_it(
    client, child_token, enabled, organization, alex, rita
):
    make_assignment(organization, alex)
    kept = make_assignment(organization, rita)

    answer = delete(client, child_token, "atsEntityAclAssignees", assignee_fields(alex))

    assert answer.status_code == 200, answer.content
    assert list(answer.json()["results"].values()) == [{"status": 204}]
    assert list(AtsEntityAclAssignee.objects.all()) == [kept]


def test_a_malformed_assignee_delete_is_a_400_and_deletes_nothing(
    client, child_token, enabled, organization, alex
):
    make_assignment(organization, alex)

    answer = delete(client, child_token, "atsEntityAclAssignees", assignee_fields("urn:li:member:1"))

    assert answer.status_code == 400
    assert AtsEntityAclAssignee.objects.count() == 1
