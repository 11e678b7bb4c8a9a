"""The RSC section of Admin center > LinkedIn Integration: what each state shows, the refresh on page
load, the audit log, and the actions' bad input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkedin_integration.client import LinkedInError
from linkedin_integration.models import AuditEntry, RscIntegration
from linkedin_integration.services import integrations
from linkedin_integration.views.rsc import AUDIT_SHOWN
from tests.factories import UserFactory
from tests.linkedin_integration.test_rsc import TAB, FakeLinkedIn, all_keys, connected  # noqa: F401

State = RscIntegration.State


def put(level, state, *, checked_ago=None, last_error=""):
    checked = timezone.now() - checked_ago if checked_ago is not None else None
    RscIntegration.objects.update_or_create(
        level=level, defaults={"state": state, "last_checked_at": checked, "last_error": last_error}
    )


def row_of(body, level):
    start = body.index(f'<tr id="rsc-{level}"')
    return body[start : body.index("</tr>", start)]


@pytest.fixture
def linkedin(monkeypatch):
    def install(fake):
        monkeypatch.setattr(integrations, "LinkedInClient", lambda **options: fake)
        return fake

    return install


class Counting(FakeLinkedIn):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.asked = 0

    def integration_statuses(self, keys):
        self.asked += 1
        return super().integration_statuses(keys)


@pytest.mark.parametrize(
    "current, shown, next_step, action",
    [
        (State.NOT_REQUESTED, "Request", "Request it here", "rsc_request"),
        (State.NOTIFY_PARTNER, "Notify partner", "Press Notify partner", "rsc_notify"),
        (State.PARTNER_READY, "Partner ready", "Admin settings &gt; ATS", None),
        (State.ENABLED, "Enabled", "Nothing to do", None),
        (State.DISABLED, "Disabled", "Admin settings &gt; ATS", "rsc_request"),
    ],
)
def test_each_state_says_what_it_means_what_to_do_next_and_offers_only_its_action(
    connected,  # noqa: F811
    client_for,
    admin_user,
    linkedin,
    current,
    shown,
    next_step,
    action,
):
    linkedin(FakeLinkedIn(statuses=all_keys(current if current != State.NOTIFY_PARTNER else "REQUESTED")))
    put("CONTRACT", current, checked_ago=timedelta(0))

    row = row_of(client_for(admin_user).get(TAB).content.decode(), "contract")

    assert f"data-rsc-state>{shown}<" in row
    assert next_step in row
    offered = {
        name
        for name in ("rsc_request", "rsc_notify")
        if reverse(f"linkedin:{name}", args=["contract"]) in row
    }
    assert offered == ({action} if action else set())


def test_the_reason_of_a_failed_partner_step_is_shown_escaped(connected, client_for, admin_user):  # noqa: F811
    put("COMPANY", State.NOTIFY_PARTNER, checked_ago=timedelta(0), last_error="LinkedIn said <b>no</b>")

    row = row_of(client_for(admin_user).get(TAB).content.decode(), "company")

    assert "LinkedIn said &lt;b&gt;no&lt;/b&gt;" in row and "<b>no</b>" not in row


def test_opening_the_tab_reads_a_stale_status_from_linkedin_and_shows_it_at_once(
    connected,  # noqa: F811
    client_for,
    admin_user,
    linkedin,
):
    fake = linkedin(Counting(statuses=all_keys("ENABLED")))
    put("CONTRACT", State.PARTNER_READY, checked_ago=timedelta(minutes=5))

    body = client_for(admin_user).get(TAB).content.decode()

    assert fake.asked == 1
    assert "data-rsc-state>Enabled<" in row_of(body, "contract")
    assert RscIntegration.objects.get(level="CONTRACT").last_checked_at > timezone.now() - timedelta(
        seconds=30
    )


@pytest.mark.parametrize(
    "states, checked_ago",
    [
        ((State.NOT_REQUESTED, State.NOT_REQUESTED), None),
        ((State.PARTNER_READY, State.NOT_REQUESTED), timedelta(seconds=10)),
    ],
)
def test_opening_the_tab_does_not_ask_linkedin_when_nothing_is_requested_or_it_just_did(
    connected,  # noqa: F811
    client_for,
    admin_user,
    linkedin,
    states,
    checked_ago,
):
    fake = linkedin(Counting(statuses=all_keys("ENABLED")))
    put("COMPANY", states[0], checked_ago=checked_ago)
    put("CONTRACT", states[1], checked_ago=checked_ago)

    client_for(admin_user).get(TAB)

    assert fake.asked == 0


@pytest.mark.parametrize(
    "error, shown",
    [
        (LinkedInError("Service Unavailable", 503, permanent=False), "HTTP 503: Service Unavailable"),
        (LinkedInError("Throttled <script>", 429, permanent=False), "Throttled &lt;script&gt;"),
    ],
)
def test_linkedin_failing_on_page_load_is_shown_and_the_page_still_works(
    connected,  # noqa: F811
    client_for,
    admin_user,
    linkedin,
    error,
    shown,
):
    class Down(FakeLinkedIn):
        def integration_statuses(self, keys):
            raise error

    linkedin(Down())
    put("CONTRACT", State.PARTNER_READY, checked_ago=timedelta(minutes=5))

    response = client_for(admin_user).get(TAB)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Could not read the current status from LinkedIn" in body and shown in body
    assert "<script>" not in body.split("Could not read", 1)[1][:300]
    assert "data-rsc-state>Partner ready<" in row_of(body, "contract")
    assert 'id="company"' in body  # the other sections are there too


def test_the_audit_log_shows_who_what_when_and_linkedins_answer_escaped(
    connected,  # noqa: F811
    client_for,
    admin_user,
):
    admin_user.first_name, admin_user.last_name = "Ada", "Admin"
    admin_user.save()
    AuditEntry.objects.create(
        actor=admin_user, action="RSC requested", detail="Contract-level: Request -> Partner ready", ok=True
    )
    AuditEntry.objects.create(
        actor=None,
        action="LinkedIn: status refresh",
        linkedin_answer='<img src=x onerror="alert(1)">',
        ok=False,
    )

    body = client_for(admin_user).get(TAB).content.decode()
    audit = body[body.index('id="audit"') :]

    assert "Ada Admin" in audit and "RSC requested" in audit and "Request -&gt; Partner ready" in audit
    assert "LinkedIn / Attract" in audit
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in audit and "<img src=x" not in audit
    assert audit.index("LinkedIn: status refresh") < audit.index("RSC requested")  # newest first


def test_the_tab_costs_the_same_number_of_queries_with_a_long_audit_log(
    connected,  # noqa: F811
    client_for,
    admin_user,
    django_assert_max_num_queries,
):
    put("COMPANY", State.PARTNER_READY, checked_ago=timedelta(0))
    put("CONTRACT", State.ENABLED, checked_ago=timedelta(0))
    client = client_for(admin_user)

    def audit_by_many(count):
        for n in range(count):
            AuditEntry.objects.create(actor=UserFactory(), action=f"Action {n}", linkedin_answer="ok")

    audit_by_many(2)
    with CaptureQueriesContext(connection) as few:
        client.get(TAB)
    audit_by_many(60)

    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(TAB).content.decode()

    audit = body[body.index('id="audit"') :]
    assert audit.count("<tr class=") == AUDIT_SHOWN


def test_an_unknown_level_is_refused_with_a_message(connected, client_for, admin_user):  # noqa: F811
    response = client_for(admin_user).post(reverse("linkedin:rsc_request", args=["galaxy"]), follow=True)

    assert "Choose Company-level or Contract-level access." in response.content.decode()
    assert not AuditEntry.objects.exists()
    assert not RscIntegration.objects.filter(state=State.NOTIFY_PARTNER).exists()


def test_requesting_before_connecting_says_so_and_writes_nothing(db, client_for, admin_user, linkedin):
    fake = linkedin(FakeLinkedIn())

    response = client_for(admin_user).post(reverse("linkedin:rsc_request", args=["company"]), follow=True)

    assert "Connect LinkedIn first" in response.content.decode()
    assert not AuditEntry.objects.exists() and not fake.named
    assert not RscIntegration.objects.exclude(state=State.NOT_REQUESTED).exists()


@pytest.mark.parametrize("name", ["rsc_request", "rsc_notify"])
def test_the_actions_only_take_post(connected, client_for, admin_user, name):  # noqa: F811
    response = client_for(admin_user).get(reverse(f"linkedin:{name}", args=["company"]))

    assert response.status_code == 405
    assert not AuditEntry.objects.exists()


def test_the_actions_need_the_csrf_token(connected, admin_user):  # noqa: F811
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)

    response = strict.post(reverse("linkedin:rsc_request", args=["company"]))

    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["recruiter", "interviewer", None])
def test_only_administrators_open_the_tab(connected, request, client_for, persona):  # noqa: F811
    response = client_for(request.getfixturevalue(persona) if persona else None).get(TAB)

    if persona is None:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


def test_the_page_load_refresh_asks_linkedin_once_briefly_and_shows_the_reason_of_a_5xx(
    connected,  # noqa: F811
    client_for,
    admin_user,
    settings,
    mocked,
    monkeypatch,
):
    """A LinkedIn that is down must not hold the page for the client's retries and backoff."""
    from linkedin_integration.client import transport
    from tests.linkedin_integration.test_client_helpers import API, add_token, configure

    configure(settings)
    add_token(mocked)
    mocked.add("GET", f"{API}/v2/atsIntegrations", status=503, body="Service Unavailable")
    timeouts, slept = [], []
    real_client = integrations.LinkedInClient
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **o: real_client(sleep=slept.append, **o))
    real_send = transport.requests.Session.send

    def send(self, *args, **kwargs):
        timeouts.append(kwargs["timeout"])
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(transport.requests.Session, "send", send)
    put("CONTRACT", State.PARTNER_READY, checked_ago=timedelta(minutes=5))

    response = client_for(admin_user).get(TAB)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Could not read the current status from LinkedIn" in body and "HTTP 503" in body
    assert "data-rsc-state>Partner ready<" in row_of(body, "contract")
    assert len([c for c in mocked.calls if c.request.url.startswith(f"{API}/v2/atsIntegrations")]) == 1
    assert slept == [] and set(timeouts) == {integrations.PAGE_LOAD_TIMEOUT}
    assert RscIntegration.objects.get(level="CONTRACT").state == State.PARTNER_READY


