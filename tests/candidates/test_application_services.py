import pytest

from attract.errors import ConflictError, DomainError
from candidates import services
from candidates.models import Application, StageChange
from jobs.models import StageKind
from tests.factories import ApplicationFactory, JobFactory


def screen(job):
    return job.stages.get(name="Screen")


def history(application):
    return list(application.stage_changes.order_by("created_at", "pk").values_list("kind", flat=True))


def test_moving_an_application_records_who_when_from_and_to(application, recruiter):
    services.application_move(
        application=application, to_stage=screen(application.job), by=recruiter, expected_version=1
    )

    application.refresh_from_db()
    assert application.stage.name == "Screen"
    assert application.version == 2
    change = application.stage_changes.first()
    assert (change.kind, change.from_stage.name, change.to_stage.name, change.by) == (
        "MOVED",
        "Application",
        "Screen",
        recruiter,
    )
    assert change.created_at is not None


def test_a_stale_version_is_a_conflict_naming_the_current_stage_and_who_moved_it(
    application, recruiter, hiring_manager
):
    services.application_move(
        application=application, to_stage=screen(application.job), by=hiring_manager, expected_version=1
    )
    offer = application.job.stages.get(kind=StageKind.OFFER)
    stale = Application.objects.get(pk=application.pk)

    with pytest.raises(ConflictError) as caught:
        services.application_move(application=stale, to_stage=offer, by=recruiter, expected_version=1)

    assert caught.value.message == (
        f"Someone else changed this application (now in Screen by {hiring_manager}). "
        "Reload to see the current state."
    )
    stale.refresh_from_db()
    assert stale.stage.name == "Screen"
    assert stale.version == 2
    assert history(stale) == ["CREATED", "MOVED"]


def test_two_people_moving_from_the_same_form_only_the_first_wins(application, recruiter, hiring_manager):
    """Both loaded version 1; the second UPDATE finds no row with that version and writes nothing."""
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)
    offer = application.job.stages.get(kind=StageKind.OFFER)

    services.application_move(
        application=first, to_stage=screen(application.job), by=recruiter, expected_version=1
    )
    second.version = 1  # what the second person's page still believes
    with pytest.raises(ConflictError):
        services.application_move(application=second, to_stage=offer, by=hiring_manager, expected_version=1)

    application.refresh_from_db()
    assert application.stage.name == "Screen"
    assert StageChange.objects.filter(application=application, kind="MOVED").count() == 1


def test_moving_an_application_of_a_closed_job_is_refused(application, recruiter):
    services.job_close(job=application.job, reason="CANCELLED", by=recruiter)
    application.refresh_from_db()

    with pytest.raises(DomainError, match="is closed"):
        services.application_move(
            application=application, to_stage=screen(application.job), by=recruiter, expected_version=1
        )

    application.refresh_from_db()
    assert application.stage.kind == StageKind.APPLICATION
    assert history(application) == ["CREATED"]


def test_a_move_racing_a_job_close_is_refused_even_with_a_stale_job_object(application, recruiter):
    job_seen_by_mover = application.job
    services.job_close(
        job=application.job.__class__.objects.get(pk=application.job_id), reason="CANCELLED", by=recruiter
    )
    assert not job_seen_by_mover.is_closed

    with pytest.raises(DomainError, match="closed"):
        services.application_move(
            application=application, to_stage=screen(job_seen_by_mover), by=recruiter, expected_version=1
        )
    assert history(application) == ["CREATED"]


def test_moving_to_a_stage_of_another_job_is_refused(application, recruiter):
    elsewhere = JobFactory(status="ACTIVE").stages.get(name="Screen")

    with pytest.raises(DomainError, match="another job"):
        services.application_move(
            application=application, to_stage=elsewhere, by=recruiter, expected_version=1
        )
    application.refresh_from_db()
    assert application.version == 1


def test_moving_to_the_stage_it_is_in_is_refused(application, recruiter):
    with pytest.raises(DomainError, match="already in Application"):
        services.application_move(
            application=application, to_stage=application.stage, by=recruiter, expected_version=1
        )
    assert history(application) == ["CREATED"]


def test_rejecting_records_the_reason_and_takes_the_application_off_the_board(application, recruiter):
    services.application_reject(
        application=application, reason="NOT_QUALIFIED", by=recruiter, expected_version=1
    )

    application.refresh_from_db()
    assert (application.status, application.reject_reason) == ("REJECTED", "NOT_QUALIFIED")
    change = application.stage_changes.first()
    assert (change.kind, change.detail, change.by) == ("REJECTED", "Not qualified", recruiter)


def test_rejecting_without_a_known_reason_is_refused(application, recruiter):
    with pytest.raises(DomainError, match="reason") as caught:
        services.application_reject(application=application, reason="BORED", by=recruiter, expected_version=1)
    assert caught.value.field == "reason"
    application.refresh_from_db()
    assert application.status == "ACTIVE"
    assert history(application) == ["CREATED"]


def test_a_rejected_application_cannot_be_moved_until_reopened(application, recruiter):
    services.application_reject(application=application, reason="OTHER", by=recruiter, expected_version=1)

    with pytest.raises(DomainError, match="rejected"):
        services.application_move(
            application=application, to_stage=screen(application.job), by=recruiter, expected_version=2
        )

    services.application_reopen(application=application, by=recruiter, expected_version=2)
    services.application_move(
        application=application, to_stage=screen(application.job), by=recruiter, expected_version=3
    )
    application.refresh_from_db()
    assert (application.status, application.reject_reason, application.stage.name) == ("ACTIVE", "", "Screen")
    assert history(application) == ["CREATED", "REJECTED", "REOPENED", "MOVED"]


def test_hiring_moves_the_application_to_offer_and_marks_it_hired(application, recruiter):
    services.application_hire(application=application, by=recruiter, expected_version=1)

    application.refresh_from_db()
    assert (application.status, application.stage.kind) == ("HIRED", StageKind.OFFER)
    change = application.stage_changes.first()
    assert (change.kind, change.from_stage.name, change.to_stage.name) == ("HIRED", "Application", "Offer")


def test_hiring_on_a_draft_job_is_refused(job, candidate, recruiter):
    application = ApplicationFactory(job=job, candidate=candidate)

    with pytest.raises(DomainError, match="Activate the job"):
        services.application_hire(application=application, by=recruiter, expected_version=1)
    application.refresh_from_db()
    assert application.status == "ACTIVE"


def test_moves_are_allowed_on_a_draft_job(job, candidate, recruiter):
    application = ApplicationFactory(job=job, candidate=candidate)
    services.application_move(application=application, to_stage=screen(job), by=recruiter, expected_version=1)
    application.refresh_from_db()
    assert application.stage.name == "Screen"


def test_a_withdrawn_application_can_be_reopened_but_a_hired_one_cannot(application, recruiter, active_job):
    services.application_withdraw(application=application, by=recruiter, expected_version=1)
    application.refresh_from_db()
    assert application.status == "WITHDRAWN"

    services.application_reopen(application=application, by=recruiter, expected_version=2)
    services.application_hire(application=application, by=recruiter, expected_version=3)
    with pytest.raises(DomainError, match="hired"):
        services.application_reopen(application=application, by=recruiter, expected_version=4)
    assert history(application) == ["CREATED", "WITHDRAWN", "REOPENED", "HIRED"]
