"""RSC over real HTTP, with the sandbox standing in for LinkedIn on the live server (no browser).

Attract's tab is driven as an admin would with a plain HTTP session, the sandbox's Recruiter screen
(Admin settings > ATS) as the contract's admin; the sandbox then POSTs its signed push to Attract's
callback over HTTP, and the task (eager here, as in the embedded default) fetches the event back from
the sandbox. Nothing is stubbed.
"""

import gc
import re

import pytest
import requests
from django.conf import settings as django_settings
from django.utils import timezone

from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import AuditEntry, LinkedInSettings, PushNotification, RscIntegration
from linkedin_integration.services import integrations

if not django_settings.LINKEDIN_SANDBOX:
    pytest.skip("the sandbox is off (real LinkedIn base URLs configured)", allow_module_level=True)

from linkedin_sandbox.models import Application, Member  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

ORG, CAMPUS = "urn:li:organization:2414183", "urn:li:contract:500200"
ADMIN_PERSON = "Ax7dQm2Pa1"
TAB = "/admin-center/linkedin/"


class Visitor:
    """A person at a web browser, minus the browser: cookies, CSRF tokens, redirects followed."""

    def __init__(self, base):
        self.base = base
        self.http = requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(self.base + path, timeout=30, **kwargs)

    def post(self, path, data=None):
        if "csrftoken" not in self.http.cookies:
            self.get("/accounts/login/")
        form = {"csrfmiddlewaretoken": self.http.cookies["csrftoken"], **(data or {})}
        return self.http.post(self.base + path, data=form, timeout=30, headers={"Referer": self.base + path})

    def close(self):
        # A kept-alive connection holds a server thread, which must end while the test's database is up.
        self.http.close()


@pytest.fixture(autouse=True)
def _no_connection_outlives_the_test():
    """LinkedInClient sits in a reference cycle (its token cache holds a bound method), so its kept-alive
    connections to the live server close only when the cycle collector runs; the server thread serving
    one must end while this test's database is still shared with the server."""
    yield
    gc.collect()


