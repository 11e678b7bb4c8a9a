"""The feed keeps each listing's reduced description: unchanged descriptions are not sanitised again
every night, and a changed one (or changed rules) is always sent as it now reads."""

import pytest
from django.urls import reverse

from linkedin_integration import eligibility
from linkedin_integration import feed as feed_module
from linkedin_integration.models import JobListing
from linkedin_integration.services import feed as feed_service
from tests.attract.test_permissions_matrix import job_form_data
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    company_fixture,
    job_element,
    posted_job,
    publish,
    published_root,
)

pytestmark = pytest.mark.django_db

LONG = "enough words to be a real description for LinkedIn readers " * 3


def description_sent(publication, job) -> str:
    return job_element(published_root(publication), job.code).findtext("description")


def sanitised(monkeypatch) -> list:
    """Records each description the feed sanitises."""
    seen = []
    original = feed_module.sanitise_description

    def recording(raw):
        seen.append(raw)
        return original(raw)

    monkeypatch.setattr(feed_module, "sanitise_description", recording)
    return seen


def test_posting_a_job_keeps_its_description_as_the_feed_sends_it(client_for, recruiter, active_job):
    active_job.description = f"<p>{LONG}</p><script>steal()</script><h2>Perks</h2>"
    active_job.save()

    client_for(recruiter).post(f"/jobs/{active_job.pk}/linkedin/post/")

    listing = JobListing.objects.get(job=active_job)
    assert listing.description_key == eligibility.description_key(active_job.description)
    assert listing.description_html == f"<p>{LONG}</p><p><b>Perks</b></p>"
    assert listing.description_length == len(f"{LONG.strip()} Perks")  # a tag boundary reads as a space


def test_an_unchanged_description_is_not_sanitised_again(company, monkeypatch):
    job = posted_job(description=f"<p>{LONG}</p>")
    publish()  # the listing had no cached copy: sanitised once and remembered
    seen = sanitised(monkeypatch)

    publication = publish()

    assert seen == []
    assert description_sent(publication, job) == f"<p>{LONG}</p>"


def test_a_description_edited_after_posting_is_sent_as_it_now_reads(
    client_for, recruiter, company, active_job, monkeypatch
):
    client = client_for(recruiter)
    client.post(f"/jobs/{active_job.pk}/linkedin/post/")
    publish()
    active_job.refresh_from_db()
    edited = f"<p>Rewritten: {LONG}</p><iframe src='x'></iframe>"
    response = client.post(
        reverse("jobs:details", args=[active_job.pk]), job_form_data(active_job, description=edited)
    )
    assert response.status_code == 302
    active_job.refresh_from_db()
    seen = sanitised(monkeypatch)

    publication = publish()

    assert seen == [active_job.description]
    assert description_sent(publication, active_job) == f"<p>Rewritten: {LONG}</p>"
    listing = JobListing.objects.get(job=active_job)
    assert listing.description_key == eligibility.description_key(active_job.description)
    assert listing.description_html == f"<p>Rewritten: {LONG}</p>"
    seen.clear()
    publish()
    assert seen == []


def test_an_edit_that_makes_the_description_too_short_excludes_the_job(company):
    job = posted_job(description=f"<p>{LONG}</p>")
    publish()
    job.description = "<p>Too short now.</p>"
    job.save()

    publication = publish()

    assert publication.job_count == 0
    assert publication.exclusions[0]["code"] == job.code
    assert "characters of text" in publication.exclusions[0]["reasons"][0]


def test_new_rules_redo_every_cached_description(company, monkeypatch):
    job = posted_job(description=f"<p>{LONG}</p>")
    publish()
    newer = eligibility.DESCRIPTION_RULES + "-next"
    monkeypatch.setattr(eligibility, "DESCRIPTION_RULES", newer)
    monkeypatch.setattr(feed_module, "DESCRIPTION_RULES", newer)
    seen = sanitised(monkeypatch)

    publish()

    assert seen == [job.description]
    assert JobListing.objects.get(job=job).description_key.startswith(f"{newer}:")


def test_a_non_ascii_description_matches_the_database_hash(company, monkeypatch):
    job = posted_job(description=f"<p>Ingénieur·e à Zürich, 東京 und Ελλάδα ✓ {LONG}</p>")
    publish()
    seen = sanitised(monkeypatch)

    publication = publish()

    assert seen == []  # Python's MD5 of the UTF-8 text equals the database's MD5 of the column
    assert "Zürich, 東京" in description_sent(publication, job)


def test_a_dry_run_caches_nothing(company):
    posted_job(description=f"<p>{LONG}</p>")

    publish(dry_run=True)

    assert JobListing.objects.get().description_key == ""


def test_listings_without_a_cached_copy_are_cached_in_chunks(company, monkeypatch):
    monkeypatch.setattr(feed_service, "DESCRIPTION_CACHE_CHUNK", 2)
    jobs = [posted_job(description=f"<p>Job {n}: {LONG}</p><style>x</style>") for n in range(5)]

    publish()

    for job in jobs:
        listing = JobListing.objects.get(job=job)
        assert listing.description_key == eligibility.description_key(job.description)
        assert listing.description_html == f"<p>Job {job.description[7]}: {LONG}</p>"
        assert listing.description_length == len(f"Job {job.description[7]}: {LONG.strip()}")
