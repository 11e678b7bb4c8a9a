"""Celery tasks of the project package: the sweep that sends what requests could not hand over."""

import logging

from celery import current_app, shared_task
from django.db import transaction
from django.db.models import F

from attract import outbox
from attract.models import PendingTask

log = logging.getLogger(__name__)

SWEEP_BATCH = 100


@shared_task(name="attract.send_pending_tasks", acks_late=True, ignore_result=True)
def send_pending_tasks() -> int:
    """Send kept tasks, oldest first; a row goes once the broker took its task. The first failure ends
    the run (the broker is still away): the next run tries again. Returns the number sent."""
    sent = 0
    with transaction.atomic():
        # Rows another sweep holds are skipped, so two sweeps never send the same task twice.
        pending = list(PendingTask.objects.select_for_update(skip_locked=True)[:SWEEP_BATCH])
        for row in pending:
            task = current_app.tasks.get(row.task)
            if task is None:
                log.error("Kept task %s is unknown to this version of Attract; it is dropped.", row.task)
                row.delete()
                continue
            try:
                outbox.send(task, row.args, row.kwargs)
            except Exception as exc:  # noqa: BLE001 - the broker is still away: keep the rest for later
                PendingTask.objects.filter(pk=row.pk).update(
                    attempts=F("attempts") + 1, error=f"{type(exc).__name__}: {exc}"[:2000]
                )
                log.warning("Kept tasks not sent yet (%s pending): %s", len(pending) - sent, exc)
                break
            row.delete()
            sent += 1
    return sent
