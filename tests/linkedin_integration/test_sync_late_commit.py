"""A change committed late, by a transaction that began before the cursor moved past its time and
committed after, still reaches LinkedIn. Two real PostgreSQL connections: the test's, and a thread's
holding its transaction open."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from linkedin_integration.models import SyncResource
from linkedin_integration.services.sync import sync_horizon, sync_push
from linkedin_sandbox.models import AtsCandidate
from tests.factories import CandidateFactory
from tests.linkedin_integration.sync_helpers import client, connect, enable_in_sandbox, sandbox  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class SlowWriter(threading.Thread):
    """Writes a candidate in a transaction and commits only when told to."""

    def __init__(self):
        super().__init__(daemon=True)
        self.written, self.commit, self.done = threading.Event(), threading.Event(), threading.Event()
        self.candidate_id = None
        self.stamped_at = None

    def run(self):
        try:
            with transaction.atomic():
                candidate = CandidateFactory(email="late@example.org")
                self.candidate_id, self.stamped_at = candidate.pk, candidate.updated_at
                self.written.set()
                self.commit.wait(30)
        finally:
            connection.close()
            self.done.set()


def test_a_change_committed_after_a_later_one_was_sent_is_still_sent(sandbox, settings):
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 0.2
    enable_in_sandbox()
    connect()
    writer = SlowWriter()
    writer.start()
    assert writer.written.wait(30)
    time.sleep(0.3)
    early_commit = CandidateFactory(email="on-time@example.org")  # stamped after the open one, committed
    time.sleep(0.3)

    # While the other transaction is open, the horizon stays before anything it may have written...
    assert sync_horizon(timezone.now()) < writer.stamped_at
    sync_push(client=client())
    # ...so the cursor cannot pass the open write, even though a later change is committed.
    cursor = SyncResource.objects.get(kind=SyncResource.Kind.CANDIDATES)
    assert cursor.cursor_at is None or cursor.cursor_at < writer.stamped_at
    assert not AtsCandidate.objects.filter(ats_candidate_id=str(early_commit.pk)).exists()

    writer.commit.set()
    assert writer.done.wait(30)
    time.sleep(0.3)
    sync_push(client=client())

    sent = set(AtsCandidate.objects.values_list("ats_candidate_id", flat=True))
    assert {str(writer.candidate_id), str(early_commit.pk)} <= sent


def test_without_an_open_transaction_the_horizon_is_the_safety_margin(db, settings):
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 2
    now = timezone.now()

    assert (now - sync_horizon(now)).total_seconds() == pytest.approx(2)
