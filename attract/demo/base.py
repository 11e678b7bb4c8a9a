"""The hand-shaped demo data set: eight jobs, sixty candidates, a pipeline worth looking at."""

import random
from datetime import timedelta

from django.utils import timezone

from attract.demo import builders, content
from candidates.models import (
    Application,
    Candidate,
    CandidateSource,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
)
from jobs.models import Job, JobRole, StageKind

P, A, S, I, O = "Prospect", "Application", "Screen", "Interview", "Offer"  # noqa: E741
ACTIVE, REJECTED, HIRED = Application.Status.ACTIVE, Application.Status.REJECTED, Application.Status.HIRED

# Per job: where its applicants are. Each entry is one new candidate.
PLANS = {
    "backend": [(P, ACTIVE)] * 2
    + [(A, ACTIVE)] * 4
    + [(S, ACTIVE)] * 2
    + [(S, REJECTED), (I, ACTIVE), (I, ACTIVE), (I, REJECTED), (O, HIRED), (O, ACTIVE)],
    "designer": [(P, ACTIVE)]
    + [(A, ACTIVE)] * 4
    + [(S, ACTIVE)] * 2
    + [(A, REJECTED), (I, ACTIVE), (O, ACTIVE)],
    "analyst": [(A, ACTIVE)] * 5 + [(S, ACTIVE)] * 2 + [(S, REJECTED), (I, ACTIVE), (I, ACTIVE)],
    "success": [(P, ACTIVE)] * 2 + [(A, ACTIVE)] * 3 + [(S, ACTIVE), (I, ACTIVE), (A, REJECTED)],
    "sre": [(A, ACTIVE)] * 4 + [(S, ACTIVE)] * 2 + [(I, ACTIVE), (I, REJECTED)],
    "finance": [(A, ACTIVE)] * 2 + [(S, ACTIVE), (I, ACTIVE)],
    "writer": [(A, REJECTED), (A, REJECTED), (I, REJECTED)],
    "intern": [],
}
# Applicants who also applied elsewhere: (job, index in its plan, other job, stage there).
ALSO_APPLIED = [("backend", 2, "sre", A), ("backend", 6, "sre", S), ("analyst", 0, "backend", A)]
LINKEDIN_INMAIL_PEOPLE = 3
REASONS = ["NOT_QUALIFIED", "CANDIDATE_DECLINED", "OVERQUALIFIED", "NO_SHOW", "OTHER"]


def _job_rows(users, now) -> list[dict]:
    rows = []
    for n, spec in enumerate(content.JOBS):
        city, region, country, postal_code = spec["place"]
        status = spec.get("status", Job.Status.ACTIVE)
        row = {
            "title": spec["title"],
            "description": spec["description"],
            "city": city,
            "region": region,
            "country": country,
            "postal_code": postal_code,
            "workplace_type": spec["workplace_type"],
            "employment_type": spec["employment_type"],
            "seniority": spec["seniority"],
            "job_functions": spec["job_functions"],
            "industry": spec["industry"],
            "openings": spec.get("openings", 1),
            "visibility": spec.get("visibility", Job.Visibility.PUBLIC),
            "status": status,
            "owner": users[spec.get("owner", "recruiter")],
        }
        if "salary" in spec:
            low, high, currency, period, public = spec["salary"]
            row.update(
                salary_min=low,
                salary_max=high,
                salary_currency=currency,
                salary_period=period,
                salary_public=public,
            )
        if status != Job.Status.DRAFT:
            row["activated_at"] = now - timedelta(days=50 - n * 4)
        if status == Job.Status.CLOSED:
            row.update(close_reason=Job.CloseReason.CANCELLED, closed_at=now - timedelta(days=3))
        rows.append(row)
    return rows


def _create_jobs(users, now) -> dict[str, Job]:
    rows = _job_rows(users, now)
    team = [
        (users["recruiter"], JobRole.Role.RECRUITER),
        (users["manager"], JobRole.Role.HIRING_MANAGER),
        (users["interviewer"], JobRole.Role.INTERVIEWER),
    ]
    keys = [spec["key"] for spec in content.JOBS]
    # The internal finance job belongs to the administrator and the hiring manager only, so the demo
    # shows that recruiters see just the jobs they are on.
    shared = [row for key, row in zip(keys, rows, strict=True) if key != "finance"]
    jobs = builders.create_jobs(shared, team=team)
    jobs += builders.create_jobs(
        [rows[keys.index("finance")]], team=[(users["manager"], JobRole.Role.HIRING_MANAGER)]
    )
    by_key = dict(zip([key for key in keys if key != "finance"] + ["finance"], jobs, strict=True))
    return by_key


def _new_people(count, rng) -> list[Candidate]:
    """People with emails unique among themselves and among the candidates already there."""
    people, seen = [], set()
    while len(people) < count:
        fields = builders.candidate_fields(rng)
        base = f"{builders.ascii_slug(fields['first_name'])}.{builders.ascii_slug(fields['last_name'])}"
        email, n = f"{base}@example.com", 2
        while email in seen:
            email, n = f"{base}{n}@example.com", n + 1
        seen.add(email)
        people.append(Candidate(email=email, **fields))
    taken = set(Candidate.objects.filter(email__in=seen).values_list("email", flat=True))
    for number, person in enumerate(p for p in people if p.email in taken):
        person.email = person.email.replace("@", f".demo{number}@")
    return people


def _stage(stages, name):
    return next((s for s in stages if s.name == name), None) or next(
        s for s in stages if s.kind == StageKind.APPLICATION
    )


