"""The recruiter's job pages driven as a browser would post them: forms, field errors, the process."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobRole
from tests.attract.test_permissions_matrix import job_form_data
from tests.candidates.helpers import messages_of
from tests.factories import ApplicationFactory, JobFactory

JOB_LIST_QUERIES = 5

NEW_JOB = {
    "title": "Data engineer",
    "description": "<p>Pipelines and <em>warehouses</em>.</p>",
    "city": "Rotterdam",
    "region": "South Holland",
    "country": "NL",
    "postal_code": "3011",
    "workplace_type": "HYBRID",
    "employment_type": "FULL_TIME",
    "seniority": "",
    "job_functions": ["eng", "it"],
    "industry": "",
    "openings": "2",
    "visibility": "PUBLIC",
}


def test_a_recruiter_creates_a_job_and_lands_on_its_process(client_for, recruiter):
    response = client_for(recruiter).post(reverse("jobs:create"), NEW_JOB, follow=True)

    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == reverse("jobs:process", args=[job.pk])
    assert job.code in response.content.decode()
    assert (job.title, job.country.code, job.openings, job.job_functions) == (
        "Data engineer",
        "NL",
        2,
        ["eng", "it"],
    )
    assert job.team.filter(user=recruiter, role=JobRole.Role.RECRUITER).exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Give the job a title."),
        ({"country": "XX"}, "country", "is not a country code"),
        ({"openings": "0"}, "openings", "at least one opening"),
        ({"job_functions": ["eng", "it", "fin", "sale"]}, "job_functions", "at most 3"),
        ({"workplace_type": "MOON"}, "workplace_type", "Choose the workplace type from the list."),
    ],
)
def test_bad_input_shows_field_errors_and_creates_nothing(client_for, recruiter, changes, field, message):
    response = client_for(recruiter).post(reverse("jobs:create"), {**NEW_JOB, **changes})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Job.objects.exists()


def test_editing_saves_and_a_stale_form_shows_a_conflict(client_for, recruiter, active_job):
    client = client_for(recruiter)
    stale = job_form_data(active_job, title="Lead engineer")
    response = client.post(
        reverse("jobs:details", args=[active_job.pk]), job_form_data(active_job, title="Staff engineer")
    )
    assert response.status_code == 302

    response = client.post(reverse("jobs:details", args=[active_job.pk]), stale)

    assert response.status_code == 400
    assert "Somebody else saved" in response.content.decode()
    assert Job.objects.get(pk=active_job.pk).title == "Staff engineer"


def test_a_closed_job_cannot_be_edited(client_for, recruiter, active_job):
    Job.objects.filter(pk=active_job.pk).update(status="CLOSED", close_reason="CANCELLED")
    client = client_for(recruiter)

    page = client.get(reverse("jobs:details", args=[active_job.pk])).content.decode()
    response = client.post(
        reverse("jobs:details", args=[active_job.pk]), job_form_data(active_job, title="Changed")
    )

    assert "read-only" in page and "disabled" in page
    assert response.status_code == 400
    assert Job.objects.get(pk=active_job.pk).title == active_job.title


def test_the_process_page_edits_a_draft_and_refuses_once_active(client_for, recruiter, job):
    client = client_for(recruiter)
    url = reverse("jobs:process_change", args=[job.pk])
    client.post(url, {"action": "add", "name": "Reference check"})
    client.post(url, {"action": "prospect_off"})
    offer = job.stages.get(kind="OFFER")
    response = client.post(url, {"action": "remove", "stage": offer.pk}, follow=True)
    assert "Offer is a required stage" in " ".join(messages_of(response))

    page = client.get(reverse("jobs:process", args=[job.pk])).content.decode()
    assert "Reference check" in page and "Switch Prospect on" in page

    client.post(reverse("jobs:activate", args=[job.pk]))
    response = client.post(url, {"action": "add", "name": "Too late"}, follow=True)
    assert "locked" in " ".join(messages_of(response))
    assert not job.stages.filter(name="Too late").exists()
    assert "Switch Prospect" not in client.get(reverse("jobs:process", args=[job.pk])).content.decode()


def test_activation_and_closing_from_the_job_header(client_for, recruiter, job):
    client = client_for(recruiter)
    page = client.get(reverse("candidates:job_pipeline", args=[job.pk])).content.decode()
    assert reverse("jobs:activate", args=[job.pk]) in page
    assert (
        'value="POSITION_FILLED" disabled'
        in client.get(reverse("candidates:job_close", args=[job.pk])).content.decode()
    )

    client.post(reverse("jobs:activate", args=[job.pk]))
    ApplicationFactory(job=job, stage=job.stages.get(kind="OFFER"), status="HIRED")
    page = client.get(reverse("candidates:job_pipeline", args=[job.pk])).content.decode()
    assert reverse("jobs:activate", args=[job.pk]) not in page
    assert (
        'value="POSITION_FILLED" disabled'
        not in client.get(reverse("candidates:job_close", args=[job.pk])).content.decode()
    )

    client.post(
        reverse("candidates:job_close", args=[job.pk]), {"reason": "POSITION_FILLED", "confirmed": "yes"}
    )
    job.refresh_from_db()
    assert (job.status, job.close_reason) == ("CLOSED", "POSITION_FILLED")


def test_the_team_page_adds_and_shows_field_errors(client_for, recruiter, job, other_recruiter):
    client = client_for(recruiter)
    response = client.post(reverse("jobs:team", args=[job.pk]), {"user": "", "role": "BOSS"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"user", "role"}

    client.post(reverse("jobs:team", args=[job.pk]), {"user": other_recruiter.pk, "role": "INTERVIEWER"})
    assert job.team.filter(user=other_recruiter, role="INTERVIEWER").exists()


def test_the_team_picker_does_not_offer_read_only_users(client_for, recruiter, job, read_only, admin_user):
    from attract import roles

    roles.set_roles(admin_user, [roles.ADMINISTRATOR, roles.READ_ONLY])

    offered = client_for(recruiter).get(reverse("jobs:team", args=[job.pk])).context["form"].fields["user"]

    assert read_only not in offered.queryset
    assert admin_user in offered.queryset  # an administrator is never read-only


def test_a_read_only_user_is_refused_on_the_hiring_team(client_for, recruiter, job, read_only):
    response = client_for(recruiter).post(
        reverse("jobs:team", args=[job.pk]), {"user": read_only.pk, "role": "INTERVIEWER"}
    )

    assert response.status_code == 400
    assert "user" in response.context["form"].errors
    assert not job.team.filter(user=read_only).exists()


def test_the_job_list_filters_by_status_and_search(client_for, admin_user, job, active_job):
    client = client_for(admin_user)
    closed = Job.objects.create(
        code="J-777777",
        title="Closed role",
        description="x",
        owner=admin_user,
        status="CLOSED",
        close_reason="CANCELLED",
    )

    open_page = client.get(reverse("jobs:list")).content.decode()
    closed_page = client.get(reverse("jobs:list") + "?status=closed").content.decode()
    search = client.get(reverse("jobs:list") + f"?status=all&q={closed.code}").content.decode()

    assert closed.title not in open_page and active_job.title in open_page
    assert closed.title in closed_page and active_job.title not in closed_page
    assert closed.title in search and active_job.title not in search


def test_the_edit_form_of_a_job_on_linkedin_warns_that_linkedin_keeps_the_first_title(
    client_for, recruiter, active_job
):
    from django.utils import timezone

    from linkedin_integration.models import JobListing

    url = reverse("jobs:details", args=[active_job.pk])
    assert "LinkedIn does not take title changes" not in client_for(recruiter).get(url).content.decode()

    JobListing.objects.create(
        job=active_job, posted_title=active_job.title, first_published_at=timezone.now()
    )
    page = client_for(recruiter).get(url).content.decode()

    assert "LinkedIn does not take title changes" in page
    assert f"“{active_job.title}”" in page


def test_the_creator_taken_off_the_team_loses_the_job(client_for, recruiter, other_recruiter):
    creator = client_for(recruiter)
    creator.post(reverse("jobs:create"), NEW_JOB)
    job = Job.objects.get()
    colleague = client_for(other_recruiter)
    JobRole.objects.create(job=job, user=other_recruiter, role=JobRole.Role.RECRUITER)
    seat = job.team.get(user=recruiter)
    colleague.post(reverse("jobs:team_remove", args=[job.pk, seat.pk]), {"confirmed": "yes"})
    assert not job.team.filter(user=recruiter).exists()

    creator = client_for(recruiter)
    assert creator.get(reverse("jobs:details", args=[job.pk])).status_code == 404
    assert creator.get(reverse("candidates:job_pipeline", args=[job.pk])).status_code == 404
    listing = creator.get(reverse("jobs:list")).content.decode()
    assert f'href="{reverse("candidates:job_pipeline", args=[job.pk])}"' not in listing
    response = creator.post(reverse("jobs:details", args=[job.pk]), job_form_data(job, title="Mine again"))
    assert response.status_code == 404
    assert Job.objects.get(pk=job.pk).title == NEW_JOB["title"]


def test_the_job_list_costs_the_same_queries_for_few_or_many_jobs(
    client_for, recruiter, django_assert_max_num_queries
):
    client = client_for(recruiter)
    url = reverse("jobs:list")

    def jobs_on_the_team(count):
        for _ in range(count):
            job = JobFactory(owner=recruiter)
            JobRole.objects.create(job=job, user=recruiter, role=JobRole.Role.RECRUITER)
            ApplicationFactory.create_batch(2, job=job, stage=job.stages.get(kind="APPLICATION"))

    jobs_on_the_team(2)
    # Session, user, roles, the count for the pager, a page of jobs with their owners and counts.
    with django_assert_max_num_queries(JOB_LIST_QUERIES):
        assert len(client.get(url).context["page"].object_list) == 2

    jobs_on_the_team(30)
    with django_assert_max_num_queries(JOB_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25


def test_a_last_day_to_apply_in_the_past_is_refused_and_nothing_is_created(client_for, recruiter):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client_for(recruiter).post(
        reverse("jobs:create"), {**NEW_JOB, "apply_by": yesterday.isoformat()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["apply_by"] == ["The last day to apply cannot be in the past."]
    assert not Job.objects.exists()


def test_a_job_keeps_a_last_day_to_apply_that_has_since_passed_when_other_fields_change(
    client_for, recruiter, active_job
):
    passed = timezone.localdate() - timedelta(days=3)
    Job.objects.filter(pk=active_job.pk).update(apply_by=passed)
    active_job.refresh_from_db()
    data = job_form_data(active_job, openings="4")
    assert data["apply_by"] == passed.isoformat()  # as the page shows it

    response = client_for(recruiter).post(reverse("jobs:details", args=[active_job.pk]), data)

    active_job.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert (active_job.openings, active_job.apply_by) == (4, passed)
