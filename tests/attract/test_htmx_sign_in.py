"""A section htmx loads after the session expired sends the browser to the sign-in form and back to the
page it was on, instead of htmx putting the sign-in page inside the section."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE = "http://testserver/admin-center/linkedin/"


def htmx_get(client, url, current=PAGE):
    return client.get(url, headers={"HX-Request": "true", "HX-Current-URL": current})


def test_a_signed_out_htmx_request_redirects_the_whole_page_to_sign_in(client):
    response = htmx_get(client, reverse("linkedin:sync_section"))

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fadmin-center%2Flinkedin%2F"
    assert "Location" not in response
    assert b"Password" not in response.content


def test_another_sites_current_url_is_not_where_sign_in_leads_back(client):
    response = htmx_get(client, reverse("linkedin:sync_section"), current="https://evil.example/x")

    assert response["HX-Redirect"] == "/accounts/login/?next=%2F"


def test_a_plain_request_still_gets_the_usual_redirect(client):
    response = client.get(reverse("linkedin:sync_section"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "HX-Redirect" not in response


def test_a_signed_in_htmx_request_gets_its_section(client, admin_user):
    client.force_login(admin_user)

    response = htmx_get(client, reverse("linkedin:sync_section"))

    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert b'id="sync"' in response.content
