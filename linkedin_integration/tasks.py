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
