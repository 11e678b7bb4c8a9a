"""Celery tasks of linkedin_integration: thin, they load by id and call a service."""

import logging
import threading
import time

from celery import shared_task
from django.contrib.auth import get_user_model

from attract.errors import DomainError
from attract.outbox import send_or_keep
from linkedin_integration.models import FeedPublication, PushNotification
from linkedin_integration.services.feed import feed_publish

log = logging.getLogger(__name__)


@shared_task(name="linkedin_integration.publish_feed", acks_late=True, ignore_result=True)
def publish_feed(trigger=FeedPublication.Trigger.SCHEDULE, actor_id=None):
    """Publish the Limited Listings feed. Run twice, it publishes the same jobs again: harmless.

    Not retried: a failed build is recorded with its error and the previous feed stays live until the
    next run (or "Publish now").
    """
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        publication = feed_publish(trigger=trigger, actor=actor)
    except DomainError as exc:
        log.info("LinkedIn feed not published: %s", exc.message)
        return None
    return publication.pk


@shared_task(name="linkedin_integration.refresh_rsc_statuses", acks_late=True, ignore_result=True)
def refresh_rsc_statuses():
    """The safety net for lost pushes: ask LinkedIn for the status of every requested level."""
    from linkedin_integration.client import LinkedInError
    from linkedin_integration.services.integrations import rsc_refresh_statuses

    try:
        rsc_refresh_statuses(force=True)
    except LinkedInError as exc:
        log.warning("LinkedIn RSC status refresh failed: %s", exc.answer)


DRAIN_WINDOW_SECONDS = 2
DRAIN_BATCH = 200
_drain_window = threading.Lock()
_next_drain_at = 0.0


def schedule_push_drain() -> bool:
    """Have the pushes this process recorded drained soon, at no cost per push: the first push of each
    window (per process, no shared state to ask) sends one drain due after the window ends, so that drain
    finds every push the process recorded meanwhile (each is committed before this runs). A burst of
    pushes costs one task per process and window; in-process (eager) tasks drain at once."""
    global _next_drain_at
    if drain_push_notifications.app.conf.task_always_eager:
        drain_push_notifications.delay()
        return True
    now = time.monotonic()
    with _drain_window:
        if now < _next_drain_at:
            return False
        _next_drain_at = now + DRAIN_WINDOW_SECONDS
    # A second past the window, so a worker whose clock runs a little ahead still finds every push of
    # it; with bounded timeouts and no retry, so a broker outage never holds LinkedIn's request. Not kept
    # when the broker cannot take it: the push is stored and the beat's drain (every minute) takes it,
    # and the window stays closed, so the pushes of an outage do not each wait on the broker.
    return send_or_keep(drain_push_notifications, countdown=DRAIN_WINDOW_SECONDS + 1, keep=False)


def forget_drain_window() -> None:
    global _next_drain_at
    with _drain_window:
        _next_drain_at = 0.0


@shared_task(
    bind=True, name="linkedin_integration.drain_push_notifications", acks_late=True, ignore_result=True
)
def drain_push_notifications(self):
    """Process every received push, oldest first. LinkedIn down or throttling: the push stays received
    and the drain is tried again later (the beat entry runs it every minute as well)."""
    from linkedin_integration.client import LinkedInError
    from linkedin_integration.services.notifications import notification_process

    pending = PushNotification.objects.filter(status=PushNotification.Status.RECEIVED).order_by(
        "received_at", "pk"
    )
    batch = list(pending[:DRAIN_BATCH])
    for notification in batch:
        try:
            notification_process(notification=notification)
        except LinkedInError as exc:
            log.warning("LinkedIn push %s not processed yet: %s", notification.notification_id, exc.answer)
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=min(30 * 2**self.request.retries, 900), max_retries=8
                ) from exc
            return
    if len(batch) == DRAIN_BATCH and not self.request.is_eager:
        drain_push_notifications.delay()  # a burst larger than one batch: carry on at once


@shared_task(name="linkedin_integration.pull_linkedin_history", acks_late=True, ignore_result=True)
def pull_linkedin_history():
    """Pull InMail, Recruiter notes and InMail stub profiles of every seat. Run twice, the second finds
    the cursors moved and the rows stored: nothing changes. A pause LinkedIn asked for is kept in the
    database, so it is not retried here."""
    from linkedin_integration.services.history import history_pull

    report = history_pull()
    log.info("LinkedIn history pull: %s", report.summary())


