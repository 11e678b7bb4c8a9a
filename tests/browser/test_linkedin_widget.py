"""End to end on the live server with the sandbox as LinkedIn: a recruiter (connected under Settings,
signed in to LinkedIn Recruiter in the same browser) opens a candidate's LinkedIn tab, where the
sandbox's stand-in of LinkedIn's profile widget shows LinkedIn's suggested match; they find and link a
different member, and both sides hold the new match (Attract's member link, the sandbox's manual
match); then they unlink it and both sides let it go. A member already linked to another candidate is
refused in Attract with the reason.

The tab is served by linkedin_integration's candidate tab once it includes the widget; until then the
widget's include is tested on a test-only page that extends the base layout, as the tab does."""

import datetime as dt
import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path, resolve
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate
from jobs.models import JobRole
from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import (
    LinkedInConnection,
    LinkedInSettings,
    MemberLink,
    MemberUnlink,
    RscIntegration,
)
from linkedin_integration.services.sync import sync_push
from linkedin_sandbox.models import Application as SandboxApp
from linkedin_sandbox.models import AtsCandidate, Integration, Member, Project
from tests.browser.conftest import use_the_sandbox
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, JobRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "urn:li:organization:2414183"
CHILD_CLIENT_ID = "attract-widget-child"
ORG_TYPES = ["ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"]


TEST_PAGE = (
    '{% extends "base.html" %}{% block content %}'
    '{% include "linkedin_integration/candidate_tab/_widget.html" %}{% endblock %}'
)


def widget_page(request, pk):
    candidate = Candidate.objects.visible_to(request.user).get(pk=pk)
    page = engines["django"].from_string(TEST_PAGE)
    return HttpResponse(page.render({"candidate": candidate}, request))


# Used as ROOT_URLCONF when the candidate tab does not include the widget yet: the site plus one page.
urlpatterns = [
    path("test-only/widget/<int:pk>/", widget_page),
    path("", include("attract.urls")),
]


@pytest.fixture
def linkedin_is_the_sandbox(settings, live_server):
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 0
    settings.LINKEDIN_SYNC_RECORDS_PER_MINUTE = 0
    use_the_sandbox(settings, live_server.url)


@pytest.fixture
def widget_enabled(linkedin_is_the_sandbox, live_server):
    """Company-level RSC enabled on both sides: the child app (allowed on this site's domain) with its
    organization's integrations ENABLED in the sandbox, and Attract connected to it."""
    partner = SandboxApp.objects.get(kind=SandboxApp.Kind.PARTNER)
    linkedin = LinkedInSettings.load()
    app = SandboxApp.objects.create(
        kind=SandboxApp.Kind.CHILD,
        client_id=CHILD_CLIENT_ID,
        client_secret="attract-widget-child-secret",
        name="Attract for Contoso Demo",
        parent=partner,
        unique_foreign_id=str(linkedin.instance_id),
        valid_js_sdk_domains=[live_server.url],
    )
    for integration_type in ORG_TYPES:
        Integration.objects.create(
            application=app,
            integration_context=ORG,
            integration_type=integration_type,
            status=Integration.Status.ENABLED,
        )
    LinkedInSettings.objects.filter(pk=1).update(
        app_key=app.key,
        app_client_id=CHILD_CLIENT_ID,
        app_client_secret="attract-widget-child-secret",
        connected_at=timezone.now(),
        organization_urn=ORG,
        company_name="Contoso Demo",
    )
    RscIntegration.objects.update_or_create(
        level=RscIntegration.Level.COMPANY, defaults={"state": RscIntegration.State.ENABLED}
    )


@pytest.fixture
def candidate(recruiter):
    job = JobFactory(owner=recruiter, status="ACTIVE")
    JobRoleFactory(job=job, user=recruiter, role=JobRole.Role.RECRUITER)
    candidate = CandidateFactory(
        first_name="Casey", last_name="Candidate", email="casey.candidate@example.com"
    )
    ApplicationFactory(job=job, candidate=candidate)
    return candidate


