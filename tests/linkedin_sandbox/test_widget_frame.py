"""The sandbox's stand-in for LinkedIn's profile widget: its in.js, the frame page in.js embeds (checked
as LinkedIn checks an embed), linking and unlinking there (LinkedIn's side of the manual match), search
and Save to project, and the Recruiter's Projects screen."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from linkedin_sandbox.models import AtsCandidate, Integration, Organization, Project
from tests.linkedin_sandbox.helpers import ORG, SITE

FRAME = "/sandbox/linkedin/widget/frame/"


@pytest.fixture
def widget_enabled(client, partner_ready):
    Integration.objects.update(status=Integration.Status.ENABLED)


@pytest.fixture
def ats_candidate(db):
    return AtsCandidate.objects.create(
        organization=Organization.objects.get(org_id=2414183),
        ats_candidate_id="42",
        first_name="Casey",
        last_name="Candidate",
        email_addresses=["casey.candidate@example.com"],
    )


@pytest.fixture
def params(child_app):
    return {
        "api_key": child_app["credentials"]["client_id"],
        "origin": SITE,
        "frameId": "in-widget-0",
        "widgetType": "ATS",
        "atsCandidateId": "42",
        "integrationContext": ORG,
        "showUnlinkUrl": "true",
        "confirmUnlink": "true",
    }


@pytest.fixture
def signed_in(client, alex):
    client.post(reverse("sandbox:signin"), {"member": alex.pk})
    return client


def frame_url(params, **changes):
    return f"{FRAME}?{urlencode(params | changes)}"


def text(response):
    return " ".join(response.content.decode().split())


def test_in_js_is_served_under_the_sandbox_as_javascript(client):
    response = client.get("/sandbox/linkedin/in.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert 'script[type="IN/HcmWidget"]' in response.content.decode()


def test_the_frame_may_be_framed_only_by_the_embedding_origin(
    signed_in, widget_enabled, ats_candidate, params
):
    response = signed_in.get(frame_url(params))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == f"frame-ancestors {SITE}"
    assert "X-Frame-Options" not in response


def test_a_seat_holder_sees_linkedins_suggested_match_and_may_link_it(
    signed_in, widget_enabled, ats_candidate, params, casey
):
    page = text(signed_in.get(frame_url(params)))

    assert "Casey Candidate" in page and casey.urn in page
    assert "Suggested match for Casey Candidate" in page
    assert "Yes, link Casey" in page


def test_linking_sets_the_manual_match_and_posts_the_link_to_the_page(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    response = signed_in.post(frame_url(params), {"action": "link", "person": rita.person_id})

    assert response.status_code == 200
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member == rita
    assert ats_candidate.matched_members() == [rita]
    page = text(response)
    assert f'data-widget-event="link" data-widget-member="{rita.urn}"' in page
    assert f'data-parent-origin="{SITE}"' in page
    assert "Linked Rita Recruiter to Casey Candidate." in page
    assert "Linked to Casey Candidate" in page


def test_unlinking_asks_first_when_the_embed_says_confirm_unlink(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    ats_candidate.manual_matched_member = rita
    ats_candidate.save()

    response = signed_in.post(frame_url(params), {"action": "unlink"})

    assert "Unlink Rita Recruiter?" in text(response)
    assert "data-widget-event" not in text(response)
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member == rita


def test_a_confirmed_unlink_clears_the_manual_match_and_posts_the_unlink(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    ats_candidate.manual_matched_member = rita
    ats_candidate.save()

    response = signed_in.post(frame_url(params), {"action": "unlink", "confirmed": "yes"})

    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member is None
    assert f'data-widget-event="unlink" data-widget-member="{rita.urn}"' in text(response)


def test_without_confirm_unlink_an_unlink_happens_at_once(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    ats_candidate.manual_matched_member = rita
    ats_candidate.save()

    signed_in.post(frame_url(params, confirmUnlink="false"), {"action": "unlink"})

    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member is None


def test_without_show_unlink_url_there_is_no_unlink(signed_in, widget_enabled, ats_candidate, params, rita):
    ats_candidate.manual_matched_member = rita
    ats_candidate.save()
    url = frame_url(params, showUnlinkUrl="false")

    assert ">Unlink<" not in signed_in.get(url).content.decode()
    response = signed_in.post(url, {"action": "unlink", "confirmed": "yes"})

    assert response.status_code == 400
    assert "Unlinking is not offered" in text(response)
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member == rita


def test_not_the_right_person_searches_members_to_link(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    page = text(signed_in.get(frame_url(params, view="search", q="recruiter")))

    assert "Find the right person" in page
    assert "Rita Recruiter" in page and 'aria-label="Link Rita Recruiter"' in page
    assert 'aria-label="Link Alex Admin"' not in page


def test_linking_an_unknown_person_is_refused_and_nothing_changes(
    signed_in, widget_enabled, ats_candidate, params
):
    response = signed_in.post(frame_url(params), {"action": "link", "person": "nobody"})

    assert response.status_code == 400
    assert "Choose the person first." in text(response)
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member is None


def test_save_to_project_adds_the_member_to_a_project_of_the_signed_in_seat(
    signed_in, widget_enabled, ats_candidate, params, alex, casey
):
    seat = alex.seats.get(contract__contract_id=500100)
    project = Project.objects.create(owner=seat, name="Data engineers")

    response = signed_in.post(
        frame_url(params), {"action": "save", "person": casey.person_id, "project": project.pk}
    )

    assert "Saved Casey Candidate to the project Data engineers." in text(response)
    assert list(project.members.all()) == [casey]
    assert "In Data engineers" in text(response)


def test_save_to_a_new_project_creates_it_for_the_seat(
    signed_in, widget_enabled, ats_candidate, params, alex, casey
):
    signed_in.post(frame_url(params), {"action": "save", "person": casey.person_id, "new_project": "Campus"})

    project = Project.objects.get(name="Campus")
    assert project.owner.member == alex
    assert list(project.members.all()) == [casey]


@pytest.mark.parametrize("project", ["", "abc", "99999999999999999999", "²", "1²"])
def test_save_without_a_project_of_ones_own_is_refused(
    signed_in, widget_enabled, ats_candidate, params, rita, casey, project
):
    others = Project.objects.create(owner=rita.seats.get(), name="Rita's")
    chosen = project or str(others.pk)

    response = signed_in.post(
        frame_url(params), {"action": "save", "person": casey.person_id, "project": chosen}
    )

    assert response.status_code == 400
    assert "Choose one of your projects or name a new one." in text(response)
    assert not others.members.exists()


def test_an_unknown_action_is_refused(signed_in, widget_enabled, ats_candidate, params):
    response = signed_in.post(frame_url(params), {"action": "delete"})
    assert response.status_code == 400
    assert "Unknown action." in text(response)


def test_a_candidate_the_ats_has_not_synced_is_not_on_linkedin_yet(signed_in, widget_enabled, params):
    page = text(signed_in.get(frame_url(params)))
    assert "This candidate is not on LinkedIn yet" in page


def test_without_a_linkedin_sign_in_the_frame_asks_for_one(client, widget_enabled, ats_candidate, params):
    response = client.get(frame_url(params))

    assert response.status_code == 200
    assert "Sign in to LinkedIn Recruiter" in text(response)
    response = client.post(frame_url(params), {"action": "link", "person": "Rt4kLw9Re2"})
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member is None


def test_a_member_without_a_seat_at_the_organization_sees_why(
    client, widget_enabled, ats_candidate, params, casey
):
    client.post(reverse("sandbox:signin"), {"member": casey.pk})

    response = client.get(frame_url(params))

    assert response.status_code == 403
    assert "Casey Candidate holds no LinkedIn Recruiter seat at Contoso Demo." in text(response)


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"api_key": ""}, 400, "in.js has no valid api_key"),
        ({"api_key": "attract-sandbox-partner"}, 400, "in.js has no valid api_key"),
        ({"origin": "https://elsewhere.example"}, 403, "elsewhere.example is not one of the allowed"),
        ({"origin": "javascript:alert(1)"}, 400, "origin is missing or malformed"),
        ({"frameId": "a b"}, 400, "frame id is missing or malformed"),
        ({"widgetType": "CANDIDATE"}, 400, "data-widget-type must be ATS."),
        ({"integrationContext": "urn:li:contract:500100"}, 400, "must be an organization URN"),
        ({"integrationContext": "urn:li:organization:999"}, 403, "(PROFILE_PLUGIN) is not enabled"),
        ({"integrationContext": "urn:li:organization:" + "9" * 30}, 400, "must be an organization URN"),
        ({"atsCandidateId": ""}, 400, "data-ats-candidate-id is missing"),
        ({"atsCandidateId": "x" * 201}, 400, "data-ats-candidate-id is missing or longer"),
        ({"confirmUnlink": "yes"}, 400, "data-confirm-unlink must be true or false"),
    ],
)
def test_a_bad_embed_is_refused_with_the_reason(
    signed_in, widget_enabled, ats_candidate, params, rita, changes, status, message
):
    url = frame_url(params, **changes)

    assert signed_in.get(url).status_code == status
    response = signed_in.post(url, {"action": "link", "person": rita.person_id})

    assert response.status_code == status
    assert message in response.content.decode()
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member is None


def test_the_widget_needs_the_profile_plugin_enabled(signed_in, partner_ready, ats_candidate, params):
    response = signed_in.get(frame_url(params))

    assert response.status_code == 403
    assert "(PROFILE_PLUGIN) is not enabled for urn:li:organization:2414183" in text(response)


def test_the_projects_screen_lists_the_seat_holders_projects_and_their_people(signed_in, alex, rita, casey):
    mine = Project.objects.create(owner=alex.seats.get(contract__contract_id=500100), name="Data engineers")
    mine.members.add(casey)
    Project.objects.create(owner=rita.seats.get(), name="Not Alex's")

    page = text(signed_in.get(reverse("sandbox:projects")))

    assert "Data engineers" in page and "Casey Candidate" in page
    assert "Not Alex's" not in page


def test_the_projects_screen_needs_a_sign_in(client):
    response = client.get(reverse("sandbox:projects"))
    assert response.status_code == 302
    assert reverse("sandbox:signin") in response["Location"]


def test_linking_the_member_already_linked_tells_the_page_again(
    signed_in, widget_enabled, ats_candidate, params, rita
):
    ats_candidate.manual_matched_member = rita
    ats_candidate.save()

    response = signed_in.post(frame_url(params), {"action": "link", "person": rita.person_id})

    assert f'data-widget-event="link" data-widget-member="{rita.urn}"' in text(response)
    ats_candidate.refresh_from_db()
    assert ats_candidate.manual_matched_member == rita
