"""What people see of 1-click exports: the Exports list on the Admin center tab (everyone's) and on
Settings (the user's own), the top bar's flag for refused exports not read yet, and the candidate's
activity line."""

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import CandidateEvent
from linkedin_integration.models import Export
from linkedin_integration.services.export import export_settle
from tests.factories import CandidateFactory
from tests.linkedin_integration.export_helpers import (
    MANAGER_URN,
    RECRUITER_URN,
    connect_installation,
    connect_member,
    profile,
)

Result = Export.Result
SETTINGS = "/settings/"
ADMIN_TAB = "/admin-center/linkedin/"


@pytest.fixture
def exports(active_job, recruiter, hiring_manager, other_recruiter):
    """Rita's accepted export, a refusal of hers and one of another recruiter's."""
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    connect_member(other_recruiter, "urn:li:person:other")
    accepted = export_settle(request_id="exp-1", position=0, profile=profile(job=active_job.code))
    refused = export_settle(request_id="exp-2", position=0, profile=profile(job="J-404", first_name="Noa"))
    elsewhere = export_settle(
        request_id="exp-3",
        position=0,
        profile=profile(job=active_job.code, exporter="urn:li:person:other", first_name="Björn"),
    )
    return accepted, refused, elsewhere


def test_settings_lists_the_users_own_exports_with_result_and_reason(client_for, recruiter, exports):
    accepted, refused, elsewhere = exports

    page = client_for(recruiter).get(SETTINGS).content.decode()

    assert "Your exports from LinkedIn Recruiter" in page
    assert "Added to Prospect" in page and accepted.job.code in page
    assert "Attract has no job J-404." in page
    assert "Björn Okafor" not in page


def test_the_admin_center_lists_everyones_exports_with_the_exporter(
    client_for, admin_user, exports, other_recruiter
):
    page = client_for(admin_user).get(ADMIN_TAB).content.decode()

    assert "1-click exports from LinkedIn Recruiter" in page
    assert "Amara Okafor" in page and "Noa Okafor" in page and "Björn Okafor" in page
    assert str(other_recruiter) in page
    assert f"{other_recruiter} is not a Recruiter or Hiring manager" in page


def test_a_refusal_flags_the_top_bar_until_the_exporter_marks_it_read(client_for, recruiter, exports):
    client = client_for(recruiter)
    assert "1 refused LinkedIn export" in client.get(reverse("candidates:list")).content.decode()

    response = client.post(reverse("linkedin:exports_seen"))

    assert response.status_code == 302 and response["Location"].endswith("#exports")
    assert "refused LinkedIn export" not in client.get(reverse("candidates:list")).content.decode()
    assert Export.objects.get(request_id="exp-2").seen_at is not None


def test_marking_read_touches_only_the_users_own_refusals(client_for, hiring_manager, exports):
    client_for(hiring_manager).post(reverse("linkedin:exports_seen"))

    assert not Export.objects.filter(seen_at__isnull=False).exists()


def test_marking_read_answers_only_post_and_needs_a_sign_in(client_for, recruiter, exports):
    assert Client().post(reverse("linkedin:exports_seen")).status_code == 302
    assert client_for(recruiter).get(reverse("linkedin:exports_seen")).status_code == 405
    assert not Export.objects.filter(seen_at__isnull=False).exists()


def test_linkedin_supplied_names_are_escaped(client_for, recruiter, active_job):
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    export_settle(
        request_id="exp-x", position=0, profile=profile(job="J-404", first_name="<script>x</script>")
    )

    page = client_for(recruiter).get(SETTINGS).content.decode()

    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_settings_list_costs_the_same_with_more_exports(
    client_for, recruiter, active_job, django_assert_max_num_queries
):
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    client = client_for(recruiter)
    export_settle(request_id="exp-0", position=0, profile=profile(job=active_job.code))
    with django_assert_max_num_queries(30) as few:
        client.get(SETTINGS)
    for n in range(1, 15):
        export_settle(
            request_id=f"exp-{n}", position=0, profile=profile(member=f"urn:li:person:m{n}", job="J-9")
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(SETTINGS)


def test_the_candidate_activity_says_who_exported_and_when(client_for, recruiter, exports):
    accepted = exports[0]

    page = client_for(recruiter).get(reverse("candidates:activity", args=[accepted.candidate_id]))

    text = page.content.decode()
    event = CandidateEvent.objects.get(candidate=accepted.candidate)
    assert "Exported from LinkedIn Recruiter" in text
    assert f"by {recruiter}, {event.created_at:%-d %b %Y}" in " ".join(text.split())


def test_a_hiring_manager_export_is_credited_to_them(client_for, hiring_manager, active_job):
    connect_installation()
    connect_member(hiring_manager, MANAGER_URN)
    known = CandidateFactory(linkedin_url="https://www.linkedin.com/in/m1")

    export_settle(request_id="exp-1", position=0, profile=profile(job=active_job.code, exporter=MANAGER_URN))

    assert CandidateEvent.objects.get(candidate=known).by == hiring_manager


def test_a_job_the_exporter_cannot_open_is_named_but_not_linked(
    client_for, recruiter, other_recruiter, active_job, exports
):
    pipeline = reverse("candidates:job_pipeline", args=[active_job.pk])

    own = client_for(recruiter).get(SETTINGS).content.decode()
    assert f'href="{pipeline}"' in own

    theirs = client_for(other_recruiter).get(SETTINGS).content.decode()
    assert active_job.code in theirs
    assert f'href="{pipeline}"' not in theirs
