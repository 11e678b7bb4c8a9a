"""Every write to jobs, their hiring process and their hiring team.

Functions are keyword-only and atomic. Rules that refuse an action raise DomainError with a message for
the person who tried; the job row is locked while its process or status changes, so an edit racing an
activation is decided one after the other, never half-applied.
"""

import nh3
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from attract import roles
from attract.errors import ConflictError, DomainError
from attract.models import Counter
from jobs.models import Job, JobEvent, JobRole, ProcessTemplateStage, Stage, StageKind

CODE_COUNTER = "job_code"
# Basic formatting for descriptions: paragraphs, emphasis and lists. Everything else is removed by a
# real HTML parser (html5ever through nh3), never by regular expressions.
DESCRIPTION_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4"}
_CLEANER = nh3.Cleaner(tags=DESCRIPTION_TAGS, attributes={}, link_rel=None, strip_comments=True)
REQUIRED_KINDS = {StageKind.APPLICATION: "Application", StageKind.OFFER: "Offer"}
EDITABLE_FIELDS = {
    "title",
    "description",
    "city",
    "region",
    "country",
    "postal_code",
    "workplace_type",
    "employment_type",
    "seniority",
    "job_functions",
    "industry",
    "openings",
    "visibility",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_public",
    "apply_by",
}


def description_clean(html: str) -> str:
    """Sanitised HTML. Text typed without any markup keeps its paragraphs and line breaks."""
    html = (html or "").strip()
    if html and not nh3.is_html(html):
        paragraphs = [p.strip() for p in html.replace("\r\n", "\n").split("\n\n") if p.strip()]
        html = "".join(
            "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
        )
    return _CLEANER.clean(html).strip()


def job_codes_allocate(count: int) -> list[str]:
    """Claim `count` new job codes (J-000123 style); the counter row is locked, codes never repeat."""
    with transaction.atomic():
        counter, _ = Counter.objects.select_for_update().get_or_create(name=CODE_COUNTER)
        Counter.objects.filter(pk=counter.pk).update(value=F("value") + count)
    return [f"J-{number:06d}" for number in range(counter.value + 1, counter.value + count + 1)]


def _check_fields(fields: dict) -> dict:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not job fields: {', '.join(sorted(unknown))}")
    if "description" in fields:
        fields["description"] = description_clean(fields["description"])
        if not nh3.clean(fields["description"], tags=set()).strip():
            raise DomainError("Describe the job.", field="description")
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise DomainError("Give the job a title.", field="title")
    low, high = fields.get("salary_min"), fields.get("salary_max")
    if low is not None and high is not None and low > high:
        raise DomainError("The lowest salary is above the highest.", field="salary_max")
    return fields


@transaction.atomic
def job_create(*, by, **fields) -> Job:
    """A draft job with the default process copied in and its creator as the team's recruiter."""
    fields = _check_fields(fields)
    (code,) = job_codes_allocate(1)
    job = Job.objects.create(code=code, owner=by, status=Job.Status.DRAFT, **fields)
    Stage.objects.bulk_create(
        Stage(job=job, name=step.name, kind=step.kind, position=position)
        for position, step in enumerate(ProcessTemplateStage.objects.order_by("position"))
    )
    JobRole.objects.create(job=job, user=by, role=JobRole.Role.RECRUITER)
    return job


def _lock(job: Job) -> Job:
    return Job.objects.select_for_update().get(pk=job.pk)


def _refuse_closed(job: Job) -> None:
    if job.is_closed:
        raise DomainError(f"{job.code} is closed: it can no longer be changed.")


@transaction.atomic
def job_update(*, job: Job, by, expected_updated_at=None, **fields) -> Job:
    locked = _lock(job)
    _refuse_closed(locked)
    if expected_updated_at is not None and locked.updated_at != expected_updated_at:
        raise ConflictError(
            f"Somebody else saved {locked.code} while you were editing it. Reload the page to see "
            "their changes, then make yours again."
        )
    fields = _check_fields(fields)
    renamed = "title" in fields and fields["title"] != locked.title
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    if renamed:
        # Each application carries its job's title (the In-ATS sync sends it): stamped, it is sent again.
        locked.applications.touch()
    return locked


