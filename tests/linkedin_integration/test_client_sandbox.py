"""The client against the sandbox, in-process: both sides of the contract agree on every call.

Requests go through an adapter that hands them to Django's test client, so nothing leaves the process
and the sandbox answers exactly as it does over HTTP.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from linkedin_integration.client import LinkedInClient, LinkedInError, integration_keys
from linkedin_integration.models import LinkedInSettings
from tests.linkedin_integration.test_client_helpers import Sleeps

if not django_settings.LINKEDIN_SANDBOX:
    pytest.skip("the sandbox is off (real LinkedIn base URLs configured)", allow_module_level=True)

from linkedin_sandbox import services as sandbox  # noqa: E402
from linkedin_sandbox.models import Application, Contract, Member  # noqa: E402

BASE = "http://testserver/sandbox/linkedin"
CALLBACK = "http://testserver/linkedin/rsc/callback/"
REDIRECT = "http://testserver/admin-center/linkedin/connect/done/"
ADMIN_PERSON = "Ax7dQm2Pa1"


class DjangoAdapter(BaseAdapter):
    """Hands each request to the Django test client and turns its answer into a requests.Response."""

    def __init__(self):
        super().__init__()
        self.django = Client()

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        extra = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length")
        }
        answer = self.django.generic(
            request.method,
            f"{parts.path}?{parts.query}" if parts.query else parts.path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", ""),
            **extra,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


@pytest.fixture
def client(settings, db):
    settings.LINKEDIN_API_BASE = f"{BASE}/api"
    settings.LINKEDIN_OAUTH_BASE = BASE
    settings.LINKEDIN_CLIENT_ID = "attract-sandbox-partner"
    settings.LINKEDIN_CLIENT_SECRET = "attract-sandbox-partner-secret"
    session = requests.Session()
    session.mount("http://testserver/", DjangoAdapter())
    return LinkedInClient(session=session, sleep=Sleeps())


def sign_in(client, person_id=ADMIN_PERSON):
    """What the sandbox's consent page does when the member accepts, then the code exchange."""
    url = client.authorization_url(redirect_uri=REDIRECT, state="st", scope="r_liteprofile r_emailaddress")
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    code = sandbox.code_issue(
        application=Application.objects.get(client_id=query["client_id"]),
        member=Member.objects.get(person_id=person_id),
        redirect_uri=query["redirect_uri"],
        scope=query["scope"],
    )
    return client.exchange_code(code=code, redirect_uri=REDIRECT)


def connect(client):
    """Provision the child app and keep its credentials, as the Connect service does."""
    settings_row = LinkedInSettings.load()
    app = client.provision_application(
        name="Attract (test)",
        description="Attract ATS for the test installation",
        unique_foreign_id=str(settings_row.instance_id),
        callback_urls=[REDIRECT],
    )
    settings_row.app_key, settings_row.app_client_id, settings_row.app_client_secret = (
        app.key,
        app.client_id,
        app.client_secret,
    )
    settings_row.save()
    return app


def test_signing_in_reads_the_member_and_their_recruiter_contracts(client):
    token = sign_in(client)

    member = client.me(token.access_token)
    contracts = client.recruiter_contracts(token.access_token)

    assert member.urn == f"urn:li:person:{ADMIN_PERSON}"
    assert member.name == "Alex Admin"
    assert client.email_address(token.access_token) == "alex.admin@contoso-demo.example"
    assert {c.urn for c in contracts} == {"urn:li:contract:500100", "urn:li:contract:500200"}
    assert all(c.organization_urn == "urn:li:organization:2414183" and c.is_admin for c in contracts)


