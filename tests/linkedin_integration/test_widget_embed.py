"""The profile widget's embed on the candidate's LinkedIn tab (candidate_tab/_widget.html and its
profile_widget tag): LinkedIn's in.js and HcmWidget markup, from LinkedIn or from the sandbox."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from lxml import html

from linkedin_integration.models import MemberLink, RscIntegration, SyncedCandidate
from tests.factories import CandidateFactory
from tests.linkedin_integration.widget_helpers import CHILD_CLIENT_ID, ORG, connect, enable_rsc

EXTENSION = "HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget"


@pytest.fixture
def candidate(db):
    candidate = CandidateFactory()
    SyncedCandidate.objects.create(candidate_id=candidate.pk, accepted_at=timezone.now())
    return candidate


@pytest.fixture
def ready(db, recruiter):
    enable_rsc()
    connect(recruiter)


def render(user, candidate):
    request = RequestFactory().get(f"/candidates/{candidate.pk}/linkedin/")
    request.user = user
    return render_to_string(
        "linkedin_integration/candidate_tab/_widget.html", {"candidate": candidate}, request=request
    )


def scripts(markup):
    return html.fragment_fromstring(markup, create_parent="div").findall(".//script")


def widget_tag(markup):
    (tag,) = [s for s in scripts(markup) if s.get("type") == "IN/HcmWidget"]
    return tag


def in_js(markup):
    (tag,) = [s for s in scripts(markup) if (s.get("src") or "").endswith("/in.js")]
    return tag


def test_the_default_embeds_the_sandboxs_in_js_with_linkedins_configuration(
    settings, ready, recruiter, candidate
):
    markup = render(recruiter, candidate)

    loader = in_js(markup)
    assert loader.get("src") == f"{settings.SITE_URL}/sandbox/linkedin/in.js"
    config = dict(line.strip().split(": ", 1) for line in loader.text.strip().splitlines())
    assert config == {"api_key": CHILD_CLIENT_ID, "extensions": EXTENSION}


def test_the_widget_names_the_candidate_and_the_organization_with_linkedins_attributes(
    ready, recruiter, candidate
):
    tag = widget_tag(render(recruiter, candidate))

    assert dict(tag.attrib) == {
        "type": "IN/HcmWidget",
        "data-widget-type": "ATS",
        "data-ats-candidate-id": str(candidate.pk),
        "data-integration-context": ORG,
        "data-show-unlink-url": "true",
        "data-confirm-unlink": "true",
        "data-onlink": "attractLinkedInWidgetLinked",
        "data-onunlink": "attractLinkedInWidgetUnlinked",
    }


def test_with_the_real_linkedin_the_embed_is_linkedins_in_js_with_the_same_markup(
    settings, ready, recruiter, candidate
):
    sandbox_markup = render(recruiter, candidate)
    settings.LINKEDIN_OAUTH_BASE = "https://www.linkedin.com"
    settings.LINKEDIN_API_BASE = "https://api.linkedin.com"

    markup = render(recruiter, candidate)

    assert in_js(markup).get("src") == "https://platform.linkedin.com/in.js"
    assert in_js(markup).text == in_js(sandbox_markup).text
    assert dict(widget_tag(markup).attrib) == dict(widget_tag(sandbox_markup).attrib)


def test_the_page_has_no_inline_script_nor_inline_style(ready, recruiter, candidate):
    markup = render(recruiter, candidate)

    for script in scripts(markup):
        # A script with src runs the file only; IN/HcmWidget is data for in.js, never run by the browser.
        assert script.get("src") or script.get("type") == "IN/HcmWidget"
        if script.get("type") == "IN/HcmWidget":
            assert not (script.text or "").strip()
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", markup)


def test_the_host_script_and_the_callback_come_with_the_widget(ready, recruiter, candidate):
    markup = render(recruiter, candidate)
    box = html.fragment_fromstring(markup, create_parent="div").find(".//*[@data-linkedin-widget]")

    assert box.get("data-endpoint") == f"/candidates/{candidate.pk}/linkedin/widget/"
    assert box.get("data-csrf-token")
    assert box.get("data-member-keys") == "memberUrn member urn"
    assert any((s.get("src") or "").endswith("js/linkedin-widget.js") for s in scripts(markup))


def test_the_link_attract_holds_is_shown(ready, recruiter, candidate):
    MemberLink.objects.create(
        candidate=candidate, member_urn="urn:li:person:Cs2hNv6Ca3", source=MemberLink.Source.EXPORT
    )

    text = " ".join(render(recruiter, candidate).split())

    expected = "Linked in Attract to <span data-member-urn>urn:li:person:Cs2hNv6Ca3</span> (1-click export)."
    assert expected in text


def test_without_rsc_enabled_there_is_no_widget(ready, recruiter, candidate):
    RscIntegration.objects.update(state=RscIntegration.State.PARTNER_READY)
    assert render(recruiter, candidate).strip() == ""


def test_without_the_users_own_connection_there_is_no_widget(ready, recruiter, candidate):
    recruiter.linkedin.delete()
    assert render(recruiter, candidate).strip() == ""


def test_a_candidate_linkedin_has_not_accepted_yet_gets_no_widget(ready, recruiter):
    # The tab says the candidate is sent with the next sync; the widget could not find them yet.
    assert render(recruiter, CandidateFactory()).strip() == ""


def test_anonymous_gets_nothing(ready, candidate):
    assert render(AnonymousUser(), candidate).strip() == ""


def test_read_only_users_see_the_link_but_get_no_widget(ready, read_only, candidate):
    connect(read_only)

    markup = render(read_only, candidate)

    assert "Not linked to a LinkedIn member in Attract yet." in markup
    assert "cannot change it" in markup
    assert scripts(markup) == []


def test_the_embed_costs_seven_queries_at_most(ready, recruiter, candidate, django_assert_max_num_queries):
    MemberLink.objects.create(candidate=candidate, member_urn="urn:li:person:A1", source="EXPORT")
    # RSC state (2), the user's connection, the candidate on LinkedIn, settings, the link, the user's roles.
    with django_assert_max_num_queries(7):
        render(recruiter, candidate)
