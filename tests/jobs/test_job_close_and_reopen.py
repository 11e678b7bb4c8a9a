"""Closing a job goes through a confirmation with a visible "Close as" choice; a closed job can be
reopened; both are lines in the job's history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobEvent
from tests.candidates.helpers import messages_of
from tests.factories import ApplicationFactory


def close_url(job):
    return reverse("candidates:job_close", args=[job.pk])


def reopen_url(job):
    return reverse("jobs:reopen", args=[job.pk])


@pytest.fixture
def live_job(active_job):
    Job.objects.filter(pk=active_job.pk).update(activated_at=timezone.now())
    active_job.refresh_from_db()
    return active_job


def test_the_job_header_offers_close_as_a_link_to_its_confirmation(client_for, recruiter, live_job):
    body = client_for(recruiter).get(reverse("candidates:job_pipeline", args=[live_job.pk])).content.decode()

    assert f'href="{close_url(live_job)}"' in body
    assert 'name="reason"' not in body  # no bare select next to the status badge


def test_the_confirmation_names_the_consequences_and_a_visible_close_as_choice(
    client_for, recruiter, live_job
):
    response = client_for(recruiter).get(close_url(live_job))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Close as</legend>" in body
    assert "leaves the career site" in body and "LinkedIn" in body
    assert "read-only" in body
    assert 'name="confirmed" value="yes"' in body
    # Without a hire, Position filled is shown but cannot be chosen.
    assert 'value="POSITION_FILLED" disabled' in body
    assert Job.objects.get(pk=live_job.pk).status == "ACTIVE"


def test_a_post_without_confirmation_only_asks_and_closes_nothing(client_for, recruiter, live_job):
    response = client_for(recruiter).post(close_url(live_job), {"reason": "CANCELLED"})

    assert response.status_code == 200
    assert 'value="CANCELLED" checked' in response.content.decode()
    assert Job.objects.get(pk=live_job.pk).status == "ACTIVE"
    assert not JobEvent.objects.exists()


def test_a_confirmed_close_closes_the_job_and_records_it(client_for, recruiter, live_job):
    response = client_for(recruiter).post(
        close_url(live_job), {"reason": "CANCELLED", "confirmed": "yes"}, follow=True
    )

    live_job.refresh_from_db()
    assert live_job.status == "CLOSED" and live_job.close_reason == "CANCELLED"
    assert "left the career site" in " ".join(messages_of(response))
    event = JobEvent.objects.get(job=live_job)
    assert (event.kind, event.by, event.detail) == ("CLOSED", recruiter, "Cancelled")


def test_position_filled_is_offered_once_someone_is_hired(client_for, recruiter, live_job):
    ApplicationFactory(job=live_job, stage=live_job.stages.last(), status="HIRED")

    body = client_for(recruiter).get(close_url(live_job)).content.decode()

    assert 'value="POSITION_FILLED" checked' in body


def test_a_closed_job_offers_reopen_and_reopening_brings_it_back_active(client_for, recruiter, live_job):
    client = client_for(recruiter)
    client.post(close_url(live_job), {"reason": "CANCELLED", "confirmed": "yes"})
    page = client.get(reverse("candidates:job_pipeline", args=[live_job.pk])).content.decode()
    assert reopen_url(live_job) in page

    response = client.post(reopen_url(live_job), follow=True)

    live_job.refresh_from_db()
    assert (live_job.status, live_job.close_reason, live_job.closed_at) == ("ACTIVE", "", None)
    assert "open again (Active)" in " ".join(messages_of(response))
    assert list(JobEvent.objects.filter(job=live_job).values_list("kind", flat=True)) == [
        "REOPENED",
        "CLOSED",
    ]


def test_the_details_tab_shows_the_jobs_history(client_for, recruiter, live_job):
    client = client_for(recruiter)
    client.post(close_url(live_job), {"reason": "CANCELLED", "confirmed": "yes"})
    client.post(reopen_url(live_job))

    body = client.get(reverse("jobs:details", args=[live_job.pk])).content.decode()

    assert "History" in body
    assert "Reopened" in body and "Was closed as Cancelled." in body
    assert "Closed" in body


def test_a_draft_closed_before_activation_reopens_as_a_draft(client_for, recruiter, job):
    client = client_for(recruiter)
    client.post(close_url(job), {"reason": "CANCELLED", "confirmed": "yes"})

    client.post(reopen_url(job))

    assert Job.objects.get(pk=job.pk).status == "DRAFT"


def test_reopening_an_open_job_is_refused_and_writes_nothing(client_for, recruiter, live_job):
    response = client_for(recruiter).post(reopen_url(live_job), follow=True)

    assert "only a closed job can be reopened" in " ".join(messages_of(response))
    assert not JobEvent.objects.exists()


@pytest.mark.parametrize("persona", ["interviewer", "read_only"])
def test_people_who_do_not_manage_the_job_cannot_reopen_it(request, client_for, persona, live_job, recruiter):
    client_for(recruiter).post(close_url(live_job), {"reason": "CANCELLED", "confirmed": "yes"})
    client = client_for(request.getfixturevalue(persona))

    response = client.post(reopen_url(live_job))

    assert response.status_code == 403
    assert Job.objects.get(pk=live_job.pk).status == "CLOSED"
