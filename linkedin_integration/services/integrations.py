"""Recruiter System Connect: the state of each access level and every move between states.

The Admin center shows per level (Company-level, Contract-level) the word the customer knows:
Request -> Notify partner (the partner-side step has not succeeded yet) -> Partner ready -> Enabled, and
Disabled. Moves are an explicit table: a move it does not list raises DomainError and changes nothing.
Every move, and every refused LinkedIn call, is written to the audit log with LinkedIn's answer.
No customer data goes to LinkedIn before a level is Enabled: later syncs ask `rsc_enabled()` first.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration.client import IntegrationKey, LinkedInClient, LinkedInError, integration_keys
from linkedin_integration.models import AuditEntry, LinkedInSettings, RscIntegration

State = RscIntegration.State
Level = RscIntegration.Level

# state -> the states it may move to. Request and Notify partner are the admin's moves; the others come
# from what LinkedIn reports (push or status refresh).
# Back to Request (NOT_REQUESTED) only by rsc_reset: LinkedIn never reports "not requested".
MOVES = {
    State.NOT_REQUESTED: {State.NOTIFY_PARTNER, State.PARTNER_READY, State.ENABLED},
    State.NOTIFY_PARTNER: {
        State.NOT_REQUESTED,
        State.NOTIFY_PARTNER,
        State.PARTNER_READY,
        State.ENABLED,
        State.DISABLED,
    },
    State.PARTNER_READY: {State.NOT_REQUESTED, State.NOTIFY_PARTNER, State.ENABLED, State.DISABLED},
    State.ENABLED: {State.NOT_REQUESTED, State.PARTNER_READY, State.DISABLED},
    State.DISABLED: {State.NOT_REQUESTED, State.NOTIFY_PARTNER, State.PARTNER_READY, State.ENABLED},
}
REQUESTABLE = {State.NOT_REQUESTED, State.DISABLED}
# The tab's page load asks LinkedIn again only when the last answer is older than this.
REFRESH_AFTER = timedelta(minutes=1)
# ... and asks once, briefly: a person is waiting for the page, and the periodic task (with its
# retries) is the safety net. The default client would take up to ~47 s against a LinkedIn that is down.
PAGE_LOAD_TIMEOUT = 3.0

MEANING = {
    State.NOT_REQUESTED: (
        "Not requested yet.",
        "Request it here; Attract then names the integration and configures its callback on LinkedIn.",
    ),
    State.NOTIFY_PARTNER: (
        "Requested, but the partner-side step (naming the integration and configuring its callback) has "
        "not succeeded yet.",
        "Press Notify partner to try it again. Nothing is needed on LinkedIn yet.",
    ),
    State.PARTNER_READY: (
        "Attract has done its part: LinkedIn is waiting for your Recruiter admin.",
        "In LinkedIn Recruiter, open Admin settings > ATS, find Attract and switch access on.",
    ),
    State.ENABLED: (
        "Enabled on LinkedIn: Attract and LinkedIn Recruiter exchange data at this level.",
        "Nothing to do. Recruiters connect their own LinkedIn account under Settings.",
    ),
    State.DISABLED: (
        "Switched off on LinkedIn's side: data sync has stopped.",
        "To resume, switch access on again in LinkedIn Recruiter (Admin settings > ATS), or Request again.",
    ),
}


def audit(*, actor, action: str, detail: str = "", answer: str = "", ok: bool = True) -> AuditEntry:
    return AuditEntry.objects.create(actor=actor, action=action, detail=detail, linkedin_answer=answer, ok=ok)


def integration_for(level: str) -> RscIntegration:
    if level not in Level.values:
        raise DomainError("Choose Company-level or Contract-level access.")
    integration, _ = RscIntegration.objects.get_or_create(level=level)
    return integration


def levels() -> list[RscIntegration]:
    """Both levels (company first), created in their initial state when missing: one query once they exist."""
    found = {i.level: i for i in RscIntegration.objects.all()}
    return [found.get(level) or integration_for(level) for level in (Level.COMPANY, Level.CONTRACT)]


def rsc_enabled(level: str | None = None) -> bool:
    """May customer data go to LinkedIn (at this level, or at any)? Only while connected: a level's
    state is about the contract and organization connected now, never a previous one."""
    live = (
        LinkedInSettings.objects.filter(pk=1, connected_at__isnull=False)
        .exclude(app_client_id="")
        .exclude(organization_urn="")
    )
    found = RscIntegration.objects.filter(state=State.ENABLED)
    if level:
        found = found.filter(level=level)
    if level == Level.CONTRACT:
        live = live.exclude(contract_urn="")
    return live.exists() and found.exists()


def rsc_reset(*, actor, reason: str) -> list[RscIntegration]:
    """Both levels back to Request (nothing requested), for Disconnect and for a connection to another
    contract or organization: what LinkedIn said about the previous one says nothing about the next.
    Runs inside the caller's transaction."""
    levels()
    reset = []
    for integration in RscIntegration.objects.select_for_update().filter(level__in=Level.values):
        if integration.state == State.NOT_REQUESTED:
            continue
        integration.last_error = ""
        integration.requested_by = None
        integration.requested_at = None
        integration.last_checked_at = None
        _move(integration, State.NOT_REQUESTED, actor=actor, action="RSC reset", detail=reason)
        reset.append(integration)
    return reset


