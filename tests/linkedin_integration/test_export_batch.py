"""An export push's task settles the other export pushes waiting with it (a burst shares one client and
one read of the installation, the jobs and the exporters), leaves pushes another worker holds alone, and
keeps every push when LinkedIn fails part-way."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Application
from linkedin_integration import tasks
from linkedin_integration.client import LinkedInError
from linkedin_integration.models import Export, PushNotification
from tests.linkedin_integration.export_helpers import (  # noqa: F401
    FakeLinkedIn,
    exporting_world,
    linkedin,
    profile,
    push,
    transient,
)

Status = PushNotification.Status


class FailingFor(FakeLinkedIn):
    """Answers like FakeLinkedIn, but raises `errors[request_id]` for those exports."""

    def __init__(self, exports, errors):
        super().__init__(exports)
        self.errors = errors

    def exported_candidates(self, request_id):
        if request_id in self.errors:
            self.fetches.append(request_id)
            raise self.errors[request_id]
        return super().exported_candidates(request_id)


def three_exports(job):
    return {f"exp-{n}": [profile(member=f"urn:li:person:m{n}", job=job.code)] for n in range(1, 4)}


def statuses():
    return dict(PushNotification.objects.values_list("notification_id", "status"))


def test_one_task_settles_the_export_pushes_waiting_with_its_own(world, linkedin):  # noqa: F811
    fake = linkedin(FakeLinkedIn(three_exports(world)))
    first, *_ = [push(notification_id) for notification_id in ("exp-1", "exp-2", "exp-3")]

    with CaptureQueriesContext(connection) as queries:
        tasks.process_export_push(first.pk)

    assert statuses() == {"exp-1": Status.PROCESSED, "exp-2": Status.PROCESSED, "exp-3": Status.PROCESSED}
    assert sorted(fake.fetches) == ["exp-1", "exp-2", "exp-3"]
    assert Application.objects.filter(job=world).count() == 3
    assert set(Export.objects.values_list("result", flat=True)) == {Export.Result.ACCEPTED}
    # The job, its Prospect stage and the exporter are read once for the three.
    job_reads = [q for q in queries if q["sql"].startswith('SELECT "jobs_job"') and '"code" =' in q["sql"]]
    exporter_reads = [q for q in queries if 'FROM "linkedin_integration_linkedinconnection"' in q["sql"]]
    assert (len(job_reads), len(exporter_reads)) == (1, 1)

    # The tasks of the two others find nothing left to do.
    for other in PushNotification.objects.exclude(pk=first.pk):
        tasks.process_export_push(other.pk)
    assert len(fake.fetches) == 3 and Export.objects.count() == 3


def test_the_task_takes_its_own_push_first_and_at_most_a_batch(world, linkedin, monkeypatch):  # noqa: F811
    monkeypatch.setattr(tasks, "EXPORT_BATCH", 2)
    fake = linkedin(FakeLinkedIn(three_exports(world)))
    pushes = [push(notification_id) for notification_id in ("exp-1", "exp-2", "exp-3")]

    tasks.process_export_push(pushes[2].pk)

    assert fake.fetches == ["exp-1", "exp-3"]  # its own, then the oldest waiting, in arrival order
    assert statuses() == {"exp-1": Status.PROCESSED, "exp-2": Status.RECEIVED, "exp-3": Status.PROCESSED}


def test_a_push_another_worker_holds_is_left_to_it(world, linkedin):  # noqa: F811
    fake = linkedin(FakeLinkedIn(three_exports(world)))
    first, held, _ = [push(notification_id) for notification_id in ("exp-1", "exp-2", "exp-3")]
    PushNotification.objects.filter(pk=held.pk).update(processed_at=timezone.now())

    tasks.process_export_push(first.pk)

    assert sorted(fake.fetches) == ["exp-1", "exp-3"]
    assert statuses()["exp-2"] == Status.RECEIVED
    # Once its lease has run out (the worker died), the next task takes it.
    PushNotification.objects.filter(pk=held.pk).update(processed_at=timezone.now() - dt.timedelta(minutes=6))
    tasks.process_export_push(held.pk)
    assert statuses()["exp-2"] == Status.PROCESSED


def test_linkedin_down_part_way_keeps_that_push_and_those_after_it(world, linkedin):  # noqa: F811
    exports = three_exports(world)
    fake = linkedin(FailingFor(exports, {"exp-2": transient()}))
    first, *_ = [push(notification_id) for notification_id in ("exp-1", "exp-2", "exp-3")]

    tasks.process_export_push(first.pk)

    assert statuses() == {"exp-1": Status.PROCESSED, "exp-2": Status.RECEIVED, "exp-3": Status.RECEIVED}
    assert fake.fetches == ["exp-1", "exp-2"]  # exp-3 was not tried against a LinkedIn that is down
    assert not PushNotification.objects.filter(status=Status.RECEIVED, processed_at__isnull=False).exists()
    assert list(Export.objects.values_list("request_id", flat=True)) == ["exp-1"]

    # LinkedIn is back: the drain settles the two kept pushes.
    linkedin(FakeLinkedIn(exports))
    tasks.drain_push_notifications.apply().get()
    assert set(statuses().values()) == {Status.PROCESSED}
    assert Export.objects.count() == 3


def test_a_push_linkedin_refuses_for_good_fails_alone(world, linkedin):  # noqa: F811
    refused = LinkedInError("Request id not found", 404, permanent=True)
    linkedin(FailingFor(three_exports(world), {"exp-2": refused}))
    first, *_ = [push(notification_id) for notification_id in ("exp-1", "exp-2", "exp-3")]

    tasks.process_export_push(first.pk)

    assert statuses() == {"exp-1": Status.PROCESSED, "exp-2": Status.FAILED, "exp-3": Status.PROCESSED}
    kept = Export.objects.get(request_id="exp-2")
    assert kept.result == Export.Result.REFUSED and "could not be used" in kept.reason
