"""The sandbox's In-ATS endpoints, strict as LinkedIn: who may call, batch limits, a 422 per key in a
200, full replace, cascading deletes, faults, and matching candidates to members."""

from urllib.parse import urlencode

import pytest

from linkedin_sandbox.models import (
    Application,
    AtsApplication,
    AtsApplicationStage,
    AtsCandidate,
    FaultControl,
    Integration,
    Member,
    SimpleJobPosting,
)
from tests.linkedin_sandbox.helpers import ORG, call

pytestmark = pytest.mark.django_db
MS = 1_760_000_000_000


@pytest.fixture
def enabled(child_app):
    app = Application.objects.get(client_id=child_app["credentials"]["client_id"])
    Integration.objects.create(
        application=app, integration_context=ORG, integration_type="IN_ATS_INDICATOR", status="ENABLED"
    )
    return app


def candidate_ids(*ids):
    pairs = []
    for i, value in enumerate(ids):
        pairs += [
            (f"ids[{i}].atsCandidateId", value),
            (f"ids[{i}].dataProvider", "ATS"),
            (f"ids[{i}].integrationContext", ORG),
        ]
    return urlencode(pairs)


def candidate_key(value):
    return f"atsCandidateId={value}&dataProvider=ATS&integrationContext={ORG}"


def candidate(**fields):
    return {
        "firstName": "Casey",
        "lastName": "Candidate",
        "emailAddresses": ["casey.candidate@example.com"],
        "phoneNumbers": [],
        "addresses": [],
        "currentCompanyName": "Fabrikam",
        "atsCreatedAt": MS,
        "atsLastModifiedAt": MS,
        **fields,
    }


def put_candidates(client, token, entities):
    return call(
        client,
        "PUT",
        f"atsCandidates?{candidate_ids(*entities)}",
        token,
        body={"entities": {candidate_key(k): v for k, v in entities.items()}},
        restli_method="batch_update",
    )


def job(code="J-1", **fields):
    return {
        "integrationContext": ORG,
        "externalJobPostingId": code,
        "title": "Backend Engineer",
        "description": "Build things.",
        "location": "Amsterdam, NL",
        "state": "LISTED",
        "companyApplyUrl": "https://attract.example/careers/J-1/",
        "listedAt": MS,
        "jobPostingOperationType": "CREATE",
        "availability": "PRIVATE_TO_ATS_INTEGRATION",
        **fields,
    }


def post_jobs(client, token, elements):
    return call(
        client, "POST", "simpleJobPostings", token, body={"elements": elements}, restli_method="batch_create"
    )


def test_a_partner_token_is_refused(client, partner_token, enabled):
    answer = put_candidates(client, partner_token, {"1": candidate()})

    assert answer.status_code == 403
    assert not AtsCandidate.objects.exists()


def test_without_an_enabled_integration_the_organization_is_forbidden(client, child_token):
    answer = put_candidates(client, child_token, {"1": candidate()})

    assert answer.status_code == 403
    assert "enabled" in answer.json()["message"]
    assert not AtsCandidate.objects.exists()


def test_more_than_100_entities_is_a_400(client, child_token, enabled):
    answer = put_candidates(client, child_token, {str(i): candidate() for i in range(101)})

    assert answer.status_code == 400
    assert not AtsCandidate.objects.exists()


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"emailAddresses": ["nope"]}, "emailAddresses"),
        ({"atsLastModifiedAt": MS - 1}, "atsLastModifiedAt"),
        ({"firstName": ""}, "firstName"),
        ({"phoneNumbers": None}, "phoneNumbers"),
        ({"shoeSize": 44}, "shoeSize"),
    ],
)
def test_a_malformed_candidate_is_its_own_422_and_the_others_are_kept(
    client, child_token, enabled, fields, word
):
    answer = put_candidates(client, child_token, {"good": candidate(), "bad": candidate(**fields)})

    assert answer.status_code == 200
    body = answer.json()
    assert body["results"][candidate_key("good")] == {"status": 204}
    assert body["errors"][candidate_key("bad")]["status"] == 422
    assert word in body["errors"][candidate_key("bad")]["message"]
    assert list(AtsCandidate.objects.values_list("ats_candidate_id", flat=True)) == ["good"]


def test_an_update_is_a_full_replace(client, child_token, enabled):
    put_candidates(client, child_token, {"1": candidate(currentJobTitle="Engineer")})

    put_candidates(client, child_token, {"1": candidate()})

    assert AtsCandidate.objects.get().current_job_title == ""


