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
