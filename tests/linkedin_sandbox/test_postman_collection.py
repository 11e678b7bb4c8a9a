"""LinkedIn's own Postman collection for Recruiter System Connect, replayed against the sandbox on the live
server exactly as written: method, URL and key syntax, headers, body encoding, auth. Variables are filled
from the sandbox's seed and from earlier answers, as the collection's scripts do; RSC is switched on in
between through the sandbox's Recruiter admin screen, as a customer's admin would.

Each answer must be 2xx with no per-entity error. Requests for resources not built yet are listed in
NOT_BUILT_YET (request name -> the issue that adds them): they must still fail, so that the list only
shrinks. When your issue adds a resource, delete its lines from NOT_BUILT_YET and make them pass.

Run it alone and see the count: pytest tests/linkedin_sandbox/test_postman_collection.py -s
"""

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests

from linkedin_sandbox.models import Member
from tests.linkedin_sandbox.helpers import ORG, PARTNER_ID, PARTNER_SECRET

pytestmark = pytest.mark.django_db(transaction=True)

COLLECTION = Path(__file__).resolve().parents[3] / "shared" / "data" / "rsc-postman-collection.json"

# Requests whose resource the sandbox does not have yet, with the issue that adds it. Each must fail
# today; remove an entry when its resource lands (the test then requires it to pass).
NOT_BUILT_YET: dict[str, int] = {}

# The collection's hosts, and where the sandbox answers for them.
HOSTS = {"https://api.linkedin.com": "/sandbox/linkedin/api", "https://www.linkedin.com": "/sandbox/linkedin"}
# Its sign-in (request 48) uses Postman's OAuth 2.0 helper, which returns to the callback URL the
# collection registers for the child app (requests 2 and 4).
POSTMAN_CALLBACK = "https://app.getpostman.com/oauth2/callback"
CONTRACT_ID = "500100"  # the seed's Corporate contract, of the organization ORG
CALLBACK_PLACEHOLDER = "<https://YourCallbackURL>"
REQUEST_ID = "Enter_Request_ID_obtained_from_POST_in_CallbackURL"
SEAT_ID = "Enter_ID_Value_Present_In_Response_of_Retrieve_Recruiter_Seatholders_API"
# The status change's push id, kept when 30 takes the export's; and the member that export carries.
STATUS_CHANGE_REQUEST_ID = "status_change_request_id"
EXPORTED_MEMBER = "exported_member"
EPOCH = "Epoch in milliseconds"
HOUR_MS = 3600 * 1000
# A person fills `Epoch in milliseconds` for each parameter: starts 11 hours back, ends now.
EPOCH_OFFSETS = {
    "timeRange.start": -11 * HOUR_MS,
    "createdDateStart": -11 * HOUR_MS,
    "cutoffDate": -11 * HOUR_MS,
}


@dataclass
class Request:
    number: int
    name: str
    item: dict
    auth: dict | None


@dataclass
class Outcome:
    request: Request
    status: int
    problem: str = ""

    @property
    def accepted(self) -> bool:
        return not self.problem


@dataclass
class Replay:
    """What the collection's scripts keep between requests (Postman's globals and variables)."""

    base: str
    variables: dict = field(default_factory=dict)
    session: requests.Session = field(default_factory=requests.Session)


def collection_variables() -> dict:
    """The collection's own variables (the ids of its test candidate, note, application and jobs)."""
    data = json.loads(COLLECTION.read_text())
    return {variable["key"]: variable["value"] for variable in data.get("variable", [])}


def collection_requests() -> list[Request]:
    data = json.loads(COLLECTION.read_text())
    found = []

    def walk(items, inherited):
        for item in items:
            auth = item.get("auth", inherited)
            if "item" in item:
                walk(item["item"], auth)
            else:
                found.append(Request(len(found) + 1, item["name"], item, item["request"].get("auth", auth)))

    walk(data["item"], data.get("auth"))
    return found


def run_order(all_requests: list[Request]) -> list[Request | str]:
    """The order a person runs the collection in: provision the child app, take its token (47) and a
    member's (48, the ACL assignees need the person id), set the integrations up, then (SWITCH) the
    customer's admin switches RSC on in Recruiter, which pushes the event that 17 fetches; then the data."""
    by_number = {request.number: request for request in all_requests}
    # 30 (EXPORT_CANDIDATE_PROFILE) fetches an export made just before it on the Recruiter profile.
    numbers = [1, 2, 3, 4, 5, 47, 48, *range(6, 17), "SWITCH", *range(17, 47)]
    return [by_number.get(number, number) for number in numbers]


