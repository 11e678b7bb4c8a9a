"""Writes of the Admin center: users and their global roles, and the default hiring process template.

Every function is keyword-only and atomic, and refuses with DomainError (a message for a person).
"""

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal

from attract import roles as role_rules
from attract.errors import DomainError
from attract.models import User
from jobs.models import ProcessTemplateStage, StageKind

STAGE_NAME_MAX = ProcessTemplateStage._meta.get_field("name").max_length


def _clean_roles(names) -> list[str]:
    names = list(dict.fromkeys(names))
    unknown = set(names) - set(role_rules.ALL_ROLES)
    if unknown:
        raise DomainError(f"Unknown role: {', '.join(sorted(unknown))}.", field="roles")
    return names


def _check_email_free(email: str, *, exclude_pk=None) -> None:
    taken = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if email and taken.exists():
        raise DomainError("Another user already has this email address.", field="email")


def _active_administrators():
    """Active users who are administrators; superusers count as administrators (see attract.roles)."""
    in_group = User.groups.through.objects.filter(group__name=role_rules.ADMINISTRATOR).values("user_id")
    return User.objects.filter(is_active=True).filter(Q(pk__in=in_group) | Q(is_superuser=True))


def _ensure_another_administrator_remains(user: User, message: str, *, field: str | None = None) -> None:
    """Refuse a change that would leave nobody able to open the Admin center.

    The Administrator group row is locked first, so two administrators demoting or deactivating each
    other at the same moment are served one after the other and the second sees the first's change.
    """
    list(Group.objects.select_for_update().filter(name=role_rules.ADMINISTRATOR))
    if not _active_administrators().exclude(pk=user.pk).exists():
        raise DomainError(message, field=field)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    roles: list[str],
    by: User | None = None,
) -> User:
    """Create a person who can sign in with the given initial password and global roles."""
    username = username.strip()
    email = email.strip()
    if not username:
        raise DomainError("Enter a username.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("A user with this username already exists.", field="username")
    _check_email_free(email)
    roles = _clean_roles(roles)
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    role_rules.set_roles(user, roles)
    return user


# Sent, inside the transaction, when a person's first or last name changed: apps that keep copies of the
# name elsewhere (candidates' notes and feedback, which the LinkedIn In-ATS sync sends with their author)
# mark those rows as changed. Receivers get `user`.
user_renamed = Signal()


@transaction.atomic
def user_update(
    *, user: User, first_name: str, last_name: str, email: str, roles: list[str], by: User | None = None
) -> User:
    """Change a person's names, email and global roles.

    Taking the Administrator role from the last active administrator is refused: somebody must be
    left who can open the Admin center.
    """
    email = email.strip()
    roles = _clean_roles(roles)
    _check_email_free(email, exclude_pk=user.pk)
    was_admin = user.groups.filter(name=role_rules.ADMINISTRATOR).exists()
    if was_admin and role_rules.ADMINISTRATOR not in roles and user.is_active and not user.is_superuser:
        _ensure_another_administrator_remains(
            user, "This is the last active administrator: give another user the role first.", field="roles"
        )
    renamed = (user.first_name, user.last_name) != (first_name.strip(), last_name.strip())
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email
    user.save(update_fields=["first_name", "last_name", "email"])
    role_rules.set_roles(user, roles)
    if renamed:
        user_renamed.send(sender=User, user=user)
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None = None) -> User:
    """Deactivate (the person can no longer sign in; their history stays) or reactivate a user."""
    if not active:
        if by is not None and by.pk == user.pk:
            raise DomainError("You cannot deactivate your own account.")
        if user.is_active and role_rules.is_admin(user):
            _ensure_another_administrator_remains(
                user, "This is the last active administrator and cannot be deactivated."
            )
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


# The default hiring process. Its rows are copied into each job when the job is created, so edits here
# reach only jobs created afterwards. Order rule: Prospect (when on) first, then Application, the custom
# stages in the order the administrator chose, and Offer last; only custom stages move.


def _locked_template() -> list[ProcessTemplateStage]:
    """The template's stages in order, locked so concurrent edits queue up instead of interleaving."""
    return list(ProcessTemplateStage.objects.select_for_update().order_by("position", "pk"))


