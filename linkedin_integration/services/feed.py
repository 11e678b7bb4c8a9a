"""Writes for LinkedIn Limited Listings: marking jobs for the feed and publishing the feed."""

import contextlib
import gzip
import hashlib
import logging
import os
import shutil
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone

from attract.errors import DomainError
from jobs.models import Job
from linkedin_integration.eligibility import description_cache, postable_refusal
from linkedin_integration.feed import FeedCheckError, build_feed, check_feed
from linkedin_integration.models import AuditEntry, FeedPublication, JobListing, LinkedInSettings
from linkedin_integration.storage import BuiltFile, feed_storage, publication_name, scratch_dir

log = logging.getLogger(__name__)

# A RUNNING row older than this belongs to a worker that died: it no longer blocks new publications.
STALE_RUNNING = timedelta(minutes=30)
# Files of older publications are deleted; their rows stay as history.
KEEP_FILES = 3
# After a failed first-fetch publication, fetches answer 503 for this long instead of rebuilding each time.
FIRST_FETCH_RETRY = timedelta(minutes=5)
# How long a first fetch waits for a publication somebody else is building.
FIRST_FETCH_WAIT_SECONDS = 10.0
GZIP_LEVEL = 6
LISTING_UPDATE_CHUNK = 10_000
# Job ids per chunk when caching descriptions: under SQLite's limit of parameters per statement.
DESCRIPTION_CACHE_CHUNK = 900


