"""End to end: an admin posts a job to LinkedIn, publishes the feed, and the sandbox's LinkedIn Jobs
screen (fetching the feed over HTTP as LinkedIn does) lists it."""

import re

import pytest
from playwright.sync_api import expect

from jobs.models import Job
from linkedin_integration.models import LinkedInSettings
from tests.factories import JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_posts_a_job_publishes_and_sees_it_in_the_sandbox(page, live_server, settings, admin_user):
    # The sandbox screen fetches SITE_URL/linkedin/jobs.xml: point it at the live test server.
    settings.SITE_URL = live_server.url
    LinkedInSettings.objects.update_or_create(
        pk=1, defaults={"company_name": "Contoso", "company_id": "2414183"}
    )
    job = JobFactory(title="Browser Feed Engineer", status=Job.Status.ACTIVE, owner=admin_user)

    page.goto(f"{live_server.url}/accounts/login/?next=/jobs/{job.pk}/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "pass-word-123")
    page.get_by_role("button", name="Sign in").click()

    panel = page.locator("#linkedin")
    expect(panel).to_contain_text("Eligible")
    panel.get_by_role("button", name="Post to LinkedIn").click()
    expect(page.locator("#linkedin [data-linkedin-pending]")).to_contain_text(
        "LinkedIn fetches the feed about once a day"
    )

    page.goto(f"{live_server.url}/admin-center/linkedin/")
    expect(page.locator("#feed-url")).to_have_text(f"{live_server.url}/linkedin/jobs.xml")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messages")).to_contain_text("Feed published: 1 jobs, 0 excluded.")
    expect(page.locator("#last-publication")).to_contain_text("Publish now")

    page.goto(f"{live_server.url}/sandbox/linkedin/jobs/")
    listings = page.locator("#listings")
    expect(listings).to_contain_text("Browser Feed Engineer")
    expect(listings).to_contain_text(job.code)
    expect(page.get_by_role("heading", name=re.compile(r"Limited Listings \(1\)"))).to_be_visible()
