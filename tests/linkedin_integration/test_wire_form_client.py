"""Every call LinkedInClient makes, compared with the request of LinkedIn's Postman collection for the same
operation: method, path, query key syntax, the headers that matter (x-restli-method, Content-Type, no
X-RestLi-Protocol-Version) and the body's shape.

To add a call (the sync, export and history mixins): add a WireCase to CASES naming the collection's
request, a function that drives the client into the call, and an answer the call accepts."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import responses

from linkedin_integration.client import IntegrationKey
from tests.linkedin_integration.test_client_helpers import (
    API,
    CHILD_KEY,
    CONTRACT,
    OAUTH,
    ORG,
    TOKEN_URL,
    configure,
    connect_child_app,
    make_client,
)

COLLECTION = Path(__file__).resolve().parents[3] / "shared" / "data" / "rsc-postman-collection.json"
VARIABLE = re.compile(r"\\{\\{[^}]+\\}\\}")  # a {{variable}} once the text is escaped for a pattern
PUBLIC_HOSTS = ("https://api.linkedin.com", "https://www.linkedin.com")


@dataclass(frozen=True)
class WireCase:
    """One client call and the collection's request for the same operation."""

    collection_name: str
    drive: Callable  # drive(client): makes exactly one call to LinkedIn after the token
    answer: dict  # keyword arguments of responses.add for the answer to that call
    query_differs: str = ""  # why the query may differ from the collection's ('' = it may not)


def org_key(integration_type):
    return IntegrationKey(ORG, integration_type)


CASES = [
    WireCase(
        "Provision Child Application",
        lambda client: client.provision_application(
            name="Contoso Demo",
            description="Attract ATS",
            unique_foreign_id="instance-1",
            callback_urls=["https://attract.test/linkedin/oauth/callback/"],
            js_sdk_domains=["https://attract.test"],
        ),
        {"json": {"key": CHILD_KEY, "credentials": {"client_id": "c", "client_secret": "s"}}, "status": 201},
    ),
    WireCase(
        "Update JavaScript SDK Domain for Child Application",
        lambda client: client.update_provisioned_application(
            key=CHILD_KEY, js_sdk_domains=["https://attract.test"]
        ),
        {"status": 204},
    ),
    WireCase(
        "Update OAuth2.0 Authorized CallBack URL for Child Application",
        lambda client: client.update_provisioned_application(
            key=CHILD_KEY, callback_urls=["https://attract.test/linkedin/oauth/callback/"]
        ),
        {"status": 204},
    ),
    WireCase(
        "Get Child Application",
        lambda client: client.find_provisioned_application("instance-1"),
        {"json": {"elements": []}},
    ),
    WireCase(
        "Update Customer ATSIntegration - ONE_CLICK_EXPORT",
        lambda client: client.name_integrations({org_key("ONE_CLICK_EXPORT"): "Contoso Demo export"}),
        {"json": {"results": {}, "errors": {}}},
    ),
    WireCase(
        "Update Customer ATSIntegration - CSA_API",
        lambda client: client.name_integrations({IntegrationKey(CONTRACT, "CSA_API"): "Contoso Demo CSA"}),
        {"json": {"results": {}, "errors": {}}},
    ),
    WireCase(
        "Verify Customer's  ATSIntegrations",
        lambda client: client.integration_statuses(
            [
                org_key("IN_ATS_INDICATOR"),
                org_key("PROFILE_PLUGIN"),
                org_key("ONE_CLICK_EXPORT"),
                IntegrationKey(CONTRACT, "CSA_API"),
            ]
        ),
        {"json": {"results": {}, "errors": {}}},
    ),
    WireCase(
        "Sync Integration Configuration - Callback URL (Mandatory)",
        lambda client: client.configure_callback_url(
            org_key("ONE_CLICK_EXPORT"), "https://attract.test/linkedin/rsc/callback/"
        ),
        {"json": {"results": {"CALLBACK_URL": {"status": 204}}, "errors": {}}},
    ),
    WireCase(
        "GET Notification Type INTEGRATION_STATUS_CHANGE",
        lambda client: client.integration_changes("req-1"),
        {"json": {"elements": []}},
    ),
    WireCase(
        "GET Person ID - With 3 legged OAuth Flow - r_liteprofile permission",
        lambda client: client.me("member-token"),
        {"json": {"id": "abc", "localizedFirstName": "A", "localizedLastName": "B"}},
        query_differs="the client reads the names too, so it asks for the whole profile, not fields=id",
    ),
]

# The token requests: the client's form against request 47's. Request 1 sends the same form declared
# text/plain only because Postman does so for it; LinkedIn documents the form media type.
TOKEN_REQUEST = "Get Customer Application Access Token"


def collection() -> dict:
    found = {}

    def walk(items):
        for item in items:
            if "item" in item:
                walk(item["item"])
            else:
                found[item["name"]] = item["request"]

    walk(json.loads(COLLECTION.read_text())["item"])
    return found


REQUESTS = collection()


def pattern(text: str) -> re.Pattern:
    """The collection's text as a pattern: each {{variable}} stands for one value (no `/`, `&`, `=`)."""
    return re.compile(VARIABLE.sub(r"[^/&=]+", re.escape(text)))


def expected_url(spec: dict) -> tuple[str, list[tuple[str, str]]]:
    raw = spec["url"]["raw"]
    for host in PUBLIC_HOSTS:
        raw = raw.removeprefix(host)
    path, _, query = raw.partition("?")
    return path, [tuple(part.partition("=")[::2]) for part in query.split("&") if part]


def declared(spec: dict, header: str) -> str | None:
    for entry in spec.get("header", []):
        if entry["key"].lower() == header.lower() and not entry.get("disabled"):
            return entry["value"]
    return None


