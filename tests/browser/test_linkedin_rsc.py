"""End to end on the live server with the sandbox as LinkedIn: an admin saves the company settings,
Connects through LinkedIn's sign-in (choosing one of two contracts), requests contract-level RSC and
sees Partner ready; in LinkedIn Recruiter's Admin settings > ATS the contract admin switches access
on, and back in Attract the tab shows Enabled (contract-level), moved there by the signed push."""

import re

import pytest
from playwright.sync_api import expect

from linkedin_integration.models import LinkedInSettings, PushNotification, RscIntegration
from tests.browser.conftest import use_the_sandbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def linkedin_is_the_sandbox(settings, live_server):
    use_the_sandbox(settings, live_server.url)


def test_an_admin_connects_requests_contract_level_rsc_and_sees_it_enabled(
    page, sign_in, admin_user, linkedin_is_the_sandbox
):
    sign_in(admin_user, next_url="/admin-center/linkedin/")

    page.get_by_label("Company name").fill("Contoso Demo")
    page.get_by_label("LinkedIn Company ID").fill("2414183")
    page.locator("#company").get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Company settings saved.")

    # Connect: LinkedIn's sign-in page (the sandbox's), then the contract chooser back in Attract.
    page.locator("#connect").get_by_role("button", name="Connect").click()
    expect(page).to_have_url(re.compile(r"/sandbox/linkedin/oauth/v2/authorization"))
    page.get_by_text("Alex Admin").click()
    page.get_by_role("button", name="Allow").click()
    expect(page.get_by_role("heading", name="Which LinkedIn Recruiter contract?")).to_be_visible()
    page.get_by_label(re.compile("Campus")).check()
    page.get_by_role("button", name="Connect this contract").click()
    expect(page.locator("#connection [data-connected]")).to_have_text("Connected")
    expect(page.locator("#connection [data-contract]")).to_contain_text("urn:li:contract:500200")

    # Request contract-level access: Attract does the partner-side step and shows Partner ready.
    contract_row = page.locator("#rsc-contract")
    contract_row.get_by_role("button", name="Request contract-level").click()
    expect(contract_row.locator("[data-rsc-state]")).to_have_text("Partner ready")
    expect(contract_row).to_contain_text("Admin settings > ATS")

    # LinkedIn Recruiter > Admin settings > ATS, as the contract's admin.
    page.goto("/sandbox/linkedin/recruiter/admin/ats/")
    page.get_by_role("button", name=re.compile("Campus")).click()
    app_card = page.locator("article.li-ats").first
    app_card.get_by_role("button", name="Contract-level").click()
    expect(page.locator("body")).to_contain_text("delivered")

    page.goto("/admin-center/linkedin/")
    expect(page.locator("#rsc-contract [data-rsc-state]")).to_have_text("Enabled")
    expect(page.locator("#audit")).to_contain_text("LinkedIn: INTEGRATION_STATUS_CHANGE")
    assert RscIntegration.objects.get(level="CONTRACT").state == "ENABLED"
    assert PushNotification.objects.get().status == "PROCESSED"
    assert LinkedInSettings.load().app_client_secret not in page.content()
