"""Celery tasks of linkedin_integration: thin, they load by id and call a service."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from attract.errors import DomainError
from linkedin_integration.models import FeedPublication
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


DRAIN_FLAG = "linkedin:push-drain-scheduled"
DRAIN_FLAG_SECONDS = 5
DRAIN_BATCH = 200


def schedule_push_drain() -> bool:
    """Enqueue one drain for the pushes recorded since the last one. Under a burst of pushes only the
    first one in each process within DRAIN_FLAG_SECONDS sends a task: every push is still processed
    (the drain takes every received row), and the callback stays cheap."""
    from django.core.cache import cache

    if not cache.add(DRAIN_FLAG, 1, timeout=DRAIN_FLAG_SECONDS):
        return False
    drain_push_notifications.delay()
    return True


@shared_task(
    bind=True, name="linkedin_integration.drain_push_notifications", acks_late=True, ignore_result=True
)
def drain_push_notifications(self):
    """Process every received push, oldest first. LinkedIn down or throttling: the push stays received
    and the drain is tried again later (the beat entry runs it every minute as well)."""
    from django.core.cache import cache

    from linkedin_integration.client import LinkedInError
    from linkedin_integration.models import PushNotification
    from linkedin_integration.services.notifications import notification_process

    cache.delete(DRAIN_FLAG)
    pending = PushNotification.objects.filter(status=PushNotification.Status.RECEIVED).order_by(
        "received_at", "pk"
    )
    for notification in pending[:DRAIN_BATCH]:
        try:
            notification_process(notification=notification)
        except LinkedInError as exc:
            log.warning("LinkedIn push %s not processed yet: %s", notification.notification_id, exc.answer)
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=min(30 * 2**self.request.retries, 900), max_retries=8
                ) from exc
            return