def seed_base(users: dict, *, rng: random.Random) -> dict:
    """Create the demo data set; returns counts for the summary. The caller holds the transaction."""
    now = timezone.now()
    jobs = _create_jobs(users, now)
    stages = builders.stages_by_job(jobs.values())
    recruiter, manager, interviewer = users["recruiter"], users["manager"], users["interviewer"]

    planned = [(key, stage, status) for key, plan in PLANS.items() for stage, status in plan]
    people = _new_people(len(planned) + LINKEDIN_INMAIL_PEOPLE, rng)
    for person, (_, stage_name, _) in zip(people, planned, strict=False):
        sourced = stage_name == P
        person.source = CandidateSource.LINKEDIN_EXPORT if sourced else CandidateSource.CAREER_SITE
        person.created_by = recruiter if sourced else None
    inmail = people[len(planned) :]
    for person in inmail:
        person.source = CandidateSource.LINKEDIN_INMAIL
        person.linkedin_url = (
            f"https://www.linkedin.com/in/demo-{person.email.split('@')[0].replace('.', '-')}"
        )
    people = Candidate.objects.bulk_create(people)

    applications, starts = [], []
    reasons = iter(REASONS * 10)
    index_in_plan: dict[tuple[str, int], Candidate] = {}
    counters: dict[str, int] = {}
    for person, (key, stage_name, status) in zip(people, planned, strict=False):
        position = counters.get(key, 0)
        counters[key] = position + 1
        index_in_plan[(key, position)] = person
        applications.append((person, jobs[key], stage_name, status))
    for key, position, other, stage_name in ALSO_APPLIED:
        applications.append((index_in_plan[(key, position)], jobs[other], stage_name, ACTIVE))

    rows = []
    for person, job, stage_name, status in applications:
        stage = _stage(stages[job.pk], stage_name)
        rows.append(
            Application(
                candidate=person,
                job=job,
                stage=stage,
                status=status,
                reject_reason=next(reasons) if status == REJECTED else "",
                source=person.source if person.source != CandidateSource.LINKEDIN_INMAIL else "MANUAL",
                cover_letter=""
                if stage.kind == StageKind.PROSPECT
                else f"I would love to join {content.COMPANY} as {job.title}.",
            )
        )
        starts.append(now - timedelta(days=rng.randrange(8, 45), hours=rng.randrange(0, 23)))
    rows = Application.objects.bulk_create(rows)

    history, moments, last_moment = [], [], {}
    for application, start in zip(rows, starts, strict=True):
        moment = start
        for line in builders.history_for(application, stages[application.job_id], by=recruiter):
            history.append(line)
            moments.append(moment)
            last_moment[application.pk] = moment
            moment = min(moment + timedelta(days=rng.randrange(1, 5), hours=rng.randrange(1, 8)), now)
    StageChange.objects.bulk_create(history)
    builders.backdate(history, moments)
    builders.backdate(rows, starts)
    for application in rows:
        application.updated_at = last_moment[application.pk]
    Application.objects.bulk_update(rows, ["updated_at"])
    builders.backdate(people, starts[: len(planned)] + [now] * len(inmail))

    notes, note_times, feedback, feedback_times = [], [], [], []
    for application in rows:
        if application.stage.position >= _stage(stages[application.job_id], S).position:
            notes.append(
                Note(
                    candidate=application.candidate,
                    application=application,
                    author=rng.choice([recruiter, manager]),
                    body=rng.choice(content.NOTES),
                )
            )
            note_times.append(last_moment[application.pk] - timedelta(hours=rng.randrange(1, 20)))
        if application.stage.position >= _stage(stages[application.job_id], I).position:
            choices = content.FEEDBACK
            if application.status == HIRED:
                choices = content.FEEDBACK[:1]
            elif application.status == REJECTED:
                choices = content.FEEDBACK[3:]
            for author in (
                [interviewer, manager] if application.stage.kind == StageKind.OFFER else [interviewer]
            ):
                rating, recommendation, comments = rng.choice(choices)
                feedback.append(
                    InterviewFeedback(
                        application=application,
                        interviewer=author,
                        rating=rating,
                        recommendation=recommendation,
                        comments=comments,
                    )
                )
                feedback_times.append(last_moment[application.pk] - timedelta(hours=rng.randrange(2, 30)))
    for person in rng.sample(people[: len(planned)], 6):
        notes.append(Note(candidate=person, author=manager, body=rng.choice(content.NOTES)))
        note_times.append(now - timedelta(days=rng.randrange(1, 7)))
    Note.objects.bulk_create(notes)
    builders.backdate(notes, note_times)
    InterviewFeedback.objects.bulk_create(feedback)
    builders.backdate(feedback, feedback_times)

    silver = [a.candidate for a in rows if a.status == REJECTED and a.stage.name in (S, I)]
    leads = [a.candidate for a in rows if a.status == HIRED or (a.stage.name == I and a.status == ACTIVE)][:3]
    members = 0
    for (name, description), chosen in zip(content.POOLS, [silver, leads], strict=True):
        pool, _ = TalentPool.objects.get_or_create(
            name=name, defaults={"description": description, "created_by": recruiter}
        )
        members += len(builders.add_pool_members(pool, chosen, by=recruiter))
    linkedin_pool = TalentPool.objects.filter(system_key=TalentPool.LINKEDIN_KEY).first()
    if linkedin_pool is not None:
        members += len(builders.add_pool_members(linkedin_pool, inmail))
    return {
        "jobs": len(jobs),
        "candidates": len(people),
        "applications": len(rows),
        "notes": len(notes),
        "feedback": len(feedback),
        "pool members": members,
    }
