"""The career site's brand: the company name from the Admin center in its header and page titles, and
an optional logo and accent colour that administrators set in Admin center > Career site."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attract.models import CareerSite
from jobs.models import Job
from linkedin_integration.models import LinkedInSettings
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

TAB = "/admin-center/career-site/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def contoso(db):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso Ltd"})


@pytest.fixture
def public_job(admin_user):
    return JobFactory(status=Job.Status.ACTIVE, owner=admin_user, title="Backend Engineer")


def career_pages(job):
    return [
        reverse("careers:list"),
        reverse("careers:detail", args=[job.code]),
        reverse("career_apply:apply", args=[job.code]),
        reverse("career_apply:thanks", args=[job.code]),
    ]


def header_brand(html):
    return re.search(r'<a class="brand"[^>]*>(.*?)</a>', html, re.S).group(1)


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_every_career_page_shows_the_company_name_in_its_header_and_title(client, contoso, public_job):
    for url in career_pages(public_job):
        html = client.get(url).content.decode()
        assert header_brand(html) == "Contoso Ltd", url
        assert title_of(html).endswith(" · Contoso Ltd"), url
        assert "Attract" not in title_of(html)


def test_without_a_company_name_the_career_site_says_careers_not_attract(client, public_job):
    html = client.get(reverse("careers:list")).content.decode()

    assert header_brand(html) == "Careers"
    assert title_of(html) == "Open positions · Careers"


def test_staff_pages_keep_attracts_own_name(client_for, admin_user, contoso):
    html = client_for(admin_user).get(reverse("jobs:list")).content.decode()

    assert header_brand(html) == "Attract"
    assert title_of(html).endswith(" · Attract")


def test_an_administrator_sets_the_accent_colour_and_the_career_pages_link_its_stylesheet(
    client, client_for, admin_user, public_job
):
    saved = client_for(admin_user).post(TAB, {"accent_colour": "#0A66C2"})
    assert saved.status_code == 302

    html = client.get(reverse("careers:detail", args=[public_job.code])).content.decode()
    href = re.search(r'<link rel="stylesheet" href="(/careers/brand\.css\?v=\d+)">', html).group(1)
    css = client.get(href)
    assert css["Content-Type"].startswith("text/css")
    assert "--accent: #0a66c2" in css.content.decode()
    # No inline style: the Content-Security-Policy allows stylesheets from the site only.
    assert "style=" not in html and "<style" not in html


def test_the_default_colour_links_no_stylesheet(client, client_for, admin_user, public_job):
    client_for(admin_user).post(TAB, {"accent_colour": "#0a66c2"})
    client_for(admin_user).post(TAB, {"accent_colour": "#0a66c2", "use_default_colour": "on"})

    html = client.get(reverse("careers:list")).content.decode()

    assert CareerSite.objects.get(pk=1).accent_colour == ""
    assert "brand.css" not in html


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "#123456;}body{display:none"])
def test_a_colour_that_is_not_rrggbb_is_refused_and_nothing_is_saved(client_for, admin_user, colour):
    response = client_for(admin_user).post(TAB, {"accent_colour": colour})

    assert response.status_code == 400
    assert "Choose a colour as #rrggbb" in response.content.decode()
    assert CareerSite.objects.get(pk=1).accent_colour == ""


def test_an_administrator_uploads_a_logo_that_the_header_shows(client, client_for, admin_user, contoso):
    upload = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    assert client_for(admin_user).post(TAB, {"logo": upload, "accent_colour": ""}).status_code == 302

    html = client.get(reverse("careers:list")).content.decode()
    src = re.search(r'<img class="brand-logo" src="([^"]+)" alt="">', html).group(1)
    logo = client.get(src)
    assert (logo.status_code, logo["Content-Type"]) == (200, "image/png")
    assert logo.content == PNG
    assert header_brand(html).endswith("Contoso Ltd")


def test_removing_the_logo_takes_it_off_the_header(
    client, client_for, admin_user, django_capture_on_commit_callbacks
):
    admin = client_for(admin_user)
    admin.post(TAB, {"logo": SimpleUploadedFile("logo.png", PNG), "accent_colour": ""})
    stored = CareerSite.objects.get(pk=1).logo.name
    storage = CareerSite._meta.get_field("logo").storage

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(TAB, {"remove_logo": "on", "accent_colour": ""})

    assert "brand-logo" not in client.get(reverse("careers:list")).content.decode()
    assert client.get(reverse("career_site_logo")).status_code == 404
    assert not storage.exists(stored)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.svg", b"<svg onload=alert(1)></svg>", "Upload the logo as a PNG, JPEG, GIF or WebP image."),
        ("logo.png", b"MZ\x90\x00 not an image", "This file is not a PNG, JPEG, GIF or WebP image."),
        ("logo.png", PNG + b"\x00" * 600_000, "The logo is too large"),
    ],
)
def test_a_logo_that_is_not_a_small_image_is_refused_and_nothing_is_stored(
    client_for, admin_user, name, content, message
):
    response = client_for(admin_user).post(
        TAB, {"logo": SimpleUploadedFile(name, content), "accent_colour": ""}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CareerSite.objects.get(pk=1).logo


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager", "interviewer", "read_only"])
def test_only_administrators_open_or_save_the_career_site_tab(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(TAB).status_code == 403
    assert client.post(TAB, {"accent_colour": "#000000"}).status_code == 403
    assert CareerSite.objects.get(pk=1).accent_colour == ""


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(TAB)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_tab_names_the_company_name_and_where_to_change_it(client_for, admin_user, contoso):
    html = client_for(admin_user).get(TAB).content.decode()

    assert "<strong>Contoso Ltd</strong>" in html
    assert 'href="/admin-center/linkedin/">LinkedIn Integration tab</a>' in html
    assert 'type="color"' in html
