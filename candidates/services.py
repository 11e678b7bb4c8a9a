"""Every write to candidates, applications, notes, feedback and talent pools.

Keyword-only, atomic functions that raise attract.errors.DomainError with a message for the person.
"""

from django.db import IntegrityError, transaction

from attract.errors import DomainError
from candidates.models import Application, Candidate, CandidateSource, StageChange
from jobs.models import Job, StageKind


def candidate_find_by_email(email: str) -> Candidate | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return Candidate.objects.filter(email__iexact=email).first()


@transaction.atomic
def candidate_create(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    city: str = "",
    region: str = "",
    country: str = "",
    current_company: str = "",
    current_title: str = "",
    linkedin_url: str = "",
    source: str = CandidateSource.MANUAL,
    resume=None,
    by=None,
) -> Candidate:
    """Create a candidate; an email already known (any case) is refused with a clear message."""
    email = (email or "").strip().lower()
    if email and Candidate.objects.filter(email__iexact=email).exists():
        raise DomainError(f"A candidate with the email {email} already exists.", field="email")
    candidate = Candidate(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        phone=phone.strip(),
        city=city.strip(),
        region=region.strip(),
        country=country,
        current_company=current_company.strip(),
        current_title=current_title.strip(),
        linkedin_url=linkedin_url.strip(),
        source=source,
        created_by=by,
    )
    if resume:
        candidate.resume = resume
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:  # a concurrent insert of the same email
        raise DomainError(f"A candidate with the email {email} already exists.", field="email") from exc
    return candidate


def _entry_stage(job: Job, stage_kind: str):
    stage = job.stages.filter(kind=stage_kind).first()
    if stage is None and stage_kind == StageKind.PROSPECT:
        # Prospect is switched off for this job: prospects start at Application.
        stage = job.stages.filter(kind=StageKind.APPLICATION).first()
    if stage is None:
        raise DomainError(f"The job {job.code} has no {stage_kind.title()} stage.")
    return stage


@transaction.atomic
def application_create(
    *,
    candidate: Candidate,
    job: Job,
    stage_kind: str = StageKind.APPLICATION,
    source: str = CandidateSource.MANUAL,
    cover_letter: str = "",
    resume=None,
    by=None,
) -> Application:
    """Put a candidate on a job at its Prospect or Application stage and record it in the history.

    A candidate is on a job at most once: a second attempt is refused and nothing is written.
    """
    if job.is_closed:
        raise DomainError(f"The job {job.code} is closed.")
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise DomainError(f"{candidate.full_name} is already on the job {job.code}.")
    stage = _entry_stage(job, stage_kind)
    application = Application(
        candidate=candidate, job=job, stage=stage, source=source, cover_letter=cover_letter
    )
    if resume:
        application.resume = resume
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a concurrent duplicate
        raise DomainError(f"{candidate.full_name} is already on the job {job.code}.") from exc
    StageChange.objects.create(application=application, kind=StageChange.Kind.CREATED, to_stage=stage, by=by)
    return application
