"""The strict server's manners: LinkedIn-shaped errors, bearer-token checks, the Rest.li wire form,
compound keys, and the fault controls, applied to every API call by the `endpoint` decorator.

The wire form is LinkedIn's Postman collection's: Rest.li 1.0 (no X-RestLi-Protocol-Version header,
`ids[0].k=v` in queries, `k1=v1&k2=v2` as keys in paths and bodies). A request announcing 2.0.0 while
writing 1.0 keys, or writing 2.0 keys (`List(...)`, `(k:v)`) without announcing 2.0.0, is refused: a
Rest.li server reads keys by the announced version, so a mix means the wrong entities."""

import functools
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.conf import settings
from django.db.models import F
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from linkedin_sandbox.models import (
    CONTRACT_TYPES,
    CONTRACT_URN,
    ORGANIZATION_URN,
    ApiCall,
    FaultControl,
    Integration,
    IntegrationType,
    Token,
)

PROTOCOL_VERSION = "1.0.0"
PROTOCOL_VERSION_2 = "2.0.0"
MAX_BATCH = 100
KEY_FIELDS = ("integrationContext", "integrationType", "tenantType", "dataProvider")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "testserver"}
CONTEXT_PATTERN = re.compile(r"^urn:li:(organization|contract):\d{1,18}$")
# ASCII digits, and few of them: a batch holds at most MAX_BATCH entities, so a longer index is a 400
# (an unbounded one made int() fail on thousands of digits).
IDS_PARAM = re.compile(r"^ids\[([0-9]{1,3})\]\.(\w+)$")
URN_NUMBER_DIGITS = 18
MAX_START = 10**6
API_CALLS_KEPT = 500

# serviceErrorCode values the sandbox answers with (LinkedIn's public error pages use these numbers).
INVALID_REQUEST = 100
UNAUTHENTICATED = 65600
EXPIRED_TOKEN = 65601
FORBIDDEN = 100
NOT_FOUND = 404
THROTTLED = 101
SERVER_ERROR = 500


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code

    def as_dict(self) -> dict:
        body = {"message": self.message, "status": self.status}
        if self.code is not None:
            body["serviceErrorCode"] = self.code
        return body

    def response(self) -> JsonResponse:
        return restli_json(self.as_dict(), status=self.status)


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, INVALID_REQUEST)


def not_found(message: str) -> ApiError:
    return ApiError(404, message, NOT_FOUND)


def restli_json(data, status=200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False)
    response["X-RestLi-Protocol-Version"] = PROTOCOL_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def consume(field: str) -> bool:
    """Take one from a fault counter; a conditional UPDATE, so concurrent calls never take the same one."""
    return bool(FaultControl.objects.filter(pk=1, **{f"{field}__gt": 0}).update(**{field: F(field) - 1}))


def raise_for_faults():
    if consume("throttle_next"):
        raise ApiError(
            429,
            "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
            THROTTLED,
        )
    if consume("server_error_next"):
        raise ApiError(500, "Internal Server Error", SERVER_ERROR)


def partner_step_fault() -> str:
    """'' when the partner-side step may go ahead, else the configured way for it to fail."""
    if not consume("partner_step_failures"):
        return ""
    return FaultControl.objects.values_list("partner_step_mode", flat=True).get(pk=1)


def bearer_token(request) -> Token:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise ApiError(401, "Empty oauth2 access token", UNAUTHENTICATED)
    token = Token.objects.for_raw(raw.strip())
    if token is None:
        raise ApiError(401, "Invalid access token", UNAUTHENTICATED)
    if token.expired:
        raise ApiError(401, "The token used in the request has expired", EXPIRED_TOKEN)
    return token


def require_kind(token: Token, kinds):
    if token.kind not in kinds:
        wanted = " or ".join(Token.Kind(kind).label for kind in kinds)
        raise ApiError(
            403, f"Not enough permissions to access this resource: it needs a {wanted} token.", FORBIDDEN
        )


