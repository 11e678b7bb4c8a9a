"""Recruiter's In-ATS screens: the member profile's In-ATS section (three tabs) and the synced jobs."""

import datetime as dt

import pytest
from django.urls import reverse

from linkedin_sandbox import session
from linkedin_sandbox.models import (
    AtsApplication,
    AtsApplicationNote,
    AtsApplicationStage,
    AtsCandidate,
    AtsInterviewFeedback,
    Member,
    Organization,
    Seat,
    SimpleJobPosting,
)

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def recruiter_client(client):
    seat = Seat.objects.select_related("member").get(seat_id=9100003)
    stored = client.session
    stored[session.MEMBER_KEY] = seat.member.pk
    stored.save()
    return client


@pytest.fixture
def synced(db):
    organization = Organization.objects.get(org_id=2414183)
    SimpleJobPosting.objects.create(
        organization=organization, external_job_posting_id="J-7", title="Backend <Engineer>", description="x"
    )
    SimpleJobPosting.objects.create(
        organization=organization,
        external_job_posting_id="J-8",
        title="Designer",
        description="x",
        state="CLOSED",
    )
    AtsCandidate.objects.create(
        organization=organization,
        ats_candidate_id="41",
        first_name="Casey",
        last_name="Candidate",
        email_addresses=["casey.candidate@example.com"],
        emails_text=" casey.candidate@example.com ",
        external_profile_url="https://attract.example/candidates/41/",
    )
    application = AtsApplication.objects.create(
        organization=organization,
        ats_job_application_id="77",
        ats_candidate_id="41",
        ats_job_posting_id="J-7",
        ats_job_posting_name="Backend <Engineer>",
        ats_created_at=AT,
    )
    for i, stage in enumerate(["Application", "Screen", "Interview"]):
        AtsApplicationStage.objects.create(
            application=application, stage_id=str(i), stage=stage, ats_created_at=AT + dt.timedelta(days=i)
        )
    AtsInterviewFeedback.objects.create(
        application=application,
        feedback_id="5",
        feedback="Clear <script>thinker</script>",
        evaluations=[{"attribute": "Overall rating", "result": "5/5"}],
        interviewer_first_name="Ivy",
        ats_created_at=AT,
    )
    AtsApplicationNote.objects.create(
        application=application, note_id="9", note="Call back Monday", ats_created_at=AT
    )
    return application


def test_the_profile_shows_jobs_and_statuses_feedback_and_notes_tabs(recruiter_client, synced):
    casey = Member.objects.get(person_id="Cs2hNv6Ca3")

    html = recruiter_client.get(reverse("sandbox:member_profile", args=[casey.person_id])).content.decode()

    assert (
        'href="#in-ats-jobs"' in html and 'href="#in-ats-feedback"' in html and 'href="#in-ats-notes"' in html
    )
    assert "Backend &lt;Engineer&gt;" in html
    assert 'class="li-in-ats-status">Interview<' in html
    assert html.index(">Application <") < html.index(">Screen <") < html.index(">Interview <")
    assert "Clear &lt;script&gt;thinker&lt;/script&gt;" in html
    assert "Call back Monday" in html


def test_a_member_no_candidate_matches_sees_an_empty_section(recruiter_client, synced):
    alex = Member.objects.get(person_id="Ax7dQm2Pa1")

    html = recruiter_client.get(reverse("sandbox:member_profile", args=[alex.person_id])).content.decode()

    assert "No candidate synced from your ATS matches" in html


def test_the_synced_jobs_list_shows_title_code_and_state_and_searches(recruiter_client, synced):
    html = recruiter_client.get(reverse("sandbox:in_ats_jobs")).content.decode()
    assert "J-7" in html and "Designer" in html and "Closed" in html

    found = recruiter_client.get(reverse("sandbox:in_ats_jobs"), {"q": "j-8"}).content.decode()
    assert "Designer" in found and "J-7" not in found


def test_the_synced_jobs_need_a_recruiter_sign_in(client):
    assert client.get(reverse("sandbox:in_ats_jobs")).status_code == 302
