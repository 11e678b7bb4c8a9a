"""The tasks behind the RSC callback: fetch the event of a recorded push and apply it, once."""

import pytest

from linkedin_integration import tasks
from linkedin_integration.client import IntegrationChange, IntegrationKey, LinkedInError
from linkedin_integration.models import AuditEntry, PushNotification, RscIntegration
from linkedin_integration.services import integrations, notifications
from tests.linkedin_integration.test_rsc import CONTRACT, ORG, FakeLinkedIn, all_keys, connected  # noqa: F401

State = RscIntegration.State
ORGANIZATION_TYPES = ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN")


def enabled_changes(*, contract=True):
    changes = [
        IntegrationChange(key=IntegrationKey(ORG, kind), status="ENABLED") for kind in ORGANIZATION_TYPES
    ]
    if contract:
        changes.append(IntegrationChange(key=IntegrationKey(CONTRACT, "CSA_API"), status="ENABLED"))
    return changes


class Counting(FakeLinkedIn):
    """Counts the event fetches; fails the first `fetch_failures` of them with `fetch_error`."""

    def __init__(self, *, fetch_failures=0, fetch_error=None, **kwargs):
        super().__init__(**kwargs)
        self.fetches, self.fetch_failures, self.fetch_error = [], fetch_failures, fetch_error

    def integration_changes(self, request_id):
        self.fetches.append(request_id)
        if self.fetch_failures:
            self.fetch_failures -= 1
            raise self.fetch_error
        return self.changes


@pytest.fixture
def linkedin(monkeypatch):
    """Installs a fake LinkedIn for the tasks: linkedin(fake) -> fake."""

    def install(fake):
        monkeypatch.setattr(notifications, "LinkedInClient", lambda: fake)
        monkeypatch.setattr(integrations, "LinkedInClient", lambda **options: fake)
        return fake

    return install


@pytest.fixture
def requested(connected, admin_user):  # noqa: F811
    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=FakeLinkedIn())


def received(notification_id="evt-1", kind="INTEGRATION_STATUS_CHANGE"):
    return PushNotification.objects.create(notification_id=notification_id, type=kind)


def drain():
    tasks.drain_push_notifications.apply().get()


def test_the_drain_fetches_the_event_and_enables_the_level(requested, linkedin):
    fake = linkedin(Counting(changes=enabled_changes()))
    push = received()

    drain()

    push.refresh_from_db()
    assert fake.fetches == ["evt-1"]
    assert (push.status, push.attempts, push.error) == (PushNotification.Status.PROCESSED, 1, "")
    assert push.processed_at is not None
    assert RscIntegration.objects.get(level="CONTRACT").state == State.ENABLED
    assert integrations.rsc_enabled("CONTRACT")


def test_draining_twice_changes_nothing_the_second_time(requested, linkedin):
    fake = linkedin(Counting(changes=enabled_changes()))
    push = received()
    drain()
    entries = AuditEntry.objects.count()

    drain()

    push.refresh_from_db()
    assert len(fake.fetches) == 1 and push.attempts == 1
    assert AuditEntry.objects.count() == entries


def test_two_drains_that_read_the_same_push_process_it_once(requested, linkedin):
    fake = linkedin(Counting(changes=enabled_changes()))
    push = received()
    seen_by_the_other_worker = PushNotification.objects.get(pk=push.pk)

    drain()
    notifications.notification_process(notification=seen_by_the_other_worker)

    assert len(fake.fetches) == 1


def test_a_push_linkedin_refuses_for_good_is_failed_and_does_not_block_the_next_one(requested, linkedin):
    class OneGone(Counting):
        def integration_changes(self, request_id):
            self.fetches.append(request_id)
            if request_id == "evt-gone":
                raise LinkedInError("No such request", 404, permanent=True)
            return self.changes

    fake = linkedin(OneGone(changes=enabled_changes()))
    gone, good = received("evt-gone"), received("evt-good")

    drain()

    gone.refresh_from_db()
    good.refresh_from_db()
    assert fake.fetches == ["evt-gone", "evt-good"]
    assert gone.status == PushNotification.Status.FAILED and "No such request" in gone.error
    assert good.status == PushNotification.Status.PROCESSED
    entry = AuditEntry.objects.get(action="LinkedIn push failed")
    assert entry.ok is False and entry.actor is None and "No such request" in entry.linkedin_answer
    assert RscIntegration.objects.get(level="CONTRACT").state == State.ENABLED


@pytest.mark.parametrize(
    "error",
    [
        LinkedInError("Service unavailable", 503, permanent=False),
        LinkedInError("Throttled", 429, permanent=False),
        LinkedInError("Read timed out", None, permanent=False),
    ],
)
def test_linkedin_down_keeps_the_pushes_and_a_later_drain_processes_them(requested, linkedin, error):
    fake = linkedin(Counting(fetch_failures=1, fetch_error=error, changes=enabled_changes(contract=False)))
    first = received("evt-a")
    received("evt-b")

    drain()

    first.refresh_from_db()
    assert set(PushNotification.objects.values_list("status", flat=True)) == {
        PushNotification.Status.RECEIVED
    }
    assert first.attempts == 1 and error.message in first.error
    assert RscIntegration.objects.get(level="CONTRACT").state == State.PARTNER_READY

    drain()

    assert set(PushNotification.objects.values_list("status", flat=True)) == {
        PushNotification.Status.PROCESSED
    }
    assert fake.fetches == ["evt-a", "evt-a", "evt-b"]
    # Only the organisation's integrations are on: company-level is enabled, contract-level waits.
    assert RscIntegration.objects.get(level="COMPANY").state == State.ENABLED
    assert RscIntegration.objects.get(level="CONTRACT").state == State.PARTNER_READY


def test_the_periodic_refresh_survives_linkedin_being_down(requested, linkedin, caplog):
    class Down(FakeLinkedIn):
        def integration_statuses(self, keys):
            raise LinkedInError("Service unavailable", 503, permanent=False)

    linkedin(Down())

    tasks.refresh_rsc_statuses.delay()

    assert RscIntegration.objects.get(level="CONTRACT").state == State.PARTNER_READY
    assert "Service unavailable" in caplog.text


def test_the_periodic_refresh_moves_a_level_linkedin_enabled(requested, linkedin):
    linkedin(FakeLinkedIn(statuses=all_keys("ENABLED")))

    tasks.refresh_rsc_statuses.delay()

    assert RscIntegration.objects.get(level="CONTRACT").state == State.ENABLED
    entry = AuditEntry.objects.filter(action="LinkedIn: status refresh").first()
    assert entry.actor is None and "CSA_API=ENABLED" in entry.linkedin_answer
