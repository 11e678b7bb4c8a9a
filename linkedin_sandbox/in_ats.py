"""The In-ATS resources an ATS pushes to (linkedin-contract.md, "Data Attract pushes once Enabled"):
simpleJobPostings and their tasks, atsCandidates (with their notes and the manual match) and
atsApplications (with their notes, interview feedback and stages).

Strict as LinkedIn: the child app's token only; 403 unless one of the organization's integrations is
Enabled for this app; more than 100 entities is a 400; a malformed entity is that key's 422 inside a
200, the others are kept; an update is a full replace; deleting an application deletes what hangs under
it. The fault controls (429, 500) apply through the `endpoint` decorator.

Sandbox assumptions (LinkedIn publishes none of these): the answer envelope
`{results: {key: {status}}, errors: {key: {status, message}}}`; deletes are idempotent (an unknown
key, or records under a parent already deleted, answer 204: they are gone, as asked); a PUT of ids
accepts no x-restli-method or batch_update (the collection's interview feedback call sends none); an
application must name a synced candidate and job posting (else 422); the fields the collection sends
beyond the contract (middleInitial, prefix, suffix, geographicAreaType) are accepted."""

import datetime as dt
import re
import uuid
from urllib.parse import parse_qsl

from django.db import transaction
from django.http import QueryDict

from linkedin_sandbox.models import (
    ORGANIZATION_TYPES,
    ORGANIZATION_URN,
    PERSON_URN,
    AtsApplication,
    AtsApplicationNote,
    AtsApplicationStage,
    AtsCandidate,
    AtsCandidateNote,
    AtsInterviewFeedback,
    Integration,
    Member,
    Organization,
    SimpleJobPosting,
    SimpleJobPostingTask,
    Token,
)
from linkedin_sandbox.restli import (
    MAX_BATCH,
    ApiError,
    allow,
    bad_request,
    compound_ids,
    endpoint,
    json_body,
    key_string,
    reject_unknown_fields,
    require_method,
    restli_json,
)

