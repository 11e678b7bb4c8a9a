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


@shared_task(
    bind=True,
    name="linkedin_integration.process_push_notification",
    acks_late=True,
    ignore_result=True,
    max_retries=5,
)
def process_push_notification(self, notification_pk):
    """Fetch and apply the event behind an RSC push. LinkedIn down or throttling: retried with backoff."""
    from linkedin_integration.client import LinkedInError
    from linkedin_integration.models import PushNotification
    from linkedin_integration.services.notifications import notification_process

    notification = PushNotification.objects.filter(pk=notification_pk).first()
    if notification is None:
        return
    try:
        notification_process(notification=notification)
    except LinkedInError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 900)) from exc


@shared_task(name="linkedin_integration.refresh_rsc_statuses", acks_late=True, ignore_result=True)
def refresh_rsc_statuses():
    """The safety net for lost pushes: ask LinkedIn for the status of every requested level."""
    from linkedin_integration.client import LinkedInError
    from linkedin_integration.services.integrations import rsc_refresh_statuses

    try:
        rsc_refresh_statuses(force=True)
    except LinkedInError as exc:
        log.warning("LinkedIn RSC status refresh failed: %s", exc.answer)
