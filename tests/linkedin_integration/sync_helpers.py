"""Shared by the In-ATS sync tests: the sandbox answering in-process (the client's requests handed to
Django's test client, so the sandbox's own views validate them, in the test's transaction), an
installation connected to it with company-level RSC Enabled, and a clock to move past the safety margin."""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import LinkedInSettings, RscIntegration

if not django_settings.LINKEDIN_SANDBOX:
    pytest.skip("the sandbox is off (real LinkedIn base URLs configured)", allow_module_level=True)

from linkedin_sandbox.models import Application, FaultControl, Integration, Organization  # noqa: E402

HOST = "http://sandbox.test"
ORG_ID = 2414183
ORG = f"urn:li:organization:{ORG_ID}"
CHILD_ID, CHILD_SECRET = "sync-child-id", "sync-child-secret"


class InProcessSandbox:
    """Every request the client sends, answered by the sandbox's views; `calls` lists them."""

    def __init__(self, rsps):
        self.django = Client()
        self.calls: list[tuple[str, str]] = []
        for method in ("GET", "POST", "PUT", "DELETE"):
            rsps.add_callback(method, __import__("re").compile(rf"^{HOST}/.*"), callback=self._answer)

    def _answer(self, request):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.calls.append((request.method, path))
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in ("authorization", "x-restli-method", "x-restli-protocol-version")
        }
        body = request.body or b""
        content_type = request.headers.get("Content-Type", "application/json")
        response = self.django.generic(
            request.method, path, data=body, content_type=content_type, headers=headers
        )
        return response.status_code, {"Content-Type": response.get("Content-Type", "")}, response.content

    def data_calls(self, path_part=""):
        return [call for call in self.calls if "/api/v2/" in call[1] and path_part in call[1]]


@pytest.fixture
def sandbox(_no_network, settings):
    settings.LINKEDIN_API_BASE = f"{HOST}/sandbox/linkedin/api"
    settings.LINKEDIN_OAUTH_BASE = f"{HOST}/sandbox/linkedin"
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 0
    settings.LINKEDIN_SYNC_RECORDS_PER_MINUTE = 0
    # The in-process sandbox answers in the test's own transaction: one call at a time.
    settings.LINKEDIN_SYNC_PARALLEL_CALLS = 1
    return InProcessSandbox(_no_network)


def enable_in_sandbox(status=Integration.Status.ENABLED):
    from linkedin_sandbox.seed import seed

    seed()  # a transactional test before this one may have flushed the seeded world
    partner = Application.objects.get(kind=Application.Kind.PARTNER)
    child, _ = Application.objects.get_or_create(
        client_id=CHILD_ID,
        defaults={
            "kind": Application.Kind.CHILD,
            "client_secret": CHILD_SECRET,
            "name": "Attract",
            "parent": partner,
        },
    )
    Integration.objects.update_or_create(
        application=child,
        integration_context=ORG,
        integration_type="IN_ATS_INDICATOR",
        defaults={"status": status},
    )
    return child


def connect(*, enabled=True):
    """Attract connected to the sandbox's organization, company level Enabled (or only Partner ready)."""
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "company_name": "Contoso",
            "app_client_id": CHILD_ID,
            "app_client_secret": CHILD_SECRET,
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": "urn:li:contract:500200",
        },
    )
    state = RscIntegration.State.ENABLED if enabled else RscIntegration.State.PARTNER_READY
    RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": state})


@pytest.fixture
def enabled(db, sandbox):
    enable_in_sandbox()
    connect()
    return Organization.objects.get(org_id=ORG_ID)


def later(seconds=5):
    """A clock a little ahead, so that rows written just now lie before the sync's horizon."""
    moment = timezone.now() + dt.timedelta(seconds=seconds)
    return lambda: moment


def client():
    return LinkedInClient(sleep=lambda seconds: None)


def faults(**counts):
    FaultControl.objects.update_or_create(pk=1, defaults=counts)


def body_of(call_json):
    return json.loads(call_json)