def fill(text: str, replay: Replay) -> str:
    def value(match):
        name = match[1]
        if name == "$timestamp":
            return str(int(time.time()))
        if name not in replay.variables:
            raise KeyError(f"no value for the collection variable {{{{{name}}}}}")
        return str(replay.variables[name])

    return re.sub(r"{{([^}]+)}}", value, text)


def fill_url(raw: str, replay: Replay) -> str:
    """The raw URL with its host mapped onto the sandbox and its variables filled; each `Epoch in
    milliseconds` gets the value a person would type for its parameter."""
    for public, local in HOSTS.items():
        if raw.startswith(public):
            raw = replay.base + local + raw[len(public) :]
    path, _, query = raw.partition("?")
    if EPOCH in query:
        now = int(time.time() * 1000)
        parts = []
        for part in query.split("&"):
            name, _, written = part.partition("=")
            if written == "{{" + EPOCH + "}}":
                written = str(now + EPOCH_OFFSETS.get(name, 0))
            parts.append(f"{name}={written}")
        query = "&".join(parts)
    return fill(path, replay) + ("?" + fill(query, replay) if query else "")


def send(request: Request, replay: Replay) -> requests.Response:
    spec = request.item["request"]
    headers = {h["key"]: fill(h["value"], replay) for h in spec.get("header", []) if not h.get("disabled")}
    auth = request.auth or {}
    if auth.get("type") == "bearer":
        token = next(entry["value"] for entry in auth["bearer"] if entry["key"] == "token")
        headers["Authorization"] = f"Bearer {fill(token, replay)}"
    elif auth.get("type") == "oauth2":
        headers["Authorization"] = f"Bearer {replay.variables['oauth2_access_token']}"
    data = None
    body = spec.get("body") or {}
    if body.get("mode") == "raw" and body.get("raw"):
        data = fill(body["raw"], replay).replace(CALLBACK_PLACEHOLDER, replay.variables["callback_url"])
        if not any(name.lower() == "content-type" for name in headers):
            # Postman declares a raw body by its language, plain text when none is chosen.
            language = (body.get("options") or {}).get("raw", {}).get("language", "text")
            headers["Content-Type"] = "application/json" if language == "json" else "text/plain"
    elif body.get("mode") == "urlencoded":
        data = urlencode(
            [(p["key"], fill(p["value"], replay)) for p in body["urlencoded"] if not p.get("disabled")]
        )
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    url = fill_url(spec["url"]["raw"] if isinstance(spec["url"], dict) else spec["url"], replay)
    return requests.request(
        spec["method"], url, headers=headers, data=data, timeout=30, allow_redirects=False
    )


def problem_with(response: requests.Response) -> str:
    """'' for an accepted answer: 2xx, and no entity of a batch refused."""
    if not 200 <= response.status_code < 300:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    if not response.content:
        return ""
    try:
        answer = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]}"
    if not isinstance(answer, dict):
        return ""
    if answer.get("errors"):
        return f"per-entity errors: {json.dumps(answer['errors'])[:300]}"
    for key, result in (answer.get("results") or {}).items():
        if isinstance(result, dict) and isinstance(result.get("status"), int) and result["status"] >= 400:
            return f"entity {key} answered {result['status']}"
    for element in answer.get("elements") or []:
        status = element.get("status") if isinstance(element, dict) else None
        if isinstance(element, dict) and (element.get("error") or isinstance(status, int) and status >= 400):
            return f"element refused: {json.dumps(element)[:300]}"
    return ""


def remember(request: Request, response: requests.Response, replay: Replay) -> None:
    """What the collection's test scripts set from an answer (pm.globals.set ...)."""
    if not 200 <= response.status_code < 300 or not response.content:
        return
    try:
        answer = response.json()
    except ValueError:
        return
    variables = replay.variables
    if request.number == 1:
        variables["partner_access_token"] = answer["access_token"]
    elif request.number == 2:
        variables["customer_application_urn"] = answer["key"]
        # The person running the collection copies the child app's credentials into its variables.
        variables["customer_app_client_id"] = answer["credentials"]["client_id"]
        variables["customer_app_client_secret"] = answer["credentials"]["client_secret"]
    elif request.number == 47:
        variables["customer_access_token"] = answer["access_token"]
    elif request.number == 48:
        variables["person_id"] = answer["id"]
    elif request.number in (18, 20):
        name = "public_simplejobpostingtask_id" if request.number == 18 else "private_simplejobpostingtask_id"
        variables[name] = answer["elements"][0]["id"]
    elif request.number == 31 and answer.get("elements"):
        seat = str(answer["elements"][0].get("id", ""))
        variables[SEAT_ID] = seat.rsplit(":", 1)[-1]


