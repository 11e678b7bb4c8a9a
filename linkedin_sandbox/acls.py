"""Permissions via ACLs (LinkedIn's "Sync ACLs" and "ACL Overview"): atsEntityAcls put a synced entity
into one of the ATS's security groups or roles (atsEntityAclId); atsEntityAclAssignees put a LinkedIn
member (the customer's user, by person URN) into such a group for an entity type. Each resource takes
a batch upsert (PUT of ids), a batch delete (DELETE of ids) and the criteria finder (GET q=criteria).

What LinkedIn publishes, and the sandbox enforces: keys are compound, written in the Rest.li 1.0 form of
the collection (`ids[0].k=v` in the query, `k1=v1&k2=v2` as body keys, in any field order);
dataProvider is ATS; integrationContext is the customer's organization URN; the one securable entity
type is JOB_POSTING, whose atsEntityId is the externalJobPostingId of a job synced through
simpleJobPostings; an assignee is a person URN; batches hold at most 100 records; "do not assign more
than 10 ACLs per user". As everywhere in the In-ATS data: the child app's token only, and 403 unless
one of the organization's integrations is Enabled for this app.

Sandbox assumptions (LinkedIn publishes none of these):
- a key naming a job posting that was never synced, an assignee who is no LinkedIn member, or an 11th
  ACL for one assignee and entity type is that key's 422 inside a 200, the others are kept (the In-ATS
  envelope `{results: {key: {status}}, errors: {key: {status, message}}}`);
- a record's body is `{}`: any field in it is that key's 422;
- deletes are idempotent (an unknown key answers 204);
- the finders: `start` defaults to 0 and is at most 1,000,000, `count` to 10 and at most 100;
  atsEntityAcls needs atsEntityType and takes atsEntityId as an optional filter; atsEntityAclAssignees
  needs assignee and takes atsEntityType and atsEntityAclId as optional filters; `fields` projects the
  elements; any other parameter is a 400;
- an element is its key's fields (`{atsEntityAclId, atsEntityId, atsEntityType, dataProvider,
  integrationContext}`, or `assignee` in place of atsEntityId), with `paging` {start, count, total}.
"""

from urllib.parse import parse_qsl

from django.db import transaction
from django.http import QueryDict

from linkedin_sandbox.in_ats import (
    Access,
    Invalid,
    _answer,
    _batch_update_method,
    _check_context,
    _delete_method,
    _entities,
)
from linkedin_sandbox.models import (
    PERSON_URN,
    AclEntityType,
    AtsEntityAcl,
    AtsEntityAclAssignee,
    Member,
    SimpleJobPosting,
    Token,
)
from linkedin_sandbox.restli import (
    allow,
    bad_request,
    compound_ids,
    endpoint,
    key_string,
    paging,
    require_method,
    restli_json,
)

CHILD = (Token.Kind.CHILD,)
ACL_KEY = ("atsEntityAclId", "dataProvider", "integrationContext", "atsEntityType", "atsEntityId")
ASSIGNEE_KEY = ("atsEntityAclId", "dataProvider", "integrationContext", "atsEntityType", "assignee")
ID_LIMIT = 200  # sandbox assumption: ids as long as the In-ATS ones
MAX_ACLS_PER_USER = 10
DEFAULT_COUNT = 10
MAX_COUNT = 100


# Keys


def _key(fields: dict, names, where: str) -> tuple[str, ...]:
    """A key's values in the order of `names`, checked; whatever is wrong is a 400 for the request."""
    missing = [name for name in names if not fields.get(name)]
    if missing:
        raise bad_request(f"{where}: {', '.join(missing)} missing from the key.")
    unknown = sorted(set(fields) - set(names))
    if unknown:
        raise bad_request(f"{where}: unknown key fields {unknown}; the key is {', '.join(names)}.")
    if fields["dataProvider"] != "ATS":
        raise bad_request(f"{where}: dataProvider must be ATS.")
    _check_context(fields["integrationContext"], where)
    if fields["atsEntityType"] not in AclEntityType.values:
        raise bad_request(
            f"{where}: atsEntityType {fields['atsEntityType']!r} is not one of {AclEntityType.values}."
        )
    if "assignee" in names:
        _person_id(fields["assignee"], f"{where}: assignee")
    for name in ("atsEntityAclId", "atsEntityId"):
        if name in names and len(fields[name]) > ID_LIMIT:
            raise bad_request(f"{where}: {name} is longer than {ID_LIMIT} characters.")
    return tuple(fields[name] for name in names)


