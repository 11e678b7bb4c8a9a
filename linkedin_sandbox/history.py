"""The contract-level data the ATS pulls (linkedin-contract.md, "Data Attract pulls"): seat holders
(seatsV2 and the older seats finder), InMail history (conversationEvents), Recruiter notes
(prospectNotes) and InMail stub profiles (mailStubs).

Every call needs the child app's token and the contract's CSA_API integration Enabled for that app.
Windows are epoch milliseconds spanning at most 12 hours; `start` is required; pages carry `paging`
with `total` and a `next` link while more remain.
Assumptions of the sandbox (LinkedIn publishes none of these): `count` defaults to 10 and is capped at
100, `start` at 1,000,000, window bounds at the end of year 9999; a missing window bound is a 400 like
a window too long; owners and viewer seats must belong to the contract queried (else 403); mailStubs'
end bound is exclusive, as conversationEvents'.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q

from linkedin_sandbox.models import (
    CONTRACT_URN,
    PERSON_URN,
    SEAT_URN,
    Contract,
    InMailMessage,
    Integration,
    IntegrationType,
    MailStub,
    RecruiterNote,
    Seat,
    Token,
)
from linkedin_sandbox.restli import (
    FORBIDDEN,
    ApiError,
    allow,
    bad_request,
    endpoint,
    not_found,
    paging,
    query_integer,
    restli_json,
    urn_number,
)

CHILD = (Token.Kind.CHILD,)
MAX_WINDOW_MS = 12 * 60 * 60 * 1000
DEFAULT_COUNT = 10
MAX_COUNT = 100
MAX_STUB_RESULTS = 20_000
# The last millisecond of 9999-12-31, the latest moment a datetime holds: a later bound is a 400, not a
# 500 from fromtimestamp (sandbox assumption: LinkedIn publishes no bound).
MAX_EPOCH_MS = 253_402_300_799_999
MAIL_CONTENT = "com.linkedin.messaging.events.MailContent"


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _moment(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _paging(request) -> tuple[int, int]:
    return paging(request.GET, default_count=DEFAULT_COUNT, max_count=MAX_COUNT, start_required=True)


def _window(request, start_name: str, end_name: str) -> tuple[int, int]:
    start = query_integer(request.GET, start_name, maximum=MAX_EPOCH_MS)
    end = query_integer(request.GET, end_name, maximum=MAX_EPOCH_MS)
    if end <= start:
        raise bad_request(f"{end_name} must be after {start_name}.")
    if end - start > MAX_WINDOW_MS:
        raise bad_request(f"The time range from {start_name} to {end_name} spans more than 12 hours.")
    return start, end


def _finder(request, name: str):
    allow(request, "GET")
    if request.GET.get("q") != name:
        raise bad_request(f"Use the finder q={name}.")


def _contract(token: Token, urn: str) -> Contract:
    """The contract, if this child app may read its Recruiter data (CSA_API Enabled)."""
    number = urn_number(urn, CONTRACT_URN)
    if number is None:
        raise bad_request(f"{urn[:100]!r} is not a contract URN (urn:li:contract:N).")
    contract = Contract.objects.filter(contract_id=number).first()
    if contract is None:
        raise not_found(f"Contract {urn} not found.")
    enabled = Integration.objects.filter(
        application=token.application,
        integration_context=contract.urn,
        integration_type=IntegrationType.CSA_API,
        status=Integration.Status.ENABLED,
    ).exists()
    if not enabled:
        raise ApiError(
            403, f"The CSA_API integration of {contract.urn} is not enabled for this application.", FORBIDDEN
        )
    return contract


def _seat(urn: str, name: str) -> Seat:
    if not urn:
        raise bad_request(f"{name} is required.")
    number = urn_number(urn, SEAT_URN)
    if number is None:
        raise bad_request(f"{name} must be a seat URN (urn:li:seat:N), got {urn[:100]!r}.")
    seat = Seat.objects.select_related("contract", "member").filter(seat_id=number).first()
    if seat is None:
        raise not_found(f"Seat {urn} not found.")
    return seat


def _owner_seat(request, token: Token, contract: Contract) -> Seat:
    owners = request.GET.getlist("owners")
    if not owners or not owners[0]:
        raise bad_request("owners is required.")
    if len(owners) > 1:
        raise bad_request("Pass one seat in owners per call.")
    seat = _seat(owners[0], "owners")
    if seat.contract_id != contract.pk:
        raise ApiError(403, f"Seat {seat.urn} is not on contract {contract.urn}.", FORBIDDEN)
    return seat


def _page(request, elements: list, start: int, count: int, total: int) -> dict:
    links = []
    if start + count < total:
        query = request.GET.copy()
        query["start"] = str(start + count)
        href = f"{request.path}?{urlencode(sorted(query.items()), safe=':')}"
        links.append({"rel": "next", "href": href, "type": "application/json"})
    return {"elements": elements, "paging": {"start": start, "count": count, "total": total, "links": links}}


# Seat holders


def _seat_json(seat: Seat) -> dict:
    return {
        "id": seat.seat_id,
        "firstName": seat.member.first_name,
        "lastName": seat.member.last_name,
        "contract": seat.contract.urn,
        "member": f"{PERSON_URN}{seat.member.person_id}",
        "state": "ACTIVE",
        "seatRoles": ["RECRUITER_ADMIN", "RECRUITER"] if seat.is_admin else ["RECRUITER"],
    }


def _seats_answer(request, token, contract_param: str, *, active: bool, fields=None):
    urns = [urn for value in request.GET.getlist(contract_param) for urn in value.split(",") if urn]
    if not urns:
        raise bad_request(f"{contract_param} is required.")
    contracts = [_contract(token, urn) for urn in urns]
    start, count = _paging(request)
    seats = (
        Seat.objects.filter(contract__in=contracts).select_related("contract", "member").order_by("seat_id")
    )
    if not active:
        seats = seats.none()  # every seat of the sandbox is active
    total = seats.count()
    elements = [_seat_json(seat) for seat in seats[start : start + count]]
    if fields:
        elements = [
            {name: value for name, value in element.items() if name in fields} for element in elements
        ]
    return restli_json(_page(request, elements, start, count, total))


@endpoint(*CHILD)
def seats_v2(request, token):
    _finder(request, "attributes")
    states = request.GET.getlist("states")
    if any(state not in ("ACTIVE", "INACTIVE") for state in states):
        raise bad_request("states holds ACTIVE or INACTIVE.")
    return _seats_answer(request, token, "contracts", active=not states or "ACTIVE" in states)


@endpoint(*CHILD)
def seats(request, token):
    """The older finder, as LinkedIn's Postman collection still shows it."""
    _finder(request, "seatsByAttributes")
    if request.GET.get("active", "true") not in ("true", "false"):
        raise bad_request("active must be true or false.")
    fields = [name for name in request.GET.get("fields", "").split(",") if name]
    active = request.GET.get("active", "true") == "true"
    return _seats_answer(request, token, "contracts", active=active, fields=fields or None)