@transaction.atomic
def job_activate(*, job: Job, by) -> Job:
    """Draft -> Active. The process locks from now on."""
    locked = _lock(job)
    if not locked.is_draft:
        raise DomainError(
            f"{locked.code} is {locked.get_status_display().lower()}: only a draft can be activated."
        )
    kinds = set(locked.stages.values_list("kind", flat=True))
    missing = [name for kind, name in REQUIRED_KINDS.items() if kind not in kinds]
    if missing:
        raise DomainError(f"The process needs its {' and '.join(missing)} stage before activation.")
    locked.status = Job.Status.ACTIVE
    locked.activated_at = timezone.now()
    locked.save(update_fields=["status", "activated_at", "updated_at"])
    # A draft's applications, and what is written on them, are not sent to LinkedIn (the In-ATS sync
    # moves past them): stamped now, they are sent with the job, stage names as they are now.
    locked.applications.touch_records()
    locked.applications.touch()
    JobEvent.objects.create(job=locked, kind=JobEvent.Kind.ACTIVATED, by=by)
    return locked


@transaction.atomic
def job_reopen(*, job: Job, by) -> Job:
    """Closed -> open again: Active if it had been activated, else Draft. The pipeline is writable
    again and, if public and active, the job returns to the career site (and to LinkedIn's feed if it
    is still posted there). The reopening is a line in the job's history."""
    locked = _lock(job)
    if not locked.is_closed:
        raise DomainError(f"{locked.code} is not closed: only a closed job can be reopened.")
    was = locked.get_close_reason_display()
    locked.status = Job.Status.ACTIVE if locked.activated_at else Job.Status.DRAFT
    locked.close_reason = ""
    locked.closed_at = None
    locked.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    JobEvent.objects.create(job=locked, kind=JobEvent.Kind.REOPENED, by=by, detail=f"Was closed as {was}.")
    return locked


# The hiring process ---------------------------------------------------------------------------------


def _editable_process(job: Job) -> Job:
    locked = _lock(job)
    _refuse_closed(locked)
    if locked.process_locked:
        raise DomainError("The hiring process is locked: it cannot change once the job is active.")
    return locked


def _stage_of(job: Job, stage_id: int) -> Stage:
    try:
        return job.stages.get(pk=stage_id)
    except Stage.DoesNotExist:
        raise DomainError(
            "That stage is not part of this job's process (it may have been removed)."
        ) from None