def _move(
    integration: RscIntegration, to: str, *, actor, action: str, detail="", answer="", ok=True, was=None
):
    """The one place a level changes state (`was`: the state the person saw, for the audit line)."""
    if to not in MOVES[integration.state]:
        raise DomainError(
            f"{integration.get_level_display()} access cannot go from "
            f"{integration.get_state_display()} to {State(to).label}."
        )
    previous = was or integration.get_state_display()
    integration.state = to
    integration.state_changed_at = timezone.now()
    integration.save()
    audit(
        actor=actor,
        action=action,
        detail=f"{integration.get_level_display()}: {previous} -> {State(to).label}. {detail}".strip(),
        answer=answer,
        ok=ok,
    )


def keys_for(level: str, linkedin: LinkedInSettings) -> list[IntegrationKey]:
    """Company-level: the organization-scoped integrations; contract-level: those and CSA_API."""
    contract = linkedin.contract_urn if level == Level.CONTRACT else None
    return integration_keys(organization_urn=linkedin.organization_urn, contract_urn=contract)


def callback_url() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/linkedin/rsc/callback/"


def _connected_settings(level: str) -> LinkedInSettings:
    linkedin = LinkedInSettings.load()
    if not linkedin.is_connected or not linkedin.organization_urn:
        raise DomainError(
            "Connect LinkedIn first: Recruiter System Connect needs this installation's LinkedIn app."
        )
    if level == Level.CONTRACT and not linkedin.contract_urn:
        raise DomainError("Contract-level access needs a Recruiter contract: choose one when you connect.")
    return linkedin


def _partner_step(level: str, linkedin: LinkedInSettings, client: LinkedInClient) -> str:
    """Name the level's integrations and configure the callback; returns LinkedIn's answer in short."""
    keys = keys_for(level, linkedin)
    name = f"Attract ({linkedin.company_name})" if linkedin.company_name else "Attract"
    client.name_integrations({key: name for key in keys}).raise_for_errors()
    export = next(key for key in keys if key.integration_type == "ONE_CLICK_EXPORT")
    client.configure_callback_url(export, callback_url()).raise_for_errors()
    return f"Named {len(keys)} integrations; CALLBACK_URL set to {callback_url()}"