def _person_id(urn: str, where: str) -> str:
    person_id = urn.removeprefix(PERSON_URN)
    if not urn.startswith(PERSON_URN) or not person_id or ":" in person_id or len(person_id) > 40:
        raise bad_request(f"{where} {urn[:100]!r} is not a person URN (urn:li:person:ID).")
    return person_id


def _ids(query: QueryDict, names) -> list[tuple[str, ...]]:
    return compound_ids(
        query,
        lambda fields, where: _key(fields, names, where),
        required="Give the keys: " + "&".join(f"ids[0].{name}=.." for name in names),
        only_ids=True,
    )


def _keyed_records(request, keys, names) -> dict[tuple[str, ...], object]:
    """The body's records by key: its keys must be exactly the query's ids, in any field order."""
    records = {}
    for text, data in _entities(request, None).items():
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
        except ValueError as exc:
            raise bad_request(f"{text[:200]!r} is not a compound key.") from exc
        if len(dict(pairs)) != len(pairs):
            raise bad_request(f"A field appears twice in {text[:200]!r}.")
        key = _key(dict(pairs), names, "a key of entities")
        if key in records:
            raise bad_request("The same key appears twice in entities.")
        records[key] = data
    if set(records) != set(keys):
        raise bad_request("The keys of entities must be exactly the ids of the request.")
    return records


def _empty_record(data):
    if not isinstance(data, dict):
        raise Invalid("The record must be a JSON object ({}).")
    if data:
        raise Invalid(f"Unpermitted fields present in the record: {sorted(data)}")


# Finders


def _finder(request, names_allowed) -> tuple[int, int, set[str] | None]:
    require_method(request, None)
    if request.GET.get("q") != "criteria":
        raise bad_request("Use the finder q=criteria.")
    unknown = sorted(set(request.GET) - set(names_allowed) - {"q", "start", "count", "fields"})
    if unknown:
        raise bad_request(f"Unknown query parameters {unknown}.")
    for name in request.GET:
        if len(request.GET.getlist(name)) != 1:
            raise bad_request(f"Query parameter {name} is given more than once.")
    if request.GET.get("dataProvider") != "ATS":
        raise bad_request("dataProvider=ATS is required.")
    if not request.GET.get("integrationContext"):
        raise bad_request("integrationContext is required.")
    start, count = paging(request.GET, default_count=DEFAULT_COUNT, max_count=MAX_COUNT)
    fields = None
    if request.GET.get("fields"):
        fields = {name.strip() for name in request.GET["fields"].split(",") if name.strip()}
    return start, count, fields


def _entity_type(request, *, required: bool) -> str:
    value = request.GET.get("atsEntityType", "")
    if not value and not required:
        return ""
    if value not in AclEntityType.values:
        raise bad_request(f"atsEntityType {value[:40]!r} is not one of {AclEntityType.values}.")
    return value


def _page(queryset, start, count, fields, element_of) -> dict:
    total = queryset.count()
    elements = [element_of(record) for record in queryset[start : start + count]]
    if fields is not None:
        elements = [{name: value for name, value in e.items() if name in fields} for e in elements]
    return {"elements": elements, "paging": {"start": start, "count": count, "total": total}}


# atsEntityAcls


@endpoint(*CHILD)
def ats_entity_acls(request, token):
    allow(request, "GET", "PUT", "DELETE")
    access = Access(token)
    if request.method == "GET":
        start, count, fields = _finder(
            request, ("atsEntityId", "atsEntityType", "dataProvider", "integrationContext")
        )
        context = _check_context(request.GET["integrationContext"], "integrationContext")
        acls = AtsEntityAcl.objects.select_related("organization").filter(
            organization=access.organization(context), ats_entity_type=_entity_type(request, required=True)
        )
        if request.GET.get("atsEntityId"):
            acls = acls.filter(ats_entity_id=request.GET["atsEntityId"])
        return restli_json(_page(acls, start, count, fields, _acl_element))
    keys = _ids(request.GET, ACL_KEY)
    for key in keys:
        access.organization(key[2])
    if request.method == "DELETE":
        _delete_method(request)
        with transaction.atomic():
            for acl_id, _, context, entity_type, entity_id in keys:
                AtsEntityAcl.objects.filter(
                    organization=access.organization(context),
                    ats_entity_acl_id=acl_id,
                    ats_entity_type=entity_type,
                    ats_entity_id=entity_id,
                ).delete()
        return restli_json(_answer({key_string(key, ACL_KEY): None for key in keys}))
    _batch_update_method(request)
    outcomes = {}
    for key, data in _keyed_records(request, keys, ACL_KEY).items():
        try:
            _upsert_acl(access, key, data)
        except Invalid as exc:
            outcomes[key_string(key, ACL_KEY)] = (422, str(exc))
        else:
            outcomes[key_string(key, ACL_KEY)] = None
    return restli_json(_answer(outcomes))


