"""Talent pools, their members, and pushing members onto a job. The system LinkedIn pool is fixed."""

from django.db import IntegrityError, transaction

from attract.errors import DomainError
from candidates.models import Application, Candidate, CandidateSource, TalentPool, TalentPoolMember
from candidates.services.candidates import application_create
from jobs.models import Job, StageKind


def _clean_pool_name(name: str, *, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the talent pool a name.", field="name")
    if len(name) > TalentPool._meta.get_field("name").max_length:
        raise DomainError("That name is too long.", field="name")
    if TalentPool.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise DomainError(f"A talent pool named {name} already exists.", field="name")
    return name


def _refuse_if_system(pool: TalentPool, action: str):
    if pool.is_system:
        raise DomainError(f"The {pool.name} pool is managed by Attract: it cannot be {action}.")


@transaction.atomic
def pool_create(*, name: str, by, description: str = "") -> TalentPool:
    name = _clean_pool_name(name)
    try:
        with transaction.atomic():
            return TalentPool.objects.create(name=name, description=description.strip(), created_by=by)
    except IntegrityError as exc:
        raise DomainError(f"A talent pool named {name} already exists.", field="name") from exc


@transaction.atomic
def pool_rename(*, pool: TalentPool, name: str, by, description: str | None = None) -> TalentPool:
    _refuse_if_system(pool, "renamed")
    pool.name = _clean_pool_name(name, exclude_pk=pool.pk)
    if description is not None:
        pool.description = description.strip()
    try:
        with transaction.atomic():
            pool.save(update_fields=["name", "description", "updated_at"])
    except IntegrityError as exc:
        raise DomainError(f"A talent pool named {pool.name} already exists.", field="name") from exc
    return pool


@transaction.atomic
def pool_delete(*, pool: TalentPool, by) -> None:
    """Delete a pool and its memberships; the candidates themselves stay."""
    _refuse_if_system(pool, "deleted")
    pool.delete()


@transaction.atomic
def pool_add_member(*, pool: TalentPool, candidate: Candidate, by) -> TalentPoolMember:
    if TalentPoolMember.objects.filter(pool=pool, candidate=candidate).exists():
        raise DomainError(f"{candidate.full_name} is already in {pool.name}.")
    try:
        with transaction.atomic():
            return TalentPoolMember.objects.create(pool=pool, candidate=candidate, added_by=by)
    except IntegrityError as exc:
        raise DomainError(f"{candidate.full_name} is already in {pool.name}.") from exc


@transaction.atomic
def pool_remove_member(*, pool: TalentPool, candidate: Candidate, by) -> None:
    deleted, _ = TalentPoolMember.objects.filter(pool=pool, candidate=candidate).delete()
    if not deleted:
        raise DomainError(f"{candidate.full_name} is not in {pool.name}.")


@transaction.atomic
def pool_push_to_job(*, pool: TalentPool, job: Job, candidates, by) -> tuple[list, list]:
    """Put pool members on a job's Prospect stage (Application when Prospect is off).

    Returns (applications created, candidates skipped because they are already on the job).
    """
    if job.is_closed:
        raise DomainError(f"The job {job.code} is closed.")
    candidates = list(candidates)
    if not candidates:
        raise DomainError("Choose at least one candidate to push.", field="candidates")
    member_ids = set(pool.members.filter(candidate__in=candidates).values_list("candidate_id", flat=True))
    outsiders = [c.full_name for c in candidates if c.pk not in member_ids]
    if outsiders:
        raise DomainError(f"Not in {pool.name}: {', '.join(outsiders)}.", field="candidates")
    already = set(
        Application.objects.filter(job=job, candidate__in=candidates).values_list("candidate_id", flat=True)
    )
    created, skipped = [], []
    for candidate in candidates:
        if candidate.pk in already:
            skipped.append(candidate)
            continue
        created.append(
            application_create(
                candidate=candidate,
                job=job,
                stage_kind=StageKind.PROSPECT,
                source=CandidateSource.TALENT_POOL,
                by=by,
            )
        )
    return created, skipped
