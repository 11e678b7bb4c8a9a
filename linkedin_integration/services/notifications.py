"""RSC push notifications: verify, record once, hand over to a task.

The callback's request path does only this (it is benchmarked): the signature check against the child
app's secret, the JSON shape, one INSERT that a replayed id turns into nothing, and a task sent after
commit. Fetching the event from LinkedIn and acting on it happen in the task.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, F, Q, When
from django.db.models.signals import post_save
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration.client import LinkedInClient, LinkedInError
from linkedin_integration.models import LinkedInSettings, PushNotification
from linkedin_integration.services.export import ExportLookups, export_process
from linkedin_integration.services.integrations import audit, rsc_apply_changes

EXPORT = "EXPORT_CANDIDATE_PROFILE"
KNOWN_TYPES = {"INTEGRATION_STATUS_CHANGE", EXPORT}
SIGNATURE_PREFIX = b"hmacsha256="


class BadSignature(DomainError):
    pass


# The child app's secret, decrypted, kept by each process for a short while: reading and decrypting it
# for every push would cost the callback a query. Saving LinkedInSettings clears it in this process;
# other processes pick a new secret up within SECRET_TTL (LinkedIn retries a refused push).
SECRET_TTL = 30.0
_secret_cache: dict = {}


def forget_secret(**kwargs) -> None:
    _secret_cache.clear()


post_save.connect(forget_secret, sender=LinkedInSettings, dispatch_uid="rsc-forget-secret")


def child_secret() -> str:
    cached = _secret_cache.get("secret")
    if cached and cached[1] > time.monotonic():
        return cached[0]
    secret = LinkedInSettings.objects.filter(pk=1).values_list("app_client_secret", flat=True).first()
    if not secret:
        raise BadSignature("LinkedIn is not connected: no app secret to check signatures with.")
    _secret_cache["secret"] = (secret, time.monotonic() + SECRET_TTL)
    return secret


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), SIGNATURE_PREFIX + body, hashlib.sha256).hexdigest()


def challenge_answer(code: str) -> str:
    return hmac.new(child_secret().encode(), code.encode(), hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None) -> None:
    if not signature:
        raise BadSignature("X-LI-Signature is missing.")
    # compare_digest refuses str with non-ASCII characters (it raises): compare bytes, which any header
    # value encodes to, so a stranger's junk is a mismatch like any other.
    given = signature.strip().lower().encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(sign(child_secret(), body).encode(), given):
        raise BadSignature("X-LI-Signature does not match the body.")


@dataclass
class Received:
    pk: int | None  # the stored push; None for a replayed id
    duplicate: bool


# The latest instant a DateTimeField holds (9999-12-31T23:59:59.999Z), in epoch milliseconds.
LATEST_EXPIRY_MS = 253402300799999


def _storable(text: str) -> bool:
    """Text every database stores as given: no NUL (PostgreSQL refuses it) and no lone surrogate
    (it has no UTF-8 form)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except RecursionError:
        raise DomainError("The body is nested too deeply to be a push notification.") from None
    except (ValueError, UnicodeDecodeError):
        raise DomainError("The body is not JSON.") from None
    if not isinstance(data, dict):
        raise DomainError("The body must be a JSON object.")
    notification_id, kind = data.get("id"), data.get("type")
    if isinstance(notification_id, bool) or not isinstance(notification_id, str | int):
        raise DomainError("The notification has no id.")
    notification_id = str(notification_id)[:200]
    if not notification_id.strip():
        raise DomainError("The notification has no id.")
    if not _storable(notification_id):
        raise DomainError(
            "The notification id holds characters that cannot be stored (NUL or a lone surrogate)."
        )
    if not isinstance(kind, str) or not kind:
        raise DomainError("The notification has no type.")
    if kind not in KNOWN_TYPES:
        raise DomainError(f"Unknown notification type {kind[:60]!r}.")
    expires = data.get("expiresAt")
    if expires is not None and (isinstance(expires, bool) or not isinstance(expires, int)):
        raise DomainError("expiresAt must be epoch milliseconds.")
    if expires is not None and not 0 <= expires <= LATEST_EXPIRY_MS:
        raise DomainError(f"expiresAt must be epoch milliseconds between 0 and {LATEST_EXPIRY_MS}.")
    return {"id": notification_id, "type": kind, "expiresAt": expires}


def notification_receive(*, body: bytes, signature: str | None, enqueue) -> Received:
    """Verify and record a push; `enqueue(pk, type)` runs after commit, only for a notification seen
    first."""
    verify(body, signature)
    data = parse(body)
    expires_at = datetime.fromtimestamp(data["expiresAt"] / 1000, tz=UTC) if data["expiresAt"] else None
    pk = _insert_once(
        PushNotification(notification_id=data["id"], type=data["type"], expires_at=expires_at, payload=data)
    )
    if pk is None:
        return Received(pk=None, duplicate=True)
    # Sent once the row is committed (at once in autocommit): the task always finds it.
    transaction.on_commit(lambda: enqueue(pk, data["type"]))
    return Received(pk=pk, duplicate=False)


