"""Exactly once under concurrency, on PostgreSQL with threads (each its own connection): the same export
settled by two workers at once, two drains over the same pushes, and two exports of the same member into
the same job at the same moment give one candidate and one application."""

import contextlib
import threading

import pytest
from django.db import connection

from candidates.models import Application, Candidate, CandidateEvent
from linkedin_integration import tasks
from linkedin_integration.models import Export, MemberLink, PushNotification
from linkedin_integration.services import export as export_service
from tests.linkedin_integration.export_helpers import (  # noqa: F401
    FakeLinkedIn,
    exporting_world,
    linkedin,
    profile,
    push,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Result = Export.Result


def run_at_once(*calls):
    """Run each call in its own thread (and connection) and return the errors they raised."""
    errors = []

    def run(call):
        try:
            call()
        except Exception as exc:  # surfaced by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.fixture
def both_create_first(monkeypatch):
    """Holds each settlement, once it has created its candidate, until the other has created its own:
    both then race on the member link, the way two workers at the same moment would."""
    barrier, met = threading.Barrier(2, timeout=5), []
    create = export_service.candidate_create

    def create_then_wait(**fields):
        candidate = create(**fields)
        # The other settlement may find the candidate instead of creating one: then nobody waits.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
            met.append(candidate.pk)
        return candidate

    monkeypatch.setattr(export_service, "candidate_create", create_then_wait)
    return met


def test_two_exports_of_the_same_new_member_at_once_give_one_candidate_and_one_application(
    world, both_create_first
):
    one, two = profile(job=world.code), profile(job=world.code)

    errors = run_at_once(
        lambda: export_service.export_settle(request_id="exp-1", position=0, profile=one),
        lambda: export_service.export_settle(request_id="exp-2", position=0, profile=two),
    )

    assert errors == []
    assert len(both_create_first) == 2, "both settlements created a candidate before either committed"
    assert (Candidate.objects.count(), Application.objects.count(), MemberLink.objects.count()) == (1, 1, 1)
    assert sorted(Export.objects.values_list("result", flat=True)) == [Result.ACCEPTED, Result.IN_PIPELINE]
    assert set(Export.objects.values_list("candidate", flat=True)) == {Candidate.objects.get().pk}


def test_two_exports_of_one_member_with_the_same_email_at_once_give_one_candidate(world, both_create_first):
    emails = ("amara@example.com",)
    one, two = profile(job=world.code, emails=emails), profile(job=world.code, emails=emails)

    errors = run_at_once(
        lambda: export_service.export_settle(request_id="exp-1", position=0, profile=one),
        lambda: export_service.export_settle(request_id="exp-2", position=0, profile=two),
    )

    assert errors == []
    assert (Candidate.objects.count(), Application.objects.count()) == (1, 1)
    assert Candidate.objects.get().email == "amara@example.com"


def test_the_same_export_settled_by_two_workers_at_once_is_recorded_once(world):
    exported = profile(job=world.code)
    ready = threading.Barrier(2, timeout=5)

    def settle():
        ready.wait()
        export_service.export_settle(request_id="exp-1", position=0, profile=exported)

    errors = run_at_once(settle, settle)

    assert errors == []
    assert (Export.objects.count(), Candidate.objects.count(), Application.objects.count()) == (1, 1, 1)
    assert CandidateEvent.objects.count() == 1


def test_two_drains_over_the_same_pushes_settle_each_export_once(world, linkedin):  # noqa: F811
    # Twelve pushes: four members, each exported three times (by repeat pushes) into the same job.
    exports = {f"exp-{n}": [profile(member=f"urn:li:person:m{n % 4}", job=world.code)] for n in range(12)}
    linkedin(FakeLinkedIn(exports))
    for notification_id in exports:
        push(notification_id)
    ready = threading.Barrier(2, timeout=5)

    def drain():
        ready.wait()
        tasks.drain_push_notifications.apply().get()

    errors = run_at_once(drain, drain)

    assert errors == []
    assert set(PushNotification.objects.values_list("status", flat=True)) == {
        PushNotification.Status.PROCESSED
    }
    assert Export.objects.count() == 12
    assert (Candidate.objects.count(), Application.objects.count(), MemberLink.objects.count()) == (4, 4, 4)
    results = list(Export.objects.values_list("result", flat=True))
    assert (results.count(Result.ACCEPTED), results.count(Result.IN_PIPELINE)) == (4, 8)


def test_two_export_tasks_at_once_share_the_waiting_pushes_and_settle_each_once(world, linkedin):  # noqa: F811
    # Each task takes its own push and others waiting; rows one holds, the other skips.
    exports = {f"exp-{n}": [profile(member=f"urn:li:person:m{n % 4}", job=world.code)] for n in range(12)}
    fake = linkedin(FakeLinkedIn(exports))
    pushes = [push(notification_id) for notification_id in exports]
    ready = threading.Barrier(2, timeout=5)

    def task(push_id):
        ready.wait()
        tasks.process_export_push(push_id)

    errors = run_at_once(lambda: task(pushes[0].pk), lambda: task(pushes[1].pk))
    for left in PushNotification.objects.filter(status=PushNotification.Status.RECEIVED):
        tasks.process_export_push(left.pk)  # beyond the two batches: the tasks of their own pushes

    assert errors == []
    assert sorted(fake.fetches) == sorted(exports)  # each export fetched once
    assert set(PushNotification.objects.values_list("status", flat=True)) == {
        PushNotification.Status.PROCESSED
    }
    assert Export.objects.count() == 12
    assert (Candidate.objects.count(), Application.objects.count(), MemberLink.objects.count()) == (4, 4, 4)
