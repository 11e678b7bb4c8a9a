"""LinkedIn sign-ins through the OAuth callback: the admin's Connect, a user's own connection and Apply
with LinkedIn, with every way a sign-in can go wrong (LinkedIn is a stub here; the browser test
tests/browser/test_linkedin_rsc.py runs the same flow against the sandbox over HTTP)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from linkedin_integration.client import LinkedInError, Member, ProvisionedApp, RecruiterContract, TokenAnswer
from linkedin_integration.models import AuditEntry, LinkedInConnection, LinkedInSettings, RscIntegration
from linkedin_integration.services import connection as service
from linkedin_integration.services import integrations
from tests.factories import JobFactory

# The career site's host and port, as LinkedIn's JS SDK needs it: "127.0.0.1:8000" for the default SITE_URL.
SITE_DOMAIN = urlsplit(django_settings.SITE_URL).netloc

CALLBACK = "/linkedin/oauth/callback/"
ORG = "urn:li:organization:2414183"


class FakeLinkedIn:
    def __init__(self, *, contracts=None, exchange_error=None, found=None, provision_error=None):
        self.contracts = (
            contracts
            if contracts is not None
            else [RecruiterContract("urn:li:contract:500100", "Corporate", ORG, True)]
        )
        self.exchange_error, self.found, self.provision_error = exchange_error, found, provision_error
        self.codes, self.provisioned, self.domains, self.apps = [], [], [], []

    def authorization_url(self, *, redirect_uri, state, scope, app="PARTNER"):
        self.apps.append(app)
        return f"https://linkedin.test/oauth/v2/authorization?state={state}&scope={scope}&redirect_uri={redirect_uri}"

    def exchange_code(self, *, code, redirect_uri, app="PARTNER"):
        self.apps.append(app)
        if self.exchange_error:
            raise self.exchange_error
        if code in self.codes:
            raise LinkedInError("The authorization code was already used", 400)
        self.codes.append(code)
        return TokenAnswer(
            access_token=f"member-token-{code}",
            expires_in=3600,
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )

    def me(self, token):
        return Member("urn:li:person:alex1", "Alex", "Admin", "Talent lead")

    def email_address(self, token):
        return "alex@example.com"

    def recruiter_contracts(self, token):
        return self.contracts

    def find_provisioned_application(self, unique_foreign_id):
        return self.found

    def provision_application(self, **fields):
        if self.provision_error:
            raise self.provision_error
        self.provisioned.append(fields)
        return ProvisionedApp("urn:li:developerApplication:77", "child-client-id", "child-secret-value")

    def update_provisioned_application(self, *, key, js_sdk_domains=None, callback_urls=None):
        self.domains.append(js_sdk_domains)

    def forget_token(self, app="CHILD"):
        pass


@pytest.fixture
def linkedin(monkeypatch):
    fake = FakeLinkedIn()
    monkeypatch.setattr(service, "LinkedInClient", lambda: fake)
    return fake


def start(client, url):
    response = client.post(url)
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["state"][0]


def test_connect_signs_in_provisions_the_child_app_and_stores_its_secret_encrypted(
    client_for, admin_user, linkedin
):
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))

    response = client.get(CALLBACK, {"code": "c1", "state": state}, follow=True)

    settings_row = LinkedInSettings.load()
    assert settings_row.is_connected
    assert (settings_row.contract_urn, settings_row.organization_urn) == ("urn:li:contract:500100", ORG)
    assert (
        settings_row.connected_by == admin_user and settings_row.connected_person_urn == "urn:li:person:alex1"
    )
    (provisioned,) = linkedin.provisioned
    assert provisioned["unique_foreign_id"] == str(settings_row.instance_id)
    # The candidate tab's profile widget loads LinkedIn's JS SDK from this site from the start.
    assert provisioned["js_sdk_domains"] == [SITE_DOMAIN]
    body = response.content.decode()
    assert "Connected" in body and "Corporate" in body
    assert "child-secret-value" not in body
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT app_client_secret FROM linkedin_integration_linkedinsettings")
        (stored,) = cursor.fetchone()
    assert stored and "child-secret-value" not in stored
    assert AuditEntry.objects.filter(action="Connected", actor=admin_user).exists()


def test_an_admin_of_several_contracts_chooses_one(client_for, admin_user, linkedin):
    linkedin.contracts = [
        RecruiterContract("urn:li:contract:500100", "Corporate", ORG, True),
        RecruiterContract("urn:li:contract:500200", "Campus", ORG, True),
        RecruiterContract("urn:li:contract:500300", "Seat only", ORG, False),
    ]
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))

    response = client.get(CALLBACK, {"code": "c1", "state": state})
    assert response["Location"] == reverse("linkedin:choose_contract")
    page = client.get(response["Location"]).content.decode()
    assert "Corporate" in page and "Campus" in page and "Seat only" not in page
    assert not LinkedInSettings.load().is_connected

    assert (
        client.post(reverse("linkedin:choose_contract"), {"contract": "urn:li:contract:999"}).status_code
        == 400
    )
    client.post(reverse("linkedin:choose_contract"), {"contract": "urn:li:contract:500200"})
    assert LinkedInSettings.load().contract_urn == "urn:li:contract:500200"


def test_a_member_without_a_recruiter_admin_seat_is_told_why(client_for, admin_user, linkedin):
    linkedin.contracts = []
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    response = client.get(CALLBACK, {"code": "c1", "state": state})
    assert response.status_code == 400
    assert "Recruiter Lite is not supported" in response.content.decode()
    assert not LinkedInSettings.load().is_connected


@pytest.mark.parametrize(
    "params, message",
    [
        ({"error": "user_cancelled_authorize", "error_description": "denied"}, "You cancelled"),
        ({"error": "access_denied"}, "You cancelled"),
        ({"code": "c1", "state": "not-the-state"}, "was not started here"),
        ({"code": "c1", "state": ""}, "was not started here"),
        ({}, "LinkedIn sent no authorization code"),
    ],
)
def test_deny_state_mismatch_and_missing_code_store_nothing(
    client_for, admin_user, linkedin, params, message
):
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    query = {"state": state, **params}
    response = client.get(CALLBACK, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LinkedInSettings.load().is_connected
    assert linkedin.provisioned == []


def test_a_state_is_single_use_and_a_reused_code_is_refused(client_for, admin_user, linkedin):
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    assert client.get(CALLBACK, {"code": "c1", "state": state}).status_code == 302
    replay = client.get(CALLBACK, {"code": "c1", "state": state})
    assert replay.status_code == 400 and "already used" in replay.content.decode()

    other = start(client, reverse("linkedin:connect"))
    reused = client.get(CALLBACK, {"code": "c1", "state": other})
    assert reused.status_code == 400 and "was already used" in reused.content.decode()


def test_a_junk_token_answer_is_an_error_and_nothing_is_stored(client_for, admin_user, linkedin):
    linkedin.exchange_error = LinkedInError(
        "LinkedIn's answer to the authorization code exchange was not understood"
    )
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    response = client.get(CALLBACK, {"code": "c1", "state": state})
    assert response.status_code == 400
    assert "not understood" in response.content.decode()
    assert not LinkedInSettings.load().is_connected


def test_a_sign_in_started_by_another_user_is_refused(client_for, admin_user, recruiter, linkedin):
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    client.force_login(recruiter)
    response = client.get(CALLBACK, {"code": "c1", "state": state})
    assert response.status_code == 400
    assert not LinkedInSettings.load().is_connected


def test_provisioning_refused_by_linkedin_leaves_the_installation_unconnected(
    client_for, admin_user, linkedin
):
    linkedin.provision_error = LinkedInError("Service unavailable", 503, permanent=False)
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    response = client.get(CALLBACK, {"code": "c1", "state": state}, follow=True)
    assert "refused to set up" in response.content.decode()
    assert not LinkedInSettings.load().is_connected
    assert AuditEntry.objects.get(action="Connect failed").ok is False


def test_an_app_already_provisioned_without_its_secret_is_explained(client_for, admin_user, linkedin):
    linkedin.found = ProvisionedApp("urn:li:developerApplication:5", "old-client")
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    response = client.get(CALLBACK, {"code": "c1", "state": state}, follow=True)
    assert "LinkedIn shows it only once" in response.content.decode()


def test_disconnect_forgets_the_contract_and_keeps_the_app(client_for, admin_user, linkedin):
    client = client_for(admin_user)
    client.get(CALLBACK, {"code": "c1", "state": start(client, reverse("linkedin:connect"))})
    client.post(reverse("linkedin:disconnect"), {"confirmed": "yes"})
    row = LinkedInSettings.load()
    assert not row.is_connected and row.contract_urn == "" and row.app_client_id == "child-client-id"


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager", "interviewer", "read_only", None])
@pytest.mark.django_db
def test_only_administrators_reach_connect_and_its_actions(request, client_for, persona, linkedin):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    for url, method in (
        (reverse("linkedin:connect"), "post"),
        (reverse("linkedin:disconnect"), "post"),
        (reverse("linkedin:apply_toggle"), "post"),
        (reverse("linkedin:choose_contract"), "get"),
        (reverse("linkedin:admin_tab"), "get"),
    ):
        response = getattr(client, method)(url)
        if persona is None:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
    assert not AuditEntry.objects.exists()


# A user's own LinkedIn account ----------------------------------------------------------------------


def test_a_user_connects_their_own_linkedin_account_on_settings(client_for, recruiter, linkedin):
    client = client_for(recruiter)
    assert "Not connected" in client.get("/settings/").content.decode()
    state = start(client, reverse("linkedin:member_connect"))

    response = client.get(CALLBACK, {"code": "m1", "state": state}, follow=True)

    connection = LinkedInConnection.objects.get(user=recruiter)
    assert connection.person_urn == "urn:li:person:alex1"
    body = response.content.decode()
    assert "Alex Admin" in body and "member-token-m1" not in body
    client.post(reverse("linkedin:member_disconnect"), {"confirmed": "yes"})
    assert not LinkedInConnection.objects.exists()


def test_one_linkedin_account_belongs_to_one_attract_user(client_for, recruiter, hiring_manager, linkedin):
    LinkedInConnection.objects.create(user=hiring_manager, person_urn="urn:li:person:alex1")
    client = client_for(recruiter)
    response = client.get(
        CALLBACK, {"code": "m1", "state": start(client, reverse("linkedin:member_connect"))}
    )
    assert response.status_code == 400
    assert "already connected to another Attract user" in response.content.decode()


def test_settings_need_a_sign_in(client):
    response = client.get("/settings/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# Apply with LinkedIn ----------------------------------------------------------------------------------


@pytest.fixture
def connected_installation(db):
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "app_key": "urn:li:developerApplication:77",
            "app_client_id": "child-client-id",
            "app_client_secret": "child-secret-value",
            "connected_at": timezone.now(),
            "organization_urn": ORG,
        },
    )


def test_apply_with_linkedin_prefills_the_form_and_the_candidate_can_edit_it(
    client, client_for, admin_user, connected_installation, linkedin
):
    job = JobFactory(status="ACTIVE", owner=admin_user)
    apply_url = f"/careers/{job.code}/apply/"
    assert "Apply with LinkedIn" not in client.get(apply_url).content.decode()

    admin = client_for(admin_user)
    admin.post(reverse("linkedin:apply_toggle"), {"enabled": "on"})
    assert LinkedInSettings.load().apply_with_linkedin
    assert linkedin.domains == [[SITE_DOMAIN]]
    admin.logout()

    page = client.get(apply_url).content.decode()
    assert "Apply with LinkedIn" in page
    state = start(client, reverse("linkedin:apply_start", args=[job.code]))
    response = client.get(CALLBACK, {"code": "a1", "state": state})
    assert response["Location"] == f"{apply_url}?linkedin=1"

    form = client.get(response["Location"]).context["form"]
    assert (form.initial["first_name"], form.initial["last_name"], form.initial["email"]) == (
        "Alex",
        "Admin",
        "alex@example.com",
    )
    sent = client.post(
        apply_url,
        {"first_name": "Alexandra", "last_name": "Admin", "email": "alexandra@example.com", "phone": ""},
    )
    assert sent.status_code == 302
    from candidates.models import Candidate

    assert Candidate.objects.get(email="alexandra@example.com").first_name == "Alexandra"
    # The applicant signed in through the child app (whose allowed domains LinkedIn checks).
    assert linkedin.apps == ["CHILD", "CHILD"]
    # What LinkedIn shared leaves the session with the application.
    assert job.code not in client.session.get("apply_prefill", {})
    assert client.get(apply_url).context["form"].initial == {}


def test_the_admins_connect_signs_in_through_the_partner_app(client_for, admin_user, linkedin):
    client = client_for(admin_user)
    client.get(CALLBACK, {"code": "c1", "state": start(client, reverse("linkedin:connect"))})
    assert LinkedInSettings.load().is_connected
    assert linkedin.apps == ["PARTNER", "PARTNER"]


@pytest.mark.parametrize("how", ["switched_off", "disconnected"])
def test_apply_with_linkedin_cannot_be_started_when_it_is_not_offered(
    client, admin_user, connected_installation, linkedin, how
):
    job = JobFactory(status="ACTIVE", owner=admin_user)
    changes = {"apply_with_linkedin": how != "switched_off"}
    if how == "disconnected":
        changes["connected_at"] = None
    LinkedInSettings.objects.filter(pk=1).update(**changes)

    assert "Apply with LinkedIn" not in client.get(f"/careers/{job.code}/apply/").content.decode()
    response = client.post(reverse("linkedin:apply_start", args=[job.code]))

    assert response.status_code == 404
    assert "Location" not in response
    assert linkedin.apps == [] and service.SESSION_KEY not in client.session


def test_apply_with_linkedin_needs_a_connected_installation(client_for, admin_user, linkedin):
    response = client_for(admin_user).post(reverse("linkedin:apply_toggle"), {"enabled": "on"}, follow=True)
    assert "Connect LinkedIn first" in response.content.decode()
    assert not LinkedInSettings.load().apply_with_linkedin


def _both_levels(state):
    for level in (RscIntegration.Level.COMPANY, RscIntegration.Level.CONTRACT):
        RscIntegration.objects.update_or_create(level=level, defaults={"state": state})


def _states():
    return dict(RscIntegration.objects.values_list("level", "state"))


def test_disconnect_resets_both_rsc_levels_to_request_and_stops_customer_data(
    client_for, admin_user, linkedin
):
    client = client_for(admin_user)
    client.get(CALLBACK, {"code": "c1", "state": start(client, reverse("linkedin:connect"))})
    _both_levels(RscIntegration.State.ENABLED)
    assert integrations.rsc_enabled("CONTRACT")

    client.post(reverse("linkedin:disconnect"), {"confirmed": "yes"})

    assert set(_states().values()) == {RscIntegration.State.NOT_REQUESTED}
    assert not integrations.rsc_enabled()
    resets = AuditEntry.objects.filter(action="RSC reset", actor=admin_user)
    assert sorted(e.detail.split(":")[0] for e in resets) == ["Company-level", "Contract-level"]
    assert all("Enabled -> Request" in e.detail and "Disconnected" in e.detail for e in resets)


def test_rsc_enabled_needs_a_live_connection_even_when_a_level_reads_enabled(db):
    _both_levels(RscIntegration.State.ENABLED)
    assert not integrations.rsc_enabled()
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={"app_client_id": "child", "connected_at": timezone.now(), "organization_urn": ORG},
    )
    # Connected to an organization but to no contract: company level only.
    assert integrations.rsc_enabled("COMPANY") and not integrations.rsc_enabled("CONTRACT")


def test_reconnecting_to_another_contract_resets_both_rsc_levels(client_for, admin_user, linkedin):
    client = client_for(admin_user)
    client.get(CALLBACK, {"code": "c1", "state": start(client, reverse("linkedin:connect"))})
    _both_levels(RscIntegration.State.ENABLED)
    linkedin.contracts = [RecruiterContract("urn:li:contract:500900", "Other", "urn:li:organization:9", True)]

    client.get(CALLBACK, {"code": "c2", "state": start(client, reverse("linkedin:connect"))})

    assert LinkedInSettings.load().contract_urn == "urn:li:contract:500900"
    assert set(_states().values()) == {RscIntegration.State.NOT_REQUESTED}
    assert not integrations.rsc_enabled()
    assert AuditEntry.objects.filter(action="RSC reset", detail__contains="500900").count() == 2


def test_reconnecting_to_the_same_contract_keeps_the_rsc_levels(client_for, admin_user, linkedin):
    client = client_for(admin_user)
    client.get(CALLBACK, {"code": "c1", "state": start(client, reverse("linkedin:connect"))})
    _both_levels(RscIntegration.State.ENABLED)

    client.get(CALLBACK, {"code": "c2", "state": start(client, reverse("linkedin:connect"))})

    assert set(_states().values()) == {RscIntegration.State.ENABLED}
    assert not AuditEntry.objects.filter(action="RSC reset").exists()


def test_a_connect_sign_in_finishing_after_the_user_lost_the_administrator_role_is_refused(
    client_for, admin_user, linkedin
):
    from attract import roles

    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))
    roles.set_roles(admin_user, [roles.RECRUITER])

    response = client.get(CALLBACK, {"code": "c1", "state": state})

    assert response.status_code == 403
    row = LinkedInSettings.load()
    assert not row.is_connected and row.contract_urn == ""
    assert linkedin.provisioned == [] and service.PENDING_KEY not in client.session
    assert not AuditEntry.objects.exists()
