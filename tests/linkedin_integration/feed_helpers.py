"""Fixtures and helpers shared by the feed tests (imported explicitly by each module)."""

import pytest
from lxml import etree

from jobs.models import Job
from linkedin_integration.models import FeedPublication, JobListing, LinkedInSettings
from linkedin_integration.services.feed import feed_publish
from linkedin_integration.storage import feed_storage
from tests.factories import JobFactory

COMPANY_NAME = "Contoso"
COMPANY_ID = "2414183"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@pytest.fixture(name="company")
def company_fixture(db):
    """The company settings every feed needs (import company_fixture; ask for `company`)."""
    linkedin = LinkedInSettings.load()
    linkedin.company_name = COMPANY_NAME
    linkedin.company_id = COMPANY_ID
    linkedin.save()
    return linkedin


def posted_job(**fields) -> Job:
    """An active public job marked for LinkedIn (fields override the factory's)."""
    fields.setdefault("status", Job.Status.ACTIVE)
    job = JobFactory(**fields)
    JobListing.objects.create(job=job, marked=True, marked_by=job.owner)
    return job


def publish(**kwargs) -> FeedPublication:
    kwargs.setdefault("trigger", FeedPublication.Trigger.COMMAND)
    return feed_publish(**kwargs)


def published_bytes(publication: FeedPublication) -> bytes:
    with feed_storage().open(publication.storage_name, "rb") as fh:
        return fh.read()


def parse(document: bytes):
    return etree.fromstring(document, SAFE_PARSER)


def published_root(publication: FeedPublication):
    return parse(published_bytes(publication))


def job_element(root, code: str):
    for job in root.iter("job"):
        if job.findtext("partnerJobId") == code:
            return job
    return None


def codes_in(root) -> set[str]:
    return {job.findtext("partnerJobId") for job in root.iter("job")}
