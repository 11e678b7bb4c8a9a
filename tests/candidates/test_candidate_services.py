import pytest
from django.core import mail

from attract.errors import DomainError
from candidates import services
from candidates.models import Application, Candidate, CandidateSource
from candidates.tasks import application_notify_team
from jobs.models import JobRole, StageKind
from tests.factories import ApplicationFactory, CandidateFactory, JobRoleFactory, UserFactory


def test_updating_a_candidate_trims_and_lowercases(candidate, recruiter):
    services.candidate_update(
        candidate=candidate, by=recruiter, email=" Ada@Example.ORG ", current_company=" Babbage "
    )
    candidate.refresh_from_db()
    assert (candidate.email, candidate.current_company) == ("ada@example.org", "Babbage")


def test_updating_to_an_email_another_candidate_has_is_refused(candidate, recruiter):
    CandidateFactory(email="grace@example.org")
    with pytest.raises(DomainError, match="already exists") as caught:
        services.candidate_update(candidate=candidate, by=recruiter, email="GRACE@example.org", phone="123")
    assert caught.value.field == "email"
    candidate.refresh_from_db()
    assert (candidate.email, candidate.phone) == ("ada@example.org", "")


def test_an_existing_candidate_is_added_to_the_prospect_stage_of_a_job(candidate, active_job, recruiter):
    application = services.application_create(
        candidate=candidate, job=active_job, stage_kind=StageKind.PROSPECT, by=recruiter
    )
    assert application.stage.kind == StageKind.PROSPECT
    assert application.stage_changes.get().kind == "CREATED"

    with pytest.raises(DomainError, match="already on the job"):
        services.application_create(
            candidate=candidate, job=active_job, stage_kind=StageKind.PROSPECT, by=recruiter
        )
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_a_career_site_application_emails_the_team_after_commit(
    candidate, active_job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.application_create(candidate=candidate, job=active_job, source=CandidateSource.CAREER_SITE)

    # One for the team, one for the applicant's confirmation.
    assert len(callbacks) == 2
    (message,) = [message for message in mail.outbox if candidate.email not in message.to]
    assert message.subject == f"New applicant for {active_job.code} {active_job.title}: Ada Lovelace"
    # recruiter (also the owner) and hiring manager; not the interviewer
    assert sorted(message.to) == ["hiring_manager@example.com", "recruiter@example.com"]
    assert f"/jobs/{active_job.pk}/" in message.body


def test_a_manual_application_sends_no_email(candidate, active_job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.application_create(candidate=candidate, job=active_job, source=CandidateSource.MANUAL)
    assert callbacks == []
    assert mail.outbox == []


def test_the_notify_task_ignores_an_application_that_is_gone(db):
    assert application_notify_team(987654) == 0
    assert mail.outbox == []


def test_the_notify_task_sends_nothing_when_the_team_has_no_email(db):
    owner = UserFactory(email="")
    application = ApplicationFactory(job__owner=owner)
    JobRoleFactory(job=application.job, user=UserFactory(email=""), role=JobRole.Role.HIRING_MANAGER)
    assert application_notify_team(application.pk) == 0
    assert mail.outbox == []


def test_candidate_create_keeps_emails_unique_without_case(recruiter):
    services.candidate_create(first_name="Ada", last_name="L", email="ADA@example.org", by=recruiter)
    with pytest.raises(DomainError, match="already exists"):
        services.candidate_create(first_name="Ada", last_name="L", email="ada@EXAMPLE.org", by=recruiter)
    assert Candidate.objects.count() == 1
