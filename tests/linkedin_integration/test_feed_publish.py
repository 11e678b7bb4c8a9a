"""Publishing: a checked file goes live atomically and is recorded; a bad build never replaces a good one."""

import gzip
import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration import feed as feed_module
from linkedin_integration.models import AuditEntry, FeedPublication, JobListing
from linkedin_integration.services import feed as feed_service
from linkedin_integration.storage import feed_storage
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    COMPANY_ID,
    codes_in,
    company_fixture,
    posted_job,
    publish,
    published_bytes,
    published_root,
)

pytestmark = pytest.mark.django_db


def test_a_publication_records_counts_size_and_checksum_of_the_live_file(company):
    posted_job()
    posted_job(description="short")
    publication = publish()
    document = published_bytes(publication)
    assert publication.status == FeedPublication.Status.PUBLISHED
    assert publication.job_count == 1
    assert publication.excluded_count == 1
    assert publication.size_bytes == len(document)
    assert publication.sha256 == hashlib.sha256(document).hexdigest()
    assert publication.company_id == COMPANY_ID
    assert publication.finished_at is not None
    assert FeedPublication.objects.live() == publication
    assert AuditEntry.objects.filter(action="Feed published").count() == 1


def test_a_gzip_copy_of_the_same_bytes_is_written_at_publication(company):
    posted_job()
    publication = publish()
    with feed_storage().open(publication.gzip_storage_name, "rb") as fh:
        assert gzip.decompress(fh.read()) == published_bytes(publication)


def test_the_listings_that_went_live_are_stamped(company):
    job = posted_job(title="Data Engineer")
    publication = publish()
    listing = JobListing.objects.get(job=job)
    assert listing.first_published_at == publication.finished_at
    assert listing.last_published_at == publication.finished_at
    assert listing.posted_title == "Data Engineer"
    assert listing.posted_company_id == COMPANY_ID


def test_a_later_publication_keeps_the_first_time_and_title(company):
    job = posted_job(title="Data Engineer")
    first = publish()
    job.title = "Senior Data Engineer"
    job.save()
    second = publish()
    listing = JobListing.objects.get(job=job)
    assert listing.first_published_at == first.finished_at
    assert listing.last_published_at == second.finished_at
    assert listing.posted_title == "Data Engineer"


def test_excluded_jobs_are_not_stamped(company):
    job = posted_job(description="short")
    publish()
    listing = JobListing.objects.get(job=job)
    assert listing.first_published_at is None
    assert listing.posted_title == ""


def test_a_build_that_fails_is_recorded_and_the_previous_feed_stays_live(company, monkeypatch):
    job = posted_job()
    good = publish()
    good_bytes = published_bytes(good)
    posted_job()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(feed_service, "build_feed", broken)
    failed = publish()

    assert failed.status == FeedPublication.Status.FAILED
    assert "disk on fire" in failed.error
    assert FeedPublication.objects.live() == good
    assert published_bytes(good) == good_bytes
    assert codes_in(published_root(good)) == {job.code}
    assert AuditEntry.objects.filter(action="Feed publication failed", ok=False).count() == 1
    assert list(feed_storage().listdir("tmp")[1]) == []  # no half-written file left behind


def test_a_document_that_fails_its_checks_never_goes_live(company, monkeypatch):
    posted_job()
    good = publish()
    posted_job()
    original = feed_module.job_values

    def duplicate_ids(row, **kwargs):
        values = original(row, **kwargs)
        values["partnerJobId"] = "J-SAME"
        return values

    monkeypatch.setattr(feed_module, "job_values", duplicate_ids)
    failed = publish()

    assert failed.status == FeedPublication.Status.FAILED
    assert "The job ID J-SAME appears twice." in failed.error
    assert FeedPublication.objects.live() == good
    assert JobListing.objects.filter(first_published_at__isnull=False).count() == 1