@transaction.atomic
def listing_mark(*, actor, job: Job) -> JobListing:
    """Mark a job for the feed ("Post to LinkedIn"); marking a marked job changes nothing. Only an
    active public job can be marked (its other reasons, like a short description, may be fixed later)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    refusal = postable_refusal(status=job.status, visibility=job.visibility)
    if refusal:
        raise DomainError(refusal)
    listing, created = JobListing.objects.select_for_update().get_or_create(
        job=job, defaults={"marked": False}
    )
    if listing.marked and not created:
        return listing
    listing.marked = True
    listing.marked_by = actor
    listing.marked_at = timezone.now()
    listing.unmarked_at = None
    cache = description_cache(job.description)
    for name, value in cache.items():
        setattr(listing, name, value)
    listing.save(update_fields=["marked", "marked_by", "marked_at", "unmarked_at", *cache])
    AuditEntry.objects.create(
        actor=actor, action="listing_mark", detail=f"{job.code} {job.title}: posted to LinkedIn (feed)."
    )
    return listing


@transaction.atomic
def listing_unmark(*, actor, job: Job) -> JobListing | None:
    """Take a job out of the feed ("Remove from LinkedIn"): it closes on LinkedIn with the next feed."""
    listing = JobListing.objects.select_for_update().filter(job=job).first()
    if listing is None or not listing.marked:
        return listing
    listing.marked = False
    listing.unmarked_at = timezone.now()
    listing.save(update_fields=["marked", "unmarked_at"])
    AuditEntry.objects.create(
        actor=actor,
        action="listing_unmark",
        detail=f"{job.code} {job.title}: removed from LinkedIn; it leaves with the next feed.",
    )
    return listing


class _Tee:
    """The file-like lxml writes to: every byte goes to the file, the checksum and the gzip copy."""

    def __init__(self, raw, compressed):
        self.raw = raw
        self.compressed = compressed
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.raw.write(data)
        self.compressed.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


class _ClaimLost(Exception):
    """This publication ran so long that it was marked FAILED as abandoned: it must not go live."""


def _claim(*, trigger, actor, company_id) -> FeedPublication:
    now = timezone.now()
    FeedPublication.objects.filter(
        status=FeedPublication.Status.RUNNING, started_at__lt=now - STALE_RUNNING
    ).update(status=FeedPublication.Status.FAILED, finished_at=now, error="Interrupted before it finished.")
    try:
        with transaction.atomic():
            return FeedPublication.objects.create(
                status=FeedPublication.Status.RUNNING,
                trigger=trigger,
                triggered_by=actor,
                company_id=company_id,
            )
    except IntegrityError as exc:
        raise DomainError("A publication of the feed is already running; try again in a minute.") from exc


def _discard(*paths):
    for path in paths:
        if not path:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


class _AnyOf(In):
    """`column IN (ids)`, sent to PostgreSQL as one array parameter (`= ANY(%s)`): a third of the
    cost of an IN list with one parameter per id when there are thousands of them."""

    prepare_rhs = False

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def _record_listings(job_ids, *, now, company_id):
    """Stamp the listings that went live, in chunks (a feed may hold 500,000 jobs): large ones on
    PostgreSQL, where a chunk is one array parameter, small ones where the database limits parameters
    per statement (SQLite).

    Listings in a feed for the first time also keep the title and Company ID LinkedIn received; the
    statement tells them apart itself (SET expressions read the row as it was), so no list of them is
    held in memory.
    """
    first_time = Q(first_published_at__isnull=True)
    title = Subquery(Job.objects.filter(pk=OuterRef("job_id")).values("title")[:1])
    size = min(LISTING_UPDATE_CHUNK, (connection.features.max_query_params or LISTING_UPDATE_CHUNK) - 10)
    for start in range(0, len(job_ids), size):
        JobListing.objects.filter(_AnyOf(F("job_id"), job_ids[start : start + size].tolist())).update(
            last_published_at=now,
            first_published_at=Coalesce("first_published_at", Value(now)),
            posted_title=Case(When(first_time, then=title), default=F("posted_title")),
            posted_company_id=Case(When(first_time, then=Value(company_id)), default=F("posted_company_id")),
        )


def _remember_descriptions(job_ids):
    """Cache the feed description of listings this publication had to sanitise afresh (new text, or
    new rules), a chunk at a time, so the next publication reads them as they are. Only a cache: a
    failure is logged and the next publication sanitises those descriptions again."""
    try:
        for start in range(0, len(job_ids), DESCRIPTION_CACHE_CHUNK):
            chunk = job_ids[start : start + DESCRIPTION_CACHE_CHUNK].tolist()
            texts = Job.objects.filter(pk__in=chunk).values_list("pk", "description")
            _save_description_caches([(pk, description_cache(raw)) for pk, raw in texts])
    except DatabaseError:
        log.warning("Could not cache the feed descriptions of %s listings", len(job_ids), exc_info=True)


# One statement per chunk; Django's bulk_update writes a CASE with a branch per row, which PostgreSQL
# then evaluates for every row: quadratic in the chunk size.
_SAVE_CACHES_POSTGRESQL = """
    UPDATE linkedin_integration_joblisting AS listing
    SET description_key = cache.key, description_html = cache.html, description_length = cache.length
    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::integer[]) AS cache(job_id, key, html, length)
    WHERE listing.job_id = cache.job_id
