"""Recruiter System Connect: the state machine, the tab's actions, the push callback and its task."""

import hashlib
import hmac
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration.client import BatchResult, IntegrationChange, LinkedInError
from linkedin_integration.client.shapes import IntegrationStatus
from linkedin_integration.models import AuditEntry, LinkedInSettings, PushNotification, RscIntegration
from linkedin_integration.services import integrations, notifications

State = RscIntegration.State
SECRET = "child-secret-for-tests"
ORG, CONTRACT = "urn:li:organization:2414183", "urn:li:contract:500200"
TAB = "/admin-center/linkedin/"
CALLBACK = "/linkedin/rsc/callback/"


@pytest.fixture
def connected(db):
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "company_name": "Contoso",
            "company_id": "2414183",
            "app_client_id": "child-id",
            "app_client_secret": SECRET,
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": CONTRACT,
        },
    )


class FakeLinkedIn:
    """Stands in for LinkedInClient: records calls, fails the first `failures` partner steps with `error`,
    and reports `statuses` (key type -> status) when asked."""

    def __init__(self, *, failures=0, error=None, statuses=None, changes=()):
        self.failures, self.error = failures, error
        self.statuses = statuses or {}
        self.changes = list(changes)
        self.named, self.configured = [], []

    def name_integrations(self, names):
        if self.failures:
            self.failures -= 1
            raise self.error
        self.named.append(dict(names))
        return BatchResult(ok={key: 204 for key in names})

    def configure_callback_url(self, key, url):
        self.configured.append((key, url))
        return BatchResult(ok={"CALLBACK_URL": 204})

    def integration_statuses(self, keys):
        return BatchResult(
            ok={
                k: IntegrationStatus(status=self.statuses[k.integration_type], name="Attract")
                for k in keys
                if k.integration_type in self.statuses
            }
        )

    def integration_changes(self, request_id):
        if isinstance(self.error, LinkedInError) and not self.failures:
            raise self.error
        return self.changes


def state(level):
    return RscIntegration.objects.get(level=level).state


def all_keys(status, *, contract=True):
    types = ["ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"]
    found = dict.fromkeys(types, status)
    if contract:
        found["CSA_API"] = status
    return found


def test_a_request_names_the_integrations_configures_the_callback_and_is_partner_ready(connected, admin_user):
    fake = FakeLinkedIn()

    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=fake)

    assert state("CONTRACT") == State.PARTNER_READY
    (names,) = fake.named
    assert {k.integration_type for k in names} == {
        "ONE_CLICK_EXPORT",
        "IN_ATS_INDICATOR",
        "PROFILE_PLUGIN",
        "APPLY_WITH_LINKEDIN",
        "CSA_API",
    }
    assert {k.integration_context for k in names if k.integration_type == "CSA_API"} == {CONTRACT}
    assert set(names.values()) == {"Attract (Contoso)"}
    ((key, url),) = fake.configured
    assert key.integration_type == "ONE_CLICK_EXPORT" and url.endswith("/linkedin/rsc/callback/")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.ok) == (admin_user, "RSC requested", True)
    assert "Request -> Partner ready" in entry.detail


def test_company_level_names_only_the_organization_integrations(connected, admin_user):
    fake = FakeLinkedIn()
    integrations.rsc_request(level="COMPANY", actor=admin_user, client=fake)
    assert "CSA_API" not in {k.integration_type for k in fake.named[0]}
    assert state("COMPANY") == State.PARTNER_READY


@pytest.mark.parametrize(
    "error, shown",
    [
        (LinkedInError("Internal error", 503, permanent=False), "did not answer properly"),
        (LinkedInError("Read timed out", None, permanent=False), "did not answer properly"),
        (LinkedInError("Throttled", 429, permanent=False), "throttling"),
        (LinkedInError("Invalid integrationContext", 400, permanent=True), "refused the request"),
    ],
)
def test_linkedin_failing_during_a_request_leaves_notify_partner_with_the_reason_then_a_retry_succeeds(
    connected, admin_user, error, shown
):
    fake = FakeLinkedIn(failures=1, error=error)

    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=fake)

    row = RscIntegration.objects.get(level="CONTRACT")
    assert row.state == State.NOTIFY_PARTNER and shown in row.last_error
    assert row.requested_by == admin_user
    failed = AuditEntry.objects.get()
    assert failed.ok is False and error.message in failed.linkedin_answer

    integrations.rsc_notify_partner(level="CONTRACT", actor=admin_user, client=fake)
    row.refresh_from_db()
    assert row.state == State.PARTNER_READY and row.last_error == ""


