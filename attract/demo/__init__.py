"""Demo data: the people to sign in as, a realistic data set created once, and more rows on demand.

`manage.py seed_demo` calls seed_demo(); the benchmarks build their data sets from attract.demo.builders.
"""

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from attract import roles
from attract.demo import builders
from attract.demo.base import seed_base
from attract.models import Counter, User
from jobs.models import Job, JobRole

DEMO_PASSWORD = "attract-demo"
DEMO_USERS = [
    ("admin", "Ada", "Admin", roles.ADMINISTRATOR),
    ("recruiter", "Rita", "Recruiter", roles.RECRUITER),
    ("manager", "Hugo", "Manager", roles.HIRING_MANAGER),
    ("interviewer", "Ivy", "Interviewer", roles.INTERVIEWER),
    ("readonly", "Rae", "Reader", roles.READ_ONLY),
]
# A counter row, set to 1 once the demo data set exists: the data may be edited afterwards, so its
# presence cannot be judged from the data itself.
MARKER = "demo_data"
BASE_SEED = 20240501


@dataclass
class SeedReport:
    users_created: list[str] = field(default_factory=list)
    base: dict | None = None  # counts of what the demo data set added, or None when it was there already
    jobs_added: int = 0
    candidates_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.users_created or self.base or self.jobs_added or self.candidates_added)


def demo_users() -> tuple[dict[str, User], list[str]]:
    """The demo users by username, created (with their role and password) when missing."""
    users, created = {}, []
    for username, first, last, role in DEMO_USERS:
        user, is_new = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@attract.test"},
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = role == roles.ADMINISTRATOR
            user.save()
            roles.set_roles(user, [role])
            created.append(username)
        users[username] = user
    return users, created


def add_scale(users: dict, *, jobs: int = 0, candidates: int = 0, rng: random.Random | None = None) -> tuple:
    """Add `jobs` more jobs and `candidates` more candidates, each candidate applying to one job.

    Applications go to the new active jobs, or to the recruiter's active jobs when no job is added.
    Returns (jobs added, candidates added).
    """
    rng = rng or random.Random()
    recruiter = users["recruiter"]
    team = [
        (recruiter, JobRole.Role.RECRUITER),
        (users["manager"], JobRole.Role.HIRING_MANAGER),
        (users["interviewer"], JobRole.Role.INTERVIEWER),
    ]
    new_jobs = builders.create_jobs(builders.scaled_job_rows(jobs, owner=recruiter, rng=rng), team=team)
    targets = [job for job in new_jobs if job.status == Job.Status.ACTIVE]
    if candidates and not targets:
        targets = list(Job.objects.filter(status=Job.Status.ACTIVE, team__user=recruiter).distinct())
    people = builders.create_candidates(candidates, rng=rng)
    if targets:
        stages = builders.stages_by_job(targets)
        pairs = [(person, targets[n % len(targets)]) for n, person in enumerate(people)]
        builders.create_applications(pairs, rng=rng, stages=stages, by=recruiter)
    return len(new_jobs), len(people)


@transaction.atomic
def seed_demo(*, jobs: int = 0, candidates: int = 0) -> SeedReport:
    """Create the demo users and data set once; with jobs/candidates, add that many more every time."""
    users, created = demo_users()
    report = SeedReport(users_created=created)
    marker, _ = Counter.objects.select_for_update().get_or_create(name=MARKER)
    if not marker.value:
        report.base = seed_base(users, rng=random.Random(BASE_SEED))
        Counter.objects.filter(pk=marker.pk).update(value=1)
    if jobs or candidates:
        report.jobs_added, report.candidates_added = add_scale(users, jobs=jobs, candidates=candidates)
    return report


def signin_lines() -> list[str]:
    lines = [f"Demo sign-ins at {settings.SITE_URL}/accounts/login/ (password {DEMO_PASSWORD}):"]
    lines += [f"  {role:<15} {username:<12} / {DEMO_PASSWORD}" for username, _, _, role in DEMO_USERS]
    lines.append(f"Career site (no sign-in): {settings.SITE_URL}/careers/")
    return lines
