"""1-click export, from the push's task to the job's Prospect stage: refusals with a reason and nothing
else written, acceptance (candidate found or created, never duplicated, Prospect application, member
link, activity), repeats settled once, and LinkedIn's faults."""

import pytest
from django.core import mail

from candidates.models import Application, Candidate, CandidateEvent, CandidateSource, StageChange
from jobs.models import JobRole, StageKind
from linkedin_integration import tasks
from linkedin_integration.client import LinkedInError
from linkedin_integration.models import Export, MemberLink, PushNotification
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, JobRoleFactory
from tests.linkedin_integration.export_helpers import (  # noqa: F401
    CONTRACT,
    MANAGER_URN,
    RECRUITER_URN,
    FakeLinkedIn,
    connect_installation,
    connect_member,
    linkedin,
    profile,
    push,
    transient,
)
from tests.plans import plan_of

Result = Export.Result


@pytest.fixture
def world(active_job, recruiter, hiring_manager):
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)
    recruiter.email = "rita@attract.test"
    recruiter.save()
    return active_job


def drain():
    tasks.drain_push_notifications.apply().get()


def export_into(linkedin, job, *, notification_id="exp-1", **fields):  # noqa: F811
    fake = linkedin(FakeLinkedIn({notification_id: [profile(job=job.code, **fields)]}))
    notification = push(notification_id)
    drain()
    notification.refresh_from_db()
    return fake, notification


def nothing_written():
    return not (
        Candidate.objects.exists()
        or Application.objects.exists()
        or MemberLink.objects.exists()
        or CandidateEvent.objects.exists()
    )


def test_an_export_adds_a_new_candidate_to_prospect_credited_to_the_exporter(world, linkedin, recruiter):  # noqa: F811
    fake, notification = export_into(linkedin, world, emails=("Amara.Okafor@Example.com",))

    assert fake.fetches == ["exp-1"]
    assert notification.status == PushNotification.Status.PROCESSED
    candidate = Candidate.objects.get()
    assert (candidate.first_name, candidate.last_name, candidate.email) == (
        "Amara",
        "Okafor",
        "amara.okafor@example.com",
    )
    assert (candidate.current_title, candidate.current_company, candidate.city) == (
        "Site Reliability Engineer at Fabrikam",
        "Fabrikam",
        "Lagos, Nigeria",
    )
    assert candidate.linkedin_url == "https://www.linkedin.com/in/m1"
    assert (candidate.source, candidate.created_by) == (CandidateSource.LINKEDIN_EXPORT, recruiter)
    application = Application.objects.get()
    assert (application.job, application.stage.kind, application.source) == (
        world,
        StageKind.PROSPECT,
        CandidateSource.LINKEDIN_EXPORT,
    )
    assert StageChange.objects.get(application=application).by == recruiter
    link = MemberLink.objects.get()
    assert (link.candidate, link.member_urn, link.source, link.linked_by) == (
        candidate,
        "urn:li:person:m1",
        MemberLink.Source.EXPORT,
        recruiter,
    )
    event = CandidateEvent.objects.get()
    assert (event.candidate, event.kind, event.by, event.application) == (
        candidate,
        CandidateEvent.Kind.LINKEDIN_EXPORT,
        recruiter,
        application,
    )
    export = Export.objects.get()
    assert (export.result, export.exporter, export.job, export.candidate, export.application) == (
        Result.ACCEPTED,
        recruiter,
        world,
        candidate,
        application,
    )
    assert export.member_name == "Amara Okafor" and export.push == notification


def test_an_export_without_email_creates_a_candidate_without_one(world, linkedin):  # noqa: F811
    export_into(linkedin, world)

    assert Candidate.objects.get().email == ""
    assert Export.objects.get().result == Result.ACCEPTED


def test_a_hiring_manager_on_the_job_may_export(world, linkedin, hiring_manager):  # noqa: F811
    connect_member(hiring_manager, MANAGER_URN)

    export_into(linkedin, world, exporter=MANAGER_URN)

    assert Export.objects.get().result == Result.ACCEPTED
    assert Candidate.objects.get().created_by == hiring_manager


def test_the_member_link_finds_the_candidate_first(world, linkedin):  # noqa: F811
    linked = CandidateFactory(email="someone@else.org", linkedin_url="")
    MemberLink.objects.create(
        candidate=linked, member_urn="urn:li:person:m1", source=MemberLink.Source.WIDGET
    )

    export_into(linkedin, world, emails=("new@example.com",))

    assert Candidate.objects.get() == linked
    assert Application.objects.get().candidate == linked
    assert MemberLink.objects.get().source == MemberLink.Source.WIDGET


@pytest.mark.parametrize(
    "stored",
    ["https://www.linkedin.com/in/m1", "http://linkedin.com/in/m1/", "https://WWW.LinkedIn.com/in/M1"],
)
def test_the_profile_url_finds_the_candidate_next(world, linkedin, stored):  # noqa: F811
    known = CandidateFactory(linkedin_url=stored, email="known@example.org")

    export_into(linkedin, world, emails=("other@example.com",))

    assert Candidate.objects.get() == known
    assert MemberLink.objects.get().candidate == known
    assert Candidate.objects.get().email == "known@example.org"