def _insert_once(push: PushNotification) -> int | None:
    """Store an unsaved push with one INSERT ... ON CONFLICT DO NOTHING (committed on its own in
    autocommit): the new row's pk, or None when its id is already stored, including by a concurrent
    delivery that committed first (one that rolled back lets this one in). The callback's hot path,
    so written without the ORM's save; every column is the model's, with its defaults."""
    meta = PushNotification._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.local_concrete_fields if not field.primary_key]
    params = [field.get_db_prep_save(field.pre_save(push, True), connection) for field in fields]
    returning = connection.features.can_return_columns_from_insert
    columns = ", ".join(quote(field.column) for field in fields)
    # Only the model's own table and column names are put in the text; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(meta.get_field('notification_id').column)}) DO NOTHING"
        + (f" RETURNING {quote(meta.pk.column)}" if returning else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            row = cursor.fetchone()
            return row[0] if row else None
        if cursor.rowcount != 1:  # SQLite before 3.35 has no RETURNING: the new row is read back
            return None
    return PushNotification.objects.values_list("pk", flat=True).get(notification_id=push.notification_id)


# A push being processed is leased to one worker for this long (processed_at holds the lease's start
# while the status is still RECEIVED); a worker that died mid-way leaves it to the next drain after that.
LEASE = timedelta(minutes=5)


def _unleased(now) -> Q:
    """Pushes no worker holds: never claimed, or claimed by one whose lease has run out."""
    return Q(processed_at__isnull=True) | Q(processed_at__lt=now - LEASE)


def _claim(notification: PushNotification) -> bool:
    """Take the push for this worker: a conditional UPDATE, so two drains never both process it."""
    now = timezone.now()
    claimed = (
        PushNotification.objects.filter(pk=notification.pk, status=PushNotification.Status.RECEIVED)
        .filter(_unleased(now))
        .update(processed_at=now, attempts=F("attempts") + 1)
    )
    if claimed:
        notification.processed_at, notification.attempts = now, notification.attempts + 1
    return bool(claimed)


def export_pushes_claim(*, first: int, limit: int) -> list[PushNotification]:
    """Take the export push `first` and up to `limit - 1` other export pushes waiting, oldest first, in
    one short transaction: rows another worker holds are skipped (SKIP LOCKED), and each taken row is
    leased as _claim leases one. A burst of exports is then settled by a few tasks, each reading the
    installation, the jobs and the exporters once for its batch, instead of by one task per push."""
    now = timezone.now()
    waiting = PushNotification.objects.filter(type=EXPORT, status=PushNotification.Status.RECEIVED).filter(
        _unleased(now)
    )
    with transaction.atomic():
        taken = list(
            waiting.select_for_update(skip_locked=True)
            .order_by(Case(When(pk=first, then=0), default=1), "received_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not taken:
            return []
        PushNotification.objects.filter(pk__in=taken).update(processed_at=now, attempts=F("attempts") + 1)
    return list(PushNotification.objects.filter(pk__in=taken).order_by("received_at", "pk"))


def export_pushes_process(*, pushes: list[PushNotification], client=None) -> None:
    """Settle claimed export pushes one after the other, with one client and one set of look-ups. LinkedIn
    down or throttling: that push and those after it are released for the drain's retries, and the error
    is raised; a push LinkedIn refuses for good is failed and the others go on."""
    client = client or LinkedInClient()
    lookups = ExportLookups()
    for index, push in enumerate(pushes):
        try:
            _export_one(push, client, lookups)
        except LinkedInError:
            released = [later.pk for later in pushes[index + 1 :]]
            PushNotification.objects.filter(pk__in=released).update(processed_at=None)
            raise


def notification_process(*, notification: PushNotification, client=None) -> PushNotification:
    """Fetch the event behind a notification and act on it, once. LinkedIn errors that may pass (5xx,
    429) release the push and are raised for the task to retry; permanent ones mark it failed."""
    if notification.status != PushNotification.Status.RECEIVED or not _claim(notification):
        return notification
    client = client or LinkedInClient()
    if notification.type == EXPORT:
        return _export_one(notification, client, ExportLookups())
    try:
        changes = client.integration_changes(notification.notification_id)
        rsc_apply_changes(changes=changes)
        notification.status = PushNotification.Status.PROCESSED
    except LinkedInError as exc:
        _failed(notification, exc)
    return _done(notification)


def _export_one(notification: PushNotification, client, lookups: ExportLookups) -> PushNotification:
    try:
        export_process(notification=notification, client=client, lookups=lookups)
        notification.status = PushNotification.Status.PROCESSED
    except LinkedInError as exc:
        _failed(notification, exc)
    return _done(notification)


def _failed(notification: PushNotification, exc: LinkedInError) -> None:
    """A LinkedIn error that may pass (5xx, 429) releases the push and is raised for the task to retry;
    a permanent one marks it failed."""
    notification.error = exc.answer
    if not exc.permanent:
        notification.processed_at = None  # released for the next try
        notification.save(update_fields=["error", "processed_at"])
        raise exc
    notification.status = PushNotification.Status.FAILED
    audit(actor=None, action="LinkedIn push failed", detail=notification.type, answer=exc.answer, ok=False)


def _done(notification: PushNotification) -> PushNotification:
    notification.processed_at = timezone.now()
    notification.save(update_fields=["error", "status", "processed_at"])
    return notification