def sync():
    """The In-ATS sync over HTTP to the sandbox, with a clock a little ahead so that rows written just
    now lie before its horizon."""
    moment = timezone.now() + dt.timedelta(seconds=5)
    report = sync_push(client=LinkedInClient(sleep=lambda seconds: None), clock=lambda: moment)
    assert not report.stopped, report.stopped


def on_linkedin(candidate) -> AtsCandidate:
    """The candidate sent by the sync; LinkedIn (the sandbox) matches Casey by email."""
    sync()
    return AtsCandidate.objects.get(ats_candidate_id=str(candidate.pk))


def linkedins_match(candidate):
    return AtsCandidate.objects.get(ats_candidate_id=str(candidate.pk)).manual_matched_member


@pytest.fixture
def recruiter_connected(recruiter):
    # Alex Admin's LinkedIn account: the same person signs in to LinkedIn Recruiter in the browser.
    LinkedInConnection.objects.create(
        user=recruiter, person_urn="urn:li:person:Ax7dQm2Pa1", name="Alex Admin"
    )


def tab_url(settings, candidate) -> str:
    """The candidate's LinkedIn tab if it includes the widget, else the test-only page."""
    real = f"/candidates/{candidate.pk}/linkedin/"
    if resolve(real).func.__module__ == "linkedin_integration.views.candidate_tab":
        return real
    settings.ROOT_URLCONF = __name__
    return f"/test-only/widget/{candidate.pk}/"


def sign_in_to_linkedin(page, name):
    page.goto("/sandbox/linkedin/signin/")
    page.get_by_text(name).click()
    page.get_by_role("button", name="Sign in").click()


def test_linking_and_unlinking_in_the_widget_changes_the_match_on_both_sides(
    page, sign_in, settings, widget_enabled, recruiter, recruiter_connected, candidate
):
    on_linkedin(candidate)
    rita = Member.objects.get(first_name="Rita")
    alex_seat = Member.objects.get(first_name="Alex").seats.get(contract__contract_id=500100)
    Project.objects.get_or_create(owner=alex_seat, name="Backend engineers")
    url = tab_url(settings, candidate)
    sign_in(recruiter, next_url="/jobs/")
    sign_in_to_linkedin(page, "Alex Admin")

    page.goto(url)
    box = page.locator("[data-linkedin-widget]")
    expect(box.locator("[data-member-link]")).to_have_text("Not linked to a LinkedIn member in Attract yet.")
    widget = page.frame_locator("iframe[data-linkedin-frame]")
    expect(widget.get_by_role("heading", name="Casey Candidate")).to_be_visible()
    expect(widget.locator("[data-match]")).to_have_text("Suggested match for Casey Candidate")

    # Not the right person: find Rita and link her instead.
    widget.get_by_role("link", name="Not the right person?").click()
    widget.get_by_label("Search LinkedIn members").fill("Rita")
    widget.get_by_role("button", name="Search").click()
    widget.get_by_role("button", name="Link Rita Recruiter").click()

    expect(widget.locator("[data-match]")).to_have_text("Linked to Casey Candidate")
    expect(widget.get_by_role("heading", name="Rita Recruiter")).to_be_visible()
    expect(box.locator("[data-widget-status]")).to_have_text(
        f"Linked Casey Candidate to {rita.urn} in Attract."
    )
    expect(box.locator("[data-member-link]")).to_have_text(
        f"Linked in Attract to {rita.urn} (Profile widget)."
    )
    link = MemberLink.objects.get(candidate=candidate)
    assert (link.member_urn, link.source, link.linked_by) == (rita.urn, MemberLink.Source.WIDGET, recruiter)
    assert linkedins_match(candidate) == rita
    # The sync sends Attract's link as the manual match: LinkedIn keeps Rita.
    sync()
    assert linkedins_match(candidate) == rita

    # Save Rita to one of Alex's projects while here.
    widget.get_by_label("Project", exact=True).select_option(label="Backend engineers")
    widget.get_by_role("button", name="Save to project").click()
    expect(widget.locator("[data-saved-in]")).to_have_text("In Backend engineers")
    assert rita in Project.objects.get(name="Backend engineers").members.all()

    # A reload shows the link Attract stored.
    page.reload()
    expect(box.locator("[data-member-link]")).to_have_text(
        f"Linked in Attract to {rita.urn} (Profile widget)."
    )

    # Unlink, confirming as the embed asks (data-confirm-unlink).
    widget.get_by_role("button", name="Unlink").click()
    expect(widget.get_by_role("heading", name="Unlink Rita Recruiter?")).to_be_visible()
    widget.get_by_role("button", name="Yes, unlink").click()

    expect(box.locator("[data-widget-status]")).to_have_text("Unlinked in Attract.")
    expect(box.locator("[data-member-link]")).to_have_text("Not linked to a LinkedIn member in Attract yet.")
    expect(widget.locator("[data-match]")).to_have_text("Suggested match for Casey Candidate")
    assert not MemberLink.objects.filter(candidate=candidate).exists()
    assert MemberUnlink.objects.filter(candidate_id=candidate.pk, member_urn=rita.urn).exists()
    assert linkedins_match(candidate) is None
    sync()
    assert linkedins_match(candidate) is None