@transaction.atomic
def _upsert_acl(access: Access, key: tuple[str, ...], data) -> None:
    _empty_record(data)
    acl_id, _, context, entity_type, entity_id = key
    organization = access.organization(context)
    if not SimpleJobPosting.objects.filter(
        organization=organization, external_job_posting_id=entity_id
    ).exists():
        raise Invalid(f"atsEntityId {entity_id} is not a synced job posting: sync the job first.")
    AtsEntityAcl.objects.get_or_create(
        organization=organization,
        ats_entity_acl_id=acl_id,
        ats_entity_type=entity_type,
        ats_entity_id=entity_id,
    )


def _acl_element(acl: AtsEntityAcl) -> dict:
    return {
        "atsEntityAclId": acl.ats_entity_acl_id,
        "atsEntityId": acl.ats_entity_id,
        "atsEntityType": acl.ats_entity_type,
        "dataProvider": "ATS",
        "integrationContext": acl.organization.urn,
    }


# atsEntityAclAssignees


@endpoint(*CHILD)
def ats_entity_acl_assignees(request, token):
    allow(request, "GET", "PUT", "DELETE")
    access = Access(token)
    if request.method == "GET":
        start, count, fields = _finder(
            request, ("assignee", "atsEntityAclId", "atsEntityType", "dataProvider", "integrationContext")
        )
        context = _check_context(request.GET["integrationContext"], "integrationContext")
        organization = access.organization(context)
        person_id = _person_id(request.GET.get("assignee", ""), "assignee")
        assignments = AtsEntityAclAssignee.objects.select_related("assignee", "organization").filter(
            organization=organization, assignee__person_id=person_id
        )
        if entity_type := _entity_type(request, required=False):
            assignments = assignments.filter(ats_entity_type=entity_type)
        if request.GET.get("atsEntityAclId"):
            assignments = assignments.filter(ats_entity_acl_id=request.GET["atsEntityAclId"])
        return restli_json(_page(assignments, start, count, fields, _assignee_element))
    keys = _ids(request.GET, ASSIGNEE_KEY)
    for key in keys:
        access.organization(key[2])
    if request.method == "DELETE":
        _delete_method(request)
        with transaction.atomic():
            for acl_id, _, context, entity_type, assignee in keys:
                AtsEntityAclAssignee.objects.filter(
                    organization=access.organization(context),
                    ats_entity_acl_id=acl_id,
                    ats_entity_type=entity_type,
                    assignee__person_id=assignee.removeprefix(PERSON_URN),
                ).delete()
        return restli_json(_answer({key_string(key, ASSIGNEE_KEY): None for key in keys}))
    _batch_update_method(request)
    outcomes = {}
    for key, data in _keyed_records(request, keys, ASSIGNEE_KEY).items():
        try:
            _upsert_assignee(access, key, data)
        except Invalid as exc:
            outcomes[key_string(key, ASSIGNEE_KEY)] = (422, str(exc))
        else:
            outcomes[key_string(key, ASSIGNEE_KEY)] = None
    return restli_json(_answer(outcomes))


@transaction.atomic
def _upsert_assignee(access: Access, key: tuple[str, ...], data) -> None:
    _empty_record(data)
    acl_id, _, context, entity_type, assignee = key
    organization = access.organization(context)
    member = Member.objects.select_for_update().filter(person_id=assignee.removeprefix(PERSON_URN)).first()
    if member is None:
        raise Invalid(f"assignee {assignee} is not a LinkedIn member.")
    held = AtsEntityAclAssignee.objects.filter(
        organization=organization, ats_entity_type=entity_type, assignee=member
    )
    if held.filter(ats_entity_acl_id=acl_id).exists():
        return
    if held.count() >= MAX_ACLS_PER_USER:
        raise Invalid(
            f"assignee {assignee} already holds {MAX_ACLS_PER_USER} ACLs for {entity_type}, the most a "
            "user may have."
        )
    AtsEntityAclAssignee.objects.create(
        organization=organization, ats_entity_acl_id=acl_id, ats_entity_type=entity_type, assignee=member
    )


def _assignee_element(assignment: AtsEntityAclAssignee) -> dict:
    return {
        "assignee": assignment.assignee.urn,
        "atsEntityAclId": assignment.ats_entity_acl_id,
        "atsEntityType": assignment.ats_entity_type,
        "dataProvider": "ATS",
        "integrationContext": assignment.organization.urn,
    }
