"""End to end, InMail and notes history: a recruiter connected under Settings sends an InMail in the
sandbox's LinkedIn Recruiter; the member answers from their inbox and shares their profile; the recruiter
adds a note on the member's profile. After a pull run by a real Celery worker (on Redis, against the
PostgreSQL test database, speaking to the sandbox on the live server), Attract's LinkedIn pool holds the
new candidate (source LinkedIn InMail) and their LinkedIn tab shows the thread and the note; a second
recruiter opening the same tab sees who exchanged InMail and when, never the text.

Given (set up directly, each tested elsewhere): Attract connected to the sandbox with contract-level
access Enabled on both sides."""

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate, CandidateSource, TalentPool
from linkedin_integration.models import LinkedInSettings, RscIntegration
from linkedin_integration.tasks import pull_linkedin_history
from linkedin_sandbox.models import Application as SandboxApp
from linkedin_sandbox.models import Integration
from tests.browser.conftest import sandbox_settings, use_the_sandbox
from tests.browser.test_linkedin_export import connect_linkedin_under_settings, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ORG, CONTRACT = "urn:li:organization:2414183", "urn:li:contract:500100"
CHILD_ID, CHILD_SECRET = "attract-history-child", "attract-history-child-secret"
PULLED_SECONDS = 60
MEMBER = "Wanjiru Kamau"


@pytest.fixture(scope="module")
def worker(celery_worker, live_server):
    """A worker pulling from the sandbox on the live server; returns its log's path."""
    _, log_path = celery_worker(
        "history",
        **sandbox_settings(live_server.url),
        # One day back is two windows per seat and resource: the first pull stays short.
        LINKEDIN_HISTORY_FIRST_DAYS="1",
    )
    return log_path


@pytest.fixture
def contract_level(settings, live_server, worker):
    use_the_sandbox(settings, live_server.url)
    partner = SandboxApp.objects.get(kind=SandboxApp.Kind.PARTNER)
    child = SandboxApp.objects.create(
        kind=SandboxApp.Kind.CHILD,
        client_id=CHILD_ID,
        client_secret=CHILD_SECRET,
        name="Attract (history e2e)",
        parent=partner,
        unique_foreign_id="history-e2e",
        oauth2_authorized_callback_urls=[f"{live_server.url}/linkedin/oauth/callback/"],
    )
    Integration.objects.create(
        application=child, integration_context=CONTRACT, integration_type="CSA_API", status="ENABLED"
    )
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "company_name": "Contoso Demo",
            "app_key": f"urn:li:developerApplication:{child.pk}",
            "app_client_id": CHILD_ID,
            "app_client_secret": CHILD_SECRET,
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": CONTRACT,
        },
    )
    for level in ("COMPANY", "CONTRACT"):
        RscIntegration.objects.update_or_create(level=level, defaults={"state": RscIntegration.State.ENABLED})


def sandbox_sign_in(page, member_name, next_url):
    page.goto(f"/sandbox/linkedin/signin/?next={next_url}")
    page.locator("fieldset.li-members").get_by_text(member_name, exact=True).click()
    page.get_by_role("button", name="Sign in").click()


def open_member_profile(page, member_name):
    page.get_by_label("Search people").fill(member_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=member_name).click()


def wait_for_candidate(email):
    deadline = time.monotonic() + PULLED_SECONDS
    while time.monotonic() < deadline:
        candidate = Candidate.objects.filter(email=email).first()
        if candidate is not None:
            return candidate
        time.sleep(0.5)
    pytest.fail(f"the worker's pull made no candidate {email} within {PULLED_SECONDS} s")


def test_an_answered_inmail_becomes_a_pool_candidate_whose_tab_shows_the_thread_and_the_note(
    page, sign_in, recruiter, other_recruiter, contract_level
):
    connect_linkedin_under_settings(page, sign_in, recruiter, "Rita Recruiter")

    # Rita, in LinkedIn Recruiter: an InMail from the member's profile.
    sandbox_sign_in(page, "Rita Recruiter", "/sandbox/linkedin/recruiter/people/")
    open_member_profile(page, MEMBER)
    page.get_by_label("Subject").fill("Payments product role")
    page.get_by_label("Message").fill("Hi Wanjiru, would <you> like to hear about our payments team?")
    page.get_by_role("button", name="Send InMail").click()
    expect(page.locator("#inmail")).to_contain_text("would <you> like to hear")

    # The member answers from their inbox and shares the profile with the email.
    sandbox_sign_in(page, MEMBER, "/sandbox/linkedin/messaging/")
    page.get_by_role("link", name="Payments product role").click()
    page.get_by_label("Your answer").fill("Yes, happy to talk next week.")
    page.get_by_label("Share my profile with Rita Recruiter").check()
    page.get_by_label("Include my email address").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("[data-shared]")).to_contain_text("You shared your profile with Rita Recruiter")

    # Rita adds a note on the profile.
    sandbox_sign_in(page, "Rita Recruiter", "/sandbox/linkedin/recruiter/people/")
    open_member_profile(page, MEMBER)
    page.get_by_label("Add a note").fill("Led the M-Pesa checkout; <b>strong</b> fit.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#notes")).to_contain_text("Led the M-Pesa checkout")

    # The periodic pull, run by the real worker.
    pull_linkedin_history.delay()
    candidate = wait_for_candidate("wanjiru.kamau@example.com")
    assert candidate.source == CandidateSource.LINKEDIN_INMAIL

    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    page.goto(f"/talent-pools/{pool.pk}/")
    row = page.locator("tr", has_text="Wanjiru Kamau")
    expect(row).to_contain_text("LinkedIn InMail")
    row.get_by_role("link", name="Wanjiru Kamau").click()
    page.get_by_role("navigation", name="Candidate").get_by_role("link", name="LinkedIn").click()
    history = page.locator("#linkedin-history")
    expect(history).to_contain_text("Payments product role")
    expect(history).to_contain_text("would <you> like to hear")
    expect(history).to_contain_text("Yes, happy to talk next week.")
    expect(page.locator("#linkedin-notes")).to_contain_text("Led the M-Pesa checkout; <b>strong</b> fit.")
    sign_out(page)

    # A second recruiter, connected as another seat holder: who and when, not the text.
    connect_linkedin_under_settings(page, sign_in, other_recruiter, "Priya Sourcer")
    page.goto(f"/candidates/{candidate.pk}/linkedin/")
    history = page.locator("#linkedin-history")
    expect(history).to_contain_text("InMail between Rita Recruiter and Wanjiru Kamau")
    expect(history).not_to_contain_text("happy to talk")
    expect(history).not_to_contain_text("Payments product role")
    expect(page.locator("#linkedin-notes")).to_contain_text("Led the M-Pesa checkout")
    assert re.search(r"\d{1,2} \w{3} \d{4} \d{2}:\d{2}", history.inner_text())
