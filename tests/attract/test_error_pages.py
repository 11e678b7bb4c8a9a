"""Error pages are Attract's own pages, in its layout, with a way back; /favicon.ico is served."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.views import defaults
from django.views.csrf import csrf_failure


def assert_in_the_layout(body):
    assert '<header class="topbar">' in body
    assert "/static/css/attract.css" in body
    assert 'class="button primary" href="' in body  # the way back


def test_a_missing_page_is_a_styled_404_with_a_way_back(client_for, recruiter):
    response = client_for(recruiter).get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert_in_the_layout(body)
    assert "There is nothing here" in body and "<code>/no-such-page/</code>" in body
    assert 'href="/jobs/">Go to Jobs</a>' in body


def test_an_anonymous_visitor_is_sent_to_the_career_site_from_a_404(client):
    body = client.get("/no-such-page/").content.decode()

    assert 'href="/careers/">See open jobs</a>' in body


def test_a_refused_page_is_a_styled_403_that_says_why(client_for, recruiter):
    response = client_for(recruiter).get("/admin-center/users/")

    body = response.content.decode()
    assert response.status_code == 403
    assert_in_the_layout(body)
    assert "Only administrators can open the Admin center." in body
    assert 'class="mainnav"' in body  # the signed-in navigation is there


def test_the_500_page_needs_no_database_and_no_request_context():
    # No django_db mark: any query would fail this test.
    request = RequestFactory().get("/jobs/")

    response = defaults.server_error(request)

    body = response.content.decode()
    assert response.status_code == 500
    assert_in_the_layout(body)
    assert "Something went wrong on our side" in body


def test_the_400_page_is_styled_and_needs_no_database():
    # As when the Host header is refused: before the session and the user are read.
    request = RequestFactory().get("/")

    response = defaults.bad_request(request, SuspiciousOperation("junk"))

    assert response.status_code == 400
    assert_in_the_layout(response.content.decode())
    assert "could not be understood" in response.content.decode()


def test_a_form_posted_without_its_csrf_token_gets_the_styled_form_expired_page(recruiter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter)

    response = client.post("/settings/time-zone/", {"time_zone": "Europe/Amsterdam"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    recruiter.refresh_from_db()
    assert recruiter.time_zone == ""


def test_the_csrf_page_renders_without_a_request_context():
    request = RequestFactory().post("/")
    get_token(request)

    response = csrf_failure(request, reason="CSRF cookie not set.")

    assert_in_the_layout(response.content.decode())


@pytest.mark.django_db
def test_favicon_ico_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_every_page_links_the_favicon(db, client):
    assert '<link rel="icon" href="/favicon.ico">' in client.get("/careers/").content.decode()


def test_permission_denied_without_a_message_still_says_something(rf, recruiter):
    request = rf.get("/")
    request.user = recruiter

    response = defaults.permission_denied(request, PermissionDenied())

    assert "Your role does not allow this." in response.content.decode()
