"""What the client hands back: small immutable values, parsed and checked from LinkedIn's answers.

Parsers here follow shapes the contract marks (public); the (assumed) ones live in assumed.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from linkedin_integration.client.errors import unexpected_answer

# Integration types (public). Company-level access = the organization-scoped ones; contract-level adds
# CSA_API on the contract.
ORGANIZATION_TYPES = ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN")
CONTRACT_TYPES = ("CSA_API",)
TENANT_TYPE = "RECRUITER"
DATA_PROVIDER = "ATS"


@dataclass(frozen=True)
class IntegrationKey:
    """The compound key of one atsIntegrations entity."""

    integration_context: str
    integration_type: str
    tenant_type: str = TENANT_TYPE
    data_provider: str = DATA_PROVIDER

    def fields(self) -> list[tuple[str, str]]:
        # The order of the contract's examples.
        return [
            ("integrationContext", self.integration_context),
            ("integrationType", self.integration_type),
            ("tenantType", self.tenant_type),
            ("dataProvider", self.data_provider),
        ]

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> IntegrationKey:
        return cls(
            integration_context=fields["integrationContext"],
            integration_type=fields["integrationType"],
            tenant_type=fields.get("tenantType", TENANT_TYPE),
            data_provider=fields.get("dataProvider", DATA_PROVIDER),
        )

    def __str__(self):
        return f"{self.integration_type} on {self.integration_context}"


def integration_keys(*, organization_urn: str, contract_urn: str | None = None) -> list[IntegrationKey]:
    """The integrations of one access level: company-level without a contract, contract-level with one."""
    keys = [IntegrationKey(organization_urn, kind) for kind in ORGANIZATION_TYPES]
    if contract_urn:
        keys += [IntegrationKey(contract_urn, kind) for kind in CONTRACT_TYPES]
    return keys


@dataclass(frozen=True)
class TokenAnswer:
    """An OAuth token answer; `access_token` is a secret: never log or show it."""

    access_token: str
    expires_in: int
    expires_at: dt.datetime
    scope: str = ""

    def __repr__(self):
        return f"TokenAnswer(access_token='***', expires_at={self.expires_at!r}, scope={self.scope!r})"


def parse_token(data: Any, *, now: dt.datetime, what: str) -> TokenAnswer:
    """`{access_token, expires_in}` with a non-empty token and a positive lifetime; anything else is junk."""
    if not isinstance(data, dict):
        raise unexpected_answer(what)
    token, expires_in = data.get("access_token"), data.get("expires_in")
    if not isinstance(token, str) or not token.strip():
        raise unexpected_answer(what)
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in <= 0:
        raise unexpected_answer(what)
    scope = data.get("scope") if isinstance(data.get("scope"), str) else ""
    return TokenAnswer(token, expires_in, now + dt.timedelta(seconds=expires_in), scope)


@dataclass(frozen=True)
class Member:
    """The signed-in person (`GET /v2/me`)."""

    urn: str
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    vanity_name: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def profile_url(self) -> str:
        """The public profile's address, from the vanity name (the path LinkedIn gives profiles)."""
        return f"https://www.linkedin.com/in/{self.vanity_name}" if self.vanity_name else ""


def _localized(data: dict, flat: str, nested: str) -> str:
    # /v2/me gives `localizedFirstName`, and `firstName: {localized: {en_US: ...}}` with projections.
    value = data.get(flat)
    if isinstance(value, str):
        return value
    value = data.get(nested)
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("localized"), dict):
        texts = [text for text in value["localized"].values() if isinstance(text, str)]
        return texts[0] if texts else ""
    return ""


def parse_member(data: Any) -> Member:
    if not isinstance(data, dict):
        raise unexpected_answer("the profile request")
    person_id = data.get("id")
    if not isinstance(person_id, str | int) or isinstance(person_id, bool) or not str(person_id).strip():
        raise unexpected_answer("the profile request")
    person_id = str(person_id).strip()
    urn = person_id if person_id.startswith("urn:li:person:") else f"urn:li:person:{person_id}"
    return Member(
        urn=urn,
        first_name=_localized(data, "localizedFirstName", "firstName"),
        last_name=_localized(data, "localizedLastName", "lastName"),
        headline=_localized(data, "localizedHeadline", "headline"),
        vanity_name=_vanity_name(data.get("vanityName")),
    )


def _vanity_name(value: Any) -> str:
    # A vanity name is one path segment of a profile URL; anything else is not used to build one.
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9%_.\-]{1,100}", value.strip()):
        return value.strip()
    return ""


@dataclass(frozen=True)
class ProvisionedApp:
    """This installation's child app. `client_secret` is only ever known from the creation answer."""

    key: str
    client_id: str
    client_secret: str = ""

    def __repr__(self):
        return f"ProvisionedApp(key={self.key!r}, client_id={self.client_id!r}, client_secret='***')"


def parse_provisioned_app(data: Any, *, what: str, secret_required: bool) -> ProvisionedApp:
    if not isinstance(data, dict) or not isinstance(data.get("credentials"), dict):
        raise unexpected_answer(what)
    key, credentials = data.get("key"), data["credentials"]
    client_id, client_secret = credentials.get("client_id"), credentials.get("client_secret", "")
    if not isinstance(key, str) or not key.startswith("urn:li:developerApplication:"):
        raise unexpected_answer(what)
    if not isinstance(client_id, str) or not client_id:
        raise unexpected_answer(what)
    if not isinstance(client_secret, str) or (secret_required and not client_secret):
        raise unexpected_answer(what)
    return ProvisionedApp(key, client_id, client_secret)


@dataclass(frozen=True)
class RecruiterContract:
    urn: str
    name: str
    organization_urn: str
    is_admin: bool


@dataclass(frozen=True)
class IntegrationStatus:
    """One integration as LinkedIn reports it: REQUESTED, PARTNER_READY, ENABLED or DISABLED."""

    status: str
    name: str = ""


@dataclass(frozen=True)
class IntegrationChange:
    """One element of an INTEGRATION_STATUS_CHANGE event fetched by request id."""

    key: IntegrationKey
    status: str
    name: str = ""


@dataclass(frozen=True)
class ExportedCandidate:
    """One profile exported from LinkedIn Recruiter into a job (1-click export): the contract's StubProfile
    (`candidate`), where it came from and which job it was exported into (parsed in assumed.py)."""

    integration_context: str
    member_urn: str
    first_name: str
    last_name: str
    profile_url: str
    job_posting_id: str
    exporter_urn: str
    exported_at: dt.datetime | None = None
    headline: str = ""
    location: str = ""
    current_employers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


def parse_email_address(data: Any) -> str:
    """`{elements: [{handle, "handle~": {emailAddress}}]}`; no element when the member shares none."""
    elements = data.get("elements") if isinstance(data, dict) else None
    if not isinstance(elements, list):
        raise unexpected_answer("the email address request")
    for element in elements:
        handle = element.get("handle~") if isinstance(element, dict) else None
        email = handle.get("emailAddress") if isinstance(handle, dict) else None
        if isinstance(email, str) and email.strip():
            return email.strip()
    return ""