def csrf_of(page: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no form on {page.url}"
    return match[1]


def post_form(replay: Replay, url: str, data: dict) -> requests.Response:
    """Submit a sandbox screen's form as a browser would (its CSRF token); redirects are not followed,
    so nothing leaves the live server."""
    page = replay.session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return replay.session.post(
        page.url,
        data={"csrfmiddlewaretoken": csrf_of(page), **data},
        headers={"Referer": page.url},
        timeout=30,
        allow_redirects=False,
    )


def follow(replay: Replay, response: requests.Response) -> requests.Response:
    """Follow a redirect that stays on the live server."""
    location = response.headers["Location"]
    assert location.startswith("/") or location.startswith(replay.base), location
    return replay.session.get(replay.base + location if location.startswith("/") else location, timeout=30)


def sign_in_with_postmans_oauth_helper(replay: Replay, member: Member) -> None:
    """Request 48's auth: the authorization code flow with the child app, as Postman's helper runs it."""
    params = {
        "response_type": "code",
        "client_id": replay.variables["customer_app_client_id"],
        "redirect_uri": POSTMAN_CALLBACK,
        "state": "postman",
        "scope": "r_liteprofile",
    }
    authorize = f"{replay.base}/sandbox/linkedin/oauth/v2/authorization?{urlencode(params)}"
    answer = post_form(replay, authorize, {**params, "member": member.pk, "decision": "allow"})
    assert answer.status_code == 302 and answer.headers["Location"].startswith(POSTMAN_CALLBACK), answer.text
    code = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))["code"]
    token = requests.post(
        f"{replay.base}/sandbox/linkedin/oauth/v2/accessToken",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": POSTMAN_CALLBACK,
            "client_id": replay.variables["customer_app_client_id"],
            "client_secret": replay.variables["customer_app_client_secret"],
        },
        timeout=30,
    )
    assert token.status_code == 200, token.text
    replay.variables["oauth2_access_token"] = token.json()["access_token"]


def switch_rsc_on_in_recruiter(replay: Replay, admin: Member) -> None:
    """The customer's Recruiter admin: sign in, choose the contract, switch the child app to
    contract-level in Admin settings > ATS. The screen names the push it sent; 17 fetches its event."""
    sandbox = f"{replay.base}/sandbox/linkedin"
    signed_in = post_form(
        replay, f"{sandbox}/signin/", {"member": admin.pk, "next": "/sandbox/linkedin/recruiter/"}
    )
    assert signed_in.status_code == 302, signed_in.text[:300]
    chosen = post_form(replay, f"{sandbox}/recruiter/contracts/", {"contract": CONTRACT_ID})
    assert chosen.status_code == 302, chosen.text[:300]
    app_pk = replay.variables["customer_application_urn"].rsplit(":", 1)[-1]
    screen = replay.session.get(f"{sandbox}/recruiter/admin/ats/", timeout=30)
    action = f"/sandbox/linkedin/recruiter/admin/ats/{app_pk}/access/"
    assert action in screen.text, "the child app is not on the Admin settings > ATS screen"
    switched = replay.session.post(
        replay.base + action,
        data={"csrfmiddlewaretoken": csrf_of(screen), "level": "CONTRACT"},
        headers={"Referer": screen.url},
        timeout=30,
        allow_redirects=False,
    )
    assert switched.status_code == 302, switched.text[:500]
    switched = follow(replay, switched)
    pushed = re.search(r"Push ([0-9a-f-]{36}) ", switched.text)
    assert pushed, "the screen reports no push"
    replay.variables[REQUEST_ID] = pushed[1]


def export_in_recruiter(replay: Replay, person: Member) -> None:
    """A seat holder of the contract exports a member into the public job that 18 synced, through the
    sandbox's export service (what the profile's Export button records); its event id is the request id
    that 30 fetches, in place of the push's id a person would copy from the callback."""
    from linkedin_sandbox.export import export_create
    from linkedin_sandbox.models import Application, Seat, SimpleJobPosting

    seat = Seat.objects.select_related("contract").get(
        member__first_name="Alex", contract__contract_id=int(CONTRACT_ID)
    )
    job = SimpleJobPosting.objects.get(
        organization=seat.contract.organization,
        external_job_posting_id=replay.variables["public_externalJobPostingId"],
    )
    application = Application.objects.get(client_id=replay.variables["customer_app_client_id"])
    event = export_create(seat=seat, member=person, application=application, posting=job, emails=[])
    replay.variables[STATUS_CHANGE_REQUEST_ID] = replay.variables[REQUEST_ID]
    replay.variables[REQUEST_ID] = event.event_id
    replay.variables[EXPORTED_MEMBER] = person.urn


