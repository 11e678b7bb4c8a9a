"""Every action that cannot be taken back asks first, the same way, without JavaScript: the form's
post (or a link to the action) answers with a confirmation page that says what happens; only the
confirmed post acts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application
from jobs.models import StageKind
from linkedin_integration.models import JobListing, LinkedInConnection, LinkedInSettings
from tests.factories import ApplicationFactory


def hidden_fields(body):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))


def assert_asks(response, *, title, button, says):
    body = response.content.decode()
    assert response.status_code == 200
    assert title in body
    assert f'<button type="submit" class="danger" data-busy="Working…">{button}</button>' in body
    for text in says:
        assert text in body
    assert hidden_fields(body)["confirmed"] == "yes"
    return body


@pytest.fixture
def connected(db, admin_user):
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "connected_at": timezone.now(),
            "app_client_id": "child-client-id",
            "contract_urn": "urn:li:contract:1",
            "contract_name": "Acme",
        },
    )


def test_disconnecting_linkedin_asks_first_and_says_rsc_goes_back_to_request(
    client_for, admin_user, connected
):
    client = client_for(admin_user)

    response = client.post(reverse("linkedin:disconnect"))

    assert_asks(
        response,
        title="Disconnect Attract from LinkedIn?",
        button="Disconnect",
        says=["goes back to Request"],
    )
    assert LinkedInSettings.load().is_connected

    client.post(reverse("linkedin:disconnect"), {"confirmed": "yes"})
    assert not LinkedInSettings.load().is_connected


def test_the_admin_tab_disconnect_leads_to_the_confirmation_page(client_for, admin_user, connected):
    response = client_for(admin_user).get(reverse("linkedin:disconnect"))

    assert response.status_code == 200
    assert LinkedInSettings.load().is_connected


def test_disconnecting_ones_own_linkedin_account_asks_first(client_for, recruiter):
    LinkedInConnection.objects.create(user=recruiter, person_urn="urn:li:person:a1", name="Alex")
    client = client_for(recruiter)

    response = client.post(reverse("linkedin:member_disconnect"))

    assert_asks(response, title="Disconnect your LinkedIn account?", button="Disconnect LinkedIn", says=[])
    assert LinkedInConnection.objects.filter(user=recruiter).exists()


def test_removing_a_job_from_linkedin_asks_first_and_cancel_returns_to_the_panel(
    client_for, recruiter, active_job
):
    client = client_for(recruiter)
    client.post(f"/jobs/{active_job.pk}/linkedin/post/")
    details = reverse("jobs:details", args=[active_job.pk])

    response = client.post(f"/jobs/{active_job.pk}/linkedin/remove/", {"next": details})

    body = assert_asks(
        response,
        title=f"Remove {active_job.code} {active_job.title} from LinkedIn?",
        button="Remove from LinkedIn",
        says=["leaves LinkedIn with the next feed"],
    )
    assert f'href="{details}#linkedin">Cancel' in body
    assert hidden_fields(body)["next"] == details
    assert JobListing.objects.get(job=active_job).marked

    done = client.post(f"/jobs/{active_job.pk}/linkedin/remove/", {"next": details, "confirmed": "yes"})
    assert done["Location"] == f"{details}#linkedin"
    assert not JobListing.objects.get(job=active_job).marked


def test_candidate_withdrew_asks_first_and_keeps_the_version_it_was_given(client_for, recruiter, active_job):
    application = ApplicationFactory(job=active_job, stage=active_job.stages.get(kind=StageKind.APPLICATION))
    client = client_for(recruiter)
    url = reverse("candidates:application_withdraw", args=[application.pk])

    response = client.post(url, {"version": application.version, "next": "/somewhere/"})

    body = assert_asks(
        response,
        title=f"Did {application.candidate.full_name} withdraw",
        button="Candidate withdrew",
        says=["Withdrawn"],
    )
    assert hidden_fields(body)["version"] == str(application.version)
    assert Application.objects.get(pk=application.pk).status == "ACTIVE"

    client.post(url, hidden_fields(body))
    assert Application.objects.get(pk=application.pk).status == "WITHDRAWN"


@pytest.mark.parametrize("persona", ["interviewer", "read_only"])
def test_the_confirmation_itself_is_refused_to_people_who_may_not_act(
    request, client_for, persona, active_job
):
    application = ApplicationFactory(job=active_job, stage=active_job.stages.get(kind=StageKind.APPLICATION))
    client = client_for(request.getfixturevalue(persona))

    withdraw = client.post(reverse("candidates:application_withdraw", args=[application.pk]), {"version": 1})
    close = client.get(reverse("candidates:job_close", args=[active_job.pk]))

    assert withdraw.status_code == 403 and close.status_code == 403


def test_taking_someone_off_the_hiring_team_asks_first(client_for, recruiter, interviewer, job):
    seat = job.team.get(user=interviewer)
    client = client_for(recruiter)
    url = reverse("jobs:team_remove", args=[job.pk, seat.pk])

    response = client.post(url)

    assert_asks(
        response,
        title=f"Take {interviewer.get_full_name()} off the hiring team of {job.code}?",
        button="Take off the team",
        says=["no longer sees this job"],
    )
    assert job.team.filter(user=interviewer).exists()

    client.post(url, {"confirmed": "yes"})
    assert not job.team.filter(user=interviewer).exists()
