"""Signing people in to LinkedIn: the admin's Connect, each user's own connection, Apply with LinkedIn.

All three use the authorization code flow through one redirect URI; the `state` parameter is a random
single-use value kept in the signed-in session together with the flow it belongs to, the user who
started it and when, so a callback is only ever taken for the flow, person and browser that asked.
"""

import secrets
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration.client import LinkedInClient, LinkedInError
from linkedin_integration.models import AccessToken, LinkedInConnection, LinkedInSettings
from linkedin_integration.services.integrations import audit, rsc_reset

SESSION_KEY = "linkedin_oauth"
PENDING_KEY = "linkedin_connect_pending"
STATE_LIFETIME = 600  # seconds
CONNECT, MEMBER, APPLY = "connect", "member", "apply"
FLOWS = {CONNECT, MEMBER, APPLY}
SCOPES = {CONNECT: "r_liteprofile", MEMBER: "r_liteprofile", APPLY: "r_liteprofile r_emailaddress"}
DENIED = {"user_cancelled_login", "user_cancelled_authorize", "access_denied"}


def redirect_uri() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/linkedin/oauth/callback/"


def career_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc


def oauth_start(*, session, flow: str, user_id=None, extra=None, client=None) -> str:
    """The LinkedIn sign-in URL for a flow; remembers its state in the session."""
    if flow not in FLOWS:
        raise ValueError(flow)
    state = secrets.token_urlsafe(24)
    pending = {
        key: value
        for key, value in session.get(SESSION_KEY, {}).items()
        if time.time() - value["at"] < STATE_LIFETIME
    }
    pending[state] = {"flow": flow, "user": user_id, "at": time.time(), "extra": extra or {}}
    url = (client or LinkedInClient()).authorization_url(
        redirect_uri=redirect_uri(), state=state, scope=SCOPES[flow], app=_app_of(flow)
    )
    session[SESSION_KEY] = pending
    return url


def _app_of(flow: str) -> str:
    """Applicants sign in through this installation's child app: its allowed domains (the career site,
    while Apply with LinkedIn is on) are what LinkedIn checks. Admins and users sign in through the
    partner app, which exists before any child app does."""
    return AccessToken.App.CHILD if flow == APPLY else AccessToken.App.PARTNER


def apply_available() -> bool:
    """Is Apply with LinkedIn on, on a connected installation?"""
    return (
        LinkedInSettings.objects.filter(pk=1, apply_with_linkedin=True, connected_at__isnull=False)
        .exclude(app_client_id="")
        .exists()
    )


@dataclass
class SignIn:
    flow: str
    extra: dict
    token: str
    expires_at: object


def oauth_finish(*, session, params, user_id=None, client=None) -> SignIn:
    """Check LinkedIn's redirect (state, denial, code) and exchange the code. Raises DomainError with a
    message for the person; nothing is stored by this function."""
    state = params.get("state", "")
    pending = session.get(SESSION_KEY, {})
    started = pending.pop(state, None) if state else None
    session[SESSION_KEY] = pending
    if started is None or time.time() - started["at"] > STATE_LIFETIME:
        raise DomainError(
            "This LinkedIn sign-in was not started here, was already used or has expired. Please start again."
        )
    if started["user"] != user_id:
        raise DomainError("This LinkedIn sign-in was started by someone else. Please start again.")
    error = params.get("error", "")
    if error:
        description = params.get("error_description", "")[:200]
        answer = f"{error}{': ' + description if description else ''}"
        if error in DENIED:
            _audit_sign_in_refused(started, user_id, "LinkedIn sign-in cancelled", answer)
            raise DomainError("You cancelled the LinkedIn sign-in: nothing was changed.")
        _audit_sign_in_refused(started, user_id, "LinkedIn sign-in refused", answer)
        raise DomainError(f"LinkedIn did not sign you in ({answer}).")
    code = params.get("code", "")
    if not code:
        raise DomainError("LinkedIn sent no authorization code. Please start again.")
    try:
        token = (client or LinkedInClient()).exchange_code(
            code=code, redirect_uri=redirect_uri(), app=_app_of(started["flow"])
        )
    except LinkedInError as exc:
        _audit_sign_in_refused(started, user_id, "LinkedIn sign-in refused", exc.answer)
        raise DomainError(f"LinkedIn did not accept the sign-in: {exc.message}") from exc
    return SignIn(
        flow=started["flow"], extra=started["extra"], token=token.access_token, expires_at=token.expires_at
    )


SIGN_IN_PURPOSE = {
    CONNECT: "Connect to LinkedIn (Admin center).",
    MEMBER: "Connect their own LinkedIn account (Settings).",
}


def _audit_sign_in_refused(started: dict, user_id, action: str, answer: str) -> None:
    """Staff sign-ins that end without a connection are audited too; an applicant's Apply with LinkedIn
    is not (their data stays in their application, not in the staff audit log)."""
    purpose = SIGN_IN_PURPOSE.get(started["flow"])
    if purpose is None:
        return
    audit(actor=_user_or_none(user_id), action=action, detail=purpose, answer=answer, ok=False)