def _key_syntaxes(request, body_keys) -> set[str]:
    """Which Rest.li versions' key syntax the request writes: "1" for `ids[i].k=v` and `k=v&...` keys,
    "2" for `ids=List(...)` and `(k:v,...)` keys. Simple keys (`ids=CALLBACK_URL`) belong to both."""
    found = set()
    for name, values in request.GET.lists():
        if IDS_PARAM.match(name):
            found.add("1")
        elif name == "ids" and any(value.startswith(("List(", "(")) for value in values):
            found.add("2")
    for text in [*request.path.split("/"), *body_keys]:
        text = unquote(text)
        if text.startswith("(") and text.endswith(")") and ":" in text:
            found.add("2")
        elif "=" in text:
            found.add("1")
    return found


def _body_keys(request) -> list[str]:
    """The keys of a batch body's `entities`, if the body is one (anything else is the view's to judge)."""
    if not request.body or request.content_type not in JSON_CONTENT_TYPES:
        return []
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        return []
    entities = body.get("entities") if isinstance(body, dict) else None
    return list(entities) if isinstance(entities, dict) else []


def require_wire_form(request):
    """Rest.li 1.0 as the collection writes it; the 2.0.0 header only with 2.0 keys (never a mix)."""
    version = request.headers.get("X-RestLi-Protocol-Version")
    if version not in (None, PROTOCOL_VERSION, PROTOCOL_VERSION_2):
        raise bad_request(f"Unsupported X-RestLi-Protocol-Version {version}.")
    syntaxes = _key_syntaxes(request, _body_keys(request))
    if version == PROTOCOL_VERSION_2 and "1" in syntaxes:
        raise bad_request(
            "The request announces X-RestLi-Protocol-Version 2.0.0 but writes Rest.li 1.0 keys "
            "(ids[0].k=v or k1=v1&k2=v2); 2.0.0 keys are written ids=List((k:v,...)) and (k:v,...)."
        )
    if version != PROTOCOL_VERSION_2 and "2" in syntaxes:
        raise bad_request(
            "The request writes Rest.li 2.0 keys (List(...) or (k:v,...)) without announcing "
            "X-RestLi-Protocol-Version 2.0.0; Rest.li 1.0 keys are written ids[0].k=v and k1=v1&k2=v2."
        )


# Kept for the views and tests that name it: the check is now the wire form's, not a required header.
require_protocol = require_wire_form


def require_method(request, expected: str | None):
    """The x-restli-method header, compared case-insensitively; None means it must be absent or CREATE."""
    method = request.headers.get("X-RestLi-Method", "")
    if expected is None:
        if method and method.lower() != "create":
            raise bad_request(f"x-restli-method {method} is not supported on this resource.")
        return
    if method.lower() != expected:
        raise bad_request(
            f"Header x-restli-method must be {expected} for this call (got {method or 'nothing'})."
        )


# Postman sends a raw body without a declared language as text/plain (the collection's provisioned app
# updates do) and LinkedIn reads it as JSON; a request with no Content-Type is read the same way.
# (assumption: LinkedIn publishes no rule on the media types it reads as JSON; these are what it is
# seen to accept.)
JSON_CONTENT_TYPES = ("application/json", "text/plain", "")


