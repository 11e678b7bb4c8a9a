"""The LinkedIn panel on the job page (template tag), and the title-change warning."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from jobs.models import Job
from linkedin_integration.models import JobListing, LinkedInSettings
from tests.linkedin_integration.feed_helpers import company_fixture  # noqa: F401

PENDING = "Pending: LinkedIn fetches the feed about once a day, so it can take up to 24-48 hours to appear."


def render_panel(job, user, template="{% load linkedin_jobs %}{% linkedin_job_panel job %}"):
    request = RequestFactory().get(f"/jobs/{job.pk}/")
    request.user = user
    return Template(template).render(Context({"job": job, "request": request, "csrf_token": "tok"}))


def test_an_eligible_job_offers_post_to_linkedin_to_its_recruiter(company, recruiter, active_job):
    html = render_panel(active_job, recruiter)
    assert "Eligible" in html
    assert f'action="/jobs/{active_job.pk}/linkedin/post/"' in html
    assert "Post to LinkedIn" in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html


@pytest.mark.parametrize(
    "sandbox, said",
    [
        (True, "posting and publishing reach the sandbox only, never the live LinkedIn site."),
        (False, "appear on the live LinkedIn site for everyone to see: LinkedIn has no test environment"),
    ],
)
def test_post_to_linkedin_says_where_the_job_goes(company, recruiter, active_job, settings, sandbox, said):
    settings.LINKEDIN_SANDBOX = sandbox

    html = render_panel(active_job, recruiter)

    assert "Post to LinkedIn" in html
    assert said in html


def test_before_marking_every_reason_is_shown_in_plain_words(db, recruiter, active_job):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso", "company_id": ""})
    Job.objects.filter(pk=active_job.pk).update(description="<p>Too short</p>", city="", country="")
    active_job.refresh_from_db()
    html = render_panel(active_job, recruiter)
    assert "Not eligible for a free LinkedIn listing until the points below are fixed" in html
    for reason in (
        "No LinkedIn Company ID is configured",
        "The description has 9 characters of text; LinkedIn needs at least 100.",
        "The job has no country",
        "The job has no city",
    ):
        assert reason in html
    assert "Post to LinkedIn</button>" in html  # active and public: it can be marked now, listed once fixed


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"visibility": Job.Visibility.INTERNAL}, "The job is internal: only public jobs are posted."),
        ({"status": Job.Status.DRAFT}, "The job is a draft: only active jobs are posted."),
    ],
)
def test_a_job_that_is_not_active_and_public_shows_its_reasons_and_no_post_button(
    company, recruiter, active_job, change, reason
):
    Job.objects.filter(pk=active_job.pk).update(description="<p>Too short</p>", **change)
    active_job.refresh_from_db()
    html = render_panel(active_job, recruiter)
    assert reason in html
    assert "The description has 9 characters of text" in html  # every reason, not only the first
    assert "Post to LinkedIn</button>" not in html
    assert "Only an active public job can be posted to LinkedIn." in html


@pytest.mark.parametrize("persona", ["recruiter", "admin_user"])
def test_the_jobs_recruiters_and_administrators_see_remove_on_a_marked_job(
    request, company, active_job, persona
):
    JobListing.objects.create(job=active_job, marked=True)
    assert "Remove from LinkedIn</button>" in render_panel(active_job, request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "read_only", "other_recruiter"])
def test_people_who_are_not_the_jobs_recruiters_or_admins_see_no_buttons(
    request, company, active_job, persona
):
    html = render_panel(active_job, request.getfixturevalue(persona))
    assert "Post to LinkedIn" not in html
    JobListing.objects.create(job=active_job, marked=True)
    assert "Remove from LinkedIn" not in render_panel(active_job, request.getfixturevalue(persona))


def test_a_marked_job_shows_pending_until_it_is_in_a_published_feed(company, recruiter, active_job):
    JobListing.objects.create(job=active_job, marked=True)
    html = render_panel(active_job, recruiter)
    assert PENDING in html
    assert "Remove from LinkedIn" in html
    assert "Post to LinkedIn</button>" not in html


def test_a_published_job_shows_when_it_was_first_included(company, recruiter, active_job):
    JobListing.objects.create(
        job=active_job,
        marked=True,
        first_published_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        last_published_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
        posted_title=active_job.title,
    )
    html = render_panel(active_job, recruiter)
    assert (
        'first included <time datetime="2026-03-02T02:00:00+00:00" title="Time zone: UTC">'
        "2 Mar 2026 02:00</time>" in html
    )
    assert PENDING not in html
    assert "does not take title changes" not in html


def test_a_marked_job_that_became_ineligible_says_why_it_is_left_out(company, recruiter, active_job):
    JobListing.objects.create(job=active_job, marked=True)
    Job.objects.filter(pk=active_job.pk).update(visibility=Job.Visibility.INTERNAL)
    html = render_panel(active_job, recruiter)
    assert "Not sent to LinkedIn until the points below are fixed:" in html
    assert "The job is internal" in html
    assert PENDING not in html  # one sentence per state: not "pending" and "left out" at once


def test_changing_the_title_of_a_posted_job_warns_that_linkedin_keeps_the_old_one(
    company, recruiter, active_job
):
    JobListing.objects.create(
        job=active_job,
        marked=True,
        first_published_at=datetime(2026, 3, 2, tzinfo=UTC),
        posted_title="Old title",
    )
    html = render_panel(active_job, recruiter)
    assert (
        "LinkedIn does not take title changes: it keeps showing the title it first received, “Old title”"
        in html
    )


def test_a_closed_job_offers_no_post_button(company, recruiter, job):
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED, close_reason=Job.CloseReason.CANCELLED)
    job.refresh_from_db()
    html = render_panel(job, recruiter)
    assert "This job is closed: a closed job is not posted to LinkedIn (reopen it first)." in html
    assert "Not eligible" not in html and "Only an active public job" not in html
    assert "Post to LinkedIn</button>" not in html


def test_the_panel_costs_a_fixed_few_queries(company, recruiter, active_job, django_assert_max_num_queries):
    JobListing.objects.create(job=active_job, marked=True)
    recruiter._attract_roles = None
    with django_assert_max_num_queries(4):  # settings, job+owner+listing, the user's roles and team roles
        render_panel(active_job, recruiter)


def test_the_edit_form_warning_appears_only_for_a_job_already_on_linkedin(company, active_job, recruiter):
    template = "{% load linkedin_jobs %}{% linkedin_title_warning job %}"
    assert render_panel(active_job, recruiter, template).strip() == ""
    JobListing.objects.create(
        job=active_job,
        marked=True,
        first_published_at=datetime(2026, 3, 2, tzinfo=UTC),
        posted_title="Old title",
    )
    assert "LinkedIn does not take title changes" in render_panel(active_job, recruiter, template)


def test_the_job_page_partial_loads_the_panel(company, recruiter, active_job):
    html = render_panel(active_job, recruiter, '{% include "jobs/_job_extra_panels.html" %}')
    assert 'id="linkedin"' in html


def test_a_posted_job_that_closed_says_linkedin_takes_it_down(company, recruiter, active_job):
    JobListing.objects.create(
        job=active_job, marked=True, first_published_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    Job.objects.filter(pk=active_job.pk).update(
        status=Job.Status.CLOSED, close_reason=Job.CloseReason.CANCELLED
    )

    html = render_panel(active_job, recruiter)

    assert "This job is closed, so it is no longer sent to LinkedIn" in html
    assert "Not eligible" not in html and "yet" not in html and PENDING not in html


def test_a_published_job_that_became_ineligible_says_linkedin_takes_it_down(company, recruiter, active_job):
    JobListing.objects.create(
        job=active_job, marked=True, first_published_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    Job.objects.filter(pk=active_job.pk).update(visibility=Job.Visibility.INTERNAL)

    html = render_panel(active_job, recruiter)

    assert "Left out of the feed until the points below are fixed: LinkedIn takes it down" in html
    assert "In the feed LinkedIn reads" not in html


def test_dates_are_shown_in_the_viewers_time_zone(company, recruiter, active_job):
    from django.utils import timezone

    JobListing.objects.create(
        job=active_job,
        marked=True,
        first_published_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        posted_title="x",
    )
    Job.objects.filter(pk=active_job.pk).update(title="x")
    with timezone.override("Europe/Amsterdam"):
        html = render_panel(active_job, recruiter)

    assert ">2 Mar 2026 03:00</time>" in html
