"""LinkedInClient: every LinkedIn call of the contract (docs/linkedin-contract.md), one method each."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

import requests
from django.conf import settings
from django.utils import timezone

from linkedin_integration.client import assumed, restli
from linkedin_integration.client.errors import LinkedInError, unexpected_answer
from linkedin_integration.client.export_calls import ExportCalls
from linkedin_integration.client.history_calls import HistoryCalls
from linkedin_integration.client.shapes import (
    IntegrationChange,
    IntegrationKey,
    Member,
    ProvisionedApp,
    RecruiterContract,
    TokenAnswer,
    parse_email_address,
    parse_member,
    parse_provisioned_app,
    parse_token,
)
from linkedin_integration.client.sync_calls import SyncCalls
from linkedin_integration.client.tokens import TokenCache
from linkedin_integration.client.transport import Transport
from linkedin_integration.models import AccessToken, LinkedInSettings

App = AccessToken.App
CALLBACK_URL = "CALLBACK_URL"


class LinkedInClient(SyncCalls, ExportCalls, HistoryCalls):
    """Speaks the contract to LinkedIn (or the sandbox: only the base URLs differ).

    Data calls use the child app's client-credentials token, provisioning the partner app's; both are
    cached in AccessToken rows. Every failure is a LinkedInError. `sleep` and `clock` are injectable so
    that tests neither wait nor depend on the time of day.
    """

    def __init__(
        self,
        *,
        api_base: str | None = None,
        oauth_base: str | None = None,
        timeout: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable = timezone.now,
        session: requests.Session | None = None,
        retries: int | None = None,
    ):
        self.api_base = (api_base or settings.LINKEDIN_API_BASE).rstrip("/")
        self.oauth_base = (oauth_base or settings.LINKEDIN_OAUTH_BASE).rstrip("/")
        self.clock = clock
        self.transport = Transport(
            timeout=timeout or settings.LINKEDIN_TIMEOUT,
            clock=clock,
            sleep=sleep,
            session=session,
            **({} if retries is None else {"retries": retries}),
        )
        self.tokens = TokenCache(fetch=self._fetch_app_token, clock=clock)

    # Tokens of the two apps.

    def app_token(self, app: str = App.CHILD) -> str:
        return self.tokens.get(app)

    def forget_token(self, app: str = App.CHILD) -> None:
        """Call when the app's credentials change (child app created, replaced or disconnected)."""
        self.tokens.forget(app)

    def _credentials(self, app: str) -> tuple[str, str]:
        if app == App.PARTNER:
            client_id, secret = settings.LINKEDIN_CLIENT_ID, settings.LINKEDIN_CLIENT_SECRET
            if not (client_id and secret):
                raise LinkedInError(
                    "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are not set", permanent=True
                )
            return client_id, secret
        row = LinkedInSettings.objects.filter(pk=1).first()
        if row is None or not (row.app_client_id and row.app_client_secret):
            raise LinkedInError("LinkedIn is not connected: this installation has no child app yet")
        return row.app_client_id, row.app_client_secret

    def _fetch_app_token(self, app: str) -> TokenAnswer:
        client_id, secret = self._credentials(app)
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        response = self.transport.send("POST", f"{self.oauth_base}/oauth/v2/accessToken", data=form)
        return parse_token(
            self._json(response, "the token request"), now=self.clock(), what="the token request"
        )

    # Signing a person in (authorization code flow) and what the signed-in person sees.

    def authorization_url(
        self, *, redirect_uri: str, state: str, scope: str = assumed.SIGN_IN_SCOPE, app: str = App.PARTNER
    ) -> str:
        if not (redirect_uri and state):
            raise ValueError("an authorization URL needs a redirect_uri and a state")
        params = {
            "response_type": "code",
            "client_id": self._credentials(app)[0],
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": scope,
        }
        return f"{self.oauth_base}/oauth/v2/authorization?{urlencode(params, quote_via=quote)}"

    def exchange_code(self, *, code: str, redirect_uri: str, app: str = App.PARTNER) -> TokenAnswer:
        """The member's token for an authorization code; a junk answer is an error, never a token."""
        if not code:
            raise LinkedInError("LinkedIn sent no authorization code", permanent=True)
        client_id, secret = self._credentials(app)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "client_secret": secret,
        }
        response = self.transport.send("POST", f"{self.oauth_base}/oauth/v2/accessToken", data=form)
        what = "the authorization code exchange"
        return parse_token(self._json(response, what), now=self.clock(), what=what)

    def me(self, access_token: str) -> Member:
        return parse_member(self._member_get(access_token, "/v2/me", [], "the profile request"))

    def email_address(self, access_token: str) -> str:
        """The member's primary email address ('' when not shared), for Apply with LinkedIn. Not in the
        contract's list: LinkedIn's public profile API, answered by the sandbox too."""
        query = [("q", "members"), ("projection", "(elements*(handle~))")]
        return parse_email_address(
            self._member_get(access_token, "/v2/emailAddress", query, "the email address request")
        )

    def recruiter_contracts(self, access_token: str) -> list[RecruiterContract]:
        data = self._member_get(
            access_token,
            assumed.RECRUITER_CONTRACTS_PATH,
            assumed.RECRUITER_CONTRACTS_PARAMS,
            "the Recruiter contracts request",
        )
        return assumed.parse_recruiter_contracts(data)

    # Provisioning the child app (partner app's token).

    def provision_application(
        self,
        *,
        name: str,
        description: str,
        unique_foreign_id: str,
        callback_urls: Sequence[str],
        js_sdk_domains: Sequence[str] = (),
    ) -> ProvisionedApp:
        """Create this installation's child app. The answer's client secret is shown only once: the
        caller stores it (encrypted) at once."""
        body = {
            "name": name,
            "description": description,
            "uniqueForeignId": str(unique_foreign_id),
            "oauth2AuthorizedCallbackUrls": list(callback_urls),
            "validJsSdkDomains": list(js_sdk_domains),
        }
        response = self._api("POST", "/v2/provisionedApplications", app=App.PARTNER, json_body=body)
        what = "the provisioning request"
        return parse_provisioned_app(self._json(response, what), what=what, secret_required=True)

    def find_provisioned_application(self, unique_foreign_id: str) -> ProvisionedApp | None:
        query = [("q", "credentialsByUniqueForeignId"), ("uniqueForeignId", str(unique_foreign_id))]
        response = self._api("GET", "/v2/provisionedApplications", app=App.PARTNER, query=query)
        return assumed.parse_provisioned_lookup(self._json(response, "the provisioned application look-up"))

    def update_provisioned_application(
        self,
        *,
        key: str,
        js_sdk_domains: Sequence[str] | None = None,
        callback_urls: Sequence[str] | None = None,
    ) -> None:
        """Replace the child app's allowed JS SDK domains and/or OAuth callback URLs: as the collection
        sends it, a plain POST to the app's URL with a patch (no x-restli-method)."""
        changes = {}
        if js_sdk_domains is not None:
            changes["validJsSdkDomains"] = list(js_sdk_domains)
        if callback_urls is not None:
            changes["oauth2AuthorizedCallbackUrls"] = list(callback_urls)
        if not changes:
            raise ValueError("nothing to update")
        self._api(
            "POST",
            f"/v2/provisionedApplications/{restli.encode(key)}",
            app=App.PARTNER,
            json_body={"patch": {"$set": changes}},
        )

    # atsIntegrations (child app's token).

    def name_integrations(self, names: Mapping[IntegrationKey, str]) -> restli.BatchResult:
        """Give each integration its customer-facing name (the partner-side step of a request).
        Returns per key the entity's HTTP status, or its LinkedInError."""
        keys = list(names)
        if not keys:
            raise ValueError("no integration to name")
        body = {
            "entities": {
                assumed.entity_key(key.fields()): {"patch": {"$set": {"integrationName": names[key]}}}
                for key in keys
            }
        }
        response = self._api(
            "POST",
            "/v2/atsIntegrations",
            query=restli.ids_params([key.fields() for key in keys]),
            restli_method="batch_partial_update",
            json_body=body,
        )
        return self._batch(
            response, keys, restli.compound_key_of(IntegrationKey.from_fields), "the naming request"
        )

    def configure_callback_url(self, key: IntegrationKey, url: str) -> restli.BatchResult:
        """Set the integration's CALLBACK_URL (where LinkedIn pushes notifications)."""
        body = {"entities": {CALLBACK_URL: {"configurationValue": {"string": url}}}}
        response = self._api(
            "PUT",
            f"/v2/atsIntegrations/{assumed.entity_key(key.fields())}/configurations",
            query=restli.simple_ids([CALLBACK_URL]),
            restli_method="batch_update",
            json_body=body,
        )
        return self._batch(response, [CALLBACK_URL], restli.simple_key, "the callback configuration")

    def integration_statuses(self, keys: Sequence[IntegrationKey]) -> restli.BatchResult:
        """Per key, the integration's IntegrationStatus: its name, and REQUESTED, PARTNER_READY, ENABLED
        or DISABLED."""
        keys = list(keys)
        if not keys:
            raise ValueError("no integration to read")
        response = self._api(
            "GET",
            "/v2/atsIntegrations",
            query=restli.ids_params([key.fields() for key in keys]),
        )
        return self._batch(
            response,
            keys,
            restli.compound_key_of(IntegrationKey.from_fields),
            "the integration status request",
            entity=assumed.parse_integration_status,
        )

    def integration_changes(self, request_id: str) -> list[IntegrationChange]:
        """The event behind an INTEGRATION_STATUS_CHANGE push."""
        query = [("q", "request"), ("requestId", str(request_id))]
        response = self._api("GET", "/v2/atsIntegrations", query=query)
        return assumed.parse_integration_changes(self._json(response, "the integration event request"))

    # Plumbing.

    def _api(
        self,
        method: str,
        path: str,
        *,
        app: str = App.CHILD,
        query: Sequence[tuple[str, str]] | None = None,
        json_body: dict | None = None,
        restli_method: str | None = None,
    ) -> requests.Response:
        """An app-token call. A 401 means the cached token went bad early: drop it, retry once."""
        url = self._url(path, query)
        token = self.tokens.get(app)
        try:
            return self._send_with(token, method, url, json_body, restli_method)
        except LinkedInError as exc:
            if exc.status != 401:
                raise
        self.tokens.forget(app, token)
        return self._send_with(self.tokens.get(app), method, url, json_body, restli_method)

    def _send_with(self, token, method, url, json_body, restli_method) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"}
        if restli_method:
            headers["x-restli-method"] = restli_method
        return self.transport.send(method, url, headers=headers, json_body=json_body)

    def _member_get(self, access_token: str, path: str, query: Sequence[tuple[str, str]], what: str) -> Any:
        if not access_token:
            raise LinkedInError("No LinkedIn sign-in to use", permanent=True)
        headers = {"Authorization": f"Bearer {access_token}"}
        response = self.transport.send("GET", self._url(path, query), headers=headers)
        return self._json(response, what)

    def _url(self, path: str, query: Sequence[tuple[str, str]] | None) -> str:
        url = f"{self.api_base}{path}"
        return f"{url}?{restli.query(query)}" if query else url

    def _batch(self, response, keys, key_of, what, *, entity=None) -> restli.BatchResult:
        return restli.parse_batch(
            self._json(response, what),
            requested=keys,
            key_of=key_of,
            now=self.clock(),
            what=what,
            entity=entity,
        )

    @staticmethod
    def _json(response: requests.Response, what: str) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise unexpected_answer(what, response.status_code) from None
