"""Speaking to the sandbox as an ATS would, through Django's test client (no network)."""

import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlencode, urlsplit

BASE = "/sandbox/linkedin"
API = f"{BASE}/api/v2"
TOKEN_URL = f"{BASE}/oauth/v2/accessToken"
AUTHORIZE_URL = f"{BASE}/oauth/v2/authorization"
PARTNER_ID = "attract-sandbox-partner"
PARTNER_SECRET = "attract-sandbox-partner-secret"
SITE = "http://127.0.0.1:8000"
OAUTH_CALLBACK = f"{SITE}/linkedin/oauth/callback/"
RSC_CALLBACK = f"{SITE}/linkedin/rsc/callback/"
ORG = "urn:li:organization:2414183"
CONTRACT = "urn:li:contract:500100"
OTHER_CONTRACT = "urn:li:contract:500200"
ORG_TYPES = ["ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN"]
FORM = "application/x-www-form-urlencoded"


def form_post(client, url, **data):
    return client.post(url, urlencode(data), content_type=FORM)


def client_token(client, client_id, client_secret):
    response = form_post(
        client, TOKEN_URL, grant_type="client_credentials", client_id=client_id, client_secret=client_secret
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def call(
    client, method, path, token=None, *, body=None, restli_method=None, protocol=None, content_type=None
):
    """An API call in the wire form (Rest.li 1.0, no protocol header); `protocol` sends that header."""
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if protocol:
        headers["X-RestLi-Protocol-Version"] = protocol
    if restli_method:
        headers["X-RestLi-Method"] = restli_method
    data = "" if body is None else json.dumps(body)
    return client.generic(
        method, f"{API}/{path}", data, content_type=content_type or "application/json", headers=headers
    )


def key(context, integration_type):
    fields = {
        "integrationContext": context,
        "integrationType": integration_type,
        "tenantType": "RECRUITER",
        "dataProvider": "ATS",
    }
    return "&".join(f"{name}={value}" for name, value in fields.items())


def ids_query(pairs):
    params = {}
    for i, (context, integration_type) in enumerate(pairs):
        params[f"ids[{i}].integrationContext"] = context
        params[f"ids[{i}].integrationType"] = integration_type
        params[f"ids[{i}].tenantType"] = "RECRUITER"
        params[f"ids[{i}].dataProvider"] = "ATS"
    return urlencode(params)


def contract_level_pairs(contract=CONTRACT):
    return [(ORG, t) for t in ORG_TYPES] + [(contract, "CSA_API")]


def name_integrations(client, token, pairs, integration_name="Attract for Contoso Demo"):
    body = {
        "entities": {key(*pair): {"patch": {"$set": {"integrationName": integration_name}}} for pair in pairs}
    }
    return call(
        client,
        "POST",
        f"atsIntegrations?{ids_query(pairs)}",
        token,
        body=body,
        restli_method="batch_partial_update",
    )


def configure_callback(client, token, context=ORG, integration_type="ONE_CLICK_EXPORT", url=RSC_CALLBACK):
    body = {"entities": {"CALLBACK_URL": {"configurationValue": {"string": url}}}}
    return call(
        client,
        "PUT",
        f"atsIntegrations/{key(context, integration_type)}/configurations?ids=CALLBACK_URL",
        token,
        body=body,
        restli_method="batch_update",
    )


def provision(client, partner_token, foreign_id="instance-1", **overrides):
    body = {
        "name": "Attract for Contoso Demo",
        "description": "Attract ATS installation",
        "uniqueForeignId": foreign_id,
        "oauth2AuthorizedCallbackUrls": [OAUTH_CALLBACK],
        "validJsSdkDomains": [SITE],
    } | overrides
    return call(client, "POST", "provisionedApplications", partner_token, body=body)


def authorize_params(client_id=PARTNER_ID, redirect_uri=OAUTH_CALLBACK, **overrides):
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": "st-123",
        "scope": "r_liteprofile r_emailaddress",
    }
    return params | overrides


def redirect_query(response) -> dict:
    location = response["Location"]
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def allow(client, member, **overrides):
    """Sign `member` in on the consent page and press Allow; returns the redirect's query."""
    response = client.post(
        AUTHORIZE_URL, authorize_params(**overrides) | {"member": member.pk, "decision": "allow"}
    )
    assert response.status_code == 302, response.content
    return redirect_query(response)


def member_token(
    client, member, client_id=PARTNER_ID, client_secret=PARTNER_SECRET, redirect_uri=OAUTH_CALLBACK
):
    code = allow(client, member, client_id=client_id, redirect_uri=redirect_uri)["code"]
    response = form_post(
        client,
        TOKEN_URL,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect_uri,
        client_id=client_id,
        client_secret=client_secret,
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def expected_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), b"hmacsha256=" + body, hashlib.sha256).hexdigest()
