"""End to end, 1-click export: the recruiter on the job connects their LinkedIn account under Settings
(through the sandbox's sign-in), opens a member in the sandbox's LinkedIn Recruiter, finds the job by its
code in the contact card's job box and exports; a real Celery worker (on Redis, against the PostgreSQL
test database) fetches the export, and Attract's pipeline shows the person in Prospect, source LinkedIn
export, credited to the recruiter. A hiring manager not on the job exporting the same person is refused,
with the reason in their Exports list on Settings.

Given (set up directly, each tested elsewhere): Attract connected to the sandbox with 1-click export
Enabled, and the job synced to LinkedIn as a simple job posting."""

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attract import roles
from candidates.models import Application, Candidate, CandidateSource
from jobs.models import StageKind
from linkedin_integration.models import Export, LinkedInSettings, RscIntegration
from linkedin_sandbox.models import Application as SandboxApp
from linkedin_sandbox.models import Integration, Organization, SimpleJobPosting
from tests.browser.conftest import sandbox_settings, use_the_sandbox
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ORG = "urn:li:organization:2414183"
CHILD_ID, CHILD_SECRET = "attract-e2e-child", "attract-e2e-child-secret"
SETTLED_SECONDS = 30


@pytest.fixture(scope="module")
def worker(celery_worker, live_server):
    """A worker speaking to the sandbox on the live server; returns its log's path."""
    _, log_path = celery_worker(
        "export",
        **sandbox_settings(live_server.url),
    )
    return log_path


@pytest.fixture
def linkedin_is_the_sandbox(settings, live_server, worker):
    use_the_sandbox(settings, live_server.url)
    callback = f"{live_server.url}/linkedin/rsc/callback/"
    partner = SandboxApp.objects.get(kind=SandboxApp.Kind.PARTNER)
    child = SandboxApp.objects.create(
        kind=SandboxApp.Kind.CHILD,
        client_id=CHILD_ID,
        client_secret=CHILD_SECRET,
        name="Attract (e2e)",
        parent=partner,
        unique_foreign_id="e2e",
        oauth2_authorized_callback_urls=[f"{live_server.url}/linkedin/oauth/callback/"],
    )
    for kind in ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"):
        Integration.objects.create(
            application=child,
            integration_context=ORG,
            integration_type=kind,
            status=Integration.Status.ENABLED,
            callback_url=callback if kind == "ONE_CLICK_EXPORT" else "",
        )
    LinkedInSettings.objects.update_or_create(
        pk=1,
        defaults={
            "company_name": "Contoso Demo",
            "company_id": "2414183",
            "app_key": f"urn:li:developerApplication:{child.pk}",
            "app_client_id": CHILD_ID,
            "app_client_secret": CHILD_SECRET,
            "connected_at": timezone.now(),
            "organization_urn": ORG,
            "contract_urn": "urn:li:contract:500100",
        },
    )
    RscIntegration.objects.update_or_create(level="COMPANY", defaults={"state": RscIntegration.State.ENABLED})


@pytest.fixture
def synced_job(active_job):
    active_job.title = "Site Reliability Engineer"
    active_job.save(update_fields=["title"])
    SimpleJobPosting.objects.create(
        organization=Organization.objects.get(org_id=2414183),
        external_job_posting_id=active_job.code,
        title=active_job.title,
        location="Amsterdam, NL",
    )
    return active_job


def connect_linkedin_under_settings(page, sign_in, user, member_name):
    sign_in(user, next_url="/settings/")
    page.get_by_role("button", name="Connect LinkedIn").click()
    expect(page).to_have_url(re.compile(r"/sandbox/linkedin/oauth/v2/authorization"))
    page.locator("fieldset.li-members").get_by_text(member_name, exact=True).click()
    page.get_by_role("button", name="Allow").click()
    expect(page.locator("[data-member-connected]")).to_have_text("Connected")


def export_in_recruiter(page, member_name, job):
    """As the signed-in LinkedIn member: People search, the profile, the job box by job code, Export."""
    page.goto("/sandbox/linkedin/signin/?next=/sandbox/linkedin/recruiter/people/")
    page.locator("fieldset.li-members").get_by_text(member_name, exact=True).click()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Search people").fill("Amara Okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_label("Find a job by title or job ID").fill(job.code)
    page.get_by_role("button", name="Search jobs").click()
    box = page.locator("#export")
    expect(box.locator("[data-export-jobs]")).to_contain_text(job.title)
    box.get_by_role("button", name=re.compile(f"Export Amara Okafor to .*{job.code}")).click()
    expect(page.locator(".li-messages")).to_contain_text(re.compile(r"The ATS answered HTTP 20\d"))


def sign_out(page):
    page.goto("/jobs/")
    page.get_by_role("button", name="Sign out").click()


def test_an_export_lands_in_prospect_and_a_hiring_manager_off_the_job_is_refused_with_the_reason(
    page, sign_in, recruiter, synced_job, linkedin_is_the_sandbox
):
    connect_linkedin_under_settings(page, sign_in, recruiter, "Rita Recruiter")
    export_in_recruiter(page, "Rita Recruiter", synced_job)

    # Within seconds the real worker has fetched the export: Amara is in Prospect on the pipeline.
    page.goto(f"/jobs/{synced_job.pk}/")
    prospect = synced_job.stages.get(kind=StageKind.PROSPECT)
    column = page.locator(f"#stage-{prospect.pk}")
    deadline = time.monotonic() + SETTLED_SECONDS
    while "Amara Okafor" not in column.inner_text() and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    expect(column).to_contain_text("Amara Okafor")
    column.get_by_role("link", name="Amara Okafor").click()
    expect(page.locator("body")).to_contain_text("LinkedIn export")
    expect(page.locator("#activity, body").first).to_contain_text(
        f"Exported from LinkedIn Recruiter by {recruiter}"
    )
    candidate = Candidate.objects.get(first_name="Amara", last_name="Okafor")
    assert (candidate.source, candidate.created_by) == (CandidateSource.LINKEDIN_EXPORT, recruiter)
    assert Application.objects.get(candidate=candidate).stage == prospect

    # A hiring manager on another team exports the same person into the same job: refused.
    manager = UserFactory(username="hugo", first_name="Hugo", last_name="Manager")
    roles.set_roles(manager, [roles.HIRING_MANAGER])
    sign_out(page)
    connect_linkedin_under_settings(page, sign_in, manager, "Hugo Manager")
    export_in_recruiter(page, "Hugo Manager", synced_job)

    deadline = time.monotonic() + SETTLED_SECONDS
    while not Export.objects.filter(exporter=manager).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    page.goto("/settings/")
    exports = page.locator("#exports")
    expect(exports).to_contain_text("Refused")
    expect(exports).to_contain_text(
        f"Hugo Manager is not a Recruiter or Hiring manager on {synced_job.code}."
    )
    expect(page.locator("[data-export-alerts]")).to_have_text("1 refused LinkedIn export")
    assert Application.objects.filter(job=synced_job).count() == 1
    assert Candidate.objects.filter(first_name="Amara").count() == 1
