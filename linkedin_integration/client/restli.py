"""Rest.li details: compound keys in query strings, paths and bodies, and per-entity batch answers.

The wire form is LinkedIn's Postman collection's (docs/linkedin-contract.md, "Wire form"): Rest.li 1.0
syntax, `ids[0].k=v` in queries and `k1=v1&k2=v2` as keys in paths and bodies, and no
X-RestLi-Protocol-Version header (2.0.0 would announce another key syntax). Build every call with
`query`, `ids_params`, `simple_ids` and `key_string`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote, unquote

from linkedin_integration.client.errors import LinkedInError, error_for_status, unexpected_answer

# Rest.li 1.0 is what a server assumes without the header, and what the collection sends: no header at
# all. Kept (empty) so that code merging it into its headers keeps working.
PROTOCOL_HEADERS: dict[str, str] = {}

Pairs = Sequence[tuple[str, str]]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def encode(value: str) -> str:
    """Percent-encode a value for a query string, a path or a key string. Rest.li 1.0 gives `:` no
    meaning, so URNs stay readable (`urn:li:organization:1`, as the collection writes them); `&`, `=`,
    `/`, `?`, `#`, `%`, spaces and the like are encoded."""
    return quote(str(value), safe=":")


def query(pairs: Iterable[tuple[str, str]]) -> str:
    """A query string whose names stay as written (`ids[0].integrationContext`) and whose values are
    encoded, exactly the shape LinkedIn's documentation shows."""
    return "&".join(f"{name}={encode(value)}" for name, value in pairs)


def ids_params(keys: Sequence[Pairs]) -> list[tuple[str, str]]:
    """`ids[i].<field>=<value>` pairs for a batch of compound keys, in the order given."""
    return [(f"ids[{i}].{name}", value) for i, key in enumerate(keys) for name, value in key]


def simple_ids(values: Iterable[str]) -> list[tuple[str, str]]:
    """`ids=A&ids=B` for a batch of simple keys (configuration keys, note and stage ids)."""
    return [("ids", str(value)) for value in values]


def key_string(key: Pairs) -> str:
    """A compound key as it appears in a batch body's `entities` map and in a path segment:
    `name=value&name=value` with encoded values (the form of LinkedIn's published examples)."""
    return "&".join(f"{name}={encode(value)}" for name, value in key)


def parse_key_string(text: str) -> dict[str, str]:
    """A compound key back into its fields. Accepts the `a=b&c=d` form (values encoded or not) and
    Rest.li 2.0's `(a:b,c:d)`, so an answer keyed either way is understood."""
    text = text.strip()
    fields: dict[str, str] = {}
    if text.startswith("(") and text.endswith(")"):
        parts, separator = text[1:-1].split(","), ":"
    else:
        parts, separator = text.split("&"), "="
    for part in parts:
        name, sep, value = part.partition(separator)
        if not sep or not name:
            raise ValueError(f"not a compound key: {text!r}")
        fields[unquote(name)] = unquote(value)
    return fields


def compound_key_of(from_fields: Callable[[dict[str, str]], K]) -> Callable[[str], K]:
    return lambda raw: from_fields(parse_key_string(raw))


def simple_key(raw: str) -> str:
    return unquote(raw)


@dataclass
class BatchResult(Generic[K, V]):
    """A batch answer split per entity: `ok` holds what succeeded (the entity, or its HTTP status for
    updates), `errors` a LinkedInError for each entity that failed. One failure spoils nothing else."""

    ok: dict[K, V] = field(default_factory=dict)
    errors: dict[K, LinkedInError] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> None:
        """One LinkedInError summing up the failed entities (permanent only if every failure is)."""
        if not self.errors:
            return
        failures = list(self.errors.items())
        message = "; ".join(f"{key}: {error.message}" for key, error in failures)
        retry_ats = [error.retry_at for _, error in failures if error.retry_at]
        statuses = {error.status for _, error in failures}
        raise LinkedInError(
            message,
            statuses.pop() if len(statuses) == 1 else None,
            permanent=all(error.permanent for _, error in failures),
            retry_at=max(retry_ats) if retry_ats else None,
        )


def parse_batch(
    body: Any,
    *,
    requested: Sequence[K],
    key_of: Callable[[str], K],
    now: dt.datetime,
    what: str,
    entity: Callable[[Any], V] | None = None,
) -> BatchResult:
    """Read a Rest.li batch answer `{results: {key: ...}, statuses: {key: int}, errors: {key: {...}}}`.

    `key_of` turns a key as written in the answer into the caller's key (see `compound_key_of`).
    Without `entity` the results are update statuses (`{"status": 204}`); with it they are entities,
    each parsed on its own. A requested key LinkedIn says nothing about is an error for that key.
    """
    if not isinstance(body, dict):
        raise unexpected_answer(what)
    sections = {name: body.get(name) or {} for name in ("results", "statuses", "errors")}
    if not all(isinstance(section, dict) for section in sections.values()):
        raise unexpected_answer(what)
    result: BatchResult = BatchResult()
    wanted = set(requested)

    def keyed(raw: str):
        try:
            key = key_of(raw)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return key if key in wanted else None

    for raw, error in sections["errors"].items():
        if (key := keyed(raw)) is not None:
            result.errors[key] = _entity_error(error, now)
    for raw, status in sections["statuses"].items():
        key = keyed(raw)
        if key is not None and isinstance(status, int) and status >= 400:
            result.errors.setdefault(key, error_for_status(status, None, now=now))
    for raw, value in sections["results"].items():
        key = keyed(raw)
        if key is None or key in result.errors:
            continue
        if entity is None:
            status = value.get("status") if isinstance(value, dict) else None
            if not isinstance(status, int) or isinstance(status, bool):
                result.errors[key] = unexpected_answer(what)
            elif status >= 400:
                result.errors[key] = _entity_error(value, now)
            else:
                result.ok[key] = status
        else:
            try:
                result.ok[key] = entity(value)
            except LinkedInError as exc:
                result.errors[key] = exc
    for key in requested:
        if key not in result.ok and key not in result.errors:
            result.errors[key] = LinkedInError(
                f"LinkedIn's answer to {what} said nothing about this entity", None, permanent=False
            )
    return result


def _entity_error(error: Any, now: dt.datetime) -> LinkedInError:
    status = error.get("status") if isinstance(error, dict) else None
    if not isinstance(status, int) or isinstance(status, bool) or status < 400:
        status = 400
    return error_for_status(status, json.dumps(error) if isinstance(error, dict) else None, now=now)
