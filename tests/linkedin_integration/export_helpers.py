"""Shared by the 1-click export tests: a connected, Enabled installation, a fake LinkedIn answering the
export fetch, profiles as the client parses them, and a connected exporter."""

import datetime as dt

import pytest
from django.utils import timezone

from linkedin_integration.client import ExportedCandidate, LinkedInError
from linkedin_integration.models import LinkedInConnection, LinkedInSettings, PushNotification, RscIntegration
from linkedin_integration.services import notifications

ORG, CONTRACT = "urn:li:organization:2414183", "urn:li:contract:500200"
RECRUITER_URN = "urn:li:person:Rt4kLw9Re2"
MANAGER_URN = "urn:li:person:Hg5mNr3Hm4"


def profile(member="urn:li:person:m1", job="J-1", exporter=RECRUITER_URN, **fields) -> ExportedCandidate:
    values = {
        "integration_context": ORG,
        "member_urn": member,
        "first_name": "Amara",
        "last_name": "Okafor",
        "profile_url": f"https://www.linkedin.com/in/{member.rsplit(':', 1)[-1]}",
        "job_posting_id": job,
        "exporter_urn": exporter,
        "exported_at": dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
        "headline": "Site Reliability Engineer at Fabrikam",
        "location": "Lagos, Nigeria",
        "current_employers": ("Fabrikam",),
        "emails": (),
    }
    values.update(fields)
    return ExportedCandidate(**values)


class FakeLinkedIn:
    """Answers exported_candidates(request_id) from `exports` (request id -> profiles, or an error to raise
    the first `failures` times), counting the fetches."""

    def __init__(self, exports=None, *, error=None, failures=0):
        self.exports, self.error, self.failures, self.fetches = dict(exports or {}), error, failures, []

    def exported_candidates(self, request_id):
        self.fetches.append(request_id)
        if self.error is not None and self.failures:
            self.failures -= 1
            raise self.error
        return list(self.exports.get(request_id, []))


def connect_installation(*, enabled=True):
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "company_name": "Contoso",
            "app_client_id": "child-id",
            "app_client_secret": "child-secret",
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": CONTRACT,
        },
    )
    state = RscIntegration.State.ENABLED if enabled else RscIntegration.State.PARTNER_READY
    RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": state})


def connect_member(user, urn):
    return LinkedInConnection.objects.create(user=user, person_urn=urn, name=str(user))


@pytest.fixture(name="world")
def exporting_world(active_job, recruiter):
    """An Active job, the installation connected with RSC Enabled, and the recruiter connected to the
    exporting seat (RECRUITER_URN)."""
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    return active_job


def push(notification_id="exp-1"):
    return PushNotification.objects.create(notification_id=notification_id, type="EXPORT_CANDIDATE_PROFILE")


@pytest.fixture
def linkedin(monkeypatch):
    """linkedin(fake) makes the push task use the fake LinkedIn."""

    def install(fake):
        monkeypatch.setattr(notifications, "LinkedInClient", lambda: fake)
        return fake

    return install


def transient():
    return LinkedInError("Service unavailable", 503, permanent=False)
