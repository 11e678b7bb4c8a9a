"""With the Content-Security-Policy on, Attract's own pages load and work in Chromium without a single
violation: scripts and styles come from static files only, htmx included."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import TalentPool
from jobs.models import Job, StageKind
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    NoteFactory,
    TalentPoolFactory,
    TalentPoolMemberFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collected in the page itself: an init script is injected by the browser, so the policy does not
# apply to it, and it sees every violation the policy reports (refused scripts, styles, handlers).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every policy violation and console complaint about the policy collected."""
    complaints = []
    page.context.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.complaints = complaints
    return page


def violations(page):
    return page.evaluate("window.__violations") + page.complaints


@pytest.fixture
def world(admin_user, active_job):
    active_job.activated_at = timezone.now()
    active_job.save(update_fields=["activated_at"])
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    application = ApplicationFactory(
        candidate=candidate, job=active_job, stage=active_job.stages.get(kind=StageKind.APPLICATION)
    )
    NoteFactory(application=application, author=admin_user)
    pool = TalentPoolFactory(name="Compilers", created_by=admin_user)
    TalentPoolMemberFactory(pool=pool, candidate=candidate)
    draft = JobFactory(owner=admin_user, status=Job.Status.DRAFT)
    return {"job": active_job, "draft": draft, "candidate": candidate, "pool": pool}


def test_the_public_pages_load_without_a_violation(watched, world):
    job = world["job"]
    for address in ("/careers/", f"/careers/{job.code}/", f"/careers/{job.code}/apply/", "/accounts/login/"):
        response = watched.goto(address)
        assert response.ok, address
        assert "script-src 'self'" in response.headers["content-security-policy"]
        watched.wait_for_load_state("networkidle")
        assert violations(watched) == [], address


def test_the_recruiter_pages_load_and_their_scripts_work_without_a_violation(
    watched, sign_in, admin_user, world
):
    sign_in(admin_user)
    job, candidate, pool = world["job"], world["candidate"], world["pool"]
    addresses = [
        "/jobs/",
        f"/jobs/{job.pk}/",
        f"/jobs/{world['draft'].pk}/details/",
        f"/jobs/{world['draft'].pk}/process/",
        f"/jobs/{job.pk}/team/",
        "/jobs/new/",
        "/candidates/",
        "/candidates/?q=Grace",
        f"/candidates/{candidate.pk}/",
        f"/candidates/{candidate.pk}/activity/",
        "/talent-pools/",
        f"/talent-pools/{pool.pk}/",
        "/admin-center/",
        "/admin-center/linkedin/",
        "/settings/",
    ]
    for address in addresses:
        response = watched.goto(address)
        assert response.ok, address
        watched.wait_for_load_state("networkidle")
        assert violations(watched) == [], address

    # The description editor (a static script) still formats text.
    watched.goto("/jobs/new/")
    expect(watched.get_by_role("toolbar", name="Formatting")).to_be_visible()
    # htmx (static) still loads the pipeline's columns.
    watched.goto(f"/jobs/{job.pk}/")
    expect(watched.get_by_text("Grace Hopper").first).to_be_visible()
    assert violations(watched) == []


def test_deleting_a_pool_still_asks_first_and_cancelling_keeps_it(watched, sign_in, admin_user, world):
    sign_in(admin_user)
    pool = world["pool"]
    watched.goto(f"/talent-pools/{pool.pk}/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    watched.on("dialog", dismiss)
    watched.get_by_role("button", name="Delete pool").click()

    assert questions == ["Delete this talent pool? Its candidates stay in Attract."]
    assert TalentPool.objects.filter(pk=pool.pk).exists()
    assert violations(watched) == []
