"""Who may do what on a job. Views and selectors call these; hiding a button is never the check."""

from attract import roles
from jobs.models import Job, JobRole

MANAGING_ROLES = (JobRole.Role.RECRUITER, JobRole.Role.HIRING_MANAGER)


def job_roles_of(user, job: Job) -> set[str]:
    """The user's roles on this job's hiring team (cached on the job object per request). Only the team
    counts: the job's owner taken off the team has no role left."""
    if not user.is_authenticated:
        return set()
    cache = job.__dict__.setdefault("_team_roles_cache", {})
    if user.pk not in cache:
        cache[user.pk] = set(JobRole.objects.filter(job=job, user=user).values_list("role", flat=True))
    return cache[user.pk]


def prime_job_roles(user, jobs) -> None:
    """Load the user's team roles on many jobs in one query (a page listing n jobs asks once, not n times)."""
    if not user.is_authenticated:
        return
    pending = {job.pk: job for job in jobs if user.pk not in job.__dict__.get("_team_roles_cache", {})}
    if not pending:
        return
    found: dict[int, set[str]] = {pk: set() for pk in pending}
    for job_id, role in JobRole.objects.filter(job_id__in=pending, user=user).values_list("job_id", "role"):
        found[job_id].add(role)
    for pk, job in pending.items():
        job.__dict__.setdefault("_team_roles_cache", {})[user.pk] = found[pk]


def can_view_job(user, job: Job) -> bool:
    return roles.sees_everything(user) or bool(job_roles_of(user, job))


def holds_job_role(user, job: Job, team_roles) -> bool:
    """Administrators always, read-only users never, others when they hold one of `team_roles` on the
    job's hiring team: the shape of every "may act on this job" rule."""
    if user is None or not user.is_authenticated:
        return False
    if roles.is_admin(user):
        return True
    if roles.is_read_only(user):
        return False
    return bool(job_roles_of(user, job) & set(team_roles))


def can_manage_job(user, job: Job) -> bool:
    """Edit, change the process and team, activate, close, move/reject/hire applications."""
    return holds_job_role(user, job, MANAGING_ROLES)


def can_give_feedback(user, job: Job) -> bool:
    if roles.is_read_only(user):
        return False
    return roles.is_admin(user) or bool(job_roles_of(user, job))