def test_a_code_is_spent_once(client):
    url = client.authorization_url(redirect_uri=REDIRECT, state="st")
    code = sandbox.code_issue(
        application=Application.objects.get(client_id=parse_qs(urlsplit(url).query)["client_id"][0]),
        member=Member.objects.get(person_id=ADMIN_PERSON),
        redirect_uri=REDIRECT,
        scope="r_liteprofile",
    )
    client.exchange_code(code=code, redirect_uri=REDIRECT)

    with pytest.raises(LinkedInError) as caught:
        client.exchange_code(code=code, redirect_uri=REDIRECT)

    assert (caught.value.status, caught.value.permanent) == (400, True)


def test_provisioning_then_looking_up_then_updating_the_child_app(client):
    app = connect(client)
    instance_id = str(LinkedInSettings.load().instance_id)

    found = client.find_provisioned_application(instance_id)
    client.update_provisioned_application(key=app.key, js_sdk_domains=["careers.contoso.example"])

    assert app.client_secret
    assert (found.key, found.client_id) == (app.key, app.client_id)
    assert Application.objects.get(client_id=app.client_id).valid_js_sdk_domains == [
        "careers.contoso.example"
    ]
    assert client.find_provisioned_application("someone-else") is None


def test_requesting_contract_level_access_until_the_recruiter_admin_enables_it(client):
    connect(client)
    keys = integration_keys(
        organization_urn="urn:li:organization:2414183", contract_urn="urn:li:contract:500100"
    )
    export = keys[0]

    named = client.name_integrations({key: f"Contoso - Attract {key.integration_type}" for key in keys})
    configured = client.configure_callback_url(export, CALLBACK)
    before = client.integration_statuses(keys)
    event = sandbox.access_switch(
        application=Application.objects.get(kind="CHILD"),
        contract=Contract.objects.get(contract_id=500100),
        level=sandbox.AccessLevel.CONTRACT,
        by=Member.objects.get(person_id=ADMIN_PERSON),
    )
    changes = client.integration_changes(event.event_id)
    after = client.integration_statuses(keys)

    assert named.succeeded and set(named.ok) == set(keys)
    assert configured.ok == {"CALLBACK_URL": 204}
    assert {status.status for status in before.ok.values()} == {"PARTNER_READY"}
    assert {change.key: change.status for change in changes} == dict.fromkeys(keys, "ENABLED")
    assert {key: status.status for key, status in after.ok.items()} == dict.fromkeys(keys, "ENABLED")


def test_an_unknown_integration_is_an_error_for_that_key_only(client):
    connect(client)
    named, unnamed = integration_keys(organization_urn="urn:li:organization:2414183")[:2]
    client.name_integrations({named: "Contoso export"})

    result = client.integration_statuses([named, unnamed])

    assert list(result.ok) == [named]
    assert result.errors[unnamed].status == 404


def test_the_partner_step_failing_per_entity_is_reported_per_entity(client):
    connect(client)
    keys = integration_keys(organization_urn="urn:li:organization:2414183")
    sandbox.faults_set(
        throttle_next=0, server_error_next=0, partner_step_failures=1, partner_step_mode="ENTITY_ERROR"
    )

    result = client.name_integrations(dict.fromkeys(keys, "Contoso"))

    assert set(result.errors) == set(keys)
    assert all(error.status == 500 and not error.permanent for error in result.errors.values())


def test_throttling_and_a_passing_server_error_from_the_sandbox(client):
    connect(client)
    keys = integration_keys(organization_urn="urn:li:organization:2414183")
    client.app_token()

    sandbox.faults_set(
        throttle_next=1, server_error_next=0, partner_step_failures=0, partner_step_mode="HTTP_500"
    )
    with pytest.raises(LinkedInError) as caught:
        client.integration_statuses(keys)
    sandbox.faults_set(
        throttle_next=0, server_error_next=1, partner_step_failures=0, partner_step_mode="HTTP_500"
    )
    result = client.name_integrations(dict.fromkeys(keys, "Contoso"))

    assert (caught.value.status, caught.value.permanent) == (429, False)
    assert caught.value.retry_at > timezone.now()
    assert result.succeeded
    assert client.transport.sleep == [1]
