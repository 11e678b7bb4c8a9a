"""Candidates and their place on a job: create, update, put on a job, tell the team."""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from attract.errors import DomainError
from candidates.models import Application, Candidate, CandidateSource, StageChange
from jobs.models import Job, JobRole, StageKind

CANDIDATE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "region",
    "country",
    "current_company",
    "current_title",
    "linkedin_url",
)


def candidate_find_by_email(email: str) -> Candidate | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return Candidate.objects.filter(email__iexact=email).first()


def _email_taken_error(email):
    return DomainError(f"A candidate with the email {email} already exists.", field="email")


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
        raise _email_taken_error(email)
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
        raise _email_taken_error(email) from exc
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, by, resume=None, **fields) -> Candidate:
    """Change a candidate's profile fields; the email stays unique without regard to case."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_update() got unknown fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    candidate.email = (candidate.email or "").lower()
    if not candidate.first_name or not candidate.last_name:
        raise DomainError("A candidate needs a first and a last name.", field="first_name")
    taken = Candidate.objects.filter(email__iexact=candidate.email).exclude(pk=candidate.pk)
    if candidate.email and taken.exists():
        raise _email_taken_error(candidate.email)
    if resume:
        candidate.resume = resume
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        raise _email_taken_error(candidate.email) from exc
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
    Career-site applications tell the hiring team by email once the transaction has committed.
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
    if source == CandidateSource.CAREER_SITE:
        from candidates.tasks import application_notify_team

        # robust: a broker outage must not turn an accepted application into an error page.
        transaction.on_commit(partial(application_notify_team.delay, application.pk), robust=True)
    return application


def applicant_notify_team(*, application: Application) -> int:
    """Email the job's recruiters and hiring managers about a new applicant; returns mails sent."""
    job, candidate = application.job, application.candidate
    team = JobRole.objects.filter(job=job, role__in=(JobRole.Role.RECRUITER, JobRole.Role.HIRING_MANAGER))
    recipients = {email for email in team.values_list("user__email", flat=True) if email}
    if job.owner.email:
        recipients.add(job.owner.email)
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("candidates:job_pipeline", args=[job.pk])
    body = (
        f"{candidate.full_name} applied for {job.code} {job.title} on the career site.\n\n"
        f"Open the pipeline: {link}\n"
    )
    return send_mail(
        subject=f"New applicant for {job.code} {job.title}: {candidate.full_name}",
        message=body,
        from_email=None,
        recipient_list=sorted(recipients),
    )
