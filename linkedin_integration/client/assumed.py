"""Every shape the contract marks (assumed), in one place so that it is easy to correct.

Public material is silent on these; the sandbox answers them exactly as written here. When LinkedIn's
real answers differ, change this module (and the sandbox), nothing else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from linkedin_integration.client import restli
from linkedin_integration.client.errors import unexpected_answer
from linkedin_integration.client.shapes import (
    ExportedCandidate,
    IntegrationChange,
    IntegrationKey,
    IntegrationStatus,
    ProvisionedApp,
    RecruiterContract,
    parse_provisioned_app,
)

# The contract writes `<key>` for a compound key in a batch body and in the configurations path; we
# send LinkedIn's published `name=value&...` form (values encoded). Answers keyed as `(name:value,...)`
# are understood too (restli.parse_key_string).
entity_key = restli.key_string

# The contract names no OAuth scopes; a profile is all that signing a person in needs.
SIGN_IN_SCOPE = "r_liteprofile"

# (assumed) Recruiter contracts on which the signed-in person holds a seat.
RECRUITER_CONTRACTS_PATH = "/v2/recruiterContracts"
RECRUITER_CONTRACTS_PARAMS = [("q", "viewer")]


def parse_recruiter_contracts(data: Any) -> list[RecruiterContract]:
    """`{elements: [{contract: "urn:li:contract:N", name, organization: "urn:li:organization:N",
    isAdmin}]}`"""
    what = "the Recruiter contracts request"
    elements = _elements(data, what)
    contracts = []
    for element in elements:
        if not isinstance(element, dict):
            raise unexpected_answer(what)
        contract, organization = element.get("contract"), element.get("organization")
        if not _is_urn(contract, "contract") or not _is_urn(organization, "organization"):
            raise unexpected_answer(what)
        name = element.get("name")
        contracts.append(
            RecruiterContract(
                urn=contract,
                name=name if isinstance(name, str) else "",
                organization_urn=organization,
                is_admin=element.get("isAdmin") is True,
            )
        )
    return contracts


# (assumed) The field names of an atsIntegrations entity read by key, and its status words.
INTEGRATION_NAME_FIELD = "integrationName"
INTEGRATION_STATUS_FIELD = "status"
INTEGRATION_STATUSES = ("REQUESTED", "PARTNER_READY", "ENABLED", "DISABLED")


def parse_integration_status(entity: Any) -> IntegrationStatus:
    what = "the integration status request"
    if not isinstance(entity, dict):
        raise unexpected_answer(what)
    status, name = entity.get(INTEGRATION_STATUS_FIELD), entity.get(INTEGRATION_NAME_FIELD)
    if status not in INTEGRATION_STATUSES:
        raise unexpected_answer(what)
    return IntegrationStatus(status=status, name=name if isinstance(name, str) else "")


def parse_integration_changes(data: Any) -> list[IntegrationChange]:
    """(assumed) `GET atsIntegrations?q=request&requestId=...`: `{elements: [{integrationContext,
    integrationType, tenantType, dataProvider, status, integrationName}]}`; the key fields may also come
    nested under `key` (as an object or a key string)."""
    what = "the integration event request"
    changes = []
    for element in _elements(data, what):
        if not isinstance(element, dict):
            raise unexpected_answer(what)
        key_fields = element.get("key", element)
        try:
            if isinstance(key_fields, str):
                key_fields = restli.parse_key_string(key_fields)
            key = IntegrationKey.from_fields(key_fields)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise unexpected_answer(what) from None
        status = parse_integration_status(element)
        changes.append(IntegrationChange(key=key, status=status.status, name=status.name))
    return changes


def parse_provisioned_lookup(data: Any) -> ProvisionedApp | None:
    """(assumed) The look-up answers `{elements: [{key, credentials: {client_id}, ...}]}`, no secret;
    no element means this installation has no child app yet."""
    what = "the provisioned application look-up"
    elements = _elements(data, what)
    if not elements:
        return None
    return parse_provisioned_app(elements[0], what=what, secret_required=False)


def _elements(data: Any, what: str) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise unexpected_answer(what)
    return data["elements"]


def _is_urn(value: Any, kind: str) -> bool:
    prefix = f"urn:li:{kind}:"
    return isinstance(value, str) and value.startswith(prefix) and len(value) > len(prefix)


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _from_epoch_ms(value: Any) -> dt.datetime | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


# ---- In-ATS sync (issue 11): its (assumed) shapes go below this line. ----

# Public: the paths, the batch_create body and the per-element answer {id, status: 202} | {error, status}.
JOB_POSTINGS_PATH = "/v2/simpleJobPostings"
JOB_POSTING_TASKS_PATH = "/v2/simpleJobPostingTasks"
JOB_POSTING_TASK_STATUSES = ("IN_PROGRESS", "SUCCEEDED", "FAILED", "PROCESSED")
# (assumed) LinkedIn names no interview types beyond these two and Attract records none: feedback is
# sent as an onsite interview.
FEEDBACK_INTERVIEW_TYPE = "ONSITE"
# (assumed) How a feedback's rating and recommendation read as LinkedIn evaluations {attribute, result}.
FEEDBACK_RATING_ATTRIBUTE = "Overall rating"
FEEDBACK_RECOMMENDATION_ATTRIBUTE = "Recommendation"
# (assumed) The unlink patch; the link is public ({"$set": {"manualMatchedMember": urn}}).
MANUAL_MATCH_FIELD = "manualMatchedMember"


def manual_match_patch(member_urn: str | None) -> dict:
    if member_urn:
        return {"$set": {MANUAL_MATCH_FIELD: member_urn}}
    return {"$delete": [MANUAL_MATCH_FIELD]}


def parse_job_posting_answers(data: Any, *, count: int, now: dt.datetime) -> list:
    """Per element sent, in order: the task URN, or the LinkedInError refusing that element."""
    import json

    from linkedin_integration.client.errors import LinkedInError, error_for_status

    what = "the job postings request"
    elements = data.get("elements") if isinstance(data, dict) else None
    if not isinstance(elements, list) or len(elements) != count:
        raise unexpected_answer(what)
    answers: list = []
    for element in elements:
        status = element.get("status") if isinstance(element, dict) else None
        if not isinstance(status, int) or isinstance(status, bool):
            answers.append(unexpected_answer(what))
        elif status >= 400:
            error = element.get("error") if isinstance(element.get("error"), dict) else {}
            message = error.get("message") if isinstance(error.get("message"), str) else None
            answers.append(
                error_for_status(status, json.dumps({"message": message}) if message else None, now=now)
            )
        elif _is_urn(element.get("id"), "simpleJobPostingTask"):
            answers.append(element["id"])
        else:
            answers.append(LinkedInError(f"LinkedIn's answer to {what} gave no task", permanent=False))
    return answers


def parse_job_posting_task(entity: Any) -> dict:
    if not isinstance(entity, dict) or entity.get("status") not in JOB_POSTING_TASK_STATUSES:
        raise unexpected_answer("the job posting task request")
    return {
        "status": entity["status"],
        "job_posting": _text(entity, "jobPosting"),
        "message": _text(entity, "errorMessage")[:300],
    }


def parse_candidate_matches(entity: Any) -> dict:
    """(assumed) {matchedMembers: [person URNs], manualMatchedMember?: person URN}."""
    if not isinstance(entity, dict):
        raise unexpected_answer("the candidate matches request")
    matched = entity.get("matchedMembers") or []
    if not isinstance(matched, list):
        raise unexpected_answer("the candidate matches request")
    manual = entity.get(MANUAL_MATCH_FIELD)
    return {
        "matched_members": [urn for urn in matched if _is_urn(urn, "person")],
        "manual_matched_member": manual if _is_urn(manual, "person") else "",
    }


# ---- 1-click export (issue 12): its (assumed) shapes go below this line. ----

# The element's job, exporter and time: public material names none of them (the contract's (assumed)).
EXPORT_JOB_FIELD = "atsJobPostingId"
EXPORT_EXPORTER_FIELD = "exporter"
EXPORT_TIME_FIELD = "exportedAt"
EXPORTED_CANDIDATES_PATH = "/v2/exportedCandidates"


def parse_exported_candidates(data: Any) -> list[ExportedCandidate]:
    """`GET exportedCandidates?q=request&requestId=` -> `{elements: [{integrationContext, candidate:
    StubProfile, atsJobPostingId, exporter, exportedAt}]}`. The StubProfile (public) needs member,
    firstName, lastName and profileUrl; emails come as emailAddresses[] or, since 2024, a single
    emailAddress string: both are read. An element without who, whom or which job refuses the answer
    whole: half an export is not something to act on."""
    what = "the exported candidate request"
    exports = []
    for element in _elements(data, what):
        if not isinstance(element, dict) or not isinstance(element.get("candidate"), dict):
            raise unexpected_answer(what)
        profile = element["candidate"]
        context, member = element.get("integrationContext"), profile.get("member")
        exporter, job = element.get(EXPORT_EXPORTER_FIELD), element.get(EXPORT_JOB_FIELD)
        if not (_is_urn(context, "organization") or _is_urn(context, "contract")):
            raise unexpected_answer(what)
        if not _is_urn(member, "person") or not _is_urn(exporter, "person"):
            raise unexpected_answer(what)
        if isinstance(job, bool) or not isinstance(job, str | int) or not str(job).strip():
            raise unexpected_answer(what)
        first, last, url = (
            _text(profile, "firstName"),
            _text(profile, "lastName"),
            _text(profile, "profileUrl"),
        )
        if not (first and last and url.startswith(("https://", "http://"))):
            raise unexpected_answer(what)
        exports.append(
            ExportedCandidate(
                integration_context=context,
                member_urn=member,
                first_name=first,
                last_name=last,
                profile_url=url,
                job_posting_id=str(job).strip(),
                exporter_urn=exporter,
                exported_at=_from_epoch_ms(element.get(EXPORT_TIME_FIELD)),
                headline=_text(profile, "headline"),
                location=_location_text(profile.get("location")),
                current_employers=_strings(profile.get("currentEmployerNames")),
                emails=_emails(profile),
            )
        )
    return exports


def _location_text(value: Any) -> str:
    """The StubProfile's location is free text; an object with a name (older answers) is read too."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("displayName")
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


