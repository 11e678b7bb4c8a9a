"""What a member token reads: /me, userinfo, the email address, and the member's Recruiter contracts."""

import pytest

from tests.linkedin_sandbox.helpers import call, member_token

pytestmark = pytest.mark.django_db


def test_me_gives_the_person_id_and_names(client, alex):
    response = call(client, "GET", "me", member_token(client, alex))
    assert response.status_code == 200
    me = response.json()
    assert me["id"] == alex.person_id
    assert (me["localizedFirstName"], me["localizedLastName"]) == ("Alex", "Admin")
    assert me["firstName"]["localized"]["en_US"] == "Alex"


def test_userinfo_gives_the_email_without_the_restli_header(client, casey):
    response = call(client, "GET", "userinfo", member_token(client, casey), protocol=False)
    assert response.status_code == 200
    assert response.json()["email"] == "casey.candidate@example.com"
    assert response.json()["sub"] == casey.person_id


def test_the_email_address_finder(client, casey):
    response = call(client, "GET", "emailAddress?q=members", member_token(client, casey))
    assert response.json()["elements"][0]["handle~"]["emailAddress"] == "casey.candidate@example.com"


def test_an_admin_with_two_seats_sees_both_contracts(client, alex):
    response = call(client, "GET", "recruiterContracts?q=viewer", member_token(client, alex))
    assert response.status_code == 200
    assert response.json()["elements"] == [
        {
            "contract": "urn:li:contract:500100",
            "name": "Contoso Demo Recruiter (Corporate)",
            "organization": "urn:li:organization:2414183",
            "isAdmin": True,
        },
        {
            "contract": "urn:li:contract:500200",
            "name": "Contoso Demo Recruiter (Campus)",
            "organization": "urn:li:organization:2414183",
            "isAdmin": True,
        },
    ]


def test_a_recruiter_sees_her_one_seat_as_not_admin(client, rita):
    elements = call(client, "GET", "recruiterContracts?q=viewer", member_token(client, rita)).json()[
        "elements"
    ]
    assert [(e["contract"], e["isAdmin"]) for e in elements] == [("urn:li:contract:500100", False)]


def test_a_member_without_a_seat_sees_no_contract(client, casey):
    response = call(client, "GET", "recruiterContracts?q=viewer", member_token(client, casey))
    assert response.status_code == 200 and response.json()["elements"] == []


def test_recruiter_contracts_needs_the_viewer_finder(client, alex):
    response = call(client, "GET", "recruiterContracts", member_token(client, alex))
    assert response.status_code == 400


def test_recruiter_contracts_needs_a_member_token(client, child_token):
    assert call(client, "GET", "recruiterContracts?q=viewer", child_token).status_code == 403
