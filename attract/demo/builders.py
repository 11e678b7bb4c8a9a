"""Bulk building blocks for demo and benchmark data.

Rows go in with bulk_create in batches and nothing here queries per row, so tens of thousands of
candidates take seconds on SQLite and PostgreSQL. What the services would record is recorded too: an
application always has its history (StageChange lines), candidates and emails stay unique.
"""

import random
import unicodedata
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from attract.demo import content
from attract.models import Counter
from candidates.models import (
    Application,
    Candidate,
    CandidateSource,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPoolMember,
)
from jobs.models import Job, JobRole, ProcessTemplateStage, Stage, StageKind

BATCH = 2000
# Where applications sit on a board when nobody picks: most early in the process, few at the offer.
STAGE_WEIGHTS = {"PROSPECT": 15, "APPLICATION": 40, "SCREEN": 20, "INTERVIEW": 17, "OFFER": 8}
REJECTED_SHARE = 0.12
REJECT_REASONS = [r for r in Application.RejectReason.values if r != "POSITION_FILLED"]


def allocate(name: str, count: int) -> int:
    """Claim `count` consecutive numbers from a named counter; returns the first."""
    with transaction.atomic():
        counter, _ = Counter.objects.select_for_update().get_or_create(name=name)
        Counter.objects.filter(pk=counter.pk).update(value=F("value") + count)
    return counter.value + 1


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def create_jobs(rows: list[dict], *, team: list[tuple] = ()) -> list[Job]:
    """Insert jobs (dicts of Job fields, without code), each with the default process and a team.

    Codes come from jobs.services.job_codes_allocate, the same counter job_create uses. `team` is a
    list of (user, JobRole.Role) put on every job.
    """
    from jobs.services import job_codes_allocate

    if not rows:
        return []
    codes = job_codes_allocate(len(rows))
    jobs = Job.objects.bulk_create(
        [Job(code=code, **fields) for code, fields in zip(codes, rows, strict=True)], batch_size=BATCH
    )
    template = list(ProcessTemplateStage.objects.order_by("position"))
    Stage.objects.bulk_create(
        [
            Stage(job=job, name=step.name, kind=step.kind, position=position)
            for job in jobs
            for position, step in enumerate(template)
        ],
        batch_size=BATCH,
    )
    JobRole.objects.bulk_create(
        [JobRole(job=job, user=user, role=role) for job in jobs for user, role in team], batch_size=BATCH
    )
    return jobs


def stages_by_job(jobs) -> dict[int, list[Stage]]:
    found: dict[int, list[Stage]] = {job.pk: [] for job in jobs}
    for stage in Stage.objects.filter(job__in=[job.pk for job in jobs]).order_by("job_id", "position"):
        found[stage.job_id].append(stage)
    return found


def scaled_job_rows(count: int, *, owner, rng: random.Random) -> list[dict]:
    """Jobs for scale: most active and public, one in ten internal, one in ten a draft."""
    now = timezone.now()
    rows = []
    for n in range(count):
        spec = content.JOBS[n % 5]
        city, region, country = content.CITIES[rng.randrange(len(content.CITIES))]
        status = Job.Status.DRAFT if n % 10 == 8 else Job.Status.ACTIVE
        rows.append(
            {
                "title": f"{spec['title']}, {city}",
                "description": spec["description"],
                "city": city,
                "region": region,
                "country": country,
                "postal_code": f"{rng.randrange(1000, 99999)}",
                "workplace_type": spec["workplace_type"],
                "employment_type": spec["employment_type"],
                "seniority": spec["seniority"],
                "job_functions": spec["job_functions"],
                "industry": spec["industry"],
                "visibility": Job.Visibility.INTERNAL if n % 10 == 9 else Job.Visibility.PUBLIC,
                "status": status,
                "owner": owner,
                "activated_at": now - timedelta(days=rng.randrange(1, 60)) if status == "ACTIVE" else None,
            }
        )
    return rows


def candidate_fields(rng: random.Random) -> dict:
    first = rng.choice(content.FIRST_NAMES)
    last = rng.choice(content.LAST_NAMES)
    city, region, country = rng.choice(content.CITIES)
    return {
        "first_name": first,
        "last_name": last,
        "phone": f"+{rng.randrange(1, 99)} {rng.randrange(10, 99)} {rng.randrange(1000000, 9999999)}",
        "city": city,
        "region": region,
        "country": country,
        "current_company": rng.choice(content.COMPANIES),
        "current_title": rng.choice(content.TITLES),
    }


def create_candidates(
    count: int, *, rng: random.Random, source=CandidateSource.CAREER_SITE, created_by=None
) -> list[Candidate]:
    """Candidates with unique emails (a counter numbers them, so repeated runs never collide)."""
    if count <= 0:
        return []
    first_number = allocate("demo_candidate", count)
    people = []
    for number in range(first_number, first_number + count):
        fields = candidate_fields(rng)
        email = f"{ascii_slug(fields['first_name'])}.{ascii_slug(fields['last_name'])}.{number}@example.net"
        people.append(Candidate(email=email, source=source, created_by=created_by, **fields))
    return Candidate.objects.bulk_create(people, batch_size=BATCH)


