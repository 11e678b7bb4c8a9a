"""The job's process editor driven through its page: names refused with field errors, renaming and
reordering, arrows only where a move is allowed."""

import re

import pytest
from django.urls import reverse

from jobs.models import Stage
from tests.candidates.helpers import messages_of
from tests.factories import JobFactory


def change(client, job, **data):
    return client.post(reverse("jobs:process_change", args=[job.pk]), data)


def names(job):
    return list(job.stages.order_by("position").values_list("name", flat=True))


def stage_rows(job):
    return list(Stage.objects.filter(job=job).order_by("pk").values())


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Give the stage a name."),
        ("   ", "Give the stage a name."),
        ("screen", "This process already has a stage named “screen”."),
        ("x" * 61, "at most 60 characters"),
    ],
)
def test_a_refused_new_stage_name_shows_its_field_error_and_adds_nothing(
    client_for, recruiter, job, name, message
):
    before = stage_rows(job)

    response = change(client_for(recruiter), job, action="add", name=name)

    assert response.status_code == 400
    assert message in " ".join(response.context["add_form"].errors["name"])
    page = response.content.decode()
    assert 'id="new-stage-errors"' in page
    assert stage_rows(job) == before


@pytest.mark.parametrize(
    "name, message",
    [("", "Give the stage a name."), ("Interview", "This process already has a stage named “Interview”.")],
)
def test_a_refused_rename_shows_the_error_next_to_its_stage_and_changes_nothing(
    client_for, recruiter, job, name, message
):
    screen = job.stages.get(name="Screen")
    before = stage_rows(job)

    response = change(client_for(recruiter), job, action="rename", stage=screen.pk, name=name)

    assert response.status_code == 400
    assert response.context["renamed_pk"] == screen.pk
    assert message in " ".join(response.context["rename_form"].errors["name"])
    assert f'id="rename-{screen.pk}-errors"' in response.content.decode()
    assert stage_rows(job) == before


def test_renaming_a_stage_through_the_page(client_for, recruiter, job):
    screen = job.stages.get(name="Screen")

    response = change(client_for(recruiter), job, action="rename", stage=screen.pk, name="  Phone   screen ")

    assert response.status_code == 302
    assert names(job) == ["Prospect", "Application", "Phone screen", "Interview", "Offer"]


def test_renaming_a_stage_of_another_job_is_refused(client_for, recruiter, job):
    elsewhere = JobFactory(owner=recruiter).stages.get(name="Screen")
    client = client_for(recruiter)

    response = change(client, job, action="rename", stage=elsewhere.pk, name="Renamed")

    assert response.status_code == 302
    assert "not part of this job's process" in " ".join(messages_of(client.get(response["Location"])))
    assert not Stage.objects.filter(name="Renamed").exists()


def test_reordering_custom_stages_through_the_page(client_for, recruiter, job):
    client = client_for(recruiter)
    interview = job.stages.get(name="Interview")

    change(client, job, action="up", stage=interview.pk)
    assert names(job) == ["Prospect", "Application", "Interview", "Screen", "Offer"]

    response = change(client, job, action="up", stage=interview.pk)
    assert "already the first custom stage" in " ".join(messages_of(client.get(response["Location"])))
    assert names(job) == ["Prospect", "Application", "Interview", "Screen", "Offer"]


def test_moving_application_below_a_custom_stage_is_refused(client_for, recruiter, job):
    client = client_for(recruiter)
    application = job.stages.get(kind="APPLICATION")

    response = change(client, job, action="down", stage=application.pk)

    assert "only custom stages move" in " ".join(messages_of(client.get(response["Location"])))
    assert names(job) == ["Prospect", "Application", "Screen", "Interview", "Offer"]


def test_the_page_shows_only_arrows_that_can_move(client_for, recruiter, job):
    page = client_for(recruiter).get(reverse("jobs:process", args=[job.pk])).content.decode()

    ups = re.findall(r'aria-label="Move ([^"]+) up"', page)
    downs = re.findall(r'aria-label="Move ([^"]+) down"', page)
    assert ups == ["Interview"]
    assert downs == ["Screen"]
