"""The In-ATS push: per kind, claim the resource (a lease), read the next batch past its cursor, send it
(outside any transaction), and only then, in a short transaction, move the cursor past what LinkedIn
answered (accepted or refused with its message), if the lease is still ours.

Why a late commit is never skipped: rows are read only up to a horizon, `now - LINKEDIN_SYNC_SAFETY_SECONDS`,
and on PostgreSQL no later than the start of the oldest transaction still writing (pg_stat_activity):
a row stamped before the horizon belongs to a transaction that had committed when the batch was read,
so a cursor past it can skip nothing. (The app role must see its own sessions in pg_stat_activity, as
it does by default. On SQLite, writers are serialised and the safety margin covers the rest.)

Why a batch is never sent twice at once: a run sends a kind only while it holds that kind's lease
(a conditional UPDATE); a worker killed mid-batch leaves the lease to expire and the cursor where it
was, so the next run resends at most that batch, which is harmless (updates are full replaces).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from linkedin_integration.client import LinkedInClient, LinkedInError
from linkedin_integration.models import (
    LinkedInSettings,
    SyncedCandidate,
    SyncedJob,
    SyncRefusal,
    SyncResource,
)
from linkedin_integration.services.integrations import rsc_enabled
from linkedin_integration.services.sync.streams import BY_KIND, STREAMS, Outcome, Stream

log = logging.getLogger(__name__)
BATCH = 100
Kind = SyncResource.Kind
MAX_BACKOFF = dt.timedelta(hours=1)


@dataclass
class KindReport:
    sent: int = 0
    accepted: int = 0
    refused: int = 0
    calls_before: int = 0
    skipped: str = ""


@dataclass
class SyncReport:
    stopped: str = ""
    kinds: dict[str, KindReport] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return sum(report.sent for report in self.kinds.values())


def sync_stopped_reason() -> str:
    """'' when the sync may run, else why not (shown on the Admin center tab)."""
    row = LinkedInSettings.objects.filter(pk=1).first()
    if row is None or not row.is_connected or not row.organization_urn:
        return "LinkedIn is not connected."
    if not rsc_enabled():
        return "No Recruiter System Connect level is Enabled."
    return ""


def _context() -> str:
    return LinkedInSettings.objects.values_list("organization_urn", flat=True).get(pk=1)


def sync_horizon(now: dt.datetime) -> dt.datetime:
    """Rows changed before this instant are committed (see the module's docstring)."""
    margin = dt.timedelta(seconds=settings.LINKEDIN_SYNC_SAFETY_SECONDS)
    horizon = now - margin
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid() AND datname = current_database()"
            )
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            horizon = min(horizon, oldest - margin)
    return horizon


def _backfill_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.LINKEDIN_SYNC_BACKFILL_DAYS)