@pytest.fixture
def linkedin_is_the_sandbox(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.LINKEDIN_OAUTH_BASE = f"{live_server.url}/sandbox/linkedin"
    settings.LINKEDIN_API_BASE = f"{live_server.url}/sandbox/linkedin/api"
    return live_server.url


@pytest.fixture
def connected(linkedin_is_the_sandbox):
    """What Connect leaves behind: this installation's child app provisioned in the sandbox (through the
    client, over HTTP) and the Campus contract chosen."""
    linkedin = LinkedInSettings.load()
    app = LinkedInClient().provision_application(
        name="Attract (Contoso Demo)",
        description="Attract ATS",
        unique_foreign_id=str(linkedin.instance_id),
        callback_urls=[f"{linkedin_is_the_sandbox}/linkedin/oauth/callback/"],
    )
    linkedin.company_name = "Contoso Demo"
    linkedin.company_id = "2414183"
    linkedin.app_key, linkedin.app_client_id, linkedin.app_client_secret = (
        app.key,
        app.client_id,
        app.client_secret,
    )
    linkedin.connected_at = timezone.now()
    linkedin.organization_urn, linkedin.contract_urn = ORG, CAMPUS
    linkedin.save()
    return Application.objects.get(client_id=app.client_id)


@pytest.fixture
def attract_admin(admin_user, linkedin_is_the_sandbox):
    visitor = Visitor(linkedin_is_the_sandbox)
    signed_in = visitor.post(
        "/accounts/login/", {"username": admin_user.username, "password": "pass-word-123"}
    )
    assert signed_in.status_code == 200 and "sessionid" in visitor.http.cookies
    yield visitor
    visitor.close()


@pytest.fixture
def recruiter_admin(linkedin_is_the_sandbox):
    """Alex Admin in LinkedIn Recruiter, on the Campus contract."""
    visitor = Visitor(linkedin_is_the_sandbox)
    member = Member.objects.get(person_id=ADMIN_PERSON)
    visitor.post("/sandbox/linkedin/signin/", {"member": member.pk})
    visitor.post("/sandbox/linkedin/recruiter/contracts/", {"contract": "500200"})
    yield visitor
    visitor.close()


def state_shown(page: str, level: str) -> str:
    row = re.search(rf'<tr id="rsc-{level}".*?</tr>', page, re.S).group(0)
    return re.search(r"data-rsc-state>([^<]+)<", row).group(1)


def test_request_partner_ready_then_the_recruiter_admin_switches_contract_level_on_and_attract_shows_enabled(
    connected, attract_admin, recruiter_admin
):
    requested = attract_admin.post("/admin-center/linkedin/rsc/contract/request/")

    assert requested.status_code == 200 and requested.url.endswith(TAB)
    assert state_shown(requested.text, "contract") == "Partner ready"
    assert "Admin settings &gt; ATS" in requested.text

    switched = recruiter_admin.post(
        f"/sandbox/linkedin/recruiter/admin/ats/{connected.pk}/access/", {"level": "CONTRACT"}
    )

    assert "delivered" in switched.text and "HTTP 202" in switched.text
    push = PushNotification.objects.get()
    assert (push.type, push.status) == ("INTEGRATION_STATUS_CHANGE", PushNotification.Status.PROCESSED)
    page = attract_admin.get(TAB).text
    assert state_shown(page, "contract") == "Enabled"
    assert RscIntegration.objects.get(level="CONTRACT").state == RscIntegration.State.ENABLED
    assert AuditEntry.objects.filter(action="LinkedIn: INTEGRATION_STATUS_CHANGE", actor=None).exists()
    assert connected.client_secret not in page

    off = recruiter_admin.post(
        f"/sandbox/linkedin/recruiter/admin/ats/{connected.pk}/access/", {"level": "OFF"}
    )

    assert "delivered" in off.text
    assert state_shown(attract_admin.get(TAB).text, "contract") == "Disabled"
    assert PushNotification.objects.filter(status=PushNotification.Status.PROCESSED).count() == 2


def test_the_recruiter_admin_moving_contract_to_company_level_shows_company_enabled_and_contract_disabled(
    connected, attract_admin, recruiter_admin
):
    attract_admin.post("/admin-center/linkedin/rsc/company/request/")
    attract_admin.post("/admin-center/linkedin/rsc/contract/request/")
    access = f"/sandbox/linkedin/recruiter/admin/ats/{connected.pk}/access/"
    recruiter_admin.post(access, {"level": "CONTRACT"})
    page = attract_admin.get(TAB).text
    assert (state_shown(page, "company"), state_shown(page, "contract")) == ("Enabled", "Enabled")

    downgraded = recruiter_admin.post(access, {"level": "COMPANY"})

    assert "delivered" in downgraded.text
    page = attract_admin.get(TAB).text
    assert (state_shown(page, "company"), state_shown(page, "contract")) == ("Enabled", "Disabled")
    assert "waiting for your Recruiter admin" not in re.search(
        r'<tr id="rsc-contract".*?</tr>', page, re.S
    ).group(0)
    assert integrations.rsc_enabled("COMPANY") and not integrations.rsc_enabled("CONTRACT")


def test_the_sandbox_challenge_check_of_the_callback_passes(connected, attract_admin, recruiter_admin):
    attract_admin.post("/admin-center/linkedin/rsc/company/request/")

    checked = recruiter_admin.post(f"/sandbox/linkedin/recruiter/admin/ats/{connected.pk}/challenge/")

    assert "The callback answered the challenge correctly." in checked.text


def test_a_failing_partner_step_shows_notify_partner_with_linkedins_reason_and_the_retry_succeeds(
    connected, attract_admin, linkedin_is_the_sandbox
):
    from linkedin_sandbox import services as sandbox

    sandbox.faults_set(
        throttle_next=0, server_error_next=0, partner_step_failures=1, partner_step_mode="ENTITY_ERROR"
    )

    requested = attract_admin.post("/admin-center/linkedin/rsc/contract/request/")

    assert state_shown(requested.text, "contract") == "Notify partner"
    assert "data-rsc-error" in requested.text and "HTTP 500" in requested.text
    failed = AuditEntry.objects.get(action="RSC requested")
    assert failed.ok is False and failed.linkedin_answer

    retried = attract_admin.post("/admin-center/linkedin/rsc/contract/notify/")

    assert state_shown(retried.text, "contract") == "Partner ready"
    assert "data-rsc-error" not in re.search(r'<tr id="rsc-contract".*?</tr>', retried.text, re.S).group(0)


def test_linkedin_throttling_during_a_request_is_shown_and_nothing_is_lost(connected, attract_admin):
    from linkedin_sandbox import services as sandbox

    LinkedInClient().app_token()  # the child app's token is already cached: the 429 hits the naming call
    sandbox.faults_set(
        throttle_next=1, server_error_next=0, partner_step_failures=0, partner_step_mode="HTTP_500"
    )

    requested = attract_admin.post("/admin-center/linkedin/rsc/company/request/")

    assert state_shown(requested.text, "company") == "Notify partner"
    assert "throttling" in requested.text
    assert state_shown(attract_admin.post("/admin-center/linkedin/rsc/company/notify/").text, "company") == (
        "Partner ready"
    )