def _clean_stage_name(job: Job, name: str, *, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Give the stage a name.", field="name")
    if len(name) > Stage._meta.get_field("name").max_length:
        raise DomainError("Stage names have at most 60 characters.", field="name")
    if job.stages.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise DomainError(f"This process already has a stage named “{name}”.", field="name")
    return name


def _renumber(job: Job, ordered: list[Stage]) -> None:
    for position, stage in enumerate(ordered):
        stage.position = position
    Stage.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def stage_add(*, job: Job, name: str, by) -> Stage:
    """A custom stage, placed just before Offer (the last step stays the offer)."""
    locked = _editable_process(job)
    name = _clean_stage_name(locked, name)
    stages = list(locked.stages.order_by("position"))
    offer_at = next((i for i, s in enumerate(stages) if s.kind == StageKind.OFFER), len(stages))
    stage = Stage.objects.create(job=locked, name=name, kind=StageKind.CUSTOM, position=len(stages))
    stages.insert(offer_at, stage)
    _renumber(locked, stages)
    return stage


@transaction.atomic
def stage_rename(*, job: Job, stage_id: int, name: str, by) -> Stage:
    """Only a draft's process changes, and the stage changes of a draft's applications are not sent to
    LinkedIn until the job leaves Draft, which stamps them all: they then carry the new name, so there
    is nothing to stamp here."""
    locked = _editable_process(job)
    stage = _stage_of(locked, stage_id)
    stage.name = _clean_stage_name(locked, name, exclude_pk=stage.pk)
    stage.save(update_fields=["name", "updated_at"])
    return stage


@transaction.atomic
def stage_move(*, job: Job, stage_id: int, direction: str, by) -> Stage:
    """Move a custom stage one place up or down among the custom stages. Prospect stays first,
    Application right after it and Offer last: the rule of the default process template."""
    if direction not in ("up", "down"):
        raise DomainError("Move a stage up or down.")
    locked = _editable_process(job)
    stage = _stage_of(locked, stage_id)
    if stage.kind != StageKind.CUSTOM:
        raise DomainError(f"“{stage.name}” keeps its place in the process; only custom stages move.")
    stages = list(locked.stages.order_by("position"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(stages) or stages[other].kind != StageKind.CUSTOM:
        raise DomainError(
            f"“{stage.name}” is already the {'first' if direction == 'up' else 'last'} custom stage."
        )
    stages[index], stages[other] = stages[other], stages[index]
    _renumber(locked, stages)
    return stage


@transaction.atomic
def stage_remove(*, job: Job, stage_id: int, by) -> None:
    locked = _editable_process(job)
    stage = _stage_of(locked, stage_id)
    if stage.kind in REQUIRED_KINDS:
        raise DomainError(f"{REQUIRED_KINDS[stage.kind]} is a required stage: it cannot be removed.")
    if stage.applications.exists():
        raise DomainError(f"Move the candidates out of “{stage.name}” before removing it.")
    stage.delete()
    _renumber(locked, list(locked.stages.order_by("position")))


@transaction.atomic
def prospect_set(*, job: Job, enabled: bool, by) -> None:
    """Switch the optional Prospect stage on (first in the process) or off."""
    locked = _editable_process(job)
    prospect = locked.stages.filter(kind=StageKind.PROSPECT).first()
    if enabled and prospect is None:
        stages = list(locked.stages.order_by("position"))
        name = "Prospect" if not locked.stages.filter(name__iexact="Prospect").exists() else "Prospects"
        added = Stage.objects.create(job=locked, name=name, kind=StageKind.PROSPECT, position=len(stages))
        _renumber(locked, [added, *stages])
    elif not enabled and prospect is not None:
        if prospect.applications.exists():
            raise DomainError("Move the prospects to another stage before switching Prospect off.")
        prospect.delete()
        _renumber(locked, list(locked.stages.order_by("position")))


# The hiring team ------------------------------------------------------------------------------------


@transaction.atomic
def team_add(*, job: Job, user, role: str, by) -> JobRole:
    locked = _lock(job)
    _refuse_closed(locked)
    if role not in JobRole.Role.values:
        raise DomainError("Choose Recruiter, Hiring manager or Interviewer.", field="role")
    if not user.is_active:
        raise DomainError(f"{user} is deactivated.", field="user")
    if roles.is_read_only(user):
        raise DomainError(
            f"{user.get_full_name() or user} is Read-only and cannot be on a hiring team: give them another "
            "role in the Admin center first.",
            field="user",
        )
    member, created = JobRole.objects.get_or_create(job=locked, user=user, role=role)
    if not created:
        raise DomainError(
            f"{user.get_full_name() or user} is already {member.get_role_display()} on this job."
        )
    return member


@transaction.atomic
def team_remove(*, job: Job, member_id: int, by) -> None:
    locked = _lock(job)
    _refuse_closed(locked)
    member = JobRole.objects.filter(job=locked, pk=member_id).first()
    if member is None:
        raise DomainError("That person is no longer on the hiring team.")
    if member.role == JobRole.Role.RECRUITER:
        others = JobRole.objects.filter(job=locked, role=JobRole.Role.RECRUITER).exclude(pk=member.pk)
        if not others.exists():
            raise DomainError("A job keeps at least one recruiter on its hiring team.")
    member.delete()
