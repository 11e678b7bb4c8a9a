"""Every call LinkedInClient makes, compared with the request of LinkedIn's Postman collection for the same
operation: method, path, query key syntax, the headers that matter (x-restli-method, Content-Type, no
X-RestLi-Protocol-Version) and the body's shape.

To add a call (the sync, export and history mixins): add a WireCase to CASES naming the collection's
request, a function that drives the client into the call, and an answer the call accepts."""

import datetime as dt
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
VARIABLE_IN_JSON = re.compile(r"{{[^}]+}}")  # a bare {{$timestamp}} in a JSON body
PAGING = {"start", "count"}  # a page's place and size are the caller's choice, not the wire form's
PUBLIC_HOSTS = ("https://api.linkedin.com", "https://www.linkedin.com")


@dataclass(frozen=True)
class WireCase:
    """One client call and the collection's request for the same operation."""

    collection_name: str
    drive: Callable  # drive(client): makes exactly one call to LinkedIn after the token
    answer: dict  # keyword arguments of responses.add for the answer to that call
    query_differs: str = ""  # why the query may differ from the collection's ('' = it may not)
    # The x-restli-method the client sends where the collection leaves it out, and why.
    restli_method: str = ""


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


def collection_entities(name):
    """The entities of the collection's body for `name`, keyed as the client's callers key them (ids)."""
    entities = json.loads(VARIABLE_IN_JSON.sub("1", REQUESTS[name]["body"]["raw"]))["entities"]
    return {
        (dict(parse_qsl(k)).get("atsCandidateId") or dict(parse_qsl(k)).get("atsJobApplicationId") or k): v
        for k, v in entities.items()
    }


def collection_elements(name):
    return json.loads(VARIABLE_IN_JSON.sub("1", REQUESTS[name]["body"]["raw"]))["elements"]


BATCH_OK = {"json": {"results": {}, "errors": {}}}
PAGE_ANSWER = {"json": {"elements": [], "paging": {"start": 0, "count": 10, "total": 0}}}
WINDOW = (dt.datetime(2025, 3, 14, 0, 0, tzinfo=dt.UTC), dt.datetime(2025, 3, 14, 11, 0, tzinfo=dt.UTC))
SEAT = "urn:li:seat:9100001"
CANDIDATE, APPLICATION = "TEST_CANDIDATE_ID_0001", "TEST_APPLICATION_ID_0001"