def _run_partner_step(integration: RscIntegration, *, actor, action: str, was: str, client=None):
    """The partner-side step, outside any transaction (no lock is held while LinkedIn answers), then
    the outcome in one move: Partner ready, or Notify partner with the reason (LinkedIn's, or ours when
    the connection went away after the level was claimed)."""
    try:
        linkedin = _connected_settings(integration.level)
        answer = _partner_step(integration.level, linkedin, client or LinkedInClient())
    except LinkedInError as exc:
        return _settle(integration, State.NOTIFY_PARTNER, _explain(exc), exc.answer, actor, action, was)
    except DomainError as exc:
        return _settle(integration, State.NOTIFY_PARTNER, exc.message, "", actor, action, was)
    return _settle(integration, State.PARTNER_READY, "", answer, actor, action, was)


@transaction.atomic
def _settle(integration, to, error, answer, actor, action, was) -> RscIntegration:
    """The partner step's outcome, unless the level moved meanwhile (Disconnect reset it, a push
    arrived, or it was requested again, maybe on another contract, while this step was waiting on
    LinkedIn): then the newer state stands and the log says the outcome was not applied."""
    row = RscIntegration.objects.select_for_update().get(pk=integration.pk)
    if row.state != State.NOTIFY_PARTNER or row.state_changed_at != integration.state_changed_at:
        audit(
            actor=actor,
            action=action,
            detail=f"{row.get_level_display()}: now {row.get_state_display()}; the partner step's outcome "
            f"({State(to).label}) was not applied. {error}".strip(),
            answer=answer,
            ok=False,
        )
        return row
    row.last_error = error
    _move(row, to, actor=actor, action=action, detail=error, answer=answer, ok=not error, was=was)
    return row


def _explain(exc: LinkedInError) -> str:
    if exc.status == 429:
        when = f" Try again after {exc.retry_at:%H:%M} UTC." if exc.retry_at else ""
        return f"LinkedIn is throttling requests (HTTP 429).{when} {exc.message}".strip()
    if not exc.permanent:
        return f"LinkedIn did not answer properly ({exc.answer}). Try Notify partner again in a moment."
    return f"LinkedIn refused the request: {exc.answer}"


def _claim(integration: RscIntegration, allowed: set, *, actor=None) -> bool:
    """Take the level for one request: a conditional UPDATE, so two admins (or two clicks) cannot both
    run it. The level shows Notify partner until the partner-side step has succeeded."""
    fields = {"state": State.NOTIFY_PARTNER, "state_changed_at": timezone.now()}
    if actor is not None:
        fields.update(requested_by=actor, requested_at=timezone.now())
    claimed = RscIntegration.objects.filter(pk=integration.pk, state__in=allowed).update(**fields)
    if claimed:
        integration.refresh_from_db()
    return bool(claimed)


def rsc_request(*, level: str, actor, client=None) -> RscIntegration:
    """Request access at a level: the partner-side step now; Partner ready if it succeeds, else Notify
    partner with LinkedIn's reason (nothing is lost: Notify partner retries it)."""
    integration = integration_for(level)
    _connected_settings(level)
    was = integration.get_state_display()
    if integration.state not in REQUESTABLE or not _claim(integration, REQUESTABLE, actor=actor):
        integration.refresh_from_db()
        raise DomainError(
            f"{integration.get_level_display()} access is already {integration.get_state_display()}: "
            "there is nothing to request."
        )
    return _run_partner_step(integration, actor=actor, action="RSC requested", was=was, client=client)


def rsc_notify_partner(*, level: str, actor, client=None) -> RscIntegration:
    """Retry the partner-side step of a request that has not succeeded yet."""
    integration = integration_for(level)
    if integration.state != State.NOTIFY_PARTNER:
        raise DomainError(
            f"{integration.get_level_display()} access is {integration.get_state_display()}: "
            "Notify partner only retries a request whose partner-side step failed."
        )
    was = integration.get_state_display()
    return _run_partner_step(integration, actor=actor, action="Notify partner", was=was, client=client)


@dataclass
class LevelReading:
    level: str
    state: str | None  # None: LinkedIn's answer says nothing new for this level