@pytest.mark.postgres
def test_the_profile_url_look_up_reads_an_index_not_every_candidate(db):
    """An export looks the profile URL up among every candidate: on PostgreSQL through the
    case-insensitive index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from linkedin_integration.services.export import _find_or_create_candidate

    CandidateFactory(linkedin_url="https://www.linkedin.com/in/m1")
    with CaptureQueriesContext(connection) as queries:
        found, created = _find_or_create_candidate(profile(emails=()), exporter=None)
    assert found.linkedin_url == "https://www.linkedin.com/in/m1" and not created
    (look_up,) = [q["sql"] for q in queries if 'UPPER("candidates_candidate"."linkedin_url"' in q["sql"]]

    # Bitmap scans are what the planner picks for a few matches among many candidates.
    plan = plan_of(look_up, avoid=("seqscan", "indexscan"))
    assert "candidate_linkedin_url_ci" in plan, plan


def test_any_email_finds_the_candidate_without_regard_to_case(world, linkedin):  # noqa: F811
    known = CandidateFactory(email="amara@example.org", linkedin_url="")

    export_into(linkedin, world, emails=("first@example.com", "AMARA@Example.org"))

    assert Candidate.objects.get() == known
    assert Application.objects.get().candidate == known


def test_a_candidate_already_on_the_job_stays_where_they_are(world, linkedin, recruiter):  # noqa: F811
    known = CandidateFactory(email="amara@example.org")
    interview = world.stages.get(name="Interview") if world.stages.filter(name="Interview").exists() else None
    stage = interview or world.stages.get(kind=StageKind.APPLICATION)
    application = ApplicationFactory(candidate=known, job=world, stage=stage)

    export_into(linkedin, world, emails=("amara@example.org",))

    application.refresh_from_db()
    assert application.stage == stage and Application.objects.count() == 1
    export = Export.objects.get()
    assert export.result == Result.IN_PIPELINE
    assert export.get_result_display() == "Already in the pipeline"
    assert f"already on {world.code}" in export.reason
    assert MemberLink.objects.get().candidate == known
    assert CandidateEvent.objects.get().detail == "already in the pipeline"


def test_the_same_push_processed_twice_is_settled_once(world, linkedin):  # noqa: F811
    fake, notification = export_into(linkedin, world)
    PushNotification.objects.filter(pk=notification.pk).update(status=PushNotification.Status.RECEIVED)
    PushNotification.objects.filter(pk=notification.pk).update(processed_at=None)

    drain()

    assert fake.fetches == ["exp-1", "exp-1"]
    assert (Candidate.objects.count(), Application.objects.count(), Export.objects.count()) == (1, 1, 1)
    assert CandidateEvent.objects.count() == 1


def test_two_exports_of_the_same_member_give_one_candidate_and_one_application(world, linkedin):  # noqa: F811
    one, two = profile(job=world.code), profile(job=world.code)
    linkedin(FakeLinkedIn({"exp-1": [one], "exp-2": [two]}))
    push("exp-1"), push("exp-2")

    drain()

    assert (Candidate.objects.count(), Application.objects.count()) == (1, 1)
    assert sorted(Export.objects.values_list("result", flat=True)) == [Result.ACCEPTED, Result.IN_PIPELINE]


def test_a_push_with_several_profiles_settles_each(world, linkedin):  # noqa: F811
    profiles = [profile(member=f"urn:li:person:m{n}", job=world.code) for n in range(3)]
    linkedin(FakeLinkedIn({"exp-1": profiles}))
    push("exp-1")

    drain()

    assert Candidate.objects.count() == 3
    assert list(Export.objects.order_by("position").values_list("position", flat=True)) == [0, 1, 2]


# Refusals: the reason, and nothing else written.


def refused_with(reason_part):
    export = Export.objects.get()
    assert export.result == Result.REFUSED
    assert reason_part in export.reason
    assert nothing_written()
    return export


def test_an_export_into_an_unknown_job_is_refused(world, linkedin):  # noqa: F811
    linkedin(FakeLinkedIn({"exp-1": [profile(job="J-404")]}))
    push("exp-1")

    drain()

    refused_with("Attract has no job J-404.")


def test_an_export_into_a_closed_job_is_refused(world, linkedin):  # noqa: F811
    world.status, world.close_reason = world.Status.CLOSED, world.CloseReason.CANCELLED
    world.save()

    export_into(linkedin, world)

    refused_with(f"The job {world.code} is closed.")


def test_an_export_into_a_draft_job_is_refused(job, linkedin, recruiter):  # noqa: F811
    connect_installation()
    connect_member(recruiter, RECRUITER_URN)

    export_into(linkedin, job)

    refused_with(f"The job {job.code} is not Active yet (Draft).")


def test_an_export_into_a_job_without_prospect_stage_is_refused(world, linkedin):  # noqa: F811
    world.stages.filter(kind=StageKind.PROSPECT).delete()

    export_into(linkedin, world)

    refused_with("has no Prospect stage")


def test_an_export_by_a_linkedin_account_nobody_connected_is_refused(world, linkedin):  # noqa: F811
    export_into(linkedin, world, exporter="urn:li:person:stranger")

    export = refused_with("is not connected to anyone in Attract")
    assert export.exporter is None


def test_an_export_by_someone_not_recruiter_or_hiring_manager_on_the_job_is_refused(
    world,
    linkedin,  # noqa: F811
    interviewer,
    other_recruiter,
):
    connect_member(other_recruiter, "urn:li:person:other")
    connect_member(interviewer, "urn:li:person:interviewer")

    export_into(linkedin, world, exporter="urn:li:person:other")
    export_into(linkedin, world, exporter="urn:li:person:interviewer", notification_id="exp-2")

    reasons = sorted(Export.objects.values_list("reason", flat=True))
    assert reasons == sorted(
        [
            f"{other_recruiter} is not a Recruiter or Hiring manager on {world.code}.",
            f"{interviewer} is not a Recruiter or Hiring manager on {world.code}.",
        ]
    )
    assert nothing_written()


def test_an_export_while_rsc_is_not_enabled_is_refused(world, linkedin):  # noqa: F811
    connect_installation(enabled=False)

    export_into(linkedin, world)

    refused_with("Recruiter System Connect is not Enabled")


def test_an_export_from_another_organization_is_refused(world, linkedin):  # noqa: F811
    export_into(linkedin, world, integration_context="urn:li:organization:999")

    refused_with("urn:li:organization:999, which is not the LinkedIn organization")


def test_an_export_under_our_contract_is_ours(world, linkedin):  # noqa: F811
    export_into(linkedin, world, integration_context=CONTRACT)

    assert Export.objects.get().result == Result.ACCEPTED


def test_a_refused_exporter_is_told_by_email_and_flagged_in_attract(
    world,
    linkedin,  # noqa: F811
    recruiter,
    django_capture_on_commit_callbacks,
):
    world.stages.filter(kind=StageKind.PROSPECT).delete()

    with django_capture_on_commit_callbacks(execute=True):
        export_into(linkedin, world)

    (message,) = mail.outbox
    assert message.to == ["rita@attract.test"]
    assert "Amara Okafor" in message.subject and "has no Prospect stage" in message.body
    assert Export.objects.unseen_refusals_of(recruiter).count() == 1


def test_an_accepted_export_sends_no_mail(world, linkedin, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        export_into(linkedin, world)

    assert mail.outbox == []


# Faults while fetching the export.


@pytest.mark.parametrize(
    "error",
    [
        LinkedInError("Service unavailable", 503, permanent=False),
        LinkedInError("Read timed out", None, permanent=False),
        LinkedInError("Resource level throttle", 429, permanent=False),
    ],
    ids=["5xx", "timeout", "429"],
)
def test_linkedin_down_keeps_the_push_for_the_next_drain(world, linkedin, error):  # noqa: F811
    fake = linkedin(FakeLinkedIn({"exp-1": [profile(job=world.code)]}, error=error, failures=1))
    notification = push("exp-1")

    drain()

    notification.refresh_from_db()
    assert notification.status == PushNotification.Status.RECEIVED and notification.processed_at is None
    assert not Export.objects.exists() and nothing_written()

    drain()

    notification.refresh_from_db()
    assert notification.status == PushNotification.Status.PROCESSED
    assert fake.fetches == ["exp-1", "exp-1"]
    assert Export.objects.get().result == Result.ACCEPTED


def test_a_junk_answer_is_refused_with_the_reason_and_the_push_kept(world, linkedin):  # noqa: F811
    junk = LinkedInError("LinkedIn's answer to the exported candidate request was not understood", 200)
    linkedin(FakeLinkedIn(error=junk, failures=1))
    notification = push("exp-1")

    drain()

    notification.refresh_from_db()
    assert notification.status == PushNotification.Status.FAILED
    assert "not understood" in notification.error
    export = refused_with("LinkedIn's answer could not be used")
    assert export.push == notification


def test_an_empty_answer_is_refused_with_the_reason(world, linkedin):  # noqa: F811
    linkedin(FakeLinkedIn({"exp-1": []}))
    push("exp-1")

    drain()

    refused_with("held no exported profile")


def test_the_exporter_role_is_checked_for_this_job_only(world, linkedin, recruiter):  # noqa: F811
    elsewhere = JobFactory(owner=recruiter, status="ACTIVE")
    JobRoleFactory(job=elsewhere, user=recruiter, role=JobRole.Role.INTERVIEWER)

    export_into(linkedin, elsewhere)

    refused_with(f"is not a Recruiter or Hiring manager on {elsewhere.code}")