def test_a_job_title_over_200_characters_is_refused_in_a_200(client, child_token, enabled):
    answer = post_jobs(client, child_token, [job(code="J-1"), job(code="J-2", title="x" * 201)])

    assert answer.status_code == 200
    first, second = answer.json()["elements"]
    assert first["status"] == 202 and first["id"].startswith("urn:li:simpleJobPostingTask:")
    assert second["status"] == 422 and "title" in second["error"]["message"]
    assert list(SimpleJobPosting.objects.values_list("external_job_posting_id", flat=True)) == ["J-1"]


def test_a_job_task_reads_back_succeeded_with_its_posting(client, child_token, enabled):
    task = post_jobs(client, child_token, [job()]).json()["elements"][0]["id"]

    answer = call(client, "GET", f"simpleJobPostingTasks?{urlencode({'ids': task})}", child_token)

    result = answer.json()["results"][task]
    assert result["status"] == "SUCCEEDED"
    assert result["jobPosting"] == SimpleJobPosting.objects.get().urn


def test_close_marks_the_posting_closed(client, child_token, enabled):
    post_jobs(client, child_token, [job()])

    post_jobs(client, child_token, [job(jobPostingOperationType="CLOSE")])

    assert SimpleJobPosting.objects.get().state == "CLOSED"


def application_key(value):
    return f"atsJobApplicationId={value}&dataProvider=ATS&integrationContext={ORG}"


def test_an_empty_stage_is_refused_and_deleting_the_application_deletes_its_stages(
    client, child_token, enabled
):
    post_jobs(client, child_token, [job()])
    put_candidates(client, child_token, {"1": candidate()})
    ids = urlencode(
        [
            ("ids[0].atsJobApplicationId", "A1"),
            ("ids[0].dataProvider", "ATS"),
            ("ids[0].integrationContext", ORG),
        ]
    )
    application = {
        "atsCandidateId": "1",
        "atsJobPostingId": "J-1",
        "atsJobPostingName": "Backend Engineer",
        "candidateEmail": "casey.candidate@example.com",
        "firstName": "Casey",
        "lastName": "Candidate",
        "source": "Manual",
        "dispositionReason": "",
        "atsCreatedAt": MS,
        "atsLastModifiedAt": MS,
    }
    body = {"entities": {application_key("A1"): application}}
    assert (
        call(
            client, "PUT", f"atsApplications?{ids}", child_token, body=body, restli_method="batch_update"
        ).status_code
        == 200
    )
    stages = call(
        client,
        "PUT",
        f"atsApplications/{application_key('A1')}/stages?ids=S1&ids=S2",
        child_token,
        body={
            "entities": {
                "S1": {"atsCreatedAt": MS, "stage": "Screen"},
                "S2": {"atsCreatedAt": MS, "stage": ""},
            }
        },
        restli_method="batch_update",
    ).json()
    assert stages["errors"]["S2"]["status"] == 422
    assert list(AtsApplicationStage.objects.values_list("stage", flat=True)) == ["Screen"]

    assert call(client, "DELETE", f"atsApplications?{ids}", child_token).status_code == 200

    assert not AtsApplication.objects.exists()
    assert not AtsApplicationStage.objects.exists()


def test_throttling_from_the_fault_controls_is_a_429(client, child_token, enabled):
    FaultControl.objects.update_or_create(pk=1, defaults={"throttle_next": 1})

    answer = put_candidates(client, child_token, {"1": candidate()})

    assert answer.status_code == 429
    assert not AtsCandidate.objects.exists()


def test_a_candidate_matches_a_member_by_email_or_by_manual_match(client, child_token, enabled):
    put_candidates(
        client, child_token, {"1": candidate(), "2": candidate(emailAddresses=[], currentCompanyName="")}
    )
    casey, alex = Member.objects.get(person_id="Cs2hNv6Ca3"), Member.objects.get(person_id="Ax7dQm2Pa1")
    patch = {"entities": {candidate_key("2"): {"patch": {"$set": {"manualMatchedMember": alex.urn}}}}}
    assert call(
        client,
        "POST",
        f"atsCandidates?{candidate_ids('2')}",
        child_token,
        body=patch,
        restli_method="batch_partial_update",
    ).json()["results"][candidate_key("2")] == {"status": 204}

    answer = call(
        client,
        "GET",
        f"atsCandidates?{candidate_ids('1', '2')}&fields=matchedMembers,manualMatchedMember",
        child_token,
    )

    results = answer.json()["results"]
    assert results[candidate_key("1")] == {"matchedMembers": [casey.urn]}
    assert results[candidate_key("2")] == {"matchedMembers": [alex.urn], "manualMatchedMember": alex.urn}