def wake_for_export(push_id, kind: str) -> bool:
    """A 1-click export push gets a task of its own at once: its exporter waits to see the person in
    Prospect, and the drain is due only seconds later. Other pushes cost nothing here; a broker that
    cannot take the task leaves the push to the drain."""
    from linkedin_integration.services.notifications import EXPORT

    if kind != EXPORT:
        return False
    return send_or_keep(process_export_push, (push_id,), keep=False)


# How many export pushes one task settles at most: a burst shares its look-ups, and the exporter of the
# last one still waits only for a few settlements before it.
EXPORT_BATCH = 10


@shared_task(name="linkedin_integration.process_export_push", acks_late=True, ignore_result=True)
def process_export_push(push_id):
    """Settle this export push now, with the other export pushes waiting (up to EXPORT_BATCH). Run twice,
    or after another task or the drain took it, it finds the push claimed or processed and settles only
    what still waits; LinkedIn down or throttling leaves the pushes received for the drain's retries."""
    from linkedin_integration.client import LinkedInError
    from linkedin_integration.services.notifications import export_pushes_claim, export_pushes_process

    pushes = export_pushes_claim(first=push_id, limit=EXPORT_BATCH)
    if not pushes:
        return
    try:
        export_pushes_process(pushes=pushes)
    except LinkedInError as exc:
        log.warning("LinkedIn export pushes not processed yet: %s", exc.answer)


@shared_task(name="linkedin_integration.notify_export_refused", acks_late=True, ignore_result=True)
def notify_export_refused(export_id):
    """Tell the exporter by email why their 1-click export was refused. Sent once per refused export;
    run twice, it mails twice (harmless, and only after a worker died between sending and acking)."""
    from linkedin_integration.models import Export
    from linkedin_integration.services.export import export_notify_refused

    export = Export.objects.select_related("exporter").filter(pk=export_id).first()
    if export is not None:
        export_notify_refused(export=export)


# The In-ATS push (services/sync): the beat runs it every LINKEDIN_SYNC_MINUTES, and a change made in
# Attract asks for a run soon (sync_soon), debounced per process like the push drain above.
_sync_window = threading.Lock()
_next_sync_at = 0.0
SYNC_SOON_THREAD = "linkedin-sync-soon"


def sync_soon() -> bool:
    """Have the In-ATS push run shortly: the first change of each LINKEDIN_SYNC_DEBOUNCE_SECONDS window
    (per process) sends one run, due once the window and the sync's safety margin have passed, so it
    finds every change of the window. Never raises and never waits on a broker outage."""
    from django.conf import settings

    global _next_sync_at
    eager = push_linkedin_sync.app.conf.task_always_eager
    if eager and not settings.LINKEDIN_SYNC_IN_PROCESS:
        return False  # no worker: the command or the beat runs the sync, never a user's request
    window = settings.LINKEDIN_SYNC_DEBOUNCE_SECONDS
    now = time.monotonic()
    with _sync_window:
        if now < _next_sync_at:
            return False
        _next_sync_at = now + window
    countdown = window + settings.LINKEDIN_SYNC_SAFETY_SECONDS + 1
    if eager:
        # No broker and no beat (make run): the run a worker would take goes in a thread of this
        # process once the window closes, so a change reaches LinkedIn (the sandbox) by itself.
        from linkedin_integration.beside import run_beside_the_request

        run_beside_the_request(push_linkedin_sync, name=SYNC_SOON_THREAD, delay=countdown)
        return True
    # Bounded timeouts, no retry; not kept when the broker cannot take it: the change is in the
    # database and the beat's run sends it.
    return send_or_keep(push_linkedin_sync, countdown=countdown, keep=False)


def forget_sync_window() -> None:
    global _next_sync_at
    with _sync_window:
        _next_sync_at = 0.0


@shared_task(name="linkedin_integration.push_linkedin_sync", acks_late=True, ignore_result=True)
def push_linkedin_sync():
    """Send what changed to LinkedIn's In-ATS resources. Idempotent: a second run finds the cursors moved;
    two at once share nothing (each kind is leased); pauses LinkedIn asked for are kept in the database."""
    from linkedin_integration.services.sync import sync_push

    report = sync_push()
    if report.stopped:
        log.info("LinkedIn sync not run: %s", report.stopped)
    else:
        log.info("LinkedIn sync: %s records sent", report.sent)