def json_body(request) -> dict:
    if request.content_type not in JSON_CONTENT_TYPES:
        raise bad_request(
            f"The request body must be JSON (Content-Type: application/json), not {request.content_type}."
        )
    try:
        body = json.loads(request.body or b"null")
    except ValueError as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}") from exc
    except RecursionError:
        # Python's parser gives up on very deep nesting; LinkedIn's reads no such body either.
        raise bad_request("The request body is not valid JSON: it is nested too deeply.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    if _holds_nul(body):
        raise bad_request(NUL_MESSAGE)
    return body


# A NUL character is valid JSON, but no database text column holds one (PostgreSQL refuses it), so a body
# holding one is refused up front (attract.security refuses it in the address). (assumption: LinkedIn's
# answer to it is not published.)
NUL_MESSAGE = "The request holds a NUL character (\\u0000), which no field may contain."


def _holds_nul(value) -> bool:
    """Whether any string in a parsed JSON value (keys included) holds a NUL; iterative, as the value
    may be nested nearly as deep as the parser allows."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def reject_unknown_fields(data: dict, allowed, where="REQUEST_BODY"):
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise bad_request(f"Unpermitted fields present in {where}: {unknown}")


def url_allowed(url: str) -> bool:
    """Absolute http(s) URL; plain http only on loopback or this installation's own host."""
    if not isinstance(url, str) or len(url) > 500 or any(ch.isspace() for ch in url):
        return False
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return not parts.fragment
    own_host = urlsplit(settings.SITE_URL).hostname
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS | {own_host} and not parts.fragment


@dataclass(frozen=True)
class IntegrationKey:
    context: str
    type: str
    tenant_type: str
    data_provider: str

    def __str__(self):
        values = (self.context, self.type, self.tenant_type, self.data_provider)
        return "&".join(f"{name}={value}" for name, value in zip(KEY_FIELDS, values, strict=True))

    def lookup(self) -> dict:
        return {
            "integration_context": self.context,
            "integration_type": self.type,
            "tenant_type": self.tenant_type,
            "data_provider": self.data_provider,
        }

    @classmethod
    def from_fields(cls, fields: dict, where: str) -> "IntegrationKey":
        missing = [name for name in KEY_FIELDS if not fields.get(name)]
        if missing:
            raise bad_request(f"{where}: {', '.join(missing)} missing from the integration key.")
        reject_unknown_fields(fields, KEY_FIELDS, where=f"the key {where}")
        key = cls(
            fields["integrationContext"],
            fields["integrationType"],
            fields["tenantType"],
            fields["dataProvider"],
        )
        key.validate(where)
        return key

    def validate(self, where: str):
        if self.type not in IntegrationType.values:
            raise bad_request(f"{where}: integrationType {self.type} is not one of {IntegrationType.values}.")
        if self.tenant_type not in Integration.TenantType.values:
            raise bad_request(
                f"{where}: tenantType {self.tenant_type} is not one of {Integration.TenantType.values}."
            )
        if self.data_provider not in Integration.DataProvider.values:
            raise bad_request(
                f"{where}: dataProvider {self.data_provider} is not one of {Integration.DataProvider.values}."
            )
        if not CONTEXT_PATTERN.match(self.context):
            raise bad_request(
                f"{where}: integrationContext {self.context} is not an organization or contract URN."
            )
        wanted = CONTRACT_URN if self.type in CONTRACT_TYPES else ORGANIZATION_URN
        if not self.context.startswith(wanted):
            raise bad_request(f"{where}: {self.type} takes an integrationContext of the form {wanted}N.")


def parse_key(text: str, where: str) -> IntegrationKey:
    """A compound key as a string: `integrationContext=urn:li:...&integrationType=...` (LinkedIn's
    documented form, values plain or percent-encoded) or Rest.li 2.0's `(integrationContext:urn%3A...)`."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        pairs = []
        for part in text[1:-1].split(","):
            name, sep, value = part.partition(":")
            if not sep:
                raise bad_request(f"{where}: {text!r} is not a compound key.")
            pairs.append((name, unquote(value)))
    else:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
        except ValueError as exc:
            raise bad_request(f"{where}: {text!r} is not a compound key.") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise bad_request(f"{where}: a field appears twice in {text!r}.")
    return IntegrationKey.from_fields(fields, where)


def compound_ids(query, key_of, *, required: str = "", only_ids: bool = False) -> list:
    """`ids[i].k1=v1&ids[i].k2=v2` -> the keys in index order, each made by key_of(fields, where).

    Indexes run from 0 without gaps and a batch holds at most MAX_BATCH; no ids is a 400 saying
    `required` when it is given, else an empty list. With only_ids, any other parameter is a 400."""
    by_index: dict[int, dict] = {}
    for name in query:
        match = IDS_PARAM.match(name)
        if not match:
            if only_ids or name.startswith("ids"):
                raise bad_request(f"Query parameter {name[:100]} is not of the form ids[i].field.")
            continue
        values = query.getlist(name)
        if len(values) != 1:
            raise bad_request(f"Query parameter {name} is given {len(values)} times.")
        by_index.setdefault(int(match[1]), {})[match[2]] = values[0]
    if not by_index and required:
        raise bad_request(required)
    if len(by_index) > MAX_BATCH:
        raise bad_request(f"A batch holds at most {MAX_BATCH} entities; this one has {len(by_index)}.")
    if sorted(by_index) != list(range(len(by_index))):
        raise bad_request("The ids[i] indexes must run from 0 without gaps.")
    keys = [key_of(by_index[i], f"ids[{i}]") for i in range(len(by_index))]
    if len(set(keys)) != len(keys):
        raise bad_request("The same key appears twice in ids.")
    return keys


def parse_ids(query) -> list[IntegrationKey]:
    """`ids[i].integrationContext=..&ids[i].integrationType=..` -> integration keys in index order."""
    return compound_ids(query, IntegrationKey.from_fields)


def key_string(key: tuple[str, ...], names) -> str:
    """A compound key's values, in the order of `names`, as Rest.li 1.0 writes it: `k1=v1&k2=v2`."""
    return "&".join(f"{name}={value}" for name, value in zip(names, key, strict=True))


# Numbers in queries and URNs: ASCII digits only ("²" and "٣" pass str.isdigit() yet are no number a
# client sends) and bounded, so int() always succeeds and the database never sees an out-of-range value.


def ascii_number(raw: str, max_digits: int = URN_NUMBER_DIGITS) -> int | None:
    """The non-negative integer `raw` writes in at most max_digits ASCII digits, else None."""
    if not isinstance(raw, str) or not 1 <= len(raw) <= max_digits or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def urn_number(urn: str, prefix: str) -> int | None:
    """N of `{prefix}N` (urn:li:contract:N, urn:li:seat:N, ...), else None."""
    if not isinstance(urn, str) or not urn.startswith(prefix):
        return None
    return ascii_number(urn.removeprefix(prefix))


def query_integer(query, name: str, *, default: int | None = None, maximum: int = MAX_START) -> int:
    """A non-negative integer query parameter of at most `maximum`; missing or empty gives `default`
    (None: the parameter is required). Anything else is a 400."""
    raw = query.get(name, "")
    if raw == "":
        if default is None:
            raise bad_request(f"{name} is required.")
        return default
    value = ascii_number(raw, len(str(maximum)))
    if value is None or value > maximum:
        raise bad_request(f"{name} must be an integer from 0 to {maximum} (got {raw[:40]!r}).")
    return value


def paging(query, *, default_count: int, max_count: int, start_required: bool = False) -> tuple[int, int]:
    """A finder's start and count: start from 0 to MAX_START (sandbox assumption: LinkedIn publishes no
    bound; an unbounded one overflowed the database's OFFSET), count from 1 to max_count."""
    start = query_integer(query, "start", default=None if start_required else 0)
    count = query_integer(query, "count", default=default_count)
    if not 1 <= count <= max_count:
        raise bad_request(f"count must be between 1 and {max_count}.")
    return start, count


def log_call(request, status: int, *, client_id: str = "", message: str = ""):
    call = ApiCall.objects.create(
        method=request.method,
        path=unquote(request.get_full_path())[:1000],
        status=status,
        client_id=client_id,
        message=message[:300],
    )
    if call.pk % 100 == 0:
        ApiCall.objects.filter(pk__lte=call.pk - API_CALLS_KEPT).delete()


def endpoint(*kinds, protocol=True):
    """An API view: faults first, then the bearer token of one of `kinds`, then the wire form (unless
    `protocol` is False: a resource outside Rest.li, such as OpenID's userinfo).

    The view is called as view(request, token, ...) and may raise ApiError; every answer is logged."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = None
            try:
                raise_for_faults()
                token = bearer_token(request)
                require_kind(token, kinds)
                if protocol:
                    require_wire_form(request)
                response = view(request, token, *args, **kwargs)
                log_call(request, response.status_code, client_id=token.application.client_id)
            except ApiError as exc:
                response = exc.response()
                client_id = token.application.client_id if token else ""
                log_call(request, exc.status, client_id=client_id, message=exc.message)
            return response

        return wrapper

    return decorate


def allow(request, *methods):
    if request.method not in methods:
        raise ApiError(405, f"Method {request.method} is not allowed here; use {' or '.join(methods)}.")
