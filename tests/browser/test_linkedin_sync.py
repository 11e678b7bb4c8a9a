"""End to end, In-ATS: RSC switched on through the sandbox's screens; in Attract a recruiter moves a
candidate to a new stage and adds a note, an interviewer submits feedback; a real Celery worker (on
Redis, against this test's PostgreSQL database) runs the sync those changes ask for; LinkedIn
Recruiter's member profile (the sandbox's) shows all three in its In-ATS tabs, and the note deleted in
Attract disappears there after the next sync."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sandbox_settings, use_the_sandbox
from tests.factories import ApplicationFactory, CandidateFactory, StageChangeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

SYNC_SECONDS = 60
CASEY = "Cs2hNv6Ca3"  # the sandbox member the candidate is (same email)


@pytest.fixture(scope="module")
def sync_worker(celery_worker, live_server):
    """A worker speaking to the sandbox on the live server; returns its log's path."""
    _, log_path = celery_worker(
        "sync",
        **sandbox_settings(live_server.url),
        LINKEDIN_SYNC_SAFETY_SECONDS="1",
    )
    return log_path


@pytest.fixture
def linkedin_is_the_sandbox(settings, live_server, sync_worker):
    use_the_sandbox(settings, live_server.url)
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 1
    settings.LINKEDIN_SYNC_DEBOUNCE_SECONDS = 2
    from linkedin_integration.tasks import forget_sync_window

    forget_sync_window()


def enable_rsc_through_the_screens(page, sign_in, admin_user):
    sign_in(admin_user, next_url="/admin-center/linkedin/")
    page.get_by_label("Company name").fill("Contoso Demo")
    page.get_by_label("LinkedIn Company ID").fill("2414183")
    page.locator("#company").get_by_role("button", name="Save").click()
    page.locator("#connect").get_by_role("button", name="Connect").click()
    page.get_by_text("Alex Admin").click()
    page.get_by_role("button", name="Allow").click()
    page.get_by_label(re.compile("Campus")).check()
    page.get_by_role("button", name="Connect this contract").click()
    contract_row = page.locator("#rsc-contract")
    contract_row.get_by_role("button", name="Request contract-level").click()
    expect(contract_row.locator("[data-rsc-state]")).to_have_text("Partner ready")
    page.goto("/sandbox/linkedin/recruiter/admin/ats/")
    page.get_by_role("button", name=re.compile("Campus")).click()
    page.locator("article.li-ats").first.get_by_role("button", name="Contract-level").click()
    expect(page.locator("body")).to_contain_text("delivered")
    # The worker processes LinkedIn's push a few seconds later: reload until the tab says Enabled.
    deadline = time.monotonic() + SYNC_SECONDS
    while True:
        page.goto("/admin-center/linkedin/")
        if page.locator("#rsc-contract [data-rsc-state]").inner_text().strip() == "Enabled":
            break
        if time.monotonic() > deadline:
            pytest.fail("RSC never showed Enabled in Attract")
        time.sleep(1)


def sign_out(page):
    """Leave the page first: the Admin center loads its sync section with htmx after the page has
    loaded, and that request, sent without cookies, would set a new CSRF cookie under the next
    sign-in form."""
    page.goto("about:blank")
    page.context.clear_cookies()


def sandbox_sign_in(page):
    sign_out(page)
    page.goto("/sandbox/linkedin/signin/")
    page.get_by_text("Alex Admin").first.click()
    page.get_by_role("button", name="Sign in").click()


def wait_on_profile(page, condition, what):
    """Reload LinkedIn's member profile until `condition(text of the In-ATS section)` holds."""
    deadline = time.monotonic() + SYNC_SECONDS
    while True:
        page.goto(f"/sandbox/linkedin/recruiter/people/{CASEY}/")
        text = page.locator("#in-ats").inner_text()
        if condition(text):
            return text
        if time.monotonic() > deadline:
            pytest.fail(f"LinkedIn's In-ATS section never showed {what}; it shows:\n{text}")
        time.sleep(1)


def test_stage_note_and_feedback_reach_linkedins_in_ats_tabs_and_a_deleted_note_leaves(
    page, sign_in, admin_user, recruiter, interviewer, active_job, linkedin_is_the_sandbox
):
    candidate = CandidateFactory(
        first_name="Casey", last_name="Candidate", email="casey.candidate@example.com"
    )
    application = ApplicationFactory(job=active_job, candidate=candidate)
    StageChangeFactory(application=application)
    enable_rsc_through_the_screens(page, sign_in, admin_user)

    # A recruiter moves Casey to Screen and writes a note.
    sign_out(page)
    sign_in(recruiter, next_url=f"/jobs/{active_job.pk}/")
    card = page.locator(f"#app-{application.pk}")
    card.get_by_label("Move Casey Candidate to").select_option(label="Screen")
    card.get_by_role("button", name="Move", exact=True).click()
    page.goto(f"/candidates/{candidate.pk}/activity/")
    page.get_by_label("Note", exact=True).fill("Strong Django background; call back Monday.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("main")).to_contain_text("call back Monday")

    # The interviewer submits feedback.
    sign_out(page)
    sign_in(interviewer, next_url=f"/applications/{application.pk}/feedback/")
    page.get_by_label(re.compile("4 – Good")).check()
    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Comments").fill("Clear thinker, good tests.")
    page.get_by_role("button", name="Submit feedback").click()

    # LinkedIn Recruiter, as its admin: Casey's profile shows the three tabs, filled by the worker's sync.
    sandbox_sign_in(page)
    text = wait_on_profile(
        page,
        lambda t: "Screen" in t and "call back Monday" in t and "Clear thinker" in t,
        "the stage, the note and the feedback",
    )
    assert active_job.title in text
    expect(page.locator("#in-ats-jobs .li-in-ats-status")).to_have_text("Screen")
    expect(page.locator("#in-ats-feedback")).to_contain_text("4/5")
    expect(page.get_by_role("link", name=re.compile("Jobs & Statuses"))).to_be_visible()

    # The recruiter deletes the note in Attract; after the next sync LinkedIn no longer shows it.
    sign_out(page)
    sign_in(recruiter, next_url=f"/candidates/{candidate.pk}/activity/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").first.click()
    expect(page.locator("main")).not_to_contain_text("call back Monday")
    sandbox_sign_in(page)
    wait_on_profile(page, lambda t: "call back Monday" not in t and "Clear thinker" in t, "the note gone")
