"""The API endpoints of linkedin-contract.md, under {api}/v2/. Each view parses and validates strictly,
calls one service, and answers as LinkedIn does (Rest.li batch answers carry a status per entity)."""

from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from linkedin_sandbox import services
from linkedin_sandbox.models import APPLICATION_URN, Application, Event, Integration, Seat, Token
from linkedin_sandbox.restli import (
    MAX_BATCH,
    ApiError,
    IntegrationKey,
    allow,
    bad_request,
    endpoint,
    json_body,
    not_found,
    parse_ids,
    parse_key,
    partner_step_fault,
    reject_unknown_fields,
    require_method,
    restli_json,
    url_allowed,
    urn_number,
)

MEMBER = (Token.Kind.MEMBER,)
CHILD = (Token.Kind.CHILD,)
PARTNER = (Token.Kind.PARTNER,)
APP_LIST_FIELDS = {
    "oauth2AuthorizedCallbackUrls": "oauth2_authorized_callback_urls",
    "validJsSdkDomains": "valid_js_sdk_domains",
}
APP_TEXT_FIELDS = {"name": "name", "description": "description"}
CONFIGURATION_KEYS = ("CALLBACK_URL", "JOB_POSTING_VIEWERS", "APPLICATION_VIEWERS")
VIEWERS_VALUES = ("ALL_PRODUCT_USERS",)


def _paged(elements: list) -> dict:
    return {"elements": elements, "paging": {"start": 0, "count": len(elements), "total": len(elements)}}


# Provisioning (partner app)


def _app_json(app: Application, *, with_secret=False) -> dict:
    credentials = {"client_id": app.client_id}
    if with_secret:
        credentials["client_secret"] = app.client_secret
    return {
        "key": app.key,
        "name": app.name,
        "description": app.description,
        "uniqueForeignId": app.unique_foreign_id,
        "oauth2AuthorizedCallbackUrls": app.oauth2_authorized_callback_urls,
        "validJsSdkDomains": app.valid_js_sdk_domains,
        "credentials": credentials,
    }


def _text(body: dict, name: str, *, required: bool) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name} is required and must be a non-empty string.")
    if len(value) > 200 and name != "description":
        raise bad_request(f"{name} is longer than 200 characters.")
    return value.strip()


