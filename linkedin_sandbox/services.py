"""Every write of the sandbox: keyword-only, atomic, refusing with SandboxError (a message for a person).

Integration status rule (the sandbox's reading of LinkedIn's flow):
- Naming an unknown key creates the integration as REQUESTED and names it; a name may be changed later.
- An integration becomes PARTNER_READY as soon as it is named and configured as LinkedIn requires
  (ONE_CLICK_EXPORT needs a CALLBACK_URL; the other types need nothing more). Naming and configuring
  never change an integration that is PARTNER_READY, ENABLED or DISABLED.
- Only the Recruiter admin moves integrations to ENABLED or DISABLED (Admin settings > ATS), and only
  integrations the partner made ready; every switch that changes something is one event and one push.
"""

import hmac
import secrets
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from linkedin_sandbox.models import (
    CONTRACT_TYPES,
    ORGANIZATION_TYPES,
    Application,
    AuthorizationCode,
    Contract,
    Event,
    FaultControl,
    Integration,
    IntegrationType,
    Member,
    Organization,
    Token,
    digest,
)

TOKEN_LIFETIME = timedelta(seconds=1800)
CODE_LIFETIME = timedelta(minutes=10)
EVENT_LIFETIME = timedelta(hours=24)


class SandboxError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AccessLevel:
    OFF = "OFF"
    COMPANY = "COMPANY"
    CONTRACT = "CONTRACT"
    LABELS = {OFF: "Off", COMPANY: "Company-level", CONTRACT: "Contract-level"}


def client_authenticate(*, client_id: str, client_secret: str) -> Application | None:
    app = Application.objects.filter(client_id=client_id).first()
    if app is None or not hmac.compare_digest(app.client_secret.encode(), client_secret.encode()):
        return None
    return app