def test_a_member_linked_to_another_candidate_is_refused_in_attract_with_the_reason(
    page, sign_in, settings, widget_enabled, recruiter, recruiter_connected, candidate
):
    on_linkedin(candidate)
    casey = Member.objects.get(first_name="Casey")
    twin = CandidateFactory(first_name="Casey", last_name="Twin", created_by=recruiter)
    MemberLink.objects.create(candidate=twin, member_urn=casey.urn, source=MemberLink.Source.EXPORT)
    url = tab_url(settings, candidate)
    sign_in(recruiter, next_url="/jobs/")
    sign_in_to_linkedin(page, "Alex Admin")

    page.goto(url)
    widget = page.frame_locator("iframe[data-linkedin-frame]")
    widget.get_by_role("button", name="Yes, link Casey").click()

    status = page.locator("[data-linkedin-widget] [data-widget-status]")
    expect(status).to_have_text(re.compile("already linked to Casey Twin in Attract"))
    expect(page.locator("[data-member-link]")).to_have_text("Not linked to a LinkedIn member in Attract yet.")
    assert list(MemberLink.objects.values_list("candidate_id", "member_urn")) == [(twin.pk, casey.urn)]


def test_the_pages_callbacks_take_the_member_urn_also_wrapped_in_an_object(
    page, sign_in, settings, widget_enabled, recruiter, recruiter_connected, candidate
):
    # LinkedIn's real widget documents only that the callbacks receive the member URN (assumed.py).
    on_linkedin(candidate)
    url = tab_url(settings, candidate)
    sign_in(recruiter, next_url="/jobs/")

    page.goto(url)
    page.wait_for_function("typeof window.attractLinkedInWidgetLinked === 'function'")
    page.evaluate("window.attractLinkedInWidgetLinked({memberUrn: 'urn:li:person:Rt4kLw9Re2'})")

    box = page.locator("[data-linkedin-widget]")
    expect(box.locator("[data-member-link]")).to_have_text(
        "Linked in Attract to urn:li:person:Rt4kLw9Re2 (Profile widget)."
    )
    page.evaluate("window.attractLinkedInWidgetUnlinked('urn:li:person:Zz0000')")
    expect(box.locator("[data-widget-status]")).to_have_text(re.compile("nothing was unlinked"))
    assert MemberLink.objects.get(candidate=candidate).member_urn == "urn:li:person:Rt4kLw9Re2"
