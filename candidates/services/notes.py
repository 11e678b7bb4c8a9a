"""Notes on candidates and interview feedback on applications."""

from django.db import transaction
from django.utils import timezone

from attract import roles
from attract.errors import DomainError
from candidates.models import Application, Candidate, InterviewFeedback, Note
from candidates.services.applications import ensure_job_open
from jobs.permissions import can_give_feedback

NOTE_MAX_CHARS = 10_000


@transaction.atomic
def note_create(*, candidate: Candidate, body: str, by, application: Application | None = None) -> Note:
    body = (body or "").strip()
    if not body:
        raise DomainError("Write something in the note.", field="body")
    if len(body) > NOTE_MAX_CHARS:
        raise DomainError(f"A note holds at most {NOTE_MAX_CHARS:,} characters.", field="body")
    if application is not None:
        if application.candidate_id != candidate.pk:
            raise DomainError("That application belongs to another candidate.", field="application")
        ensure_job_open(application.job_id)
    return Note.objects.create(candidate=candidate, application=application, author=by, body=body)


@transaction.atomic
def note_delete(*, note: Note, by) -> Note:
    """Soft delete: the row stays (with deleted_at) so synchronisation can mirror the deletion."""
    if note.author_id != by.pk and not roles.is_admin(by):
        raise DomainError("Only the author or an administrator can delete this note.")
    now = timezone.now()
    if not Note.objects.filter(pk=note.pk, deleted_at__isnull=True).update(deleted_at=now, updated_at=now):
        raise DomainError("This note was already deleted.")
    note.deleted_at = note.updated_at = now
    return note


@transaction.atomic
def feedback_submit(
    *, application: Application, interviewer, rating, recommendation: str, comments: str = ""
) -> InterviewFeedback:
    """Record one interviewer's feedback on an application (once per interviewer)."""
    job = application.job
    if not can_give_feedback(interviewer, job):
        raise DomainError(f"Only the hiring team of {job.code} can give interview feedback.")
    ensure_job_open(job.pk)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError("Give a rating from 1 to 5.", field="rating")
    if recommendation not in InterviewFeedback.Recommendation.values:
        raise DomainError("Choose a recommendation.", field="recommendation")
    if InterviewFeedback.objects.alive().filter(application=application, interviewer=interviewer).exists():
        raise DomainError("You already gave feedback on this application.")
    return InterviewFeedback.objects.create(
        application=application,
        interviewer=interviewer,
        rating=rating,
        recommendation=recommendation,
        comments=(comments or "").strip(),
    )
