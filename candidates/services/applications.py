"""The pipeline: moving, rejecting, hiring, withdrawing and reopening applications; closing a job.

Every change carries the version the person saw (optimistic concurrency) and is refused on a
closed job; each one adds a StageChange line to the application's history.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from attract.errors import ConflictError, DomainError
from candidates.models import Application, StageChange
from jobs.models import Job, JobEvent, Stage, StageKind

OPEN_JOB_STATUSES = (Job.Status.DRAFT, Job.Status.ACTIVE)


def ensure_job_open(job_id: int):
    """Refuse changes on a closed job, reading its status fresh (the caller's copy may be stale)."""
    job = Job.objects.filter(pk=job_id).only("code", "status").first()
    if job is None or job.is_closed:
        code = job.code if job else "this job"
        raise DomainError(f"The job {code} is closed: its pipeline is read-only.")


def _raise_conflict(application: Application):
    current = Application.objects.select_related("stage").filter(pk=application.pk).first()
    if current is None:
        raise DomainError("This application no longer exists.")
    last = current.stage_changes.select_related("by").first()
    who = str(last.by) if last and last.by else "someone"
    where = current.stage.name
    if current.status != Application.Status.ACTIVE:
        where = f"{where}, {current.get_status_display().lower()}"
    raise ConflictError(
        f"Someone else changed this application (now in {where} by {who}). Reload to see the current state."
    )


def _check_version(application: Application, expected_version) -> None:
    if application.version != expected_version:
        _raise_conflict(application)


def _apply_change(application, *, expected_version, by, kind, from_stage, to_stage, detail="", **values):
    """Write the change only if nobody changed the application since the form was shown, and only
    while its job is open (a conditional UPDATE, so two racing requests cannot both win)."""
    now = timezone.now()
    updated = Application.objects.filter(
        pk=application.pk, version=expected_version, job__status__in=OPEN_JOB_STATUSES
    ).update(version=F("version") + 1, updated_at=now, **values)
    if not updated:
        ensure_job_open(application.job_id)
        _raise_conflict(application)
    for name, value in values.items():
        setattr(application, name, value)
    application.version = expected_version + 1
    application.updated_at = now
    touch_on_leaving_prospect(application_id=application.pk, from_stage=from_stage, to_stage=to_stage)
    StageChange.objects.create(
        application=application, kind=kind, from_stage=from_stage, to_stage=to_stage, by=by, detail=detail
    )
    return application


def touch_on_leaving_prospect(*, application_id: int, from_stage, to_stage) -> None:
    """The LinkedIn In-ATS sync sends no prospect, nor what is written on one, and its cursor moves on:
    an application leaving Prospect has its history, notes and feedback stamped, so they are sent too."""
    prospect = StageKind.PROSPECT
    if from_stage is not None and from_stage.kind == prospect and to_stage.kind != prospect:
        Application.objects.filter(pk=application_id).touch_records()


def _require_status(application: Application, *allowed: str, action: str):
    if application.status not in allowed:
        status = application.get_status_display().lower()
        raise DomainError(f"{application.candidate.full_name} is {status}: you cannot {action} them now.")


@transaction.atomic
def application_move(*, application: Application, to_stage: Stage, by, expected_version: int) -> Application:
    """Move an active application to another stage of its job."""
    ensure_job_open(application.job_id)
    _check_version(application, expected_version)
    _require_status(application, Application.Status.ACTIVE, action="move")
    if to_stage.job_id != application.job_id:
        raise DomainError("That stage belongs to another job.", field="stage")
    if to_stage.pk == application.stage_id:
        raise DomainError(f"{application.candidate.full_name} is already in {to_stage.name}.", field="stage")
    return _apply_change(
        application,
        expected_version=expected_version,
        by=by,
        kind=StageChange.Kind.MOVED,
        from_stage=application.stage,
        to_stage=to_stage,
        stage=to_stage,
    )


@transaction.atomic
def application_reject(*, application: Application, reason: str, by, expected_version: int) -> Application:
    ensure_job_open(application.job_id)
    _check_version(application, expected_version)
    _require_status(application, Application.Status.ACTIVE, action="reject")
    if reason not in Application.RejectReason.values:
        raise DomainError("Choose a reason for the rejection.", field="reason")
    return _apply_change(
        application,
        expected_version=expected_version,
        by=by,
        kind=StageChange.Kind.REJECTED,
        from_stage=application.stage,
        to_stage=application.stage,
        detail=Application.RejectReason(reason).label,
        status=Application.Status.REJECTED,
        reject_reason=reason,
    )


@transaction.atomic
def application_hire(*, application: Application, by, expected_version: int) -> Application:
    """Mark an application hired; it lands in the Offer stage, where a hire belongs."""
    ensure_job_open(application.job_id)
    _check_version(application, expected_version)
    _require_status(application, Application.Status.ACTIVE, action="hire")
    if not Job.objects.filter(pk=application.job_id, status=Job.Status.ACTIVE).exists():
        raise DomainError("Activate the job before hiring for it.")
    offer = application.job.stages.filter(kind=StageKind.OFFER).first() or application.stage
    return _apply_change(
        application,
        expected_version=expected_version,
        by=by,
        kind=StageChange.Kind.HIRED,
        from_stage=application.stage,
        to_stage=offer,
        stage=offer,
        status=Application.Status.HIRED,
    )


@transaction.atomic
def application_withdraw(*, application: Application, by, expected_version: int) -> Application:
    """The candidate withdrew from the process."""
    ensure_job_open(application.job_id)
    _check_version(application, expected_version)
    _require_status(application, Application.Status.ACTIVE, action="withdraw")
    return _apply_change(
        application,
        expected_version=expected_version,
        by=by,
        kind=StageChange.Kind.WITHDRAWN,
        from_stage=application.stage,
        to_stage=application.stage,
        status=Application.Status.WITHDRAWN,
    )


@transaction.atomic
def application_reopen(*, application: Application, by, expected_version: int) -> Application:
    """Bring a rejected or withdrawn application back into the pipeline, in the stage it left."""
    ensure_job_open(application.job_id)
    _check_version(application, expected_version)
    _require_status(application, Application.Status.REJECTED, Application.Status.WITHDRAWN, action="reopen")
    return _apply_change(
        application,
        expected_version=expected_version,
        by=by,
        kind=StageChange.Kind.REOPENED,
        from_stage=application.stage,
        to_stage=application.stage,
        status=Application.Status.ACTIVE,
        reject_reason="",
    )


@transaction.atomic
def job_close(*, job: Job, reason: str, by) -> Job:
    """Close a job: Cancelled any time while open, Position filled only once someone was hired.

    The row is locked so a close and a hire racing each other are decided one after the other.
    """
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.is_closed:
        raise DomainError(f"The job {locked.code} is already closed.")
    if reason not in Job.CloseReason.values:
        raise DomainError("Choose why the job is closed: Cancelled or Position filled.", field="reason")
    hired = Application.objects.filter(job=locked, status=Application.Status.HIRED).exists()
    if reason == Job.CloseReason.POSITION_FILLED and not hired:
        raise DomainError(
            "A job can be closed as Position filled only once a candidate is hired.", field="reason"
        )
    if locked.is_draft:
        # A closed job is shown again (to LinkedIn, say), a draft not: its applications and what was
        # written on them meanwhile are sent now.
        applications = Application.objects.filter(job=locked)
        applications.touch_records()
        applications.touch()
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.CLOSED, close_reason=reason, closed_at=now, updated_at=now
    )
    job.status, job.close_reason, job.closed_at, job.updated_at = Job.Status.CLOSED, reason, now, now
    JobEvent.objects.create(
        job=locked, kind=JobEvent.Kind.CLOSED, by=by, detail=job.get_close_reason_display()
    )
    return job