CHILD = (Token.Kind.CHILD,)
CANDIDATE_KEY = ("atsCandidateId", "dataProvider", "integrationContext")
APPLICATION_KEY = ("atsJobApplicationId", "dataProvider", "integrationContext")
ORGANIZATION_PATTERN = re.compile(r"^urn:li:organization:(\d{1,18})$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TASK_URN = "urn:li:simpleJobPostingTask:"
FORBIDDEN = 100
TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 100_000


class Invalid(Exception):
    """One entity's fields are wrong: that key's 422, the rest of the batch goes ahead."""


# Keys and access


def _check_context(context: str, where: str) -> str:
    if not isinstance(context, str) or not ORGANIZATION_PATTERN.match(context):
        raise bad_request(f"{where}: integrationContext {context!r} is not an organization URN.")
    return context


def _compound(fields: dict, names, where: str) -> tuple[str, str, str]:
    missing = [name for name in names if not fields.get(name)]
    if missing:
        raise bad_request(f"{where}: {', '.join(missing)} missing from the key.")
    reject_unknown_fields(fields, names, where=f"the key {where}")
    if fields["dataProvider"] != "ATS":
        raise bad_request(f"{where}: dataProvider must be ATS.")
    if len(fields[names[0]]) > TEXT_LIMIT:
        raise bad_request(f"{where}: {names[0]} is longer than {TEXT_LIMIT} characters.")
    return fields[names[0]], "ATS", _check_context(fields["integrationContext"], where)


def _compound_ids(query: QueryDict, names) -> list[tuple[str, str, str]]:
    return compound_ids(
        query,
        lambda fields, where: _compound(fields, names, where),
        required=f"Give the keys: ids[0].{names[0]}=..&ids[0].dataProvider=ATS&ids[0].integrationContext=..",
    )


def _path_key(text: str, names) -> tuple[str, str, str]:
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise bad_request(f"{text!r} is not a compound key.") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise bad_request(f"A field appears twice in {text!r}.")
    return _compound(fields, names, "the key in the path")


def _simple_ids(query: QueryDict) -> list[str]:
    extra = [name for name in query if name != "ids"]
    if extra:
        raise bad_request(f"Unknown query parameters {sorted(extra)}; give ids=ID (repeatable).")
    ids = query.getlist("ids")
    if not ids or not all(value.strip() for value in ids):
        raise bad_request("Give the record ids: ids=ID&ids=ID.")
    if len(ids) > MAX_BATCH:
        raise bad_request(f"A batch holds at most {MAX_BATCH} entities; this one has {len(ids)}.")
    if len(set(ids)) != len(ids):
        raise bad_request("The same id appears twice in ids.")
    if any(len(value) > TEXT_LIMIT for value in ids):
        raise bad_request(f"An id is longer than {TEXT_LIMIT} characters.")
    return ids


class Access:
    """The organizations this request may write to, looked up once per integrationContext."""

    def __init__(self, token: Token):
        self.application = token.application
        self.organizations: dict[str, Organization] = {}

    def organization(self, context: str) -> Organization:
        if context not in self.organizations:
            enabled = Integration.objects.filter(
                application=self.application,
                integration_context=context,
                integration_type__in=ORGANIZATION_TYPES,
                status=Integration.Status.ENABLED,
            ).exists()
            organization = Organization.objects.filter(
                org_id=int(context.removeprefix(ORGANIZATION_URN))
            ).first()
            if not enabled or organization is None:
                raise ApiError(
                    403,
                    f"No integration of {context} is enabled for this application: the Recruiter admin "
                    "must switch it on first.",
                    FORBIDDEN,
                )
            self.organizations[context] = organization
        return self.organizations[context]


def _keyed_entities(request, keys, names) -> dict:
    """The body's entities by the key strings of `keys`, whichever way the ATS encoded its keys."""
    wanted = {key: key_string(key, names) for key in keys}
    entities = _entities(request, None)
    keyed = {}
    for text, data in entities.items():
        key = _path_key(text, names)
        if key not in wanted or wanted[key] in keyed:
            raise bad_request("The keys of entities must be exactly the ids of the request.")
        keyed[wanted[key]] = data
    if len(keyed) != len(wanted):
        raise bad_request("The keys of entities must be exactly the ids of the request.")
    return keyed


def _entities(request, ids) -> dict:
    body = json_body(request)
    reject_unknown_fields(body, ["entities"])
    entities = body.get("entities")
    if not isinstance(entities, dict):
        raise bad_request('The body must be {"entities": {"<key>": {...}}}.')
    if len(entities) > MAX_BATCH:
        raise bad_request(f"A batch holds at most {MAX_BATCH} entities; this one has {len(entities)}.")
    if ids is not None and set(entities) != set(ids):
        raise bad_request("The keys of entities must be exactly the ids of the request.")
    return entities


def _batch_update_method(request):
    # The collection's PUTs send batch_update, except its interview feedback call, which sends none.
    method = request.headers.get("X-RestLi-Method", "")
    if method.lower() not in ("", "batch_update"):
        raise bad_request(f"x-restli-method {method} is not supported with PUT; use batch_update.")


def _delete_method(request):
    method = request.headers.get("X-RestLi-Method", "")
    if method.lower() not in ("", "batch_delete"):
        raise bad_request(f"x-restli-method {method} is not a delete.")


def _answer(outcomes: dict) -> dict:
    """outcomes: key string -> None (done) or (status, message)."""
    results, errors = {}, {}
    for key, failure in outcomes.items():
        if failure is None:
            results[key] = {"status": 204}
        else:
            errors[key] = {"status": failure[0], "message": failure[1]}
    return {"results": results, "errors": errors}


# Field checks (each raises Invalid with LinkedIn-like wording)


def _text(data: dict, name: str, *, required=False, limit=TEXT_LIMIT) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise Invalid(f"{name} is required.")
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{name} must be a string.")
    if required and not value.strip():
        raise Invalid(f"{name} must not be empty.")
    if len(value) > limit:
        raise Invalid(f"{name} is longer than {limit} characters.")
    return value


def _url(data: dict, name: str) -> str:
    value = _text(data, name, limit=2000)
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        raise Invalid(f"{name} {value!r} is not an absolute http(s) URL.")
    return value


def _time(data: dict, name: str, *, required=True) -> dt.datetime | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise Invalid(f"{name} must be a positive number of milliseconds since the epoch.")
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise Invalid(f"{name} is out of range.") from exc


def _person(data: dict, name: str) -> tuple[str, str]:
    value = data.get(name)
    if value is None:
        return "", ""
    if not isinstance(value, dict):
        raise Invalid(f"{name} must be an object {{firstName, lastName}}.")
    unknown = sorted(set(value) - {"firstName", "lastName"})
    if unknown:
        raise Invalid(f"Unpermitted fields present in {name}: {unknown}")
    return _text(value, "firstName"), _text(value, "lastName")


def _fields(data, allowed) -> dict:
    if not isinstance(data, dict):
        raise Invalid("The entity must be a JSON object.")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise Invalid(f"Unpermitted fields present in the entity: {unknown}")
    return data


def _times(data: dict) -> tuple[dt.datetime, dt.datetime]:
    created, modified = _time(data, "atsCreatedAt"), _time(data, "atsLastModifiedAt")
    if modified < created:
        raise Invalid("atsLastModifiedAt must not be before atsCreatedAt.")
    return created, modified


# simpleJobPostings


JOB_FIELDS = (
    "integrationContext",
    "externalJobPostingId",
    "title",
    "description",
    "location",
    "state",
    "companyApplyUrl",
    "listedAt",
    "jobPostingOperationType",
    "availability",
)
OPERATIONS = ("CREATE", "UPDATE", "CLOSE")


def _job_values(element: dict) -> dict:
    _fields(element, JOB_FIELDS)
    state = element.get("state", "LISTED")
    if state not in SimpleJobPosting.State.values:
        raise Invalid(f"state must be one of {SimpleJobPosting.State.values}.")
    availability = element.get("availability")
    if availability not in SimpleJobPosting.Availability.values:
        raise Invalid(f"availability must be one of {SimpleJobPosting.Availability.values}.")
    return {
        "title": _text(element, "title", required=True),
        "description": _text(element, "description", required=True, limit=LONG_TEXT_LIMIT),
        "location": _text(element, "location"),
        "state": state,
        "availability": availability,
        "company_apply_url": _url(element, "companyApplyUrl"),
        "listed_at": _time(element, "listedAt", required=False),
    }


@endpoint(*CHILD)
def simple_job_postings(request, token):
    allow(request, "POST")
    require_method(request, "batch_create")
    body = json_body(request)
    reject_unknown_fields(body, ["elements"])
    elements = body.get("elements")
    if not isinstance(elements, list) or not elements:
        raise bad_request('The body must be {"elements": [...]} with at least one job posting.')
    if len(elements) > MAX_BATCH:
        raise bad_request(f"A batch holds at most {MAX_BATCH} entities; this one has {len(elements)}.")
    access = Access(token)
    for i, element in enumerate(elements):
        context = element.get("integrationContext") if isinstance(element, dict) else None
        access.organization(_check_context(context, f"elements[{i}]"))
    answers = []
    for element in elements:
        try:
            answers.append(_post_job(access, element))
        except Invalid as exc:
            answers.append({"error": {"message": str(exc), "status": 422}, "status": 422})
    return restli_json({"elements": answers})


@transaction.atomic
def _post_job(access: Access, element: dict) -> dict:
    organization = access.organization(element["integrationContext"])
    code = _text(element, "externalJobPostingId", required=True)
    operation = element.get("jobPostingOperationType", "CREATE")
    if operation not in OPERATIONS:
        raise Invalid(f"jobPostingOperationType must be one of {list(OPERATIONS)}.")
    values = _job_values(element)
    posting = (
        SimpleJobPosting.objects.select_for_update()
        .filter(organization=organization, external_job_posting_id=code)
        .first()
    )
    if posting is None and operation != "CREATE":
        raise Invalid(f"No job posting {code} to {operation.lower()}: create it first.")
    if operation == "CLOSE":
        values["state"] = SimpleJobPosting.State.CLOSED
    if posting is None:
        posting = SimpleJobPosting.objects.create(
            organization=organization, external_job_posting_id=code, **values
        )
    else:
        for name, value in values.items():
            setattr(posting, name, value)
        posting.save()
    task = SimpleJobPostingTask.objects.create(
        task_id=uuid.uuid4(),
        organization=organization,
        external_job_posting_id=code,
        posting=posting,
        operation=operation,
    )
    return {"id": task.urn, "status": 202}


@endpoint(*CHILD)
def simple_job_posting_tasks(request, token):
    allow(request, "GET")
    require_method(request, None)
    urns = _simple_ids(request.GET)
    ids = {}
    for urn in urns:
        try:
            ids[urn] = uuid.UUID(urn.removeprefix(TASK_URN)) if urn.startswith(TASK_URN) else None
        except ValueError:
            ids[urn] = None
    tasks = {
        task.task_id: task
        for task in SimpleJobPostingTask.objects.filter(
            task_id__in=[value for value in ids.values() if value],
            organization__in=Organization.objects.filter(org_id__in=_enabled_org_ids(token.application)),
        ).select_related("posting")
    }
    results, errors, statuses = {}, {}, {}
    for urn, task_id in ids.items():
        task = tasks.get(task_id)
        if task is None:
            errors[urn] = {"status": 404, "message": f"No job posting task {urn} for this application."}
            statuses[urn] = 404
            continue
        result = {"id": urn, "externalJobPostingId": task.external_job_posting_id, "status": task.status}
        if task.posting_id:
            result["jobPosting"] = task.posting.urn
        if task.error_message:
            result["errorMessage"] = task.error_message
        results[urn] = result
        statuses[urn] = 200
    return restli_json({"results": results, "errors": errors, "statuses": statuses})


def _enabled_org_ids(application) -> list[int]:
    contexts = Integration.objects.filter(
        application=application,
        integration_type__in=ORGANIZATION_TYPES,
        status=Integration.Status.ENABLED,
    ).values_list("integration_context", flat=True)
    return [int(c.removeprefix(ORGANIZATION_URN)) for c in contexts if ORGANIZATION_PATTERN.match(c)]


# atsCandidates


CANDIDATE_FIELDS = (
    "firstName",
    "lastName",
    "emailAddresses",
    "phoneNumbers",
    "addresses",
    "currentCompanyName",
    "currentJobTitle",
    "linkedInProfileUrl",
    "externalProfileUrl",
    "atsCreatedAt",
    "atsLastModifiedAt",
)
CANDIDATE_EXTRA_FIELDS = ("middleInitial", "prefix", "suffix")
ADDRESS_FIELDS = ("line1", "line2", "city", "geographicArea", "geographicAreaType", "postalCode", "country")


def _candidate_values(data) -> dict:
    _fields(data, CANDIDATE_FIELDS + CANDIDATE_EXTRA_FIELDS)
    emails = data.get("emailAddresses", [])
    if not isinstance(emails, list) or not all(isinstance(e, str) and EMAIL_PATTERN.match(e) for e in emails):
        raise Invalid("emailAddresses must be a list of email addresses (X@X.X).")
    phones = data.get("phoneNumbers")
    if not isinstance(phones, list):
        raise Invalid("phoneNumbers is required (a list, may be empty).")
    for phone in phones:
        if not isinstance(phone, dict) or set(phone) - {"number", "extension"}:
            raise Invalid("phoneNumbers holds objects {number, extension}.")
        _text(phone, "number", required=True, limit=40)
        _text(phone, "extension", limit=20)
    addresses = data.get("addresses")
    if not isinstance(addresses, list):
        raise Invalid("addresses is required (a list, may be empty).")
    for address in addresses:
        if not isinstance(address, dict) or set(address) - set(ADDRESS_FIELDS):
            raise Invalid(f"addresses holds objects with the fields {list(ADDRESS_FIELDS)}.")
        for name in ADDRESS_FIELDS:
            _text(address, name)
    created, modified = _times(data)
    profile_url = _url(data, "linkedInProfileUrl")
    from linkedin_sandbox.in_ats_matching import vanity_of

    return {
        "first_name": _text(data, "firstName", required=True),
        "last_name": _text(data, "lastName"),
        "email_addresses": emails,
        "phone_numbers": phones,
        "addresses": addresses,
        "current_company_name": _text(data, "currentCompanyName"),
        "current_job_title": _text(data, "currentJobTitle"),
        "linkedin_profile_url": profile_url,
        "external_profile_url": _url(data, "externalProfileUrl"),
        "extra": {name: _text(data, name) for name in CANDIDATE_EXTRA_FIELDS if name in data},
        "ats_created_at": created,
        "ats_last_modified_at": modified,
        "emails_text": " " + " ".join(e.lower() for e in emails) + " " if emails else "",
        "linkedin_vanity": vanity_of(profile_url),
    }


def _candidate_json(candidate: AtsCandidate, fields: set[str] | None) -> dict:
    data = {
        "firstName": candidate.first_name,
        "lastName": candidate.last_name,
        "emailAddresses": candidate.email_addresses,
        "phoneNumbers": candidate.phone_numbers,
        "addresses": candidate.addresses,
        "currentCompanyName": candidate.current_company_name,
        "currentJobTitle": candidate.current_job_title,
        "linkedInProfileUrl": candidate.linkedin_profile_url,
        "externalProfileUrl": candidate.external_profile_url,
        "atsCreatedAt": _ms(candidate.ats_created_at),
        "atsLastModifiedAt": _ms(candidate.ats_last_modified_at),
        "matchedMembers": [member.urn for member in candidate.matched_members()],
    }
    if candidate.manual_matched_member_id:
        data["manualMatchedMember"] = candidate.manual_matched_member.urn
    return {name: value for name, value in data.items() if fields is None or name in fields}


def _ms(value: dt.datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value else None


@endpoint(*CHILD)
def ats_candidates(request, token):
    allow(request, "GET", "PUT", "POST", "DELETE")
    keys = _compound_ids(request.GET, CANDIDATE_KEY)
    access = Access(token)
    for key in keys:
        access.organization(key[2])
    if request.method == "GET":
        return _get_candidates(request, access, keys)
    if request.method == "DELETE":
        _delete_method(request)
        return _delete_keyed(access, keys, AtsCandidate, "ats_candidate_id", CANDIDATE_KEY)
    if request.method == "POST":
        require_method(request, "batch_partial_update")
        return _patch_candidates(request, access, keys)
    _batch_update_method(request)
    texts = {key_string(key, CANDIDATE_KEY): key for key in keys}
    outcomes = {}
    for text, data in _keyed_entities(request, keys, CANDIDATE_KEY).items():
        key = texts[text]
        try:
            values = _candidate_values(data)
        except Invalid as exc:
            outcomes[text] = (422, str(exc))
            continue
        AtsCandidate.objects.update_or_create(
            organization=access.organization(key[2]), ats_candidate_id=key[0], defaults=values
        )
        outcomes[text] = None
    return restli_json(_answer(outcomes))


def _get_candidates(request, access, keys):
    require_method(request, None)
    fields = None
    if request.GET.get("fields"):
        fields = {name.strip() for name in request.GET["fields"].split(",") if name.strip()}
    results, errors, statuses = {}, {}, {}
    for key in keys:
        text = key_string(key, CANDIDATE_KEY)
        candidate = (
            AtsCandidate.objects.select_related("manual_matched_member")
            .filter(organization=access.organization(key[2]), ats_candidate_id=key[0])
            .first()
        )
        if candidate is None:
            errors[text] = {"status": 404, "message": f"No ATS candidate {key[0]}."}
            statuses[text] = 404
        else:
            results[text] = _candidate_json(candidate, fields)
            statuses[text] = 200
    return restli_json({"results": results, "errors": errors, "statuses": statuses})


def _patch_candidates(request, access, keys):
    texts = {key_string(key, CANDIDATE_KEY): key for key in keys}
    outcomes = {}
    for text, entity in _keyed_entities(request, keys, CANDIDATE_KEY).items():
        key = texts[text]
        patch = entity.get("patch") if isinstance(entity, dict) else None
        if (
            not isinstance(patch, dict)
            or set(entity) != {"patch"}
            or not patch
            or set(patch) - {"$set", "$delete"}
        ):
            raise bad_request(f'entities[{text!r}] must be {{"patch": {{"$set": {{...}}}}}} or "$delete".')
        values = patch.get("$set", {})
        removed = patch.get("$delete", [])
        if not isinstance(values, dict) or set(values) - {"manualMatchedMember"}:
            outcomes[text] = (422, "Only manualMatchedMember may be set by a partial update.")
            continue
        if not isinstance(removed, list) or set(removed) - {"manualMatchedMember"}:
            outcomes[text] = (422, 'Only "manualMatchedMember" may be deleted by a partial update.')
            continue
        candidate = AtsCandidate.objects.filter(
            organization=access.organization(key[2]), ats_candidate_id=key[0]
        ).first()
        if candidate is None:
            outcomes[text] = (404, f"No ATS candidate {key[0]}: sync it first.")
            continue
        member = None
        if "manualMatchedMember" in values:
            urn = values["manualMatchedMember"]
            person_id = (
                urn.removeprefix(PERSON_URN) if isinstance(urn, str) and urn.startswith(PERSON_URN) else ""
            )
            member = Member.objects.filter(person_id=person_id).first() if person_id else None
            if member is None:
                outcomes[text] = (422, f"manualMatchedMember {urn!r} is not a member.")
                continue
        candidate.manual_matched_member = member
        candidate.save(update_fields=["manual_matched_member", "updated_at"])
        outcomes[text] = None
    return restli_json(_answer(outcomes))


def _delete_keyed(access, keys, model, field, names):
    outcomes = {}
    for key in keys:
        model.objects.filter(organization=access.organization(key[2]), **{field: key[0]}).delete()
        outcomes[key_string(key, names)] = None
    return restli_json(_answer(outcomes))


# Sub-resources: a candidate's notes; an application's notes, interview feedback and stages.


def _note_values(data) -> dict:
    _fields(data, ("atsCreatedAt", "note", "author"))
    first, last = _person(data, "author")
    return {
        "ats_created_at": _time(data, "atsCreatedAt"),
        "note": _text(data, "note", required=True, limit=LONG_TEXT_LIMIT),
        "author_first_name": first,
        "author_last_name": last,
    }


INTERVIEW_TYPES = ("PHONE_SCREEN", "ONSITE")


def _feedback_values(data) -> dict:
    _fields(data, ("atsCreatedAt", "evaluations", "feedback", "interviewer", "interviewType"))
    evaluations = data.get("evaluations", [])
    if not isinstance(evaluations, list):
        raise Invalid("evaluations must be a list of {attribute, result}.")
    for evaluation in evaluations:
        if not isinstance(evaluation, dict) or set(evaluation) != {"attribute", "result"}:
            raise Invalid("evaluations must be a list of {attribute, result}.")
        _text(evaluation, "attribute", required=True)
        _text(evaluation, "result", required=True)
    kind = data.get("interviewType")
    if kind is not None and kind not in INTERVIEW_TYPES:
        raise Invalid(f"interviewType must be one of {list(INTERVIEW_TYPES)}.")
    first, last = _person(data, "interviewer")
    return {
        "ats_created_at": _time(data, "atsCreatedAt"),
        "evaluations": evaluations,
        "feedback": _text(data, "feedback", limit=LONG_TEXT_LIMIT),
        "interviewer_first_name": first,
        "interviewer_last_name": last,
        "interview_type": kind or "",
    }


def _stage_values(data) -> dict:
    _fields(data, ("atsCreatedAt", "stage"))
    return {"ats_created_at": _time(data, "atsCreatedAt"), "stage": _text(data, "stage", required=True)}


# (model, parent field, id field, values) per sub-resource
CANDIDATE_SUBRESOURCES = {"notes": (AtsCandidateNote, "candidate", "note_id", _note_values)}
APPLICATION_SUBRESOURCES = {
    "notes": (AtsApplicationNote, "application", "note_id", _note_values),
    "interviewFeedback": (AtsInterviewFeedback, "application", "feedback_id", _feedback_values),
    "stages": (AtsApplicationStage, "application", "stage_id", _stage_values),
}


def _subresource(request, token, parent_model, parent_field, key_names, key_text, spec):
    allow(request, "PUT", "DELETE")
    key = _path_key(key_text, key_names)
    access = Access(token)
    organization = access.organization(key[2])
    parent = parent_model.objects.filter(organization=organization, **{parent_field: key[0]}).first()
    model, link, id_field, values_of = spec
    ids = _simple_ids(request.GET)
    if request.method == "DELETE":
        _delete_method(request)
        if parent is not None:
            model.objects.filter(**{link: parent, f"{id_field}__in": ids}).delete()
        return restli_json(_answer(dict.fromkeys(ids)))
    if parent is None:
        raise ApiError(404, f"No {parent_model.__name__} {key[0]}: sync it first.", 404)
    outcomes = {}
    _batch_update_method(request)
    for record_id, data in _entities(request, ids).items():
        try:
            values = values_of(data)
        except Invalid as exc:
            outcomes[record_id] = (422, str(exc))
            continue
        model.objects.update_or_create(**{link: parent, id_field: record_id}, defaults=values)
        outcomes[record_id] = None
    return restli_json(_answer(outcomes))


@endpoint(*CHILD)
def ats_candidate_subresource(request, token, key, resource):
    if resource not in CANDIDATE_SUBRESOURCES:
        raise ApiError(404, f"atsCandidates has no sub-resource {resource}.", 404)
    return _subresource(
        request, token, AtsCandidate, "ats_candidate_id", CANDIDATE_KEY, key, CANDIDATE_SUBRESOURCES[resource]
    )


@endpoint(*CHILD)
def ats_application_subresource(request, token, key, resource):
    if resource not in APPLICATION_SUBRESOURCES:
        raise ApiError(404, f"atsApplications has no sub-resource {resource}.", 404)
    return _subresource(
        request,
        token,
        AtsApplication,
        "ats_job_application_id",
        APPLICATION_KEY,
        key,
        APPLICATION_SUBRESOURCES[resource],
    )


# atsApplications

APPLICATION_FIELDS = (
    "atsCandidateId",
    "atsJobPostingId",
    "atsJobPostingName",
    "candidateEmail",
    "firstName",
    "lastName",
    "source",
    "dispositionReason",
    "atsCreatedAt",
    "atsLastModifiedAt",
)


def _application_values(data, organization) -> dict:
    _fields(data, APPLICATION_FIELDS)
    candidate_id = _text(data, "atsCandidateId", required=True)
    job_code = _text(data, "atsJobPostingId", required=True)
    email = _text(data, "candidateEmail", limit=254)
    if email and not EMAIL_PATTERN.match(email):
        raise Invalid("candidateEmail is not an email address (X@X.X).")
    created, modified = _times(data)
    if not AtsCandidate.objects.filter(organization=organization, ats_candidate_id=candidate_id).exists():
        raise Invalid(f"atsCandidateId {candidate_id} is not a synced candidate: sync the candidate first.")
    if not SimpleJobPosting.objects.filter(
        organization=organization, external_job_posting_id=job_code
    ).exists():
        raise Invalid(f"atsJobPostingId {job_code} is not a synced job posting: sync the job first.")
    return {
        "ats_candidate_id": candidate_id,
        "ats_job_posting_id": job_code,
        "ats_job_posting_name": _text(data, "atsJobPostingName"),
        "candidate_email": email,
        "first_name": _text(data, "firstName"),
        "last_name": _text(data, "lastName"),
        "source": _text(data, "source"),
        "disposition_reason": _text(data, "dispositionReason"),
        "ats_created_at": created,
        "ats_last_modified_at": modified,
    }


@endpoint(*CHILD)
def ats_applications(request, token):
    allow(request, "PUT", "DELETE")
    keys = _compound_ids(request.GET, APPLICATION_KEY)
    access = Access(token)
    for key in keys:
        access.organization(key[2])
    if request.method == "DELETE":
        _delete_method(request)
        # The application's notes, feedback and stages go with it (foreign keys cascade).
        return _delete_keyed(access, keys, AtsApplication, "ats_job_application_id", APPLICATION_KEY)
    _batch_update_method(request)
    texts = {key_string(key, APPLICATION_KEY): key for key in keys}
    outcomes = {}
    for text, data in _keyed_entities(request, keys, APPLICATION_KEY).items():
        key = texts[text]
        organization = access.organization(key[2])
        try:
            values = _application_values(data, organization)
        except Invalid as exc:
            outcomes[text] = (422, str(exc))
            continue
        AtsApplication.objects.update_or_create(
            organization=organization, ats_job_application_id=key[0], defaults=values
        )
        outcomes[text] = None
    return restli_json(_answer(outcomes))
