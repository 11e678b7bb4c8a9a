"""What a page shows, in a real browser: accent-insensitive candidate search and its too-long query,
and the career site's brand (company name, logo and accent colour from the Admin center)."""

import pytest
from playwright.sync_api import expect

from attract.models import CareerSite
from linkedin_integration.models import LinkedInSettings
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f0000010100005b1ae7a50000000049454e44ae426082"
)


def test_a_recruiter_finds_garcia_by_typing_it_plainly(page, sign_in, admin_user):
    CandidateFactory(first_name="José", last_name="García", email="jose@example.org")
    CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")
    sign_in(admin_user, next_url="/candidates/")

    page.get_by_label("Search by name, email or current company").fill("garcia")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("link", name="José García")).to_be_visible()
    expect(page.get_by_role("link", name="Grace Hopper")).to_have_count(0)


def test_a_search_too_long_says_so_and_lists_nobody(page, sign_in, admin_user):
    CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")
    sign_in(admin_user, next_url="/candidates/")

    page.get_by_label("Search by name, email or current company").fill("grace " * 30)
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("alert")).to_have_text("The search is too long: use at most 150 characters.")
    expect(page.get_by_role("link", name="Grace Hopper")).to_have_count(0)


def test_the_career_site_wears_the_companys_name_logo_and_colour(page, sign_in, admin_user, tmp_path):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso Ltd"})
    CareerSite.objects.get_or_create(pk=1)
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG_1x1)
    sign_in(admin_user, next_url="/admin-center/career-site/")

    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_label("Accent colour").fill("#0a66c2")
    page.get_by_role("button", name="Save career site").click()
    expect(page.get_by_text("Career site saved.")).to_be_visible()

    page.goto("/careers/")
    expect(page).to_have_title("Open positions · Contoso Ltd")
    brand = page.locator("header .brand")
    expect(brand).to_have_text("Contoso Ltd")
    expect(brand.locator("img.brand-logo")).to_be_visible()
    # The colour arrives through the stylesheet (no inline style): the header is painted with it.
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(10, 102, 194)")