def _renumber(stages: list[ProcessTemplateStage]) -> None:
    changed = []
    for position, stage in enumerate(stages):
        if stage.position != position:
            stage.position = position
            changed.append(stage)
    if changed:
        ProcessTemplateStage.objects.bulk_update(changed, ["position"])


def _find(stages, stage) -> ProcessTemplateStage:
    for candidate in stages:
        if candidate.pk == stage.pk:
            return candidate
    raise DomainError("This stage was removed in the meantime; reload the page.")


def _clean_stage_name(name: str, stages, *, exclude=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Enter a name for the stage.", field="name")
    if len(name) > STAGE_NAME_MAX:
        raise DomainError(f"Keep the name to at most {STAGE_NAME_MAX} characters.", field="name")
    for other in stages:
        if other is not exclude and other.name.casefold() == name.casefold():
            raise DomainError(f"The process already has a stage named “{other.name}”.", field="name")
    return name


@transaction.atomic
def process_template_stage_add(*, name: str, by: User | None = None) -> ProcessTemplateStage:
    """Add a custom stage just before Offer."""
    stages = _locked_template()
    name = _clean_stage_name(name, stages)
    offer_index = next((i for i, s in enumerate(stages) if s.kind == StageKind.OFFER), len(stages))
    stage = ProcessTemplateStage.objects.create(name=name, kind=StageKind.CUSTOM, position=offer_index)
    stages.insert(offer_index, stage)
    _renumber(stages)
    return stage


@transaction.atomic
def process_template_stage_rename(
    *, stage: ProcessTemplateStage, name: str, by: User | None = None
) -> ProcessTemplateStage:
    stages = _locked_template()
    stage = _find(stages, stage)
    stage.name = _clean_stage_name(name, stages, exclude=stage)
    stage.save(update_fields=["name"])
    return stage


@transaction.atomic
def process_template_stage_move(
    *, stage: ProcessTemplateStage, direction: str, by: User | None = None
) -> ProcessTemplateStage:
    """Move a custom stage one place up or down among the custom stages."""
    if direction not in ("up", "down"):
        raise DomainError("Choose whether to move the stage up or down.", field="direction")
    stages = _locked_template()
    stage = _find(stages, stage)
    if stage.kind != StageKind.CUSTOM:
        raise DomainError(f"{stage.name} keeps its place in the process; only custom stages move.")
    index = stages.index(stage)
    neighbour_index = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour_index < len(stages) or stages[neighbour_index].kind != StageKind.CUSTOM:
        where = "first" if direction == "up" else "last"
        raise DomainError(f"{stage.name} is already the {where} custom stage.")
    stages[index], stages[neighbour_index] = stages[neighbour_index], stages[index]
    _renumber(stages)
    return stage


@transaction.atomic
def process_template_stage_remove(*, stage: ProcessTemplateStage, by: User | None = None) -> None:
    """Remove a custom stage. Application and Offer are required; Prospect is switched off instead."""
    stages = _locked_template()
    stage = _find(stages, stage)
    if stage.kind in (StageKind.APPLICATION, StageKind.OFFER):
        raise DomainError(f"{stage.name} is required in every hiring process and cannot be removed.")
    if stage.kind == StageKind.PROSPECT:
        raise DomainError("Switch the Prospect stage off instead of removing it.")
    stages.remove(stage)
    stage.delete()
    _renumber(stages)


@transaction.atomic
def process_template_prospect_set(*, enabled: bool, by: User | None = None) -> None:
    """Switch the optional Prospect stage (first in the process) on or off."""
    stages = _locked_template()
    prospect = next((s for s in stages if s.kind == StageKind.PROSPECT), None)
    if enabled and prospect is None:
        name = _clean_stage_name(StageKind.PROSPECT.label, stages)
        prospect = ProcessTemplateStage.objects.create(name=name, kind=StageKind.PROSPECT, position=0)
        _renumber([prospect, *stages])
    elif not enabled and prospect is not None:
        stages.remove(prospect)
        prospect.delete()
        _renumber(stages)
