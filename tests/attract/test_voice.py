"""Validation messages are in Attract's own words: no Django default reaches a page."""

import pytest
from django import forms
from django.urls import reverse

from attract.voice import AppVoice
from jobs.models import Job, Stage


class Sample(AppVoice, forms.Form):
    name = forms.CharField(max_length=5)
    email = forms.EmailField(required=False)
    openings = forms.IntegerField(min_value=1, required=False)
    kind = forms.ChoiceField(choices=[("a", "A")], required=False)
    note = forms.CharField(error_messages={"required": "Write the note."})
    LinkedIn_id = forms.CharField(label="LinkedIn Company ID", required=False, max_length=2)


def errors(data):
    form = Sample(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_each_default_message_becomes_a_sentence_that_names_the_field():
    assert errors({"name": "", "email": "nope", "openings": "0", "kind": "z", "LinkedIn_id": "123"}) == {
        "name": ["Fill in the name."],
        "email": ["Enter an email address like name@example.com."],
        "openings": ["The openings must be at least 1."],
        "kind": ["Choose the kind from the list."],
        "note": ["Write the note."],  # the author's own words are kept
        "LinkedIn_id": ["The LinkedIn Company ID can be at most 2 characters; this has 3."],
    }


def test_a_too_long_value_says_the_limit_and_the_length():
    assert errors({"name": "abcdefg", "note": "x"}) == {
        "name": ["The name can be at most 5 characters; this has 7."]
    }


DJANGO_DEFAULTS = [
    "This field is required.",
    "Ensure this value",
    "Select a valid choice",
    "Enter a whole number",
]


def test_the_job_form_speaks_in_the_apps_voice(client_for, recruiter):
    response = client_for(recruiter).post(
        reverse("jobs:create"),
        {"title": "x" * 201, "description": "d", "workplace_type": "MOON", "openings": "x"},
    )

    html = response.content.decode()
    assert "The title can be at most 200 characters; this has 201." in html
    assert "Choose the workplace type from the list." in html
    assert not any(default in html for default in DJANGO_DEFAULTS)
    assert not Job.objects.exists()


def test_moving_without_a_stage_says_so_in_the_apps_voice(client_for, recruiter, active_job):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(job=active_job, stage=active_job.stages.get(name="Application"))

    response = client_for(recruiter).post(
        reverse("candidates:application_move", args=[application.pk]),
        {"version": 1, "stage": ""},
        follow=True,
    )

    html = response.content.decode()
    assert "Choose the stage." in html
    assert "This field is required." not in html
    application.refresh_from_db()
    assert application.stage.name == "Application"


@pytest.mark.parametrize("length", [61])
def test_a_stage_name_too_long_is_refused_in_the_apps_voice(client_for, recruiter, job, length):
    before = Stage.objects.filter(job=job).count()

    response = client_for(recruiter).post(
        reverse("jobs:process_change", args=[job.pk]), {"action": "add", "name": "n" * length}
    )

    assert "The name can be at most 60 characters; this has 61." in response.content.decode()
    assert Stage.objects.filter(job=job).count() == before