"""


def _save_description_caches(caches):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _SAVE_CACHES_POSTGRESQL,
                [
                    [pk for pk, _ in caches],
                    [cache["description_key"] for _, cache in caches],
                    [cache["description_html"] for _, cache in caches],
                    [cache["description_length"] for _, cache in caches],
                ],
            )
        return
    by_job = dict(caches)
    listings = list(JobListing.objects.filter(job_id__in=by_job).only("job_id"))
    for listing in listings:
        for name, value in by_job[listing.job_id].items():
            setattr(listing, name, value)
    JobListing.objects.bulk_update(
        listings, ["description_key", "description_html", "description_length"], batch_size=100
    )


def _drop_old_files(storage):
    old = (
        FeedPublication.objects.published()
        .exclude(storage_name="")
        .order_by("-finished_at", "-pk")
        .values_list("pk", "storage_name")[KEEP_FILES:]
    )
    for pk, name in list(old):
        try:
            for each in (name, f"{name}.gz"):
                if storage.exists(each):
                    storage.delete(each)
        except OSError:
            log.warning("Could not delete the old feed file %s", name, exc_info=True)
            continue
        FeedPublication.objects.filter(pk=pk).update(storage_name="")


def _fail(publication: FeedPublication, error: str, *, dry_run: bool) -> FeedPublication:
    publication.status = FeedPublication.Status.DRY_RUN if dry_run else FeedPublication.Status.FAILED
    publication.error = error
    publication.finished_at = timezone.now()
    publication.save()
    if not dry_run:
        AuditEntry.objects.create(
            actor=publication.triggered_by,
            action="Feed publication failed",
            detail=f"The new feed was not published; the previous one stays live. {error}",
            ok=False,
        )
    return publication


def feed_publish(
    *, trigger=FeedPublication.Trigger.SCHEDULE, actor=None, dry_run=False, output=None, progress=None
) -> FeedPublication:
    """Build the feed, check it, and put it live; record the attempt as a FeedPublication.

    A build that fails or does not pass the checks is recorded FAILED with its error and the feed that
    was live stays live. `dry_run` builds and checks without putting anything live; `output` also copies
    the document to that path. Raises DomainError when another publication is running.

    Not one transaction: the build may take a minute and must not hold locks (SQLite would stop every
    other write); stamping the listings, the check's verdict and the switch to the new feed are one
    transaction at the end.
    """
    linkedin = LinkedInSettings.load()
    site_url = settings.SITE_URL
    storage = feed_storage()
    if dry_run:
        publication = FeedPublication(
            status=FeedPublication.Status.DRY_RUN,
            trigger=trigger,
            triggered_by=actor,
            company_id=linkedin.company_id,
        )
    else:
        publication = _claim(trigger=trigger, actor=actor, company_id=linkedin.company_id)
    paths = ()
    try:
        build, tee, paths = _build_files(storage, linkedin, site_url=site_url, progress=progress)
        publication.job_count = build.job_count
        publication.excluded_count = build.excluded_count
        publication.exclusion_counts = build.exclusion_counts
        publication.exclusions = build.exclusions
        publication.size_bytes = tee.size
        publication.sha256 = tee.sha256.hexdigest()
        # The parse-back check gets a core of its own while this thread stamps the listings inside the
        # go-live transaction (PostgreSQL does that work in its own process): nothing goes live, and the
        # stamps roll back, unless the check passes.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-check") as checker:
            checking = checker.submit(_check_build, paths, build, tee.sha256.hexdigest())
            if dry_run:
                checking.result()
                if output:
                    shutil.copyfile(paths[0], output)
                publication.finished_at = timezone.now()
                publication.save()
                return publication
            now = timezone.now()
            with transaction.atomic():
                # Going live only while this run still holds its claim: a run that outlived
                # STALE_RUNNING was marked FAILED, and a newer feed may be live already. Done first,
                # the UPDATE also locks the row, so nobody can mark it FAILED before the commit, and a
                # run that lost its claim stamps nothing.
                publication.status = FeedPublication.Status.PUBLISHED
                publication.finished_at = now
                claimed = FeedPublication.objects.filter(
                    pk=publication.pk, status=FeedPublication.Status.RUNNING
                ).update(status=publication.status, finished_at=now)
                if not claimed:
                    raise _ClaimLost
                _record_listings(build.job_ids, now=now, company_id=linkedin.company_id)
                checking.result()
                if output:
                    shutil.copyfile(paths[0], output)
                publication.storage_name = _save_files(storage, publication, paths)
                publication.save()
                AuditEntry.objects.create(
                    actor=actor,
                    action="Feed published",
                    detail=(
                        f"{publication.get_trigger_display()}: {build.job_count} jobs published, "
                        f"{build.excluded_count} excluded."
                    ),
                )
    except _ClaimLost:
        log.warning(
            "LinkedIn feed publication %s lost its claim (marked abandoned); not published", publication.pk
        )
        publication.refresh_from_db()
        AuditEntry.objects.create(
            actor=actor,
            action="Feed publication superseded",
            detail=(
                f"{publication.get_trigger_display()}: the build finished after it was taken for abandoned; "
                "it was not published and the newer feed stays live."
            ),
            ok=False,
        )
        return publication
    except Exception as exc:  # noqa: BLE001 - whatever broke, the live feed must stay and the error be shown
        log.exception("LinkedIn feed was not published")
        publication.storage_name = ""
        return _fail(publication, f"{exc.__class__.__name__}: {exc}", dry_run=dry_run)
    finally:
        _discard(*paths)
    _remember_descriptions(build.resanitised_job_ids)
    _drop_old_files(storage)
    return publication


def _build_files(storage, linkedin, *, site_url, progress):
    """Write the document and its gzip copy to scratch files; (build, tee, (xml path, gz path))."""
    work = scratch_dir(storage)
    paths = []
    try:
        xml_file = tempfile.NamedTemporaryFile(dir=work, prefix="jobs-", suffix=".xml.part", delete=False)  # noqa: SIM115
        paths.append(xml_file.name)
        gz_file = tempfile.NamedTemporaryFile(dir=work, prefix="jobs-", suffix=".xml.gz.part", delete=False)  # noqa: SIM115
        paths.append(gz_file.name)
        with (
            xml_file,
            gz_file,
            gzip.GzipFile(fileobj=gz_file, mode="wb", compresslevel=GZIP_LEVEL, mtime=0, filename="") as gz,
        ):
            tee = _Tee(xml_file, gz)
            build = build_feed(
                tee,
                company_name=linkedin.company_name,
                company_id=linkedin.company_id,
                site_url=site_url,
                progress=progress,
            )
    except BaseException:
        _discard(*paths)
        raise
    return build, tee, tuple(paths)


def _check_build(paths, build, sha256):
    xml_path, gz_path = paths
    checked = check_feed(xml_path)
    if checked.job_count != build.job_count:
        raise FeedCheckError(f"{build.job_count} jobs were written but {checked.job_count} read back.")
    # The gzip copy is what most fetches receive: it must decompress to exactly the checked document.
    digest = hashlib.sha256()
    try:
        with gzip.open(gz_path, "rb") as gz:
            while chunk := gz.read(1024 * 1024):
                digest.update(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise FeedCheckError(f"The gzip copy does not decompress: {exc}") from exc
    if digest.hexdigest() != sha256:
        raise FeedCheckError("The gzip copy does not decompress to the document that was checked.")


def _save_files(storage, publication, paths) -> str:
    """Copy the checked document and its gzip copy into the feed storage under the publication's name."""
    name = publication_name(publication.pk)
    for target, source in zip((name, f"{name}.gz"), paths, strict=True):
        if storage.exists(target):  # a leftover nobody points at: new publications have new ids
            storage.delete(target)
        with open(source, "rb") as fh:
            saved = storage.save(target, BuiltFile(fh))
        if saved != target:
            raise OSError(f"The storage saved {target} as {saved}.")
    return name


def feed_live_or_publish() -> FeedPublication | None:
    """The live publication with its file in place; publishes once when there is none (first fetch).

    Concurrent first fetches: only one claims the build, the others wait for it a few seconds. A failed
    first-fetch build is not retried on every fetch, only after FIRST_FETCH_RETRY.
    """
    storage = feed_storage()
    live = FeedPublication.objects.live()
    if live is not None and live.storage_name and storage.exists(live.storage_name):
        return live
    recently_failed = FeedPublication.objects.filter(
        status=FeedPublication.Status.FAILED,
        trigger=FeedPublication.Trigger.FIRST_FETCH,
        started_at__gte=timezone.now() - FIRST_FETCH_RETRY,
    ).exists()
    if recently_failed:
        return None
    try:
        publication = feed_publish(trigger=FeedPublication.Trigger.FIRST_FETCH)
    except DomainError:
        deadline = time.monotonic() + FIRST_FETCH_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.25)
            if not FeedPublication.objects.filter(status=FeedPublication.Status.RUNNING).exists():
                break
        newest = FeedPublication.objects.live()
        if newest is not None and newest.storage_name and storage.exists(newest.storage_name):
            return newest
        return None
    return publication if publication.status == FeedPublication.Status.PUBLISHED else None