def _stage_key(stage: Stage) -> str:
    return stage.kind if stage.kind != StageKind.CUSTOM else stage.name.upper()


def pick_stage(stages: list[Stage], rng: random.Random, weights: dict | None = None) -> Stage:
    weights = weights or STAGE_WEIGHTS
    weights = [weights.get(_stage_key(stage), 0 if weights is not STAGE_WEIGHTS else 10) for stage in stages]
    return rng.choices(stages, weights=weights)[0]


def history_for(application: Application, stages: list[Stage], *, by=None) -> list[StageChange]:
    """The StageChange lines the services would have written to bring an application where it is."""
    entry_kind = StageKind.PROSPECT if application.stage.kind == StageKind.PROSPECT else StageKind.APPLICATION
    entry = next((s for s in stages if s.kind == entry_kind), application.stage)
    # Career-site applicants put themselves on the job; everything after is the recruiter's doing.
    added_by = None if application.source == CandidateSource.CAREER_SITE else by
    lines = [StageChange(application=application, kind=StageChange.Kind.CREATED, to_stage=entry, by=added_by)]
    previous = entry
    for stage in stages:
        if entry.position < stage.position <= application.stage.position:
            lines.append(
                StageChange(
                    application=application,
                    kind=StageChange.Kind.MOVED,
                    from_stage=previous,
                    to_stage=stage,
                    by=by,
                )
            )
            previous = stage
    if application.status == Application.Status.REJECTED:
        lines.append(
            StageChange(
                application=application,
                kind=StageChange.Kind.REJECTED,
                from_stage=previous,
                to_stage=previous,
                by=by,
                detail=Application.RejectReason(application.reject_reason).label,
            )
        )
    elif application.status == Application.Status.HIRED:
        lines.append(
            StageChange(
                application=application,
                kind=StageChange.Kind.HIRED,
                from_stage=previous,
                to_stage=previous,
                by=by,
            )
        )
    return lines


def create_applications(
    pairs: list[tuple[Candidate, Job]],
    *,
    rng: random.Random,
    stages: dict[int, list[Stage]] | None = None,
    by=None,
    rejected_share: float = REJECTED_SHARE,
    stage_weights: dict | None = None,
) -> list[Application]:
    """One application per (candidate, job) pair, spread across the job's stages, with its history.

    stage_weights ({"INTERVIEW": 1, ...}, keys are stage kinds or custom stage names in capitals)
    says where they land; by default most sit early in the process and few at the offer.
    """
    if not pairs:
        return []
    stages = stages if stages is not None else stages_by_job({job for _, job in pairs})
    applications = []
    for candidate, job in pairs:
        stage = pick_stage(stages[job.pk], rng, stage_weights)
        rejected = rng.random() < rejected_share and stage.kind != StageKind.PROSPECT
        sourced = stage.kind == StageKind.PROSPECT
        applications.append(
            Application(
                candidate=candidate,
                job=job,
                stage=stage,
                status=Application.Status.REJECTED if rejected else Application.Status.ACTIVE,
                reject_reason=rng.choice(REJECT_REASONS) if rejected else "",
                source=CandidateSource.LINKEDIN_EXPORT if sourced else CandidateSource.CAREER_SITE,
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    lines = [line for app in applications for line in history_for(app, stages[app.job_id], by=by)]
    StageChange.objects.bulk_create(lines, batch_size=BATCH)
    return applications


def create_notes(candidate: Candidate, count: int, *, authors, rng: random.Random, application=None):
    notes = [
        Note(
            candidate=candidate,
            application=application,
            author=rng.choice(authors),
            body=rng.choice(content.NOTES),
        )
        for _ in range(count)
    ]
    return Note.objects.bulk_create(notes, batch_size=BATCH)


def create_feedback(applications, *, interviewers, rng: random.Random):
    rows = []
    for application in applications:
        rating, recommendation, comments = rng.choice(content.FEEDBACK)
        rows.append(
            InterviewFeedback(
                application=application,
                interviewer=rng.choice(interviewers),
                rating=rating,
                recommendation=recommendation,
                comments=comments,
            )
        )
    return InterviewFeedback.objects.bulk_create(rows, batch_size=BATCH)


def add_pool_members(pool, candidates, *, by=None):
    return TalentPoolMember.objects.bulk_create(
        [TalentPoolMember(pool=pool, candidate=candidate, added_by=by) for candidate in candidates],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def backdate(rows, moments: list[datetime]) -> None:
    """Give rows the creation times they would have had (bulk_create stamps them all 'now')."""
    if not rows:
        return
    for row, moment in zip(rows, moments, strict=True):
        row.created_at = row.updated_at = moment
    type(rows[0]).objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=500)
