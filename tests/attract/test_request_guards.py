"""Guards in front of every view: a NUL in the address, and an upload body past the resume limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Application, Candidate
from jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_job(active_job):
    assert active_job.visibility == Job.Visibility.PUBLIC
    return active_job


@pytest.mark.parametrize("address", ["/careers/J-%00/", "/careers/?city=a%00b", "/careers/J-1/apply/?x=%00"])
def test_a_nul_in_the_address_is_a_400_not_a_database_error(client, open_job, address):
    response = client.get(address)

    assert response.status_code == 400


def test_an_upload_body_past_the_resume_limit_and_form_is_refused_with_413_and_nothing_written(
    client, open_job, settings
):
    settings.RESUME_MAX_BYTES = 10_000
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 2_000
    resume = SimpleUploadedFile("cv.pdf", b"%PDF-" + b"x" * 15_000)

    response = client.post(
        reverse("career_apply:apply", args=[open_job.code]),
        {"first_name": "Big", "last_name": "File", "email": "big@example.org", "resume": resume},
    )

    assert response.status_code == 413
    assert "at most 9.8" in response.content.decode()
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_an_upload_within_the_limit_reaches_the_form(client, open_job, settings):
    settings.RESUME_MAX_BYTES = 10_000
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 2_000
    resume = SimpleUploadedFile("cv.pdf", b"%PDF-" + b"x" * 9_000)

    response = client.post(
        reverse("career_apply:apply", args=[open_job.code]),
        {"first_name": "Small", "last_name": "File", "email": "small@example.org", "resume": resume},
    )

    assert response.status_code == 302
    assert Candidate.objects.filter(email="small@example.org").exists()


def test_a_large_body_that_is_not_an_upload_is_left_to_django_s_own_limit(client, open_job, settings):
    settings.RESUME_MAX_BYTES = 10_000
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 2_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = client.post(
        reverse("career_apply:apply", args=[open_job.code]),
        data="cover_letter=" + "x" * 5_000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not Candidate.objects.exists()
