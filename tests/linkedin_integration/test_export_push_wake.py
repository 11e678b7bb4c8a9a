"""An export push gets its own task as soon as the callback has recorded it (the exporter is waiting); a
status change push waits for the drain as before, and costs no broker call of its own."""

import pytest

from linkedin_integration import tasks
from linkedin_integration.models import Export, PushNotification
from tests.linkedin_integration.export_helpers import (  # noqa: F401
    RECRUITER_URN,
    FakeLinkedIn,
    connect_installation,
    connect_member,
    linkedin,
    profile,
)
from tests.linkedin_integration.test_rsc import connected, push, status_change  # noqa: F401


@pytest.fixture
def sent(monkeypatch):
    """The tasks sent to the broker (nothing runs), by name with their arguments."""
    calls = []
    monkeypatch.setattr(tasks, "send_or_keep", lambda task, args=(), *a, **k: calls.append((task.name, args)))
    conf = tasks.drain_push_notifications.app.conf
    saved, conf.task_always_eager = conf.task_always_eager, False
    tasks.forget_drain_window()
    yield calls
    conf.task_always_eager = saved


def test_an_export_push_is_sent_to_its_own_task_at_once(
    connected, client, sent, django_capture_on_commit_callbacks
):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        response = push(
            client, {"id": "exp-1", "type": "EXPORT_CANDIDATE_PROFILE", "expiresAt": 1893456000000}
        )

    assert response.status_code == 202
    stored = PushNotification.objects.get()
    assert ("linkedin_integration.process_export_push", (stored.pk,)) in sent
    assert "linkedin_integration.drain_push_notifications" in [name for name, _ in sent]


def test_a_status_change_push_waits_for_the_drain(
    connected, client, sent, django_capture_on_commit_callbacks
):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        push(client, status_change())

    assert [name for name, _ in sent] == ["linkedin_integration.drain_push_notifications"]


def test_the_export_task_settles_the_push_and_running_it_again_changes_nothing(
    active_job, recruiter, linkedin
):  # noqa: F811
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    fake = linkedin(FakeLinkedIn({"exp-1": [profile(job=active_job.code)]}))
    stored = PushNotification.objects.create(notification_id="exp-1", type="EXPORT_CANDIDATE_PROFILE")

    tasks.process_export_push(stored.pk)
    tasks.process_export_push(stored.pk)

    stored.refresh_from_db()
    assert stored.status == PushNotification.Status.PROCESSED
    assert fake.fetches == ["exp-1"] and Export.objects.get().result == Export.Result.ACCEPTED
