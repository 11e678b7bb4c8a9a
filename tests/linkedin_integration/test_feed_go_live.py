"""Going live: only a run that still holds its claim, and only with a gzip copy that matches the document."""

import gzip

import pytest

from linkedin_integration.models import AuditEntry, FeedPublication, JobListing
from linkedin_integration.services import feed as feed_service
from linkedin_integration.storage import feed_storage, publication_name
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    codes_in,
    company_fixture,
    posted_job,
    publish,
    published_bytes,
    published_root,
)

pytestmark = pytest.mark.django_db


def after_the_build(monkeypatch, then):
    """Run `then(paths)` once the files are written, before the publication tries to go live."""
    real = feed_service._build_files

    def build_files(*args, **kwargs):
        build, tee, paths = real(*args, **kwargs)
        monkeypatch.setattr(feed_service, "_build_files", real)
        then(paths)
        return build, tee, paths

    monkeypatch.setattr(feed_service, "_build_files", build_files)


def test_a_run_taken_for_abandoned_while_it_ran_never_goes_live(company, monkeypatch):
    job = posted_job()
    publish()
    newer = []

    def meanwhile(paths):
        # The run outlived STALE_RUNNING: the next claim marks it FAILED and a newer feed goes live.
        FeedPublication.objects.filter(status=FeedPublication.Status.RUNNING).update(
            status=FeedPublication.Status.FAILED, error="Interrupted before it finished."
        )
        newer.append(publish())

    after_the_build(monkeypatch, meanwhile)
    late = publish()

    assert late.status == FeedPublication.Status.FAILED
    assert late.error == "Interrupted before it finished."
    assert late.storage_name == ""
    assert newer[0].status == FeedPublication.Status.PUBLISHED
    assert FeedPublication.objects.live() == newer[0]
    storage = feed_storage()
    assert not storage.exists(publication_name(late.pk))
    assert not storage.exists(f"{publication_name(late.pk)}.gz")
    assert list(storage.listdir("tmp")[1]) == []
    # Its stamps were rolled back: the listing was last in the newer feed.
    assert JobListing.objects.get(job=job).last_published_at == newer[0].finished_at
    assert AuditEntry.objects.filter(action="Feed published").count() == 2
    assert AuditEntry.objects.filter(action="Feed publication superseded", ok=False).count() == 1


@pytest.mark.parametrize(
    "corrupt, error",
    [
        (lambda data: data[: len(data) // 2], "The gzip copy does not decompress"),
        (lambda data: b"not gzip at all" + data, "The gzip copy does not decompress"),
        (
            lambda data: gzip.compress(gzip.decompress(data).replace(b"<job>", b"<job> ", 1)),
            "The gzip copy does not decompress to the document that was checked.",
        ),
    ],
)
def test_a_corrupted_gzip_copy_keeps_the_previous_feed(company, monkeypatch, corrupt, error):
    first = posted_job()
    good = publish()
    good_bytes = published_bytes(good)
    posted_job()

    def damage(paths):
        with open(paths[1], "rb") as fh:
            data = fh.read()
        with open(paths[1], "wb") as fh:
            fh.write(corrupt(data))

    after_the_build(monkeypatch, damage)
    failed = publish()

    assert failed.status == FeedPublication.Status.FAILED
    assert error in failed.error
    assert FeedPublication.objects.live() == good
    assert published_bytes(good) == good_bytes
    assert codes_in(published_root(good)) == {first.code}
    assert not feed_storage().exists(publication_name(failed.pk))
    assert JobListing.objects.filter(first_published_at__isnull=False).count() == 1
