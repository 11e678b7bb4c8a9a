import pytest

from attract.errors import DomainError
from candidates import services
from candidates.models import Application
from jobs.models import Job
from tests.factories import CandidateFactory


def test_a_draft_job_can_be_cancelled(job, recruiter):
    services.job_close(job=job, reason="CANCELLED", by=recruiter)

    job.refresh_from_db()
    assert (job.status, job.close_reason) == ("CLOSED", "CANCELLED")
    assert job.closed_at is not None


def test_an_active_job_can_be_cancelled(active_job, recruiter):
    services.job_close(job=active_job, reason="CANCELLED", by=recruiter)
    active_job.refresh_from_db()
    assert active_job.is_closed


def test_position_filled_is_refused_while_nobody_is_hired(application, recruiter):
    with pytest.raises(DomainError, match="only once a candidate is hired") as caught:
        services.job_close(job=application.job, reason="POSITION_FILLED", by=recruiter)

    assert caught.value.field == "reason"
    assert Job.objects.get(pk=application.job_id).status == "ACTIVE"


def test_position_filled_is_accepted_once_someone_is_hired(application, recruiter):
    services.application_hire(application=application, by=recruiter, expected_version=1)

    services.job_close(job=application.job, reason="POSITION_FILLED", by=recruiter)

    job = Job.objects.get(pk=application.job_id)
    assert (job.status, job.close_reason) == ("CLOSED", "POSITION_FILLED")


def test_a_closed_job_cannot_be_closed_again(active_job, recruiter):
    services.job_close(job=active_job, reason="CANCELLED", by=recruiter)
    closed_at = Job.objects.get(pk=active_job.pk).closed_at

    with pytest.raises(DomainError, match="already closed"):
        services.job_close(job=active_job, reason="CANCELLED", by=recruiter)
    assert Job.objects.get(pk=active_job.pk).closed_at == closed_at


def test_an_unknown_close_reason_is_refused(active_job, recruiter):
    with pytest.raises(DomainError, match="Cancelled or Position filled"):
        services.job_close(job=active_job, reason="BORED", by=recruiter)
    assert Job.objects.get(pk=active_job.pk).status == "ACTIVE"


def test_a_closed_job_takes_no_new_applications_and_no_changes(application, recruiter):
    services.job_close(job=application.job, reason="CANCELLED", by=recruiter)
    job = Job.objects.get(pk=application.job_id)

    with pytest.raises(DomainError, match="closed"):
        services.application_create(candidate=CandidateFactory(), job=job, by=recruiter)
    for change in (
        lambda: services.application_reject(
            application=application, reason="OTHER", by=recruiter, expected_version=1
        ),
        lambda: services.application_hire(application=application, by=recruiter, expected_version=1),
        lambda: services.application_withdraw(application=application, by=recruiter, expected_version=1),
    ):
        with pytest.raises(DomainError, match="closed"):
            change()
    assert Application.objects.filter(job=job).count() == 1
    assert Application.objects.get(pk=application.pk).version == 1