@transaction.atomic
def token_issue(
    *, application: Application, member: Member | None = None, scope: str = ""
) -> tuple[str, Token]:
    """A new bearer token; the raw value is returned once and only its digest is kept."""
    if member is not None:
        kind = Token.Kind.MEMBER
    elif application.kind == Application.Kind.PARTNER:
        kind = Token.Kind.PARTNER
    else:
        kind = Token.Kind.CHILD
    raw = "AQ" + secrets.token_urlsafe(48)
    token = Token.objects.create(
        token_hash=digest(raw),
        kind=kind,
        application=application,
        member=member,
        scope=scope,
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    return raw, token


@transaction.atomic
def code_issue(*, application: Application, member: Member, redirect_uri: str, scope: str) -> str:
    raw = secrets.token_urlsafe(32)
    AuthorizationCode.objects.create(
        code_hash=digest(raw),
        application=application,
        member=member,
        redirect_uri=redirect_uri,
        scope=scope,
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    return raw


@transaction.atomic
def code_redeem(*, application: Application, code: str, redirect_uri: str) -> tuple[str, Token]:
    """Exchange a code for a member token. The code is spent by a conditional UPDATE, so two concurrent
    exchanges of one code cannot both succeed; a spent, expired or foreign code is refused alike."""
    now = timezone.now()
    grant = AuthorizationCode.objects.select_related("member").filter(code_hash=digest(code)).first()
    refused = SandboxError("The provided authorization grant is invalid, expired, revoked or already used.")
    if grant is None or grant.application_id != application.pk or grant.expires_at <= now:
        raise refused
    if grant.redirect_uri != redirect_uri:
        raise SandboxError("The redirect_uri does not match the one the authorization code was issued for.")
    if not AuthorizationCode.objects.filter(pk=grant.pk, used_at__isnull=True).update(used_at=now):
        raise refused
    return token_issue(application=application, member=grant.member, scope=grant.scope)


@transaction.atomic
def application_provision(
    *,
    partner: Application,
    name: str,
    description: str,
    unique_foreign_id: str,
    callback_urls: list[str],
    sdk_domains: list[str],
) -> Application:
    if Application.objects.filter(parent=partner, unique_foreign_id=unique_foreign_id).exists():
        raise SandboxError(f"An application with uniqueForeignId {unique_foreign_id} already exists.")
    return Application.objects.create(
        kind=Application.Kind.CHILD,
        parent=partner,
        client_id="77" + secrets.token_hex(6),
        client_secret=secrets.token_urlsafe(16),
        name=name,
        description=description,
        unique_foreign_id=unique_foreign_id,
        oauth2_authorized_callback_urls=callback_urls,
        valid_js_sdk_domains=sdk_domains,
    )


@transaction.atomic
def application_update(*, application: Application, changes: dict) -> Application:
    """changes: model field -> new value, already validated by the API view."""
    for field, value in changes.items():
        setattr(application, field, value)
    application.save(update_fields=[*changes, "updated_at"])
    return application


def _context_exists(context: str) -> bool:
    kind, _, number = context.rpartition(":")
    if kind == "urn:li:organization":
        return Organization.objects.filter(org_id=int(number)).exists()
    return Contract.objects.filter(contract_id=int(number)).exists()


def _settle(integration: Integration, now) -> None:
    if (
        integration.status == Integration.Status.REQUESTED
        and integration.integration_name
        and not integration.missing_configuration
    ):
        integration.status = Integration.Status.PARTNER_READY
        integration.status_changed_at = now


@transaction.atomic
def integration_name(*, application: Application, key, name: str) -> Integration:
    """Name (creating if needed) one integration of a child app; see the status rule above."""
    if not _context_exists(key.context):
        raise SandboxError(f"{key.context} is not an organization or contract known to LinkedIn.")
    now = timezone.now()
    integration, _ = Integration.objects.select_for_update().get_or_create(
        application=application, **key.lookup()
    )
    integration.integration_name = name
    integration.named_at = now
    _settle(integration, now)
    integration.save()
    return integration


@transaction.atomic
def integration_configure(*, integration: Integration, values: dict) -> Integration:
    """values: configuration key -> value, already validated by the API view."""
    now = timezone.now()
    integration = Integration.objects.select_for_update().get(pk=integration.pk)
    if "CALLBACK_URL" in values:
        integration.callback_url = values["CALLBACK_URL"]
    if "JOB_POSTING_VIEWERS" in values:
        integration.job_posting_viewers = values["JOB_POSTING_VIEWERS"]
    if "APPLICATION_VIEWERS" in values:
        integration.application_viewers = values["APPLICATION_VIEWERS"]
    integration.configured_at = now
    _settle(integration, now)
    integration.save()
    return integration


CONFIGURATION_FIELDS = {
    "CALLBACK_URL": "callback_url",
    "JOB_POSTING_VIEWERS": "job_posting_viewers",
    "APPLICATION_VIEWERS": "application_viewers",
}


@transaction.atomic
def integration_unconfigure(*, integration: Integration, names: list[str]) -> dict[str, bool]:
    """Remove configuration keys; per key, whether it was set. An integration that loses a required key
    (CALLBACK_URL of ONE_CLICK_EXPORT) keeps its status: LinkedIn publishes nothing on what follows,
    and the sandbox assumes nothing changes until the admin's next switch."""
    integration = Integration.objects.select_for_update().get(pk=integration.pk)
    removed = {}
    for name in names:
        field = CONFIGURATION_FIELDS[name]
        removed[name] = bool(getattr(integration, field))
        setattr(integration, field, "")
    integration.configured_at = timezone.now()
    integration.save()
    return removed


def access_level_of(integrations) -> str:
    """The access level a set of integrations (of one app under one contract) amounts to."""
    enabled = {i.integration_type for i in integrations if i.status == Integration.Status.ENABLED}
    if not enabled:
        return AccessLevel.OFF
    return AccessLevel.CONTRACT if enabled & set(CONTRACT_TYPES) else AccessLevel.COMPANY


def callback_url_for(application: Application, integrations=()) -> str:
    """Where pushes go: the ONE_CLICK_EXPORT callback of these integrations, else the app's newest one."""
    for integration in integrations:
        if integration.integration_type == IntegrationType.ONE_CLICK_EXPORT and integration.callback_url:
            return integration.callback_url
    newest = (
        Integration.objects.filter(application=application)
        .exclude(callback_url="")
        .annotate(
            export_first=Case(
                When(integration_type=IntegrationType.ONE_CLICK_EXPORT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("export_first", "-configured_at")
        .values_list("callback_url", flat=True)
        .first()
    )
    return newest or ""


def _waiting_for(integration: Integration) -> str:
    missing = integration.missing_configuration
    return f"needs {missing}" if missing else "not named"


@transaction.atomic
def access_switch(*, application: Application, contract: Contract, level: str, by: Member) -> Event | None:
    """Switch an ATS's access under a contract, as its Recruiter admin does; returns the event to push,
    or None when nothing changed. Company-level enables the organization-scoped integrations;
    contract-level enables CSA_API on this contract too; off disables what was enabled."""
    if level not in AccessLevel.LABELS:
        raise SandboxError("Choose Company-level, Contract-level or Off.")
    if not contract.seats.filter(member=by, is_admin=True).exists():
        raise SandboxError("Only an admin of this Recruiter contract can change its ATS settings.")
    integrations = list(
        Integration.objects.for_contract(contract).filter(application=application).select_for_update()
    )
    organization_ones = [i for i in integrations if i.integration_type in ORGANIZATION_TYPES]
    contract_ones = [i for i in integrations if i.integration_type in CONTRACT_TYPES]
    if level == AccessLevel.OFF:
        switch_on = []
    elif level == AccessLevel.COMPANY:
        switch_on = organization_ones
    else:
        if not contract_ones:
            raise SandboxError(
                f"{application.name} has not requested contract-level access (CSA_API) on {contract}."
            )
        switch_on = organization_ones + contract_ones
    if level != AccessLevel.OFF and not organization_ones:
        raise SandboxError(
            f"{application.name} has not requested any integration for {contract.organization}."
        )
    waiting = [i for i in switch_on if i.status == Integration.Status.REQUESTED]
    if waiting:
        reasons = ", ".join(f"{i.integration_type} ({_waiting_for(i)})" for i in waiting)
        raise SandboxError(f"Waiting for the ATS partner to finish its side: {reasons}.")

    now = timezone.now()
    changed = False
    for integration in integrations:
        if integration in switch_on:
            new_status = Integration.Status.ENABLED
        elif integration.status == Integration.Status.ENABLED:
            new_status = Integration.Status.DISABLED
        else:
            continue
        if integration.status != new_status:
            integration.status = new_status
            integration.status_changed_at = now
            integration.save(update_fields=["status", "status_changed_at"])
            changed = True
    if not changed:
        return None
    verb = (
        "switched off access"
        if level == AccessLevel.OFF
        else f"switched on {AccessLevel.LABELS[level]} access"
    )
    return Event.objects.create(
        event_id=str(uuid.uuid4()),
        type=Event.Type.INTEGRATION_STATUS_CHANGE,
        application=application,
        elements=[i.as_restli() for i in integrations],
        summary=f"{by.name} {verb} for {application.name} on {contract.name}",
        callback_url=callback_url_for(application, integrations),
        by=by,
        expires_at=now + EVENT_LIFETIME,
    )


@transaction.atomic
def faults_set(
    *, throttle_next: int, server_error_next: int, partner_step_failures: int, partner_step_mode: str
):
    FaultControl.load()
    FaultControl.objects.filter(pk=1).update(
        throttle_next=throttle_next,
        server_error_next=server_error_next,
        partner_step_failures=partner_step_failures,
        partner_step_mode=partner_step_mode,
        updated_at=timezone.now(),
    )