@pytest.fixture
def replay(live_server, settings):
    settings.SITE_URL = live_server.url
    return Replay(
        base=live_server.url,
        variables={
            **collection_variables(),
            "partner_app_client_id": PARTNER_ID,
            "partner_app_client_secret": PARTNER_SECRET,
            "org_id": ORG.rsplit(":", 1)[-1],
            "contract_id": CONTRACT_ID,
            "customer_name": "Contoso Demo",
            "unique_foreign_id": "postman-replay-1",
            "callback_url": f"{live_server.url}/linkedin/rsc/callback/",
            SEAT_ID: "9100001",
        },
    )


def test_every_request_of_linkedins_collection_is_accepted_as_written(replay, record_property):
    all_requests = collection_requests()
    assert len(all_requests) == 48
    assert set(NOT_BUILT_YET) <= {request.name for request in all_requests}, "a NOT_BUILT_YET name is wrong"
    alex = Member.objects.get(first_name="Alex", last_name="Admin")

    outcomes, answers = [], {}
    for step in run_order(all_requests):
        if step == "SWITCH":
            switch_rsc_on_in_recruiter(replay, alex)
            continue
        if step.number == 48:
            sign_in_with_postmans_oauth_helper(replay, alex)
        if step.name == "GET Notification Type EXPORT_CANDIDATE_PROFILE":
            export_in_recruiter(replay, Member.objects.get(first_name="Casey", last_name="Candidate"))
        try:
            response = send(step, replay)
        except KeyError as exc:  # a variable an earlier (refused) answer should have given
            outcomes.append(Outcome(step, 0, str(exc)))
            continue
        outcomes.append(Outcome(step, response.status_code, problem_with(response)))
        answers[step.number] = response
        remember(step, response, replay)

    accepted = [o for o in outcomes if o.accepted]
    summary = f"LinkedIn's Postman collection: {len(accepted)} of {len(outcomes)} requests accepted"
    print(f"\n{summary}")
    for outcome in outcomes:
        issue = NOT_BUILT_YET.get(outcome.request.name)
        mark = "ok  " if outcome.accepted else f"FAIL (issue {issue})" if issue else "FAIL"
        print(f"  {outcome.request.number:2} {mark} {outcome.request.name} {outcome.problem[:120]}")
    record_property("postman_accepted", len(accepted))

    refused = [
        f"{o.request.number} {o.request.name}: {o.problem}"
        for o in outcomes
        if not o.accepted and o.request.name not in NOT_BUILT_YET
    ]
    now_built = [
        f"{o.request.number} {o.request.name} (issue {NOT_BUILT_YET[o.request.name]})"
        for o in outcomes
        if o.accepted and o.request.name in NOT_BUILT_YET
    ]
    assert not refused, "refused by the sandbox:\n" + "\n".join(refused)
    assert not now_built, "accepted now: remove from NOT_BUILT_YET:\n" + "\n".join(now_built)
    assert_reads_give_back_what_was_written(answers, replay)


def assert_reads_give_back_what_was_written(answers: dict, replay: Replay) -> None:
    """A 2xx is not enough for the reads: 30 gives the export made for it, 36 and 39 the ACL and the
    assignment that 35 and 38 wrote; and the status change's push id is no export."""
    exported = answers[30].json()["elements"]
    assert [e["candidate"]["member"] for e in exported] == [replay.variables[EXPORTED_MEMBER]], exported
    acls = answers[36].json()["elements"]
    assert [(a["atsEntityAclId"], a["atsEntityId"]) for a in acls] == [
        ("TEST_JOBS", replay.variables["public_externalJobPostingId"])
    ], acls
    assignments = answers[39].json()["elements"]
    assert [(a["atsEntityAclId"], a["assignee"]) for a in assignments] == [
        ("TEST_JOBS", f"urn:li:person:{replay.variables['person_id']}")
    ], assignments
    not_an_export = requests.get(
        f"{replay.base}/sandbox/linkedin/api/v2/exportedCandidates",
        params={"q": "request", "requestId": replay.variables[STATUS_CHANGE_REQUEST_ID]},
        headers={"Authorization": f"Bearer {replay.variables['customer_access_token']}"},
        timeout=30,
    )
    assert not_an_export.status_code == 404, not_an_export.text[:300]