# The sync (issue 11), export (issue 12) and history (issue 13) mixins' calls.
CASES += [
    WireCase(
        "Create Public Job",
        lambda client: client.post_job_postings(collection_elements("Create Public Job")),
        {"json": {"elements": [{"id": "urn:li:simpleJobPostingTask:1", "status": 202}]}},
    ),
    WireCase(
        "Get Public Job Creation Task Status",
        lambda client: client.job_posting_tasks(["urn:li:simpleJobPostingTask:1"]),
        BATCH_OK,
    ),
    WireCase(
        "Sync Candidates",
        lambda client: client.put_candidates(ORG, collection_entities("Sync Candidates")),
        BATCH_OK,
    ),
    WireCase(
        "Sync Candidates - Retrieve Candidate Matches",
        lambda client: client.candidate_matches(ORG, [CANDIDATE]),
        BATCH_OK,
        query_differs="the client asks only for what it reads: fields=matchedMembers,manualMatchedMember",
    ),
    WireCase(
        "One Click Export - Attach Person URN",
        lambda client: client.link_candidates(ORG, {CANDIDATE: "urn:li:person:abc"}),
        BATCH_OK,
    ),
    WireCase(
        "Sync Candidate Notes",
        lambda client: client.put_candidate_notes(
            ORG, CANDIDATE, collection_entities("Sync Candidate Notes")
        ),
        BATCH_OK,
    ),
    WireCase(
        "Sync Job Applications",
        lambda client: client.put_applications(ORG, collection_entities("Sync Job Applications")),
        BATCH_OK,
    ),
    WireCase(
        "Sync Job Application Notes",
        lambda client: client.put_application_records(
            ORG, APPLICATION, "notes", collection_entities("Sync Job Application Notes")
        ),
        BATCH_OK,
    ),
    WireCase(
        "Sync Application Interview Feedback",
        lambda client: client.put_application_records(
            ORG, APPLICATION, "interviewFeedback", collection_entities("Sync Application Interview Feedback")
        ),
        BATCH_OK,
        restli_method="batch_update",  # the collection's only PUT without it; Rest.li reads it as one
    ),
    WireCase(
        "Sync Application Stages",
        lambda client: client.put_application_records(
            ORG, APPLICATION, "stages", collection_entities("Sync Application Stages")
        ),
        BATCH_OK,
    ),
    WireCase("Sync Candidates - Delete", lambda client: client.delete_candidates(ORG, [CANDIDATE]), BATCH_OK),
    WireCase(
        "Sync Candidate Notes - Delete Note",
        lambda client: client.delete_candidate_notes(ORG, CANDIDATE, ["TEST_NOTE_ID_0001"]),
        BATCH_OK,
    ),
    WireCase(
        "Sync Job Applications - Delete",
        lambda client: client.delete_applications(ORG, [APPLICATION]),
        BATCH_OK,
    ),
    WireCase(
        "Sync Job Application Notes - Delete",
        lambda client: client.delete_application_records(ORG, APPLICATION, "notes", ["APPL_NOTE_0001"]),
        BATCH_OK,
    ),
    WireCase(
        "Sync Application Interview Feedback - Delete",
        lambda client: client.delete_application_records(
            ORG, APPLICATION, "interviewFeedback", ["APPL_INTERVIEW_0001"]
        ),
        BATCH_OK,
    ),
    WireCase(
        "Sync Application Stages - Delete",
        lambda client: client.delete_application_records(
            ORG, APPLICATION, "stages", ["STAGE001", "STAGE002", "STAGE003"]
        ),
        BATCH_OK,
    ),
    WireCase(
        "GET Notification Type EXPORT_CANDIDATE_PROFILE",
        lambda client: client.exported_candidates("req-1"),
        {"json": {"elements": []}},
    ),
    WireCase(
        "Retrieve InMail History",
        lambda client: client.conversation_events(SEAT, *WINDOW),
        PAGE_ANSWER,
    ),
    WireCase(
        "Retrieve InMail Stub Profiles",
        lambda client: client.mail_stubs(CONTRACT, SEAT, *WINDOW),
        PAGE_ANSWER,
    ),
    WireCase(
        "Retrieve Prospect Notes",
        lambda client: client.prospect_notes(CONTRACT, SEAT, *WINDOW),
        PAGE_ANSWER,
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
    # A bare placeholder ({{$timestamp}}) is a number once Postman fills it.
    return json.loads(VARIABLE_IN_JSON.sub("1", raw))


def assert_same_request(sent, spec: dict, case: WireCase):
    name = case.collection_name
    assert sent.method == spec["method"], name
    path, query = expected_url(spec)
    parts = urlsplit(sent.url)
    assert pattern(path).fullmatch(parts.path.removeprefix(urlsplit(API).path)), (name, parts.path, path)
    assert "%3A" not in parts.path + parts.query, f"{name}: URNs are written as the collection writes them"
    if not case.query_differs:
        # Names as written (`ids[0].k`, `ids`), in any order: a query's order carries no meaning.
        got = sorted(parse_qsl(parts.query))
        want = sorted(query)
        assert [key for key, _ in got] == [key for key, _ in want], (name, got, want)
        for (key, value), (_, wanted) in zip(got, want, strict=True):
            if key not in PAGING:
                assert pattern(wanted).fullmatch(value), (name, key, value, wanted)
    headers = {key.lower(): value for key, value in sent.headers.items()}
    assert "x-restli-protocol-version" not in headers, name
    want_method = declared(spec, "x-restli-method") or case.restli_method
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