def _user_or_none(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


# The admin's Connect --------------------------------------------------------------------------------


@dataclass
class Contract:
    urn: str
    name: str
    organization_urn: str


def connect_contracts(*, sign_in: SignIn, client=None) -> tuple[dict, list[Contract]]:
    """Who signed in and the Recruiter contracts they administer."""
    client = client or LinkedInClient()
    try:
        member = client.me(sign_in.token)
        contracts = client.recruiter_contracts(sign_in.token)
    except LinkedInError as exc:
        raise DomainError(f"LinkedIn did not answer: {exc.message}") from exc
    admin_of = [Contract(c.urn, c.name, c.organization_urn) for c in contracts if c.is_admin]
    if not admin_of:
        raise DomainError(
            f"{member.name or 'This LinkedIn member'} is not an admin of any LinkedIn Recruiter contract. "
            "Recruiter System Connect needs Recruiter seats (Recruiter Lite is not supported): sign in as "
            "the Recruiter contract's admin."
        )
    return {"urn": member.urn, "name": member.name}, admin_of


def pending_store(session, member: dict, contracts: list[Contract]) -> None:
    session[PENDING_KEY] = {"member": member, "contracts": [asdict(c) for c in contracts], "at": time.time()}


def pending_load(session) -> tuple[dict, list[Contract]]:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > STATE_LIFETIME:
        raise DomainError("Choosing a contract took too long or was not started. Please Connect again.")
    return pending["member"], [Contract(**c) for c in pending["contracts"]]


def _child_app(linkedin: LinkedInSettings, client: LinkedInClient) -> tuple[str, str, str, str]:
    """(key, client id, secret, what happened) of this installation's child app: the one already
    stored, the one LinkedIn knows for this instance id, or a new one."""
    if linkedin.app_client_id and linkedin.app_client_secret:
        return (
            linkedin.app_key,
            linkedin.app_client_id,
            linkedin.app_client_secret,
            "Child app already stored",
        )
    found = client.find_provisioned_application(str(linkedin.instance_id))
    if found is not None:
        if not found.client_secret:
            raise DomainError(
                "LinkedIn already has an app for this installation, but its secret is not stored here "
                "(LinkedIn shows it only once). Ask LinkedIn partner support to reset the app's secret."
            )
        return found.key, found.client_id, found.client_secret, f"Found child app {found.key}"
    app = client.provision_application(
        name=f"Attract ({linkedin.company_name or career_domain()})",
        description="Attract applicant tracking system",
        unique_foreign_id=str(linkedin.instance_id),
        callback_urls=[redirect_uri()],
        # The profile widget (candidate tab) and Apply with LinkedIn both load LinkedIn's JS SDK here.
        js_sdk_domains=[career_domain()],
    )
    return app.key, app.client_id, app.client_secret, f"Provisioned child app {app.key}"


def connect_finish(*, actor, member: dict, contract: Contract, client=None) -> LinkedInSettings:
    """Connect this installation: its child app (found or provisioned) and the chosen contract.
    LinkedIn is called before the row is written, never while a transaction is open."""
    client = client or LinkedInClient()
    linkedin = LinkedInSettings.load()
    try:
        key, client_id, secret, what = _child_app(linkedin, client)
    except LinkedInError as exc:
        audit(
            actor=actor,
            action="Connect failed",
            detail="Provisioning the child app",
            answer=exc.answer,
            ok=False,
        )
        raise DomainError(f"LinkedIn refused to set up this installation's app: {exc.message}") from exc
    with transaction.atomic():
        return _store_connection(linkedin, actor, member, contract, key, client_id, secret, what)


def _store_connection(linkedin, actor, member, contract, key, client_id, secret, what) -> LinkedInSettings:
    changed = client_id != linkedin.app_client_id
    elsewhere = (linkedin.contract_urn, linkedin.organization_urn) != (
        contract.urn,
        contract.organization_urn,
    )
    linkedin.app_key, linkedin.app_client_id, linkedin.app_client_secret = key, client_id, secret
    linkedin.connected_by = actor
    linkedin.connected_at = timezone.now()
    linkedin.connected_person_urn = member["urn"]
    linkedin.connected_person_name = member["name"]
    linkedin.contract_urn, linkedin.contract_name = contract.urn, contract.name
    linkedin.organization_urn = contract.organization_urn
    # Only the connection's fields: the company settings may have been saved while LinkedIn answered.
    linkedin.save(
        update_fields=[
            "app_key",
            "app_client_id",
            "app_client_secret",
            "connected_by",
            "connected_at",
            "connected_person_urn",
            "connected_person_name",
            "contract_urn",
            "contract_name",
            "organization_urn",
            "updated_at",
        ]
    )
    if changed:
        transaction.on_commit(lambda: LinkedInClient().forget_token("CHILD"))
    audit(
        actor=actor,
        action="Connected",
        detail=f"{member['name']} ({member['urn']}), contract {contract.name} ({contract.urn}), "
        f"organization {contract.organization_urn}",
        answer=what,
    )
    if elsewhere:
        rsc_reset(
            actor=actor,
            reason=f"Connected to contract {contract.name} ({contract.urn}), organization "
            f"{contract.organization_urn}: request access again for it.",
        )
    return linkedin


@transaction.atomic
def disconnect(*, actor) -> LinkedInSettings:
    """Forget who connected and which contract; the child app's credentials stay (LinkedIn shows its
    secret only once), so connecting again reuses the same app."""
    linkedin = LinkedInSettings.objects.select_for_update().get(pk=LinkedInSettings.load().pk)
    if not linkedin.connected_at:
        raise DomainError("LinkedIn is not connected.")
    linkedin.connected_at = None
    linkedin.connected_by = None
    linkedin.connected_person_urn = linkedin.connected_person_name = ""
    linkedin.contract_urn = linkedin.contract_name = linkedin.organization_urn = ""
    linkedin.save()
    audit(actor=actor, action="Disconnected", detail="Recruiter System Connect stops until connected again.")
    rsc_reset(actor=actor, reason="Disconnected from LinkedIn: request access again after connecting.")
    return linkedin


# Each user's own LinkedIn account -------------------------------------------------------------------


def member_connect(*, user, sign_in: SignIn, client=None) -> LinkedInConnection:
    """Store the user's own LinkedIn account. LinkedIn is asked who signed in first, with no transaction
    open: under SQLite the sandbox answering from the same database could not write while one was."""
    try:
        member = (client or LinkedInClient()).me(sign_in.token)
    except LinkedInError as exc:
        raise DomainError(f"LinkedIn did not answer: {exc.message}") from exc
    with transaction.atomic():
        return _store_member_connection(user, member, sign_in)


def _store_member_connection(user, member, sign_in: SignIn) -> LinkedInConnection:
    taken = LinkedInConnection.objects.filter(person_urn=member.urn).exclude(user=user).first()
    if taken is not None:
        raise DomainError("This LinkedIn account is already connected to another Attract user.")
    connection, _ = LinkedInConnection.objects.update_or_create(
        user=user,
        defaults={
            "person_urn": member.urn,
            "name": member.name,
            "access_token": sign_in.token,
            "expires_at": sign_in.expires_at,
        },
    )
    return connection


def member_disconnect(*, user) -> None:
    deleted, _ = LinkedInConnection.objects.filter(user=user).delete()
    if not deleted:
        raise DomainError("Your LinkedIn account is not connected.")


# Apply with LinkedIn ----------------------------------------------------------------------------------


def apply_with_linkedin_set(*, actor, enabled: bool, client=None) -> LinkedInSettings:
    """Switch Apply with LinkedIn on (the career site's domain joins the app's allowed domains) or off."""
    linkedin = LinkedInSettings.load()
    if not linkedin.is_connected:
        raise DomainError(
            "Connect LinkedIn first: Apply with LinkedIn uses this installation's LinkedIn app."
        )
    if linkedin.apply_with_linkedin == enabled:
        return linkedin
    # The domain stays allowed when switched off: the profile widget on candidate pages needs it too, and
    # Attract itself refuses Apply with LinkedIn while it is off. Sending it again also repairs an app
    # provisioned before the widget existed.
    domains = [career_domain()]
    try:
        if linkedin.app_key:
            (client or LinkedInClient()).update_provisioned_application(
                key=linkedin.app_key, js_sdk_domains=domains
            )
    except LinkedInError as exc:
        audit(
            actor=actor,
            action="Apply with LinkedIn",
            detail="Updating allowed domains",
            answer=exc.answer,
            ok=False,
        )
        raise DomainError(f"LinkedIn refused the change: {exc.message}") from exc
    linkedin.apply_with_linkedin = enabled
    linkedin.save(update_fields=["apply_with_linkedin", "updated_at"])
    audit(
        actor=actor,
        action=f"Apply with LinkedIn {'on' if enabled else 'off'}",
        detail=f"Allowed domains: {', '.join(domains) or 'none'}",
    )
    return linkedin


def apply_profile(*, sign_in: SignIn, client=None) -> dict:
    """What the career site's apply form is pre-filled with; the candidate can edit it all."""
    client = client or LinkedInClient()
    try:
        member = client.me(sign_in.token)
        email = client.email_address(sign_in.token)
    except LinkedInError as exc:
        raise DomainError(f"LinkedIn did not share your profile: {exc.message}") from exc
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": email,
        "linkedin_headline": member.headline,
        # Not form fields: the career site records them on the candidate with the source.
        "linkedin_url": member.profile_url,
        "at": time.time(),
    }


def token_lifetime_left(connection: LinkedInConnection) -> timedelta | None:
    return connection.expires_at - timezone.now() if connection.expires_at else None