@pytest.mark.parametrize(
    "document, error",
    [
        (
            b"<source><expectedJobCount>1</expectedJobCount></source>",
            "expects 1 jobs but the document holds 0",
        ),
        (b"<feed><expectedJobCount>0</expectedJobCount></feed>", "root element is not <source>"),
        (b"<source><job><partnerJobId>x</partnerJobId>", "not well-formed"),
        (b"<source></source>", "no expectedJobCount"),
        (
            b"<source><expectedJobCount>1</expectedJobCount><job><partnerJobId>J-1</partnerJobId></job></source>",
            "Job number 1 has no company",
        ),
    ],
)
def test_the_check_refuses_documents_linkedin_should_never_see(tmp_path, document, error):
    path = tmp_path / "feed.xml"
    path.write_bytes(document)
    with pytest.raises(feed_module.FeedCheckError, match=error):
        feed_module.check_feed(path)


def test_the_check_resolves_no_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("J-1")
    fields = "".join(f"<{name}>x</{name}>" for name in feed_module.REQUIRED_PER_JOB if name != "partnerJobId")
    path = tmp_path / "feed.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE source [<!ENTITY id SYSTEM "file://{secret}">]>'
        f"<source><expectedJobCount>1</expectedJobCount><job><partnerJobId>&id;</partnerJobId>{fields}</job>"
        "</source>"
    )
    # Had the entity been resolved, the job would have read "J-1" from the file and passed.
    with pytest.raises(feed_module.FeedCheckError, match="Job number 1 has no partnerJobId"):
        feed_module.check_feed(path)


def test_a_second_publication_while_one_runs_is_refused(company):
    FeedPublication.objects.create(status=FeedPublication.Status.RUNNING)
    with pytest.raises(DomainError, match="already running"):
        publish()
    assert FeedPublication.objects.count() == 1


def test_a_publication_left_running_by_a_dead_worker_does_not_block_forever(company):
    stale = FeedPublication.objects.create(status=FeedPublication.Status.RUNNING)
    FeedPublication.objects.filter(pk=stale.pk).update(started_at=timezone.now() - timedelta(hours=1))
    posted_job()
    assert publish().status == FeedPublication.Status.PUBLISHED
    stale.refresh_from_db()
    assert stale.status == FeedPublication.Status.FAILED


def test_a_dry_run_builds_and_checks_but_puts_nothing_live(company, tmp_path):
    job = posted_job()
    output = tmp_path / "out.xml"
    publication = publish(dry_run=True, output=str(output))
    assert publication.status == FeedPublication.Status.DRY_RUN
    assert publication.job_count == 1
    assert FeedPublication.objects.live() is None
    assert JobListing.objects.get(job=job).first_published_at is None
    assert hashlib.sha256(output.read_bytes()).hexdigest() == publication.sha256


def test_only_the_newest_files_are_kept(company):
    posted_job()
    publications = [publish() for _ in range(feed_service.KEEP_FILES + 2)]
    storage = feed_storage()
    for old in publications[:2]:
        old.refresh_from_db()
        assert old.storage_name == ""
    for kept in publications[2:]:
        kept.refresh_from_db()
        assert storage.exists(kept.storage_name)
        assert storage.exists(kept.gzip_storage_name)


def test_listings_are_stamped_in_chunks_new_and_old_alike(company, monkeypatch):
    monkeypatch.setattr(feed_service, "LISTING_UPDATE_CHUNK", 12)  # chunks of 2 after the safety margin
    old = [posted_job() for _ in range(3)]
    first = publish()
    new = [posted_job(title=f"New {i}") for i in range(3)]
    second = publish()
    for job in old:
        listing = JobListing.objects.get(job=job)
        assert (listing.first_published_at, listing.last_published_at) == (
            first.finished_at,
            second.finished_at,
        )
    for job in new:
        listing = JobListing.objects.get(job=job)
        assert listing.first_published_at == listing.last_published_at == second.finished_at
        assert listing.posted_title == job.title