def test_invalid_moves_raise_and_change_nothing(connected, admin_user):
    with pytest.raises(DomainError, match="Notify partner only retries"):
        integrations.rsc_notify_partner(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    with pytest.raises(DomainError, match="already Partner ready"):
        integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    row = RscIntegration.objects.get(level="COMPANY")
    with pytest.raises(DomainError, match="cannot go from Partner ready to Partner ready"):
        integrations._move(row, State.PARTNER_READY, actor=admin_user, action="x")
    assert state("COMPANY") == State.PARTNER_READY
    with pytest.raises(DomainError, match="Company-level or Contract-level"):
        integrations.rsc_request(level="GALAXY", actor=admin_user, client=FakeLinkedIn())


def test_nothing_can_be_requested_before_connecting(db, admin_user):
    with pytest.raises(DomainError, match="Connect LinkedIn first"):
        integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    assert not AuditEntry.objects.exists()
    assert not integrations.rsc_enabled()


def test_linkedin_statuses_move_each_level(connected, admin_user):
    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=FakeLinkedIn())

    enabled = FakeLinkedIn(statuses=all_keys("ENABLED"))
    integrations.rsc_refresh_statuses(client=enabled, force=True)
    assert state("CONTRACT") == State.ENABLED
    # Contract-level includes the organisation's integrations: company-level shows Enabled too.
    assert state("COMPANY") == State.ENABLED
    assert integrations.rsc_enabled("CONTRACT")

    company_only = FakeLinkedIn(statuses={**all_keys("ENABLED", contract=False), "CSA_API": "DISABLED"})
    integrations.rsc_refresh_statuses(client=company_only, force=True)
    # The Recruiter admin moved Contract -> Company level: CSA_API is off, so the contract level is too.
    assert (state("COMPANY"), state("CONTRACT")) == (State.ENABLED, State.DISABLED)

    integrations.rsc_refresh_statuses(client=FakeLinkedIn(statuses=all_keys("DISABLED")), force=True)
    assert (state("COMPANY"), state("CONTRACT")) == (State.DISABLED, State.DISABLED)
    assert not integrations.rsc_enabled()


def test_the_page_load_refresh_asks_linkedin_at_most_once_a_minute(connected, admin_user):
    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    calls = []

    class Counting(FakeLinkedIn):
        def integration_statuses(self, keys):
            calls.append(keys)
            return super().integration_statuses(keys)

    fake = Counting(statuses=all_keys("PARTNER_READY"))
    integrations.rsc_refresh_statuses(client=fake)
    integrations.rsc_refresh_statuses(client=fake)
    assert len(calls) == 1


# The tab --------------------------------------------------------------------------------------------


def test_the_tab_shows_each_level_what_it_means_and_the_next_step(connected, client_for, admin_user):
    body = client_for(admin_user).get(TAB).content.decode()
    assert "Recruiter Lite is not supported" in body
    assert 'id="rsc-company"' in body and 'id="rsc-contract"' in body
    assert reverse("linkedin:rsc_request", args=["contract"]) in body


def test_the_admin_requests_through_the_tab_and_sees_notify_partner_when_linkedin_is_down(
    connected, client_for, admin_user, monkeypatch
):
    fake = FakeLinkedIn(failures=1, error=LinkedInError("Service Unavailable", 503, permanent=False))
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **options: fake)
    client = client_for(admin_user)

    response = client.post(reverse("linkedin:rsc_request", args=["contract"]), follow=True)

    body = response.content.decode()
    assert "Notify partner" in body and "did not answer properly" in body
    assert reverse("linkedin:rsc_notify", args=["contract"]) in body
    client.post(reverse("linkedin:rsc_notify", args=["contract"]))
    assert state("CONTRACT") == State.PARTNER_READY
    audit = client.get(TAB).content.decode()
    assert "HTTP 503: Service Unavailable" in audit


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager", "read_only", None])
def test_only_administrators_reach_the_rsc_actions(connected, request, client_for, persona):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    for url in (
        reverse("linkedin:rsc_request", args=["company"]),
        reverse("linkedin:rsc_notify", args=["company"]),
        reverse("linkedin:rsc_refresh"),
    ):
        response = client.post(url)
        if persona is None:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
    assert not AuditEntry.objects.exists()


# The callback ---------------------------------------------------------------------------------------


def signed(body: bytes, secret=SECRET):
    return hmac.new(secret.encode(), b"hmacsha256=" + body, hashlib.sha256).hexdigest()


