"""Removing a candidate (deleted, or anonymised: their data wiped, the row kept) or an application.

Each leaves a Removal in the same transaction, so that copies of Attract's data kept elsewhere (the
LinkedIn In-ATS sync) remove it too: a candidate's applications first, then the candidate."""

from django.db import transaction

from attract import roles
from attract.errors import DomainError
from candidates.models import Application, Candidate, Removal


def _require_admin(by, what: str) -> None:
    if not roles.is_admin(by):
        raise DomainError(f"Only an administrator can {what}.")


def record_candidate_removal(candidate: Candidate) -> None:
    """The Removals for a candidate and each of their applications (also used by Django's admin)."""
    application_ids = list(Application.objects.filter(candidate=candidate).values_list("pk", flat=True))
    Removal.objects.bulk_create(
        [
            Removal(kind=Removal.Kind.APPLICATION, object_id=pk, candidate_id=candidate.pk)
            for pk in application_ids
        ]
        + [Removal(kind=Removal.Kind.CANDIDATE, object_id=candidate.pk, candidate_id=candidate.pk)]
    )


def record_application_removal(application: Application) -> None:
    Removal.objects.create(
        kind=Removal.Kind.APPLICATION, object_id=application.pk, candidate_id=application.candidate_id
    )


@transaction.atomic
def candidate_delete(*, candidate: Candidate, by) -> None:
    """Delete a candidate with their applications, notes and feedback."""
    _require_admin(by, "delete a candidate")
    record_candidate_removal(candidate)
    candidate.delete()


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, by) -> Candidate:
    """Wipe what identifies a candidate, keeping the row (so the pipeline's counts stay right)."""
    _require_admin(by, "anonymise a candidate")
    if Removal.objects.filter(kind=Removal.Kind.CANDIDATE, object_id=candidate.pk).exists():
        raise DomainError("This candidate was already anonymised.")
    record_candidate_removal(candidate)
    if candidate.resume:
        candidate.resume.delete(save=False)
    for name in ("email", "phone", "city", "region", "current_company", "current_title", "linkedin_url"):
        setattr(candidate, name, "")
    candidate.first_name, candidate.last_name, candidate.country = "Anonymised", "candidate", ""
    candidate.save()
    return candidate


@transaction.atomic
def application_remove(*, application: Application, by) -> None:
    """Remove an application (a mistake, or at the candidate's request) with its history, notes and
    feedback."""
    _require_admin(by, "remove an application")
    record_application_removal(application)
    application.delete()
