"""Shared by the sandbox's 1-click export tests: an ATS (child app) with 1-click export switched on for
the organization, synced job postings, and a signed-in Recruiter seat holder."""

import json

import pytest
import responses
from django.urls import reverse

from linkedin_sandbox import session
from linkedin_sandbox.models import Application, Integration, Member, Organization, Seat, SimpleJobPosting
from tests.linkedin_sandbox.helpers import ORG, RSC_CALLBACK

CHILD_ID, CHILD_SECRET = "child-export-id", "child-export-secret"


def connect_ats(
    name="Attract for Contoso Demo", client_id=CHILD_ID, secret=CHILD_SECRET, callback=RSC_CALLBACK
):
    partner = Application.objects.get(kind=Application.Kind.PARTNER)
    app = Application.objects.create(
        kind=Application.Kind.CHILD,
        client_id=client_id,
        client_secret=secret,
        name=name,
        parent=partner,
        unique_foreign_id=client_id,
    )
    Integration.objects.create(
        application=app,
        integration_context=ORG,
        integration_type="ONE_CLICK_EXPORT",
        status=Integration.Status.ENABLED,
        callback_url=callback,
    )
    return app


def posting(code="J-000123", title="Backend Engineer", state="LISTED", organization=None):
    organization = organization or Organization.objects.get(org_id=2414183)
    return SimpleJobPosting.objects.create(
        organization=organization,
        external_job_posting_id=code,
        title=title,
        location="Amsterdam, NL",
        state=state,
    )


def sign_in(client, member):
    stored = client.session
    stored[session.MEMBER_KEY] = member.pk
    stored.save()


def profile_url(member, **query):
    return reverse("sandbox:member_profile", args=[member.person_id])


def export_url(member):
    return reverse("sandbox:export", args=[member.person_id])


@pytest.fixture
def rita_seat(db):
    return Seat.objects.select_related("member", "contract__organization").get(member__first_name="Rita")


@pytest.fixture
def amara(db):
    return Member.objects.get(first_name="Amara", last_name="Okafor")


@pytest.fixture
def ats_callback(mocked):
    """The ATS's callback, answering 200; returns the calls it received."""
    mocked.add(responses.POST, RSC_CALLBACK, json={"status": "received"}, status=200)
    return lambda: [call for call in mocked.calls if call.request.url == RSC_CALLBACK]


def pushed_body(call) -> dict:
    return json.loads(call.request.body)
