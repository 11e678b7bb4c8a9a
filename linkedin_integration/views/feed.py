"""The feed LinkedIn fetches, and the Admin center's feed section with "Publish now"."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from attract.errors import DomainError
from attract.outbox import send_after_commit
from attract.permissions import admin_required
from linkedin_integration import eligibility
from linkedin_integration.models import FeedPublication, JobListing
from linkedin_integration.services.feed import feed_live_or_publish, feed_publish
from linkedin_integration.storage import feed_storage

HISTORY_ROWS = 20
# Above this many marked jobs "Publish now" hands the build to the worker instead of the web request.
INLINE_PUBLISH_LIMIT = 20_000
# LinkedIn fetches about daily; an hour of caching spares the server and still sees "Publish now" soon.
CACHE_CONTROL = "public, max-age=3600"
RETRY_AFTER_SECONDS = 300


def feed_url() -> str:
    return settings.SITE_URL + reverse("linkedin:feed")


def feed_section_context(request, linkedin):
    history = list(FeedPublication.objects.select_related("triggered_by")[:HISTORY_ROWS])
    live = FeedPublication.objects.live()
    latest_attempt = next((p for p in history if p.status != FeedPublication.Status.DRY_RUN), None)
    failed_since_live = (
        latest_attempt
        if latest_attempt is not None
        and latest_attempt.status == FeedPublication.Status.FAILED
        and (live is None or latest_attempt.started_at > live.started_at)
        else None
    )
    return {
        "feed_url": feed_url(),
        "destination_note": eligibility.destination_note(sandbox=settings.LINKEDIN_SANDBOX),
        "site_warning": eligibility.site_warning(settings.SITE_URL),
        "feed_global_reasons": eligibility.global_reasons(
            company_name=linkedin.company_name, company_id=linkedin.company_id, site_url=settings.SITE_URL
        ),
        "live_publication": live,
        "failed_since_live": failed_since_live,
        "publishing": any(p.status == FeedPublication.Status.RUNNING for p in history),
        "history": history,
    }


@admin_required
@require_POST
def publish_now(request):
    tab = reverse("linkedin:admin_tab") + "#feed"
    background = not settings.CELERY_TASK_ALWAYS_EAGER
    if background and JobListing.objects.filter(marked=True).count() > INLINE_PUBLISH_LIMIT:
        from linkedin_integration.tasks import publish_feed

        actor_id = request.user.pk
        send_after_commit(publish_feed, trigger=FeedPublication.Trigger.ADMIN, actor_id=actor_id)
        messages.info(request, "Publication started in the background; this page shows it once it is done.")
        return redirect(tab)
    try:
        publication = feed_publish(trigger=FeedPublication.Trigger.ADMIN, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(tab)
    if publication.status == FeedPublication.Status.PUBLISHED:
        messages.success(
            request,
            f"Feed published: {publication.job_count} jobs, {publication.excluded_count} excluded. "
            "LinkedIn fetches it about once a day.",
        )
    else:
        messages.error(
            request,
            f"The new feed did not pass its checks and was not published; the previous feed stays live. "
            f"{publication.error}",
        )
    return redirect(tab)


def _accepts_gzip(request) -> bool:
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, *params = item.split(";")
        if name.strip().lower() != "gzip":
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        return quality > 0
    return False


def _validators(publication, gzipped):
    etag = f'"{publication.sha256}-gzip"' if gzipped else f'"{publication.sha256}"'
    return etag, int(publication.finished_at.timestamp())


def _headers(response, etag, last_modified, gzipped):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    if gzipped:
        response["Content-Encoding"] = "gzip"
    return response


def _unavailable():
    response = HttpResponse(
        "The job feed is not available yet; try again later.\n", status=503, content_type="text/plain"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def feed_xml(request):
    """The latest published document, as built at publication time: never built per request."""
    publication = FeedPublication.objects.live()
    if publication is None:
        publication = feed_live_or_publish()
        if publication is None:
            return _unavailable()
    storage = feed_storage()
    for attempt in range(2):
        gzipped = (
            _accepts_gzip(request)
            and bool(publication.gzip_storage_name)
            and storage.exists(publication.gzip_storage_name)
        )
        etag, last_modified = _validators(publication, gzipped)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _headers(not_modified, etag, last_modified, gzipped)
        name = publication.gzip_storage_name if gzipped else publication.storage_name
        try:
            fh = storage.open(name, "rb")
        except (FileNotFoundError, ValueError):
            # The file went missing (a wiped disk): publish again once, as for a first fetch.
            publication = feed_live_or_publish() if attempt == 0 else None
            if publication is None:
                return _unavailable()
            continue
        response = FileResponse(fh, content_type="application/xml; charset=utf-8", filename="jobs.xml")
        return _headers(response, etag, last_modified, gzipped)
    return _unavailable()
