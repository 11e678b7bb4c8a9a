"""The profile widget's callback (POST /candidates/<id>/linkedin/widget/): who may link and unlink a
candidate's LinkedIn member, what is stored, and what is refused with nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from linkedin_integration.models import MemberLink, RscIntegration
from tests.factories import ApplicationFactory, CandidateFactory
from tests.linkedin_integration.widget_helpers import connect, enable_rsc

MEMBER = "urn:li:person:Cs2hNv6Ca3"
OTHER_MEMBER = "urn:li:person:Zz9yXw8Vu7"


@pytest.fixture
def candidate(job):
    return ApplicationFactory(job=job).candidate


@pytest.fixture
def ready(db, recruiter):
    enable_rsc()
    connect(recruiter)


@pytest.fixture
def post(client_for, recruiter, candidate):
    def send(user=recruiter, target=None, **data):
        url = reverse("linkedin:widget_callback", args=[(target or candidate).pk])
        return client_for(user).post(url, {"action": "link", "member": MEMBER} | data)

    return send


def test_linking_stores_the_member_link_from_the_widget(post, ready, candidate, recruiter):
    response = post()

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": f"Linked {candidate.full_name} to {MEMBER} in Attract.",
        "member": MEMBER,
        "source": "Profile widget",
    }
    link = MemberLink.objects.get()
    assert (link.candidate, link.member_urn, link.source, link.linked_by) == (
        candidate,
        MEMBER,
        MemberLink.Source.WIDGET,
        recruiter,
    )


def test_linking_the_same_member_again_changes_nothing(post, ready, candidate):
    post()
    before = MemberLink.objects.get()

    response = post()

    assert response.status_code == 200
    after = MemberLink.objects.get()
    assert (after.pk, after.updated_at) == (before.pk, before.updated_at)


def test_linking_another_member_replaces_the_candidates_previous_link(post, ready, candidate):
    MemberLink.objects.create(candidate=candidate, member_urn=OTHER_MEMBER, source=MemberLink.Source.EXPORT)

    response = post()

    assert response.json()["member"] == MEMBER
    link = MemberLink.objects.get()
    assert (link.member_urn, link.source) == (MEMBER, MemberLink.Source.WIDGET)


def test_a_member_linked_to_another_visible_candidate_is_refused_naming_them(post, ready, job, candidate):
    holder = CandidateFactory(first_name="Casey", last_name="Holder")
    ApplicationFactory(job=job, candidate=holder)
    MemberLink.objects.create(candidate=holder, member_urn=MEMBER, source=MemberLink.Source.EXPORT)

    response = post()

    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "message": "This LinkedIn member is already linked to Casey Holder in Attract. Unlink them there "
        "first, or pick the right person in the widget.",
    }
    assert list(MemberLink.objects.values_list("candidate", "member_urn")) == [(holder.pk, MEMBER)]


def test_a_member_linked_to_a_candidate_the_user_may_not_see_is_refused_without_naming_them(
    post, ready, candidate
):
    hidden = CandidateFactory(first_name="Secret", last_name="Person")
    MemberLink.objects.create(candidate=hidden, member_urn=MEMBER, source=MemberLink.Source.INMAIL)
    MemberLink.objects.create(candidate=candidate, member_urn=OTHER_MEMBER, source=MemberLink.Source.EXPORT)

    response = post()

    assert response.status_code == 409
    message = response.json()["message"]
    assert "already linked to another candidate" in message and "Secret" not in message
    assert set(MemberLink.objects.values_list("candidate", "member_urn")) == {
        (hidden.pk, MEMBER),
        (candidate.pk, OTHER_MEMBER),
    }


def test_unlinking_removes_the_link(post, ready, candidate):
    post()

    response = post(action="unlink")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "Unlinked in Attract.", "member": None, "source": None}
    assert not MemberLink.objects.exists()


def test_unlinking_a_candidate_that_is_not_linked_changes_nothing(post, ready):
    response = post(action="unlink")

    assert response.status_code == 200
    assert response.json()["message"] == "This candidate was not linked in Attract."
    assert not MemberLink.objects.exists()


def test_unlinking_a_member_other_than_the_linked_one_is_refused(post, ready, candidate):
    MemberLink.objects.create(candidate=candidate, member_urn=OTHER_MEMBER, source=MemberLink.Source.EXPORT)

    response = post(action="unlink")

    assert response.status_code == 409
    assert OTHER_MEMBER in response.json()["message"]
    assert MemberLink.objects.get().member_urn == OTHER_MEMBER


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"member": ""}, "member must be a LinkedIn member URN"),
        ({"member": "urn:li:organization:1"}, "member must be a LinkedIn member URN"),
        ({"member": "urn:li:person:x' OR 1=1"}, "member must be a LinkedIn member URN"),
        ({"member": "urn:li:person:" + "a" * 5000}, "member must be a LinkedIn member URN"),
        ({"action": "merge"}, "action must be link or unlink."),
        ({"action": ""}, "action must be link or unlink."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(post, ready, data, message):
    response = post(**data)

    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not MemberLink.objects.exists()


def test_a_get_is_not_allowed(client_for, recruiter, ready, candidate):
    response = client_for(recruiter).get(reverse("linkedin:widget_callback", args=[candidate.pk]))
    assert response.status_code == 405


def test_the_callback_needs_the_csrf_token(ready, recruiter, candidate):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recruiter)

    response = strict.post(
        reverse("linkedin:widget_callback", args=[candidate.pk]), {"action": "link", "member": MEMBER}
    )

    assert response.status_code == 403
    assert not MemberLink.objects.exists()


def test_the_callback_with_the_pages_csrf_token_is_accepted(ready, recruiter, candidate):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recruiter)
    strict.get(reverse("candidates:detail", args=[candidate.pk]))
    token = strict.cookies["csrftoken"].value

    response = strict.post(
        reverse("linkedin:widget_callback", args=[candidate.pk]),
        {"action": "link", "member": MEMBER},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert MemberLink.objects.get().member_urn == MEMBER


def test_anonymous_callers_are_refused(client, ready, candidate):
    response = client.post(
        reverse("linkedin:widget_callback", args=[candidate.pk]), {"action": "link", "member": MEMBER}
    )

    assert response.status_code == 401
    assert not MemberLink.objects.exists()


def test_a_recruiter_who_may_not_see_the_candidate_gets_404(post, ready, other_recruiter):
    connect(other_recruiter)

    response = post(user=other_recruiter)

    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert not MemberLink.objects.exists()


@pytest.mark.parametrize("pk", [999999, 10**30])
def test_a_missing_candidate_gets_404(client_for, recruiter, ready, pk):
    response = client_for(recruiter).post(
        reverse("linkedin:widget_callback", args=[pk]), {"action": "link", "member": MEMBER}
    )
    assert response.status_code == 404
    assert not MemberLink.objects.exists()


def test_read_only_users_who_see_every_candidate_cannot_link(post, ready, read_only):
    connect(read_only)

    response = post(user=read_only)

    assert response.status_code == 403
    assert "Read-only" in response.json()["message"]
    assert not MemberLink.objects.exists()


def test_administrators_may_link_any_candidate(post, ready, admin_user):
    connect(admin_user)

    assert post(user=admin_user).status_code == 200
    assert MemberLink.objects.get().linked_by == admin_user


@pytest.mark.parametrize("state", [RscIntegration.State.PARTNER_READY, RscIntegration.State.DISABLED])
def test_without_rsc_enabled_nothing_is_linked(post, ready, state):
    RscIntegration.objects.update(state=state)

    response = post()

    assert response.status_code == 403
    assert response.json()["message"] == "LinkedIn Recruiter is not set up: ask an administrator."
    assert not MemberLink.objects.exists()


def test_a_user_without_their_own_linkedin_connection_is_told_to_connect(post, ready, recruiter):
    recruiter.linkedin.delete()

    response = post()

    assert response.status_code == 403
    assert response.json()["message"] == "Connect your LinkedIn account in Settings first."
    assert not MemberLink.objects.exists()