def push(client, payload, *, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {} if signature is False else {"HTTP_X_LI_SIGNATURE": signature or signed(body)}
    return client.post(CALLBACK, data=body, content_type="application/json", **headers)


def status_change(notification_id="evt-1"):
    return {"id": notification_id, "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 1893456000000}


def test_the_challenge_is_answered_with_the_hmac_of_the_code(connected, client):
    response = client.get(CALLBACK, {"challengeCode": "5b7e2c1a-code"})
    assert response.status_code == 200
    expected = hmac.new(SECRET.encode(), b"5b7e2c1a-code", hashlib.sha256).hexdigest()
    assert response.json() == {"challengeCode": "5b7e2c1a-code", "challengeResponse": expected}
    assert client.get(CALLBACK).status_code == 400


@pytest.mark.parametrize("signature", [False, "0" * 64, signed(b"another body")])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(connected, client, signature):
    response = push(client, status_change(), signature=signature)
    assert response.status_code == 401
    assert not PushNotification.objects.exists()


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"type": "INTEGRATION_STATUS_CHANGE"}', "no id"),
        (b'{"id": "x", "type": "SOMETHING_NEW"}', "Unknown notification type"),
    ],
)
def test_malformed_or_unknown_pushes_are_a_400_with_a_message(connected, client, raw, message):
    response = push(client, None, raw=raw)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushNotification.objects.exists()


def test_a_push_is_recorded_once_and_its_event_applied_by_the_task(
    connected, client, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=FakeLinkedIn())
    from linkedin_integration.client import IntegrationKey

    changes = [
        IntegrationChange(key=IntegrationKey(ORG, kind), status="ENABLED", name="Attract")
        for kind in ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN")
    ] + [IntegrationChange(key=IntegrationKey(CONTRACT, "CSA_API"), status="ENABLED", name="Attract")]
    fake = FakeLinkedIn(changes=changes)
    monkeypatch.setattr(notifications, "LinkedInClient", lambda: fake)

    with django_capture_on_commit_callbacks(execute=True) as sent:
        first = push(client, status_change())
        replay = push(client, status_change())

    assert (first.status_code, replay.status_code) == (202, 200)
    assert len(sent) == 1
    notification = PushNotification.objects.get()
    assert notification.status == PushNotification.Status.PROCESSED and notification.attempts == 1
    assert state("CONTRACT") == State.ENABLED
    assert AuditEntry.objects.filter(action="LinkedIn: INTEGRATION_STATUS_CHANGE").count() == 2


def test_linkedin_down_while_fetching_the_event_keeps_the_push_for_a_retry(connected, admin_user):
    notification = PushNotification.objects.create(notification_id="evt-9", type="INTEGRATION_STATUS_CHANGE")
    fake = FakeLinkedIn(error=LinkedInError("Bad gateway", 502, permanent=False))
    with pytest.raises(LinkedInError):
        notifications.notification_process(notification=notification, client=fake)
    notification.refresh_from_db()
    assert notification.status == PushNotification.Status.RECEIVED and notification.attempts == 1
    assert "Bad gateway" in notification.error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_store_one_notification(connected):
    from django.test import Client

    body = json.dumps(status_change("evt-race")).encode()
    codes, barrier = [], threading.Barrier(6)

    def send():
        try:
            barrier.wait()
            codes.append(
                Client()
                .post(CALLBACK, data=body, content_type="application/json", HTTP_X_LI_SIGNATURE=signed(body))
                .status_code
            )
        finally:
            connection.close()

    sent = []
    import linkedin_integration.views.rsc as rsc_views

    original = rsc_views._enqueue
    rsc_views._enqueue = lambda pk, kind: sent.append(pk)
    try:
        threads = [threading.Thread(target=send) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        rsc_views._enqueue = original
    assert PushNotification.objects.filter(notification_id="evt-race").count() == 1
    assert sorted(codes) == [200] * 5 + [202]
    assert len(sent) == 1


def test_beat_refreshes_the_rsc_statuses_periodically(settings, connected, admin_user, monkeypatch):
    from attract.celery import app
    from linkedin_integration import tasks

    entry = app.conf.beat_schedule["refresh-rsc-statuses"]
    assert entry["task"] == tasks.refresh_rsc_statuses.name
    assert entry["schedule"] == settings.LINKEDIN_RSC_REFRESH_MINUTES * 60

    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    fake = FakeLinkedIn(statuses=all_keys("ENABLED", contract=False))
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **options: fake)
    tasks.refresh_rsc_statuses.delay()
    assert state("COMPANY") == State.ENABLED


@pytest.fixture
def with_broker():
    """Tasks are sent, not run in-process (the tests replace the sending)."""
    from linkedin_integration import tasks

    conf = tasks.drain_push_notifications.app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = saved


