"""One job's bad data or an unexpected error never costs the whole feed: the job is left out, by name."""

import pytest
from lxml import etree

from linkedin_integration import feed as feed_module
from linkedin_integration.models import FeedPublication
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    codes_in,
    company_fixture,
    job_element,
    posted_job,
    publish,
    published_root,
)

pytestmark = pytest.mark.django_db

LONG = "enough words to be a real description for LinkedIn readers " * 3


def test_references_to_characters_xml_forbids_are_dropped_from_the_published_description(company):
    job = posted_job(description=f"<p>A&#1;B&#x0B;C&#x1F;D&#xFFFE;E&#0;F {LONG}</p>")

    publication = publish()

    assert publication.status == FeedPublication.Status.PUBLISHED
    assert publication.excluded_count == 0
    description = job_element(published_root(publication), job.code).findtext("description")
    assert description.startswith("<p>ABCDE")
    assert not any(ch in description for ch in "\x00\x01\x0b\x1f\ufffe")


def test_a_job_that_fails_unexpectedly_is_left_out_by_name_and_the_others_go_live(company, monkeypatch):
    good = posted_job()
    broken = posted_job()
    real_job_values = feed_module.job_values

    def job_values(row, **kwargs):
        if row[1] == broken.code:
            raise RuntimeError("a surprise")
        return real_job_values(row, **kwargs)

    monkeypatch.setattr(feed_module, "job_values", job_values)

    publication = publish()

    assert publication.status == FeedPublication.Status.PUBLISHED
    assert codes_in(published_root(publication)) == {good.code}
    assert publication.job_count == 1 and publication.excluded_count == 1
    assert publication.exclusions == [
        {
            "job_id": broken.pk,
            "code": broken.code,
            "title": broken.title,
            "reasons": [
                f"The job {broken.code} could not be written to the feed (RuntimeError: a surprise); "
                "the other jobs were published without it."
            ],
        }
    ]
    assert publication.exclusion_counts == {"Could not be written (unexpected error)": 1}


def test_a_job_that_fails_half_written_leaves_nothing_of_itself_in_the_document(company, monkeypatch):
    first = posted_job()
    second = posted_job()
    broken = posted_job()  # the last one: nothing written after it could hide what it left behind
    real_write_job = feed_module.write_job

    def write_job(xf, values):
        if values["partnerJobId"] != broken.code:
            return real_write_job(xf, values)
        with xf.element("job"), xf.element("partnerJobId"):
            xf.write(etree.CDATA(values["partnerJobId"]))
            raise ValueError("half-way")

    monkeypatch.setattr(feed_module, "write_job", write_job)

    publication = publish()

    assert publication.status == FeedPublication.Status.PUBLISHED
    root = published_root(publication)
    assert [job.findtext("partnerJobId") for job in root.iter("job")] == [first.code, second.code]
    assert root.findtext("expectedJobCount") == "2"
    assert publication.exclusions[0]["code"] == broken.code
    assert "(ValueError: half-way)" in publication.exclusions[0]["reasons"][0]


def _fail_for(monkeypatch, codes):
    real_job_values = feed_module.job_values

    def job_values(row, **kwargs):
        if row[1] in codes:
            raise RuntimeError("a bug in the build")
        return real_job_values(row, **kwargs)

    monkeypatch.setattr(feed_module, "job_values", job_values)


def test_an_error_that_hits_every_job_fails_the_publication_and_the_previous_feed_stays(company, monkeypatch):
    jobs = [posted_job() for _ in range(3)]
    before = publish()
    assert before.job_count == 3

    _fail_for(monkeypatch, {job.code for job in jobs})
    after = publish()

    assert after.status == FeedPublication.Status.FAILED
    assert "3 of 3 jobs failed with an unexpected error" in after.error
    assert FeedPublication.objects.live() == before
    assert codes_in(published_root(before)) == {job.code for job in jobs}


def test_an_error_that_hits_more_jobs_than_the_tolerance_fails_the_publication(company, monkeypatch):
    jobs = [posted_job() for _ in range(feed_module.UNEXPECTED_TOLERATED + 3)]
    broken = jobs[: feed_module.UNEXPECTED_TOLERATED + 1]
    _fail_for(monkeypatch, {job.code for job in broken})

    publication = publish()

    assert publication.status == FeedPublication.Status.FAILED
    assert FeedPublication.objects.live() is None


def test_errors_within_the_tolerance_leave_those_jobs_out_and_publish_the_rest(company, monkeypatch):
    jobs = [posted_job() for _ in range(feed_module.UNEXPECTED_TOLERATED + 3)]
    broken = jobs[: feed_module.UNEXPECTED_TOLERATED]
    _fail_for(monkeypatch, {job.code for job in broken})

    publication = publish()

    assert publication.status == FeedPublication.Status.PUBLISHED
    assert codes_in(published_root(publication)) == {job.code for job in jobs[len(broken) :]}
    assert publication.excluded_count == len(broken)