def shape(value, *, entity_map=False):
    """The body's shape: field names and value types; an entities map's keys by their key syntax."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if entity_map and "=" in key:
                key = "KEY(" + ",".join(sorted(name for name, _ in parse_qsl(key))) + ")"
            out[key] = shape(item, entity_map=key == "entities")
            if key == "entities":
                out[key] = {
                    ("KEY(" + ",".join(sorted(n for n, _ in parse_qsl(k))) + ")" if "=" in k else k): shape(v)
                    for k, v in item.items()
                }
        return out
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def collection_body(spec: dict):
    raw = (spec.get("body") or {}).get("raw") or ""
    if not raw:
        return None
    # Placeholders typed inside JSON strings keep their quotes; bare ones are not in this collection.
    return json.loads(raw)


def assert_same_request(sent, spec: dict, case: WireCase):
    name = case.collection_name
    assert sent.method == spec["method"], name
    path, query = expected_url(spec)
    parts = urlsplit(sent.url)
    assert pattern(path).fullmatch(parts.path.removeprefix(urlsplit(API).path)), (name, parts.path, path)
    assert "%3A" not in parts.path + parts.query, f"{name}: URNs are written as the collection writes them"
    if not case.query_differs:
        got = parse_qsl(parts.query)
        assert [key for key, _ in got] == [key for key, _ in query], (name, got, query)
        for (key, value), (_, want) in zip(got, query, strict=True):
            assert pattern(want).fullmatch(value), (name, key, value, want)
    headers = {key.lower(): value for key, value in sent.headers.items()}
    assert "x-restli-protocol-version" not in headers, name
    want_method = declared(spec, "x-restli-method")
    assert headers.get("x-restli-method", "").lower() == (want_method or "").lower(), name
    want_body = collection_body(spec)
    if want_body is None:
        assert not sent.body, name
        return
    # A body the collection does not declare goes out as Postman's text/plain and is read as JSON;
    # the client declares what it sends.
    want_type = declared(spec, "Content-Type") or "application/json"
    assert headers["content-type"].split(";")[0] == want_type, name
    assert shape(json.loads(sent.body)) == shape(want_body), name


@pytest.fixture
def wire(settings, db, mocked):
    configure(settings)
    connect_child_app()
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "app-token", "expires_in": 1800})
    return mocked


@pytest.fixture
def linkedin():
    return make_client()


@pytest.mark.parametrize("case", CASES, ids=[case.collection_name for case in CASES])
def test_the_client_sends_each_call_as_linkedins_collection_does(wire, linkedin, case):
    spec = REQUESTS[case.collection_name]
    wire.add(spec["method"], re.compile(re.escape(API) + r"/.*"), **case.answer)

    case.drive(linkedin)

    [sent] = [call.request for call in wire.calls if call.request.url.startswith(API)]
    assert_same_request(sent, spec, case)


def test_the_token_requests_are_the_collections_form(wire, linkedin):
    spec = REQUESTS[TOKEN_REQUEST]

    linkedin.app_token()

    [sent] = [call.request for call in wire.calls if call.request.url.startswith(OAUTH)]
    assert sent.method == spec["method"] == "POST"
    assert urlsplit(sent.url).path == urlsplit(spec["url"]["raw"]).path
    assert sent.headers["Content-Type"] == declared(spec, "Content-Type")
    assert [name for name, _ in parse_qsl(sent.body)] == [
        entry["key"] for entry in spec["body"]["urlencoded"]
    ]
    assert "X-RestLi-Protocol-Version" not in sent.headers


def test_every_operation_named_here_is_in_the_collection():
    names = {case.collection_name for case in CASES} | {TOKEN_REQUEST}
    assert names <= set(REQUESTS), names - set(REQUESTS)


class Sent:
    """A request as requests prepares it, for checking the comparison itself."""

    def __init__(self, url, headers=None):
        self.method, self.url, self.headers, self.body = "GET", url, headers or {}, None


STATUS_URL = f"{API}/v2/atsIntegrations?" + "&".join(
    f"ids%5B{i}%5D.integrationContext={context}&ids%5B{i}%5D.integrationType={kind}"
    f"&ids%5B{i}%5D.tenantType=RECRUITER&ids%5B{i}%5D.dataProvider=ATS"
    for i, (context, kind) in enumerate(
        [(ORG, "IN_ATS_INDICATOR"), (ORG, "PROFILE_PLUGIN"), (ORG, "ONE_CLICK_EXPORT"), (CONTRACT, "CSA_API")]
    )
)


def test_the_comparison_takes_the_collections_form_of_a_status_read():
    status_case = next(case for case in CASES if case.collection_name == "Verify Customer's  ATSIntegrations")
    assert_same_request(Sent(STATUS_URL), REQUESTS[status_case.collection_name], status_case)


@pytest.mark.parametrize(
    "sent",
    [
        Sent(STATUS_URL, {"X-RestLi-Protocol-Version": "2.0.0"}),
        Sent(f"{API}/v2/atsIntegrations?ids=List((integrationContext:urn%3Ali%3Aorganization%3A1001))"),
        Sent(STATUS_URL.replace("urn:li:", "urn%3Ali%3A")),
    ],
    ids=["protocol header", "Rest.li 2.0 keys", "encoded URNs"],
)
def test_the_comparison_catches_what_the_collection_never_sends(sent):
    status_case = next(case for case in CASES if case.collection_name == "Verify Customer's  ATSIntegrations")
    with pytest.raises(AssertionError):
        assert_same_request(sent, REQUESTS[status_case.collection_name], status_case)