def _state_from(statuses: list[str | None]) -> str | None:
    """A level's state from the LinkedIn status of each of its keys (None: unknown key).

    A level is only as on as its least-on key: when the Recruiter admin moves Contract -> Company level,
    CSA_API turns DISABLED while the organization's keys stay ENABLED, so the contract level reads
    Disabled (not Partner ready: nobody is waited for). Any DISABLED key wins over REQUESTED too: the
    admin switched it off, and a new request is the partner's move, not LinkedIn's."""
    if not statuses or any(status is None for status in statuses):
        return None
    if all(status == "ENABLED" for status in statuses):
        return State.ENABLED
    if "DISABLED" in statuses:
        return State.DISABLED
    if "REQUESTED" in statuses:
        return State.NOTIFY_PARTNER
    return State.PARTNER_READY


def _apply(statuses: dict[IntegrationKey, str], *, actor, action: str, answer: str) -> list[RscIntegration]:
    """Move each level to what LinkedIn's statuses say. A level never requested moves only to Enabled
    (LinkedIn switched it on); a level's keys LinkedIn did not mention leave it as it is."""
    linkedin = LinkedInSettings.load()
    levels()  # both rows exist: a level LinkedIn enabled without a request here still shows it
    moved = []
    for integration in RscIntegration.objects.select_for_update().filter(level__in=Level.values):
        reading = _state_from([statuses.get(key) for key in keys_for(integration.level, linkedin)])
        if reading is None or reading == integration.state:
            continue
        if integration.state == State.NOT_REQUESTED and reading != State.ENABLED:
            continue
        if reading not in MOVES[integration.state]:
            # LinkedIn says something this table has no move for: keep the state, say so in the log.
            audit(
                actor=actor,
                action=action,
                detail=f"{integration.get_level_display()}: LinkedIn reports {State(reading).label} while "
                f"{integration.get_state_display()}; left as is.",
                answer=answer,
                ok=False,
            )
            continue
        if reading in (State.PARTNER_READY, State.ENABLED):
            integration.last_error = ""
        _move(integration, reading, actor=actor, action=action, answer=answer)
        moved.append(integration)
    return moved


@transaction.atomic
def rsc_apply_changes(
    *, changes, actor=None, source: str = "INTEGRATION_STATUS_CHANGE"
) -> list[RscIntegration]:
    """What an INTEGRATION_STATUS_CHANGE event says (a list of IntegrationChange)."""
    statuses = {change.key: change.status for change in changes}
    answer = "; ".join(f"{change.key.integration_type}={change.status}" for change in changes)
    return _apply(statuses, actor=actor, action=f"LinkedIn: {source}", answer=answer)


def rsc_refresh_statuses(
    *, client=None, force: bool = False, linkedin=None, known=None, page_load: bool = False
) -> list[RscIntegration]:
    """Ask LinkedIn for the status of every requested level's integrations (the safety net when a push
    is lost). Called by a periodic task and, at most once a minute, by the tab's page load (which passes
    the rows it already read, and asks with one short attempt)."""
    linkedin = linkedin or LinkedInSettings.load()
    watched = [i for i in (known or levels()) if i.state != State.NOT_REQUESTED]
    if not watched or not linkedin.is_connected or not linkedin.organization_urn:
        return []
    now = timezone.now()
    if not force and all(i.last_checked_at and now - i.last_checked_at < REFRESH_AFTER for i in watched):
        return []
    RscIntegration.objects.filter(pk__in=[i.pk for i in watched]).update(last_checked_at=now)
    keys = {key for i in watched for key in keys_for(i.level, linkedin) if key.integration_context}
    if client is None:
        client = LinkedInClient(timeout=PAGE_LOAD_TIMEOUT, retries=0) if page_load else LinkedInClient()
    result = client.integration_statuses(sorted(keys, key=str))
    statuses = {key: status.status for key, status in result.ok.items()}
    answer = "; ".join(f"{key.integration_type}={status}" for key, status in statuses.items())
    with transaction.atomic():
        return _apply(statuses, actor=None, action="LinkedIn: status refresh", answer=answer)
