"""Global roles are Django groups with these names; helpers answer "may this user ...?" questions."""

from django.contrib.auth.models import Group

ADMINISTRATOR = "Administrator"
RECRUITER = "Recruiter"
HIRING_MANAGER = "Hiring manager"
INTERVIEWER = "Interviewer"
READ_ONLY = "Read-only"
ALL_ROLES = [ADMINISTRATOR, RECRUITER, HIRING_MANAGER, INTERVIEWER, READ_ONLY]


def role_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_attract_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._attract_roles = cached
    return cached


def is_admin(user) -> bool:
    return ADMINISTRATOR in role_names(user)


def is_read_only(user) -> bool:
    roles = role_names(user)
    return READ_ONLY in roles and ADMINISTRATOR not in roles


def without_read_only(users):
    """The users of a queryset who are not read-only (the same rule as is_read_only, in SQL)."""
    from django.db.models import Q

    # Subqueries over the users themselves: a group's own "user" column is NULL for an empty group, and
    # NOT IN a list holding NULL would exclude everyone.
    read_only = users.model.objects.filter(groups__name=READ_ONLY).values("pk")
    admins = users.model.objects.filter(groups__name=ADMINISTRATOR).values("pk")
    return users.exclude(Q(pk__in=read_only) & ~Q(pk__in=admins) & Q(is_superuser=False))


def can_create_jobs(user) -> bool:
    return bool(role_names(user) & {ADMINISTRATOR, RECRUITER, HIRING_MANAGER})


def sees_everything(user) -> bool:
    """Administrators and read-only users see every job and candidate (read-only ones change nothing)."""
    return bool(role_names(user) & {ADMINISTRATOR, READ_ONLY})


def set_roles(user, names):
    unknown = set(names) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user.groups.set(Group.objects.filter(name__in=names))
    user._attract_roles = None
