"""Post to LinkedIn / Remove from LinkedIn: who may, and what it writes."""

import pytest

from jobs.models import Job
from linkedin_integration.models import AuditEntry, JobListing


def post_url(job):
    return f"/jobs/{job.pk}/linkedin/post/"


def remove_url(job):
    return f"/jobs/{job.pk}/linkedin/remove/"


@pytest.mark.parametrize("persona", ["recruiter", "admin_user"])
def test_the_jobs_recruiters_and_admins_post_a_job(request, client_for, active_job, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(post_url(active_job))
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{active_job.pk}/#linkedin"
    listing = JobListing.objects.get(job=active_job)
    assert listing.marked and listing.marked_by == user and listing.marked_at is not None
    assert AuditEntry.objects.filter(action="listing_mark", actor=user).count() == 1


@pytest.mark.parametrize("persona", ["hiring_manager", "other_recruiter", "interviewer", "read_only"])
@pytest.mark.parametrize("url", [post_url, remove_url])
def test_people_who_are_not_the_jobs_recruiters_or_admins_are_refused(
    request, client_for, active_job, persona, url
):
    JobListing.objects.create(job=active_job, marked=url is remove_url)
    response = client_for(request.getfixturevalue(persona)).post(url(active_job))
    assert response.status_code == 403
    assert JobListing.objects.get(job=active_job).marked is (url is remove_url)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url", [post_url, remove_url])
def test_anonymous_visitors_are_sent_to_sign_in(client, active_job, url):
    response = client.post(url(active_job))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={url(active_job)}")
    assert not JobListing.objects.exists()


def test_posting_needs_a_post(client_for, recruiter, active_job):
    assert client_for(recruiter).get(post_url(active_job)).status_code == 405
    assert not JobListing.objects.exists()


def test_an_unknown_job_is_not_found(client_for, admin_user):
    assert client_for(admin_user).post("/jobs/999999/linkedin/post/").status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"status": Job.Status.CLOSED, "close_reason": Job.CloseReason.CANCELLED},
            "A closed job cannot be posted to LinkedIn.",
        ),
        (
            {"status": Job.Status.DRAFT},
            "Only active jobs can be posted to LinkedIn: activate this job first.",
        ),
        (
            {"status": Job.Status.ACTIVE, "visibility": Job.Visibility.INTERNAL},
            "Only public jobs can be posted to LinkedIn: this job is internal.",
        ),
    ],
)
def test_a_job_that_is_not_active_and_public_cannot_be_posted(client_for, recruiter, job, change, message):
    Job.objects.filter(pk=job.pk).update(**change)
    response = client_for(recruiter).post(post_url(job), follow=False)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [message]
    assert not JobListing.objects.exists()
    assert not AuditEntry.objects.exists()


def test_posting_twice_changes_nothing(client_for, recruiter, active_job):
    client = client_for(recruiter)
    client.post(post_url(active_job))
    first = JobListing.objects.get(job=active_job).marked_at
    client.post(post_url(active_job))
    assert JobListing.objects.get(job=active_job).marked_at == first
    assert AuditEntry.objects.filter(action="listing_mark").count() == 1


def test_removing_keeps_the_listing_history_and_the_job_code(client_for, recruiter, active_job):
    client = client_for(recruiter)
    client.post(post_url(active_job))
    code = active_job.code
    response = client.post(remove_url(active_job), {"confirmed": "yes"})
    assert response.status_code == 302
    listing = JobListing.objects.get(job=active_job)
    assert not listing.marked and listing.unmarked_at is not None
    active_job.refresh_from_db()
    assert active_job.code == code
    assert AuditEntry.objects.filter(action="listing_unmark").count() == 1


def test_posting_again_after_removal_marks_it_again(client_for, recruiter, active_job):
    client = client_for(recruiter)
    client.post(post_url(active_job))
    client.post(remove_url(active_job), {"confirmed": "yes"})
    client.post(post_url(active_job))
    listing = JobListing.objects.get(job=active_job)
    assert listing.marked and listing.unmarked_at is None


def test_posting_from_the_details_tab_returns_to_the_details_tab(client_for, recruiter, active_job):
    client = client_for(recruiter)
    details = f"/jobs/{active_job.pk}/details/"
    page = client.get(details).content.decode()
    assert f'<input type="hidden" name="next" value="{details}">' in page

    response = client.post(post_url(active_job), {"next": details})

    assert response["Location"] == f"{details}#linkedin"


def test_a_foreign_next_address_is_ignored(client_for, recruiter, active_job):
    response = client_for(recruiter).post(post_url(active_job), {"next": "https://evil.example/"})

    assert response["Location"] == f"/jobs/{active_job.pk}/#linkedin"