def _emails(profile: dict) -> tuple[str, ...]:
    found = [*_strings(profile.get("emailAddresses")), _text(profile, "emailAddress")]
    unique = {}
    for email in found:
        if "@" in email:
            unique.setdefault(email.lower(), email)
    return tuple(unique.values())


# ---- History pull, widget and stubs (issue 13): its (assumed) shapes go below this line. ----


# History pull (issue 13): seat holders, InMail events, prospect notes, InMail stub profiles.

# (assumed) A seatsV2 element's seat number is `id`; its URN is built from it.
SEAT_URN = "urn:li:seat:"
SEAT_ID_FIELD = "id"
# (assumed) What a prospectNotes element carries besides the public id, contract, active, created and
# lastModified.
NOTE_OWNER_FIELD = "owner"
NOTE_MEMBER_FIELD = "member"
NOTE_TEXT_FIELD = "note"
NOTE_VISIBILITY_FIELD = "visibility"
NOTE_VISIBILITIES = ("PUBLIC", "PRIVATE")
# (assumed) A mailStubs element's fields.
STUB_FIELDS = {
    "member": "member",
    "first_name": "firstName",
    "last_name": "lastName",
    "email": "emailAddress",
    "owner": "owner",
    "created": "created",
}
# (assumed) mailStubs' createdDateStart is inclusive and createdDateEnd exclusive, like
# conversationEvents' timeRange; contiguous windows then neither skip nor repeat a stub.