def test_the_periodic_refresh_keeps_the_clients_retries(connected, settings, mocked, monkeypatch):  # noqa: F811
    from linkedin_integration.client import transport
    from tests.linkedin_integration.test_client_helpers import API, add_token, configure

    configure(settings)
    add_token(mocked)
    mocked.add("GET", f"{API}/v2/atsIntegrations", status=503, body="Service Unavailable")
    slept = []
    real_client = integrations.LinkedInClient
    monkeypatch.setattr(integrations, "LinkedInClient", lambda **o: real_client(sleep=slept.append, **o))
    put("CONTRACT", State.PARTNER_READY)

    with pytest.raises(LinkedInError, match="after 4 attempts"):
        integrations.rsc_refresh_statuses(force=True)

    assert len([c for c in mocked.calls if c.request.url.startswith(f"{API}/v2/atsIntegrations")]) == 4
    assert slept == transport.backoff_delays()


@pytest.mark.parametrize(
    "minutes, said", [(60, "every hour"), (15, "every 15 minutes"), (180, "every 3 hours")]
)
def test_the_tab_says_how_often_attract_checks_the_status(
    connected, client_for, admin_user, settings, minutes, said
):  # noqa: F811
    settings.LINKEDIN_RSC_REFRESH_MINUTES = minutes
    body = client_for(admin_user).get(TAB).content.decode()
    assert f"Attract also checks the status {said}." in body


def test_before_connecting_each_level_says_to_connect_first(db, client_for, admin_user):
    page = client_for(admin_user).get(TAB).content.decode()

    assert page.count("Connect LinkedIn above first; then request it here.") == 2
    assert "Request it here; Attract then names" not in page