def test_a_burst_of_pushes_wakes_one_drain_that_processes_them_all(
    connected, client, admin_user, monkeypatch, django_capture_on_commit_callbacks, with_broker
):
    from linkedin_integration import tasks

    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    woken = []
    monkeypatch.setattr(
        tasks.drain_push_notifications,
        "apply_async",
        lambda *args, **options: woken.append({k: options[k] for k in ("countdown", "retry")}),
    )
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            assert push(client, status_change(f"evt-{n}")).status_code == 202
    # One drain, due when the window closes, so it finds every push of the burst.
    assert woken == [{"countdown": tasks.DRAIN_WINDOW_SECONDS + 1, "retry": False}]
    assert PushNotification.objects.filter(status="RECEIVED").count() == 5

    monkeypatch.setattr(notifications, "LinkedInClient", lambda: FakeLinkedIn(changes=[]))
    tasks.drain_push_notifications.apply()
    assert PushNotification.objects.filter(status="PROCESSED").count() == 5


def test_a_timeout_during_request_leaves_notify_partner_with_the_reason_and_nothing_is_lost(
    connected, client_for, admin_user, settings, mocked, monkeypatch
):
    import requests
    import responses

    from linkedin_integration.client import LinkedInClient
    from tests.linkedin_integration.test_client_helpers import API, add_token, configure

    configure(settings)
    add_token(mocked)
    mocked.add(responses.POST, f"{API}/v2/atsIntegrations", body=requests.ReadTimeout("read timed out"))
    slept = []
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **o: LinkedInClient(sleep=slept.append, **o))
    client = client_for(admin_user)

    response = client.post(reverse("linkedin:rsc_request", args=["contract"]), follow=True)

    row = RscIntegration.objects.get(level="CONTRACT")
    assert (row.state, row.requested_by) == (State.NOTIFY_PARTNER, admin_user)
    assert "could not be reached (timeout) after 4 attempts" in row.last_error
    assert slept == [1, 2, 4]
    body = response.content.decode()
    assert "Notify partner" in body and "could not be reached (timeout)" in body
    entry = AuditEntry.objects.get(action="RSC requested")
    assert entry.ok is False and "timeout" in entry.linkedin_answer
    assert not [c for c in mocked.calls if "/configurations" in c.request.url]  # stopped at the first failure

    fake = FakeLinkedIn()
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **o: fake)
    client.post(reverse("linkedin:rsc_notify", args=["contract"]))

    row.refresh_from_db()
    assert (row.state, row.last_error, row.requested_by) == (State.PARTNER_READY, "", admin_user)
    (names,) = fake.named
    assert {key.integration_type for key in names} == set(all_keys("x"))


def test_a_push_after_the_window_closed_wakes_a_new_drain(
    connected, client, admin_user, monkeypatch, django_capture_on_commit_callbacks, with_broker
):
    from linkedin_integration import tasks

    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    woken, clock = [], [1000.0]
    monkeypatch.setattr(
        tasks.drain_push_notifications, "apply_async", lambda *args, **options: woken.append(1)
    )
    monkeypatch.setattr(tasks.time, "monotonic", lambda: clock[0])
    for name, later in (("evt-a", 0), ("evt-b", tasks.DRAIN_WINDOW_SECONDS - 0.1), ("evt-c", 0.2)):
        clock[0] += later
        with django_capture_on_commit_callbacks(execute=True):
            assert push(client, status_change(name)).status_code == 202
    assert len(woken) == 2


def test_a_push_is_kept_and_answered_when_the_broker_is_down(
    connected, client, admin_user, monkeypatch, django_capture_on_commit_callbacks, with_broker
):
    from linkedin_integration import tasks

    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    calls = []

    def broker_down(*args, **options):
        calls.append(1)
        raise OSError("connection refused")

    monkeypatch.setattr(tasks.drain_push_notifications, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert push(client, status_change("evt-1")).status_code == 202
        assert push(client, status_change("evt-2")).status_code == 202
    # Stored for the periodic drain; the second push did not wait on the broker again.
    assert PushNotification.objects.filter(status="RECEIVED").count() == 2
    assert len(calls) == 1


def test_a_drain_that_fills_its_batch_carries_on_with_another(connected, admin_user, monkeypatch):
    from linkedin_integration import tasks

    integrations.rsc_request(level="COMPANY", actor=admin_user, client=FakeLinkedIn())
    for n in range(3):
        PushNotification.objects.create(notification_id=f"evt-{n}", type="INTEGRATION_STATUS_CHANGE")
    monkeypatch.setattr(tasks, "DRAIN_BATCH", 2)
    monkeypatch.setattr(notifications, "LinkedInClient", lambda: FakeLinkedIn(changes=[]))
    again = []
    monkeypatch.setattr(tasks.drain_push_notifications, "delay", lambda: again.append(1))

    tasks.drain_push_notifications.run()

    assert PushNotification.objects.filter(status="PROCESSED").count() == 2
    assert again == [1]
