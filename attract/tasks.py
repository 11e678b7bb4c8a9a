"""Celery tasks of the project package: the sweep that sends what requests could not hand over."""

import datetime as dt
import logging

from celery import current_app, shared_task
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from attract import outbox
from attract.models import PendingTask

log = logging.getLogger(__name__)

SWEEP_BATCH = 100
# Far longer than a batch's sends take (each is bounded to about a second).
CLAIM_SECONDS = 600


@shared_task(name="attract.send_pending_tasks", acks_late=True, ignore_result=True)
def send_pending_tasks() -> int:
    """Send kept tasks, oldest first; a row goes once the broker took its task. The first failure ends
    the run (the broker is still away): the next run tries again. Returns the number sent."""
    rows = _claim(timezone.now())
    # The claim is committed: the sends (up to a second each, or the task itself when eager) hold no
    # transaction and no row lock.
    sent = 0
    for index, row in enumerate(rows):
        task = current_app.tasks.get(row.task)
        if task is None:
            log.error("Kept task %s is unknown to this version of Attract; it is dropped.", row.task)
            PendingTask.objects.filter(pk=row.pk).delete()
            continue
        try:
            outbox.send(task, row.args, row.kwargs)
        except Exception as exc:  # noqa: BLE001 - the broker is still away: keep the rest for later
            PendingTask.objects.filter(pk=row.pk).update(
                attempts=F("attempts") + 1, error=f"{type(exc).__name__}: {exc}"[:2000], claimed_until=None
            )
            PendingTask.objects.filter(pk__in=[later.pk for later in rows[index + 1 :]]).update(
                claimed_until=None
            )
            log.warning("Kept tasks not sent yet (%s pending): %s", len(rows) - sent, exc)
            break
        PendingTask.objects.filter(pk=row.pk).delete()
        sent += 1
    return sent


def _claim(now: dt.datetime) -> list[PendingTask]:
    """The oldest rows no other sweep is sending, marked as this one's, in a short transaction of their
    own: rows another sweep is claiming are skipped, so two sweeps never send the same task twice."""
    with transaction.atomic():
        rows = list(
            PendingTask.objects.select_for_update(skip_locked=True).filter(
                Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
            )[:SWEEP_BATCH]
        )
        PendingTask.objects.filter(pk__in=[row.pk for row in rows]).update(
            claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS)
        )
    return rows