# InMail history


def _event_json(message: InMailMessage) -> dict:
    thread = message.thread
    seat, person = thread.seat.urn, f"{PERSON_URN}{thread.member.person_id}"
    author, recipient = (person, seat) if message.from_member else (seat, person)
    return {
        "id": message.pk,
        "threadUrn": thread.urn,
        "author": author,
        "recipients": [recipient],
        "createdAt": _ms(message.created_at),
        "content": {MAIL_CONTENT: {"subject": thread.subject, "body": {"text": message.text}}},
    }


@endpoint(*CHILD)
def conversation_events(request, token):
    _finder(request, "criteria")
    viewer = request.GET.get("viewer", "")
    if not viewer:
        raise bad_request("viewer is required.")
    start_ms, end_ms = _window(request, "timeRange.start", "timeRange.end")
    start, count = _paging(request)
    seat = _seat(viewer, "viewer")
    _contract(token, seat.contract.urn)
    messages = InMailMessage.objects.filter(
        seat=seat, created_at__gte=_moment(start_ms), created_at__lt=_moment(end_ms)
    ).order_by("created_at", "pk")
    total = messages.count()
    page = messages.select_related("thread__seat", "thread__member")[start : start + count]
    return restli_json(_page(request, [_event_json(message) for message in page], start, count, total))


# Recruiter notes


def _note_json(note: RecruiterNote) -> dict:
    return {
        "id": note.pk,
        "contract": note.seat.contract.urn,
        "active": note.active,
        "created": _ms(note.created_at),
        "lastModified": _ms(note.last_modified),
        "owner": note.seat.urn,
        "member": f"{PERSON_URN}{note.member.person_id}",
        "note": note.text if note.active else "",
        "visibility": note.visibility,
    }


@endpoint(*CHILD)
def prospect_notes(request, token):
    _finder(request, "criteria")
    contract = _contract(token, request.GET.get("contract", ""))
    seat = _owner_seat(request, token, contract)
    cutoff, before = _window(request, "cutoffDate", "beforeDate")
    start, count = _paging(request)
    notes = RecruiterNote.objects.filter(
        seat=seat, last_modified__gt=_moment(cutoff), last_modified__lte=_moment(before)
    ).order_by("last_modified", "pk")
    total = notes.count()
    page = notes.select_related("seat__contract", "member")[start : start + count]
    return restli_json(_page(request, [_note_json(note) for note in page], start, count, total))


# InMail stub profiles


def _stub_json(stub: MailStub) -> dict:
    element = {
        "member": f"{PERSON_URN}{stub.member.person_id}",
        "firstName": stub.member.first_name,
        "lastName": stub.member.last_name,
        "owner": stub.seat.urn,
        "created": _ms(stub.created_at),
    }
    if stub.email_shared and stub.member.email:
        element["emailAddress"] = stub.member.email
    return element


@endpoint(*CHILD)
def mail_stubs(request, token):
    _finder(request, "contract")
    contract = _contract(token, request.GET.get("contract", ""))
    seat = _owner_seat(request, token, contract)
    start_ms, end_ms = _window(request, "createdDateStart", "createdDateEnd")
    start, count = _paging(request)
    stubs = MailStub.objects.filter(
        Q(seat=seat), created_at__gte=_moment(start_ms), created_at__lt=_moment(end_ms)
    ).order_by("created_at", "pk")
    total = stubs.count()
    if total > MAX_STUB_RESULTS or start + count > MAX_STUB_RESULTS:
        raise bad_request(f"The query matches more than {MAX_STUB_RESULTS} results: narrow the date range.")
    page = stubs.select_related("seat", "member")[start : start + count]
    return restli_json(_page(request, [_stub_json(stub) for stub in page], start, count, total))
