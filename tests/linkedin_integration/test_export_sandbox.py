"""1-click export over real HTTP in the embedded default (tasks run in-process, as under `make run`): a
recruiter presses Export in the sandbox's Recruiter, the sandbox signs and POSTs the push to Attract's
callback, Attract fetches the export from the sandbox and the person is in Prospect before the
sandbox's page comes back; the same export pushed again changes nothing."""

import pytest

from candidates.models import Application, Candidate, CandidateSource
from jobs.models import StageKind
from linkedin_integration.models import Export, LinkedInConnection, PushNotification, RscIntegration
from tests.linkedin_integration.test_rsc_sandbox import (  # noqa: F401
    Visitor,
    _no_connection_outlives_the_test,
    connected,
    linkedin_is_the_sandbox,
)

pytestmark = pytest.mark.django_db(transaction=True)
ORG = "urn:li:organization:2414183"


@pytest.fixture
def export_enabled(connected, linkedin_is_the_sandbox):  # noqa: F811
    from linkedin_sandbox.models import Integration

    for kind in ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"):
        Integration.objects.create(
            application=connected,
            integration_context=ORG,
            integration_type=kind,
            status=Integration.Status.ENABLED,
            callback_url=f"{linkedin_is_the_sandbox}/linkedin/rsc/callback/"
            if kind == "ONE_CLICK_EXPORT"
            else "",
        )
    RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": RscIntegration.State.ENABLED})


def test_an_export_pressed_in_the_sandbox_is_in_prospect_when_the_page_comes_back(
    export_enabled, linkedin_is_the_sandbox, active_job, recruiter
):
    from linkedin_sandbox.models import Member, Organization, Push, SimpleJobPosting

    rita = Member.objects.get(first_name="Rita", last_name="Recruiter")
    amara = Member.objects.get(first_name="Amara", last_name="Okafor")
    LinkedInConnection.objects.create(user=recruiter, person_urn=rita.urn, name=rita.name)
    posting = SimpleJobPosting.objects.create(
        organization=Organization.objects.get(org_id=2414183),
        external_job_posting_id=active_job.code,
        title=active_job.title,
    )
    browser = Visitor(linkedin_is_the_sandbox)
    try:
        browser.post("/sandbox/linkedin/signin/", {"member": rita.pk, "next": "/sandbox/linkedin/"})
        page = browser.post(
            f"/sandbox/linkedin/recruiter/people/{amara.person_id}/export/", {"job": posting.pk}
        )
    finally:
        browser.close()

    assert "The ATS answered HTTP 202" in page.text
    candidate = Candidate.objects.get(first_name="Amara", last_name="Okafor")
    assert (candidate.source, candidate.created_by, candidate.linkedin_url) == (
        CandidateSource.LINKEDIN_EXPORT,
        recruiter,
        amara.profile_url,
    )
    application = Application.objects.get(candidate=candidate)
    assert (application.job, application.stage.kind) == (active_job, StageKind.PROSPECT)
    assert PushNotification.objects.get().status == PushNotification.Status.PROCESSED

    # LinkedIn delivers the same push again: recorded once, settled once.
    from linkedin_sandbox import push as sandbox_push

    again = sandbox_push.push_deliver(event=Push.objects.get().event)

    assert again.status_code == 200
    assert (Candidate.objects.count(), Application.objects.count(), Export.objects.count()) == (1, 1, 1)
