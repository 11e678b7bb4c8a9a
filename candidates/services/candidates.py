"""Candidates and their place on a job: create, update, put on a job, tell the team."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from attract.errors import DomainError
from attract.outbox import send_after_commit
from candidates.models import (
    Application,
    Candidate,
    CandidateSource,
    InterviewFeedback,
    Note,
    StageChange,
)
from jobs.models import Job, JobRole, Stage, StageKind

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
    "headline",
)

# What each of a candidate's applications carries of them (the LinkedIn In-ATS sync sends it with each).
CARRIED_BY_APPLICATIONS = ("first_name", "last_name", "email")


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
    headline: str = "",
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
        headline=headline.strip()[:255],
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
    stored = Candidate.objects.filter(pk=candidate.pk).values(*CARRIED_BY_APPLICATIONS).first() or {}
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        raise _email_taken_error(candidate.email) from exc
    changed = [name for name in CARRIED_BY_APPLICATIONS if stored.get(name) != getattr(candidate, name)]
    candidate_touch_applications(candidate=candidate, changed=changed)
    return candidate


def candidate_touch_applications(*, candidate: Candidate, changed) -> None:
    """Each application carries its candidate's name and email (the In-ATS sync sends them with it, and
    reads only rows whose updated_at moved): when `changed`, the names of the fields edited, has one of
    them, the applications are stamped so that they are sent again."""
    if set(changed) & set(CARRIED_BY_APPLICATIONS):
        candidate.applications.touch()


def records_touch_author(*, user, **kwargs) -> None:
    """Notes and interview feedback carry their author's name (the In-ATS sync sends it with them): a
    person renamed has theirs stamped, so that they are sent again."""
    now = timezone.now()
    Note.objects.filter(author=user).update(updated_at=now)
    InterviewFeedback.objects.filter(interviewer=user).update(updated_at=now)


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
    stage: Stage | None = None,
) -> Application:
    """Put a candidate on a job at its Prospect or Application stage and record it in the history
    (`stage`: that stage of the job, when the caller has read it already).

    A candidate is on a job at most once: a second attempt is refused and nothing is written.
    Career-site applications tell the hiring team by email, and confirm to the applicant, once the
    transaction has committed.
    """
    if job.is_closed:
        raise DomainError(f"The job {job.code} is closed.")
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise DomainError(f"{candidate.full_name} is already on the job {job.code}.")
    if stage is None or stage.job_id != job.pk or stage.kind != stage_kind:
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
    if source in APPLICANT_SOURCES:
        from candidates.tasks import application_confirm_to_applicant, application_notify_team

        # A broker that is down or silent neither fails nor holds the request: kept for the sweep.
        send_after_commit(application_notify_team, application.pk)
        send_after_commit(application_confirm_to_applicant, application.pk)
    return application


# The job seeker applied themselves: the team is told, and they get a confirmation.
APPLICANT_SOURCES = (CandidateSource.CAREER_SITE, CandidateSource.APPLY_WITH_LINKEDIN)


def applicant_confirm(*, application: Application) -> int:
    """Email the applicant that their application arrived; returns mails sent (0 or 1).

    At most once per application: the send is claimed first (a concurrent or repeated task finds it
    claimed), and a failed send gives the claim back so that the retry sends it.
    """
    email = application.candidate.email
    if not email:
        return 0
    claimed = Application.objects.filter(pk=application.pk, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return 0
    job, candidate = application.job, application.candidate
    link = settings.SITE_URL + reverse("careers:list")
    body = (
        f"Dear {candidate.first_name},\n\n"
        f"Thank you for applying for {job.title} ({job.code}). We have received your application and the "
        f"hiring team will review it. We will get back to you by email.\n\n"
        f"Our other open positions: {link}\n\n"
        f"This message was sent because this address was given in an application on our career site.\n"
    )
    try:
        return send_mail(
            subject=f"Your application for {job.title}",
            message=body,
            from_email=None,
            recipient_list=[email],
        )
    except Exception:
        Application.objects.filter(pk=application.pk).update(confirmation_sent_at=None)
        raise


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
