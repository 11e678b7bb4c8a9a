"""The sweep of kept tasks claims its rows in a short transaction and sends with none open: a send
waits on the broker (or, eager, runs the task) without holding a lock, and what it could not send goes
back for the next run."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from attract import outbox
from attract.models import PendingTask
from attract.tasks import send_pending_tasks
from candidates.tasks import application_notify_team

TASK = application_notify_team.name


@pytest.fixture
def sends(monkeypatch):
    """What the sweep hands the broker, with whether a transaction was open at that moment."""
    sent = []

    def send(task, args=(), kwargs=None):
        sent.append((task.name, list(args), connection.in_atomic_block))

    monkeypatch.setattr(outbox, "send", send)
    return sent


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_with_no_transaction_open_and_drops_what_was_sent(sends):
    PendingTask.objects.create(task=TASK, args=[1])
    PendingTask.objects.create(task=TASK, args=[2])

    assert send_pending_tasks() == 2

    assert sends == [(TASK, [1], False), (TASK, [2], False)]
    assert not PendingTask.objects.exists()


@pytest.mark.django_db
def test_a_failed_send_puts_that_row_and_the_rest_back_for_the_next_run(monkeypatch):
    first = PendingTask.objects.create(task=TASK, args=[1])
    second = PendingTask.objects.create(task=TASK, args=[2])

    def refused(task, args=(), kwargs=None):
        raise ConnectionRefusedError("broker away")

    monkeypatch.setattr(outbox, "send", refused)

    assert send_pending_tasks() == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, first.claimed_until) == (1, None) and "broker away" in first.error
    assert (second.attempts, second.claimed_until) == (0, None)


@pytest.mark.django_db
def test_a_row_another_sweep_is_sending_is_left_to_it_until_its_claim_runs_out(sends):
    now = timezone.now()
    PendingTask.objects.create(task=TASK, args=[1], claimed_until=now + dt.timedelta(minutes=5))
    PendingTask.objects.create(task=TASK, args=[2], claimed_until=now - dt.timedelta(minutes=1))

    assert send_pending_tasks() == 1

    assert [args for _, args, _ in sends] == [[2]]
    assert list(PendingTask.objects.values_list("args", flat=True)) == [[1]]