def _past_cursor(model, field_name: str, at: dt.datetime, pk: int) -> RawSQL:
    """(time, id) > (cursor's time, cursor's id), written as a row comparison: both databases read it
    as one range of the (time, id) index, where the equivalent `time > t OR (time = t AND id > i)` reads
    every row stamped `t` again for each batch (a backfill, or a bulk stamp, gives thousands the same
    time, and the read grew with the table)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field_name).column)
    key = connection.ops.quote_name(model._meta.pk.column)
    value = model._meta.get_field(field_name).get_db_prep_value(at, connection)
    # Names from the model's metadata, quoted; the values are parameters.
    sql = f"({table}.{column}, {table}.{key}) > (%s, %s)"
    return RawSQL(sql, (value, pk), output_field=BooleanField())  # noqa: S611


def sync_resources(context: str, now: dt.datetime, *, restart: bool = False) -> dict[str, SyncResource]:
    """The resource row of every kind, starting a backfill for any whose cursor belongs to another
    organization (first Enabled, a connection to another organization) or for all on `restart`."""
    found = {row.kind: row for row in SyncResource.objects.all()}
    missing = [SyncResource(kind=kind) for kind in Kind.values if kind not in found]
    if missing:
        SyncResource.objects.bulk_create(missing, ignore_conflicts=True)
        found = {row.kind: row for row in SyncResource.objects.all()}
    stale = [row for row in found.values() if restart or row.organization_urn != context]
    if stale:
        with transaction.atomic():
            if restart or any(row.kind == Kind.CANDIDATES for row in stale):
                SyncedCandidate.objects.all().delete()
            for row in stale:
                stream = BY_KIND[row.kind]
                start = _backfill_start(now)
                total = stream.rows().filter(**{f"{stream.time_field}__gt": start}).count()
                SyncRefusal.objects.filter(kind=row.kind).delete()
                SyncResource.objects.filter(pk=row.pk).update(
                    organization_urn=context,
                    cursor_at=start,
                    cursor_id=0,
                    backfill_until=now,
                    backfill_total=total,
                    backfill_sent=0,
                    backfill_done_at=None,
                    paused_until=None,
                    pause_reason="",
                    failures=0,
                    caught_up_at=None,
                )
        found = {row.kind: row for row in SyncResource.objects.all()}
    return found


def sync_push(
    *,
    client: LinkedInClient | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], dt.datetime] = timezone.now,
    progress: Callable[[str, SyncResource, int], None] | None = None,
    kinds: list[str] | None = None,
) -> SyncReport:
    """Send what changed to LinkedIn, kind by kind in dependency order. Never inside a transaction."""
    if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        raise RuntimeError("sync_push calls LinkedIn: it must not run inside a transaction")
    report = SyncReport()
    report.stopped = sync_stopped_reason()
    if report.stopped:
        return report
    client = client or LinkedInClient()
    context = _context()
    now = clock()
    resources = sync_resources(context, now)
    horizon = sync_horizon(now)
    owner = uuid.uuid4().hex
    reached: dict[str, dt.datetime | None] = {}
    for stream in STREAMS:
        if kinds and stream.kind not in kinds:
            continue
        kind_report = report.kinds.setdefault(stream.kind, KindReport())
        limit = horizon
        for parent in stream.depends_on:
            parent_reach = reached.get(parent, _reach(resources[parent]))
            limit = min(limit, parent_reach) if parent_reach else None
            if limit is None:
                break
        if limit is None:
            kind_report.skipped = "waiting for " + ", ".join(stream.depends_on)
            reached[stream.kind] = _reach(resources[stream.kind])
            continue
        pusher = _KindPush(stream, client, context, owner, limit, sleep, clock, progress, kind_report)
        reached[stream.kind] = pusher.run()
        if stream.kind == Kind.JOBS:
            _check_job_tasks(client, clock)
    return report


def _reach(resource: SyncResource) -> dt.datetime | None:
    """How far a kind is known complete: rows stamped before this were all handled."""
    known = [value for value in (resource.caught_up_at, resource.cursor_at) if value is not None]
    return max(known) if known else None


class _KindPush:
    def __init__(self, stream: Stream, client, context, owner, horizon, sleep, clock, progress, report):
        self.stream, self.client, self.context, self.owner = stream, client, context, owner
        self.horizon, self.sleep, self.clock, self.progress, self.report = (
            horizon,
            sleep,
            clock,
            progress,
            report,
        )
        self.lease = dt.timedelta(seconds=settings.LINKEDIN_SYNC_LEASE_SECONDS)

    def _mine(self):
        return SyncResource.objects.filter(kind=self.stream.kind, lease_owner=self.owner)

    def run(self) -> dt.datetime | None:
        now = self.clock()
        claimed = (
            SyncResource.objects.filter(kind=self.stream.kind)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .filter(Q(paused_until__isnull=True) | Q(paused_until__lte=now))
            .update(lease_owner=self.owner, lease_until=now + self.lease)
        )
        resource = SyncResource.objects.filter(kind=self.stream.kind).first()
        if resource is None:  # removed meanwhile (a database flushed under a running worker)
            return None
        if not claimed:
            self.report.skipped = (
                "paused" if resource.paused_until and resource.paused_until > now else "busy"
            )
            return _reach(resource)
        try:
            self._retry_requested(resource)
            while self._batch(resource):
                resource = SyncResource.objects.get(kind=self.stream.kind)
            resource = SyncResource.objects.filter(kind=self.stream.kind).first()
            return _reach(resource) if resource else None
        finally:
            self._mine().update(lease_owner="", lease_until=None)

    def _read(self, resource: SyncResource) -> tuple[list, tuple, bool]:
        """The next batch: up to BATCH rows this kind sends, in (time, id) order past the cursor; where
        the cursor moves once the batch is answered; and whether the read reached the horizon.

        Keys come from the kind's own table alone, at most BATCH at a time, as one range of its (time,
        id) index; then the rows among them the kind sends, with its joins and exclusions. So the
        database never joins or sorts more than a batch of keys, whatever its planner estimates (rows
        sharing one time, as after a backfill or a bulk stamp, made it join and sort every row past the
        cursor for each batch), and rows the kind skips (an application in Prospect, a note of a removed
        candidate) are passed over once, not read again by each batch."""
        stream, field_name = self.stream, self.stream.time_field
        keys_of = stream.keys()
        at, pk = resource.cursor_at, resource.cursor_id
        batch: list = []
        while True:
            keys = list(
                keys_of.filter(_past_cursor(keys_of.model, field_name, at, pk))
                .filter(**{f"{field_name}__lt": self.horizon})
                .order_by(field_name, "pk")
                .values_list(field_name, "pk")[:BATCH]
            )
            found = stream.rows().in_bulk([key for _, key in keys]) if keys else {}
            for at, pk in keys:
                if pk in found:
                    batch.append(found[pk])
                    if len(batch) == BATCH:
                        return batch, (at, pk), False
            if len(keys) < BATCH:
                return batch, (at, pk), True

    def _batch(self, resource: SyncResource) -> bool:
        """Send one batch; True when another may follow."""
        if not rsc_enabled():
            self.report.skipped = "stopped"
            return False
        rows, cursor, reached = self._read(resource)
        if not rows:
            # Nothing to send up to the horizon; the cursor moves past the rows the kind skipped.
            moved = {"cursor_at": cursor[0], "cursor_id": cursor[1]}
            self._mine().update(caught_up_at=self.horizon, **moved, **self._backfill_done(resource))
            return False
        self._pace(resource)
        outcome = self._send(rows)
        if outcome is None:
            return False
        # A read that reached the horizon leaves the kind caught up to it.
        if not self._record(resource, rows, outcome, cursor=cursor, caught_up=reached):
            log.warning("LinkedIn sync: lost the lease of %s; another run carries on", self.stream.kind)
            return False
        return not reached

    def _send(self, rows) -> Outcome | None:
        """LinkedIn's answer, or None when the resource is paused (throttled, LinkedIn down)."""
        self.report.sent += len(rows)
        try:
            return self.stream.send(self.client, self.context, rows)
        except LinkedInError as exc:
            self._pause(exc)
            return None

    def _pause(self, exc: LinkedInError) -> None:
        now = self.clock()
        resource = SyncResource.objects.get(kind=self.stream.kind)
        failures = resource.failures + 1
        if exc.status == 429:
            wait = dt.timedelta(
                seconds=settings.LINKEDIN_SYNC_THROTTLE_PAUSE_SECONDS * 2 ** min(failures - 1, 6)
            )
            until = min(now + wait, exc.retry_at) if exc.retry_at and exc.retry_at > now else now + wait
            reason = f"LinkedIn is throttling: {exc.message}"
        else:
            wait = min(dt.timedelta(seconds=30 * 2 ** min(failures - 1, 8)), MAX_BACKOFF)
            until = now + wait
            what = "refused the call" if exc.permanent else "did not answer"
            reason = f"LinkedIn {what}: {exc.answer}"
        self.report.skipped = "paused"
        log.warning("LinkedIn sync of %s paused until %s: %s", self.stream.kind, until, exc.answer)
        self._mine().update(paused_until=until, pause_reason=reason[:300], failures=failures)

    def _pace(self, resource: SyncResource) -> None:
        rate = settings.LINKEDIN_SYNC_RECORDS_PER_MINUTE
        if not rate or resource.next_send_at is None:
            return
        wait = (resource.next_send_at - self.clock()).total_seconds()
        if wait > 0:
            self.sleep(wait)

    def _backfill_done(self, resource: SyncResource) -> dict:
        if resource.backfill_done_at is None and resource.backfill_until is not None:
            return {"backfill_done_at": self.clock()}
        return {}

    def _record(self, resource, rows, outcome: Outcome, *, cursor, caught_up=False) -> bool:
        """Write LinkedIn's answer and move the cursor (None: a retry, the cursor stays)."""
        now = self.clock()
        rate = settings.LINKEDIN_SYNC_RECORDS_PER_MINUTE
        in_backfill = 0
        if cursor is not None and resource.backfill_done_at is None and resource.backfill_until is not None:
            in_backfill = sum(
                1 for row in rows if getattr(row, self.stream.time_field) <= resource.backfill_until
            )
        start = max(now, resource.next_send_at or now)
        values = {
            "lease_until": now + self.lease,
            "last_accepted_at": now,
            "paused_until": None,
            "pause_reason": "",
            "failures": 0,
            "backfill_sent": F("backfill_sent") + in_backfill,
            "next_send_at": start + dt.timedelta(seconds=60 * len(rows) / rate) if rate else None,
        }
        if cursor is not None:
            values["cursor_at"], values["cursor_id"] = cursor
            values["last_change_at"] = cursor[0]
        if caught_up:
            values["caught_up_at"] = self.horizon
            if resource.backfill_until is not None and resource.backfill_done_at is None:
                values["backfill_done_at"] = now
        if cursor is not None and in_backfill < len(rows) and resource.backfill_done_at is None:
            values["backfill_done_at"] = now
        with transaction.atomic():
            if not self._mine().update(**values):
                return False
            self._keep_refusals(rows, outcome)
            self._remember(outcome, now)
        self.report.accepted += len(outcome.accepted)
        self.report.refused += len(outcome.refused)
        if self.progress:
            self.progress(self.stream.kind, SyncResource.objects.get(kind=self.stream.kind), len(rows))
        return True

    def _keep_refusals(self, rows, outcome: Outcome) -> None:
        kind = self.stream.kind
        if outcome.accepted:
            SyncRefusal.objects.filter(kind=kind, object_id__in=outcome.accepted).delete()
        if not outcome.refused:
            return
        labels = {row.pk: self.stream.label(row) for row in rows}
        existing = {
            r.object_id: r for r in SyncRefusal.objects.filter(kind=kind, object_id__in=list(outcome.refused))
        }
        for object_id, error in outcome.refused.items():
            refusal = existing.get(object_id)
            if refusal is None:
                SyncRefusal.objects.create(
                    kind=kind,
                    object_id=object_id,
                    label=labels.get(object_id, "")[:300],
                    status=error.status,
                    message=error.message,
                )
            else:
                refusal.status, refusal.message = error.status, error.message
                refusal.attempts += 1
                refusal.retry_requested_at = None
                refusal.save(
                    update_fields=["status", "message", "attempts", "retry_requested_at", "updated_at"]
                )

    def _remember(self, outcome: Outcome, now) -> None:
        if self.stream.kind == Kind.CANDIDATES and outcome.accepted:
            SyncedCandidate.objects.bulk_create(
                [SyncedCandidate(candidate_id=pk, accepted_at=now) for pk in outcome.accepted],
                ignore_conflicts=True,
            )
        elif self.stream.kind == Kind.REMOVED_CANDIDATES and outcome.accepted:
            from candidates.models import Removal

            gone = Removal.objects.filter(pk__in=outcome.accepted).values_list("object_id", flat=True)
            SyncedCandidate.objects.filter(candidate_id__in=list(gone)).delete()
        for job_id, (task_urn, operation) in outcome.tasks.items():
            SyncedJob.objects.update_or_create(
                job_id=job_id,
                defaults={
                    "organization_urn": self.context,
                    "operation": operation,
                    "task_urn": task_urn,
                    "task_status": "",
                    "task_message": "",
                    "sent_at": now,
                },
            )

    def _retry_requested(self, resource: SyncResource) -> None:
        """Entities an administrator asked to send again: sent now, whatever the cursor says."""
        ids = list(
            SyncRefusal.objects.filter(kind=self.stream.kind, retry_requested_at__isnull=False).values_list(
                "object_id", flat=True
            )[:BATCH]
        )
        if not ids:
            return
        rows = list(self.stream.rows().filter(pk__in=ids).order_by("pk"))
        gone = set(ids) - {row.pk for row in rows}
        if gone:  # deleted meanwhile, or no longer sent (a job back to Draft): nothing to retry
            SyncRefusal.objects.filter(kind=self.stream.kind, object_id__in=gone).delete()
        if not rows:
            return
        outcome = self._send(rows)
        if outcome is not None:
            self._record(resource, rows, outcome, cursor=None)


def _check_job_tasks(client, clock) -> None:
    """Read the state of the job posting tasks not settled yet (LinkedIn processes postings later)."""
    pending = list(SyncedJob.objects.filter(task_status__in=["", "IN_PROGRESS"]).exclude(task_urn="")[:BATCH])
    if not pending:
        return
    try:
        result = client.job_posting_tasks([row.task_urn for row in pending])
    except LinkedInError as exc:
        log.warning("LinkedIn job posting tasks not read: %s", exc.answer)
        return
    now = clock()
    for row in pending:
        task = result.ok.get(row.task_urn)
        if task is None:
            error = result.errors.get(row.task_urn)
            if error is not None and error.permanent:
                SyncedJob.objects.filter(pk=row.pk).update(
                    task_status="FAILED", task_message=error.message[:300], checked_at=now
                )
            continue
        SyncedJob.objects.filter(pk=row.pk).update(
            task_status=task["status"],
            task_message=task["message"],
            job_posting_urn=task["job_posting"],
            checked_at=now,
        )
