"""The LinkedIn client: one class for every call of docs/linkedin-contract.md, one error type.

    from linkedin_integration.client import LinkedInClient, LinkedInError

Modules: api (the client), transport (timeouts, retries, logging), tokens (cached app tokens),
restli (compound keys, batch answers), shapes (parsed answers), assumed (every (assumed) shape of the
contract, the one place to correct them), errors.
"""

from linkedin_integration.client.api import CALLBACK_URL, App, LinkedInClient
from linkedin_integration.client.assumed import SIGN_IN_SCOPE
from linkedin_integration.client.errors import LinkedInError
from linkedin_integration.client.restli import BatchResult
from linkedin_integration.client.shapes import (
    ExportedCandidate,
    IntegrationChange,
    IntegrationKey,
    IntegrationStatus,
    Member,
    ProvisionedApp,
    RecruiterContract,
    TokenAnswer,
    integration_keys,
)

__all__ = [
    "CALLBACK_URL",
    "SIGN_IN_SCOPE",
    "App",
    "BatchResult",
    "ExportedCandidate",
    "IntegrationChange",
    "IntegrationKey",
    "IntegrationStatus",
    "LinkedInClient",
    "LinkedInError",
    "Member",
    "ProvisionedApp",
    "RecruiterContract",
    "TokenAnswer",
    "integration_keys",
]