def seat_urn(seat_id: Any) -> str:
    text = str(seat_id).strip()
    if text.startswith(SEAT_URN):
        return text
    return f"{SEAT_URN}{text}"


def parse_seat_holder(element: Any) -> dict | None:
    """A seatsV2 element as {urn, member, first_name, last_name, state, roles}; None when it names no
    seat (an element without an id cannot be matched to anything)."""
    if not isinstance(element, dict) or element.get(SEAT_ID_FIELD) in (None, ""):
        return None
    member = element.get("member")
    roles = element.get("seatRoles")
    return {
        "urn": seat_urn(element[SEAT_ID_FIELD]),
        "member": member if _is_urn(member, "person") else "",
        "first_name": _text(element, "firstName"),
        "last_name": _text(element, "lastName"),
        "state": _text(element, "state") or "ACTIVE",
        "roles": [role for role in roles if isinstance(role, str)] if isinstance(roles, list) else [],
    }


def parse_prospect_note(element: Any) -> dict | None:
    """A prospectNotes element; None when it lacks what identifies it (id and last update)."""
    if not isinstance(element, dict):
        return None
    note_id, modified = element.get("id"), _from_epoch_ms(element.get("lastModified"))
    if isinstance(note_id, bool) or not isinstance(note_id, int) or modified is None:
        return None
    visibility = _text(element, NOTE_VISIBILITY_FIELD).upper()
    owner, member = element.get(NOTE_OWNER_FIELD), element.get(NOTE_MEMBER_FIELD)
    return {
        "id": note_id,
        "active": element.get("active") is not False,
        "owner": owner if _is_urn(owner, "seat") else "",
        "member": member if _is_urn(member, "person") else "",
        "text": element.get(NOTE_TEXT_FIELD) if isinstance(element.get(NOTE_TEXT_FIELD), str) else "",
        # Unknown visibility is treated as private: showing a private note to everyone cannot be undone.
        "visibility": visibility if visibility in NOTE_VISIBILITIES else "PRIVATE",
        "created": _from_epoch_ms(element.get("created")) or modified,
        "modified": modified,
    }


def parse_mail_stub(element: Any) -> dict | None:
    """A mailStubs element; None without a member URN (nothing to match or link)."""
    if not isinstance(element, dict):
        return None
    member = element.get(STUB_FIELDS["member"])
    if not _is_urn(member, "person"):
        return None
    owner = element.get(STUB_FIELDS["owner"])
    email = _text(element, STUB_FIELDS["email"])
    return {
        "member": member,
        "first_name": _text(element, STUB_FIELDS["first_name"])[:100],
        "last_name": _text(element, STUB_FIELDS["last_name"])[:100],
        "email": email if "@" in email else "",
        "owner": owner if _is_urn(owner, "seat") else "",
        "created": _from_epoch_ms(element.get(STUB_FIELDS["created"])),
    }


# Profile widget (issue 13). The embed itself is public (contract, "Profile widget"); so is that
# data-onlink / data-onunlink receive the member URN. (assumed) How it arrives: as the URN string, or
# as an object carrying it under one of these keys, tried in order. The page's script
# (static/js/linkedin-widget.js) reads this list from the widget's data-member-keys attribute.
WIDGET_CALLBACK_MEMBER_KEYS = ("memberUrn", "member", "urn")
