"""manage.py refresh_linkedin_rsc: the periodic RSC work (status refresh, waiting pushes) by hand."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkedin_integration.client import LinkedInError
from linkedin_integration.models import PushNotification, RscIntegration
from linkedin_integration.services import integrations, notifications
from tests.linkedin_integration.test_rsc import FakeLinkedIn, all_keys, connected  # noqa: F401

State = RscIntegration.State


@pytest.fixture
def linkedin(monkeypatch):
    def install(fake):
        monkeypatch.setattr(integrations, "LinkedInClient", lambda **options: fake)
        monkeypatch.setattr(notifications, "LinkedInClient", lambda: fake)
        return fake

    return install


@pytest.fixture
def requested(connected, admin_user):  # noqa: F811
    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())


def run(*args):
    out = StringIO()
    call_command("refresh_linkedin_rsc", *args, stdout=out)
    return out.getvalue()


def test_the_command_reads_the_statuses_and_processes_waiting_pushes(requested, linkedin):
    linkedin(FakeLinkedIn(statuses=all_keys("ENABLED", contract=False), changes=[]))
    PushNotification.objects.create(notification_id="evt-1", type="INTEGRATION_STATUS_CHANGE")

    out = run()

    assert "Now Company-level: Enabled" in out
    assert "Push notifications: 1 processed, 0 still waiting." in out
    assert RscIntegration.objects.get(level="COMPANY").state == State.ENABLED
    assert PushNotification.objects.get().status == PushNotification.Status.PROCESSED


def test_the_dry_run_asks_linkedin_nothing_and_changes_nothing(requested, linkedin):
    class Refusing(FakeLinkedIn):
        def integration_statuses(self, keys):
            raise AssertionError("LinkedIn was asked")

    linkedin(Refusing())
    PushNotification.objects.create(notification_id="evt-1", type="INTEGRATION_STATUS_CHANGE")

    out = run("--dry-run")

    assert "Company-level: Partner ready" in out and "Contract-level: Request" in out
    assert "would ask LinkedIn about Company-level; 1 push notification(s) waiting" in out
    assert RscIntegration.objects.get(level="COMPANY").state == State.PARTNER_READY
    assert PushNotification.objects.get().status == PushNotification.Status.RECEIVED


def test_the_command_fails_loudly_when_linkedin_is_down(requested, linkedin):
    class Down(FakeLinkedIn):
        def integration_statuses(self, keys):
            raise LinkedInError("Service Unavailable", 503, permanent=False)

    linkedin(Down())

    with pytest.raises(CommandError, match="HTTP 503: Service Unavailable"):
        run()
    assert RscIntegration.objects.get(level="COMPANY").state == State.PARTNER_READY


def test_with_nothing_requested_the_command_says_so(connected, linkedin):  # noqa: F811
    linkedin(FakeLinkedIn())

    assert "No level changed." in run()
    assert "nothing (no level requested)" in run("--dry-run")