def _string_list(body: dict, name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise bad_request(f"{name} must be an array of non-empty strings.")
    if len(value) > 50:
        raise bad_request(f"{name} holds at most 50 values.")
    if name == "oauth2AuthorizedCallbackUrls":
        bad = [url for url in value if not url_allowed(url)]
        if bad:
            raise bad_request(f"{name} holds invalid URLs (absolute https required): {bad}")
    elif any(ch.isspace() or ch == "/" for item in value for ch in item.split("://", 1)[-1]):
        raise bad_request(f"{name} holds domains with a path or spaces: {value}")
    return value


@endpoint(*PARTNER)
def provisioned_applications(request, token):
    allow(request, "GET", "POST")
    partner = token.application
    if request.method == "GET":
        if request.GET.get("q") != "credentialsByUniqueForeignId":
            raise bad_request("Use the finder q=credentialsByUniqueForeignId.")
        foreign_id = request.GET.get("uniqueForeignId", "")
        if not foreign_id:
            raise bad_request("uniqueForeignId is required.")
        apps = Application.objects.filter(parent=partner, unique_foreign_id=foreign_id)
        return restli_json(_paged([_app_json(app) for app in apps]))
    require_method(request, None)
    body = json_body(request)
    reject_unknown_fields(body, ["name", "description", "uniqueForeignId", *APP_LIST_FIELDS])
    fields = {
        "name": _text(body, "name", required=True),
        "description": _text(body, "description", required=True),
        "unique_foreign_id": _text(body, "uniqueForeignId", required=True),
        "callback_urls": _string_list(body, "oauth2AuthorizedCallbackUrls"),
        "sdk_domains": _string_list(body, "validJsSdkDomains"),
    }
    try:
        app = services.application_provision(partner=partner, **fields)
    except services.SandboxError as exc:
        raise ApiError(409, exc.message, 409) from exc
    return restli_json(_app_json(app, with_secret=True), status=201, x_restli_id=app.key, Location=app.key)


@endpoint(*PARTNER)
def provisioned_application(request, token, key):
    allow(request, "POST")
    number = urn_number(key, APPLICATION_URN)
    app = None
    if number is not None:
        app = Application.objects.filter(pk=number, parent=token.application).first()
    if app is None:
        raise not_found(f"No provisioned application {key}.")
    # Rest.li 1.0 reads a POST to an entity's URL as a partial update: the collection sends no
    # x-restli-method, and the explicit partial_update means the same.
    if request.headers.get("X-RestLi-Method", "").lower() not in ("", "partial_update"):
        raise bad_request(
            f"x-restli-method {request.headers['X-RestLi-Method']} is not supported on a provisioned "
            "application; POST its patch without the header."
        )
    body = json_body(request)
    reject_unknown_fields(body, ["patch"])
    patch = body.get("patch")
    if not isinstance(patch, dict) or not isinstance(patch.get("$set"), dict) or not patch["$set"]:
        raise bad_request('The body must be {"patch": {"$set": {...}}} with at least one field.')
    reject_unknown_fields(patch, ["$set"], where="patch")
    values = patch["$set"]
    reject_unknown_fields(values, [*APP_LIST_FIELDS, *APP_TEXT_FIELDS], where="patch.$set")
    changes = {
        APP_LIST_FIELDS[name]: _string_list(values, name) for name in APP_LIST_FIELDS if name in values
    }
    changes |= {
        APP_TEXT_FIELDS[name]: _text(values, name, required=True)
        for name in APP_TEXT_FIELDS
        if name in values
    }
    services.application_update(application=app, changes=changes)
    return restli_json(None, status=204)


# atsIntegrations (child app)


def _entity_error(status: int, message: str) -> dict:
    return {"status": status, "message": message}


def _batch_answer(outcomes: dict) -> dict:
    """outcomes: key string -> None (done) or (status, message). Failed keys appear in both maps."""
    results, errors = {}, {}
    for key, failure in outcomes.items():
        if failure is None:
            results[key] = {"status": 204}
        else:
            errors[key] = _entity_error(*failure)
            results[key] = {"status": failure[0], "error": errors[key]}
    return {"results": results, "errors": errors}


@endpoint(*CHILD)
def ats_integrations(request, token):
    allow(request, "GET", "POST")
    if request.method == "POST":
        return _name_integrations(request, token.application)
    finder = request.GET.get("q")
    if finder is not None:
        if finder != "request":
            raise bad_request(f"Unknown finder q={finder}; atsIntegrations takes q=request.")
        return _event(request, token.application)
    keys = parse_ids(request.GET)
    if not keys:
        raise bad_request(
            "Give ids[i].integrationContext, integrationType, tenantType and dataProvider, or q=request."
        )
    integrations = Integration.objects.filter(
        application=token.application, integration_context__in={key.context for key in keys}
    )
    found = {key_of(integration): integration for integration in integrations}
    results, statuses, errors = {}, {}, {}
    for key in keys:
        integration = found.get(key)
        if integration is None:
            errors[str(key)] = _entity_error(404, f"No integration {key} for this application.")
            statuses[str(key)] = 404
        else:
            results[str(key)] = integration.as_restli()
            statuses[str(key)] = 200
    return restli_json({"results": results, "statuses": statuses, "errors": errors})


def key_of(integration: Integration) -> IntegrationKey:
    return IntegrationKey(
        integration.integration_context,
        integration.integration_type,
        integration.tenant_type,
        integration.data_provider,
    )


def _name_integrations(request, app):
    require_method(request, "batch_partial_update")
    keys = parse_ids(request.GET)
    if not keys:
        raise bad_request("Name at least one integration: ids[0].integrationContext=...")
    body = json_body(request)
    reject_unknown_fields(body, ["entities"])
    entities = body.get("entities")
    if not isinstance(entities, dict):
        raise bad_request(
            'The body must be {"entities": {"<key>": {"patch": {"$set": {"integrationName": ...}}}}}.'
        )
    if len(entities) > MAX_BATCH:
        raise bad_request(f"A batch holds at most {MAX_BATCH} entities; this one has {len(entities)}.")
    named = {}  # key string as sent -> (key, name)
    for text, entity in entities.items():
        key = parse_key(text, f"entities[{text!r}]")
        if any(key == other for other, _ in named.values()):
            raise bad_request(f"The key {text!r} appears twice in entities.")
        patch = entity.get("patch") if isinstance(entity, dict) else None
        values = patch.get("$set") if isinstance(patch, dict) else None
        if not isinstance(values, dict) or set(entity) != {"patch"} or set(patch) != {"$set"}:
            raise bad_request(
                f'entities[{text!r}] must be {{"patch": {{"$set": {{"integrationName": ...}}}}}}.'
            )
        reject_unknown_fields(values, ["integrationName"], where=f"entities[{text!r}].patch.$set")
        name = values.get("integrationName")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise bad_request(f"entities[{text!r}]: integrationName must be a string of 1 to 200 characters.")
        named[text] = (key, name.strip())
    if {key for key, _ in named.values()} != set(keys):
        raise bad_request("The keys of entities must be exactly the ids of the request.")
    fault = partner_step_fault()
    if fault == "HTTP_500":
        raise ApiError(500, "Internal Server Error", 500)
    outcomes = {}
    for text, (key, name) in named.items():
        if fault:
            outcomes[text] = (500, "Internal error while updating the integration.")
            continue
        try:
            services.integration_name(application=app, key=key, name=name)
            outcomes[text] = None
        except services.SandboxError as exc:
            outcomes[text] = (404, exc.message)
    return restli_json(_batch_answer(outcomes))


def _event(request, app):
    request_id = request.GET.get("requestId", "")
    if not request_id:
        raise bad_request("requestId is required with q=request.")
    event = Event.objects.filter(event_id=request_id, application=app).first()
    if event is None or event.type != Event.Type.INTEGRATION_STATUS_CHANGE:
        raise not_found(f"No integration event with requestId {request_id} for this application.")
    if event.expires_at <= timezone.now():
        raise not_found(f"The event {request_id} has expired.")
    return restli_json(_paged([{**element, "requestId": event.event_id} for element in event.elements]))


def _configuration_ids(query) -> list[str]:
    """ids=CALLBACK_URL (repeatable) or the Rest.li 2.0 ids=List(CALLBACK_URL,...)."""
    ids = []
    for value in query.getlist("ids"):
        if value.startswith("List(") and value.endswith(")"):
            ids.extend(part for part in value[5:-1].split(",") if part)
        else:
            ids.append(value)
    if not ids:
        raise bad_request("Give the configuration keys: ids=CALLBACK_URL.")
    unknown = [name for name in ids if name not in CONFIGURATION_KEYS]
    if unknown:
        raise bad_request(f"Unknown configuration keys {unknown}; supported: {list(CONFIGURATION_KEYS)}.")
    if len(set(ids)) != len(ids):
        raise bad_request("A configuration key appears twice in ids.")
    return ids


def _configuration_json(integration: Integration, name: str) -> dict:
    return {"configurationValue": {"string": getattr(integration, services.CONFIGURATION_FIELDS[name])}}


@endpoint(*CHILD)
def ats_integration_configurations(request, token, key):
    """Batch update (PUT), batch get (GET) and batch delete (DELETE) of an integration's configuration
    keys, each named by ids=KEY."""
    allow(request, "GET", "PUT", "DELETE")
    integration_key = parse_key(key, "the integration key in the path")
    integration = Integration.objects.filter(
        application=token.application, **integration_key.lookup()
    ).first()
    if integration is None:
        raise not_found(f"No integration {integration_key} for this application: name it first.")
    if request.method == "GET":
        require_method(request, None)
        return _read_configurations(integration, _configuration_ids(request.GET))
    if request.method == "DELETE":
        if request.headers.get("X-RestLi-Method", "").lower() not in ("", "batch_delete"):
            raise bad_request(f"x-restli-method {request.headers['X-RestLi-Method']} is not a delete.")
        return _delete_configurations(integration, _configuration_ids(request.GET))
    require_method(request, "batch_update")
    ids = _configuration_ids(request.GET)
    body = json_body(request)
    reject_unknown_fields(body, ["entities"])
    entities = body.get("entities")
    if not isinstance(entities, dict) or set(entities) != set(ids):
        raise bad_request("entities must hold exactly the configuration keys given in ids.")
    values = {}
    for name, entity in entities.items():
        union = entity.get("configurationValue") if isinstance(entity, dict) else None
        if not isinstance(union, dict) or set(entity) != {"configurationValue"} or set(union) != {"string"}:
            raise bad_request(f'entities.{name} must be {{"configurationValue": {{"string": "..."}}}}.')
        value = union["string"]
        if name == "CALLBACK_URL" and not url_allowed(value):
            raise bad_request(f"CALLBACK_URL {value!r} is not an absolute https URL.")
        if name != "CALLBACK_URL" and value not in VIEWERS_VALUES:
            raise bad_request(f"{name} must be one of {list(VIEWERS_VALUES)}.")
        values[name] = value
    fault = partner_step_fault()
    if fault == "HTTP_500":
        raise ApiError(500, "Internal Server Error", 500)
    if fault:
        return restli_json(
            _batch_answer({name: (500, "Internal error while saving the configuration.") for name in ids})
        )
    services.integration_configure(integration=integration, values=values)
    return restli_json(_batch_answer(dict.fromkeys(ids)))


def _read_configurations(integration: Integration, ids: list[str]):
    results, statuses, errors = {}, {}, {}
    for name in ids:
        if getattr(integration, services.CONFIGURATION_FIELDS[name]):
            results[name] = _configuration_json(integration, name)
            statuses[name] = 200
        else:
            errors[name] = _entity_error(404, f"{name} is not configured for {key_of(integration)}.")
            statuses[name] = 404
    return restli_json({"results": results, "statuses": statuses, "errors": errors})


def _delete_configurations(integration: Integration, ids: list[str]):
    removed = services.integration_unconfigure(integration=integration, names=ids)
    outcomes = {
        name: None if was_set else (404, f"{name} is not configured for {key_of(integration)}.")
        for name, was_set in removed.items()
    }
    return restli_json(_batch_answer(outcomes))


# The signed-in member (member token)


@endpoint(*MEMBER)
def me(request, token):
    allow(request, "GET")
    member = token.member
    locale = {"country": member.country or "US", "language": "en"}
    return restli_json(
        {
            "id": member.person_id,
            "localizedFirstName": member.first_name,
            "localizedLastName": member.last_name,
            "localizedHeadline": member.headline,
            "vanityName": member.vanity_name,
            "firstName": {"localized": {"en_US": member.first_name}, "preferredLocale": locale},
            "lastName": {"localized": {"en_US": member.last_name}, "preferredLocale": locale},
        }
    )


@endpoint(*MEMBER, protocol=False)
def userinfo(request, token):
    """OpenID Connect's userinfo: not a Rest.li resource, so no protocol header is needed."""
    allow(request, "GET")
    member = token.member
    return restli_json(
        {
            "sub": member.person_id,
            "name": member.name,
            "given_name": member.first_name,
            "family_name": member.last_name,
            "email": member.email,
            "email_verified": bool(member.email),
            "locale": {"country": member.country, "language": "en"},
        }
    )


@endpoint(*MEMBER)
def email_address(request, token):
    allow(request, "GET")
    if request.GET.get("q") != "members":
        raise bad_request("Use the finder q=members.")
    member = token.member
    elements = []
    if member.email:
        elements.append(
            {"handle": f"urn:li:emailAddress:{member.pk}", "handle~": {"emailAddress": member.email}}
        )
    return restli_json({"elements": elements})


@endpoint(*MEMBER)
def recruiter_contracts(request, token):
    allow(request, "GET")
    if request.GET.get("q") != "viewer":
        raise bad_request("Use the finder q=viewer.")
    seats = Seat.objects.filter(member=token.member).select_related("contract__organization")
    return restli_json(
        _paged(
            [
                {
                    "contract": seat.contract.urn,
                    "name": seat.contract.name,
                    "organization": seat.contract.organization.urn,
                    "isAdmin": seat.is_admin,
                }
                for seat in seats
            ]
        )
    )


@csrf_exempt
def unknown_resource(request, path=""):
    """Every other path under api/, whatever the method: LinkedIn's JSON 404 (a write must never meet
    Django's CSRF page, which is not LinkedIn's)."""
    return not_found(f"Resource {request.path} not found.").response()
