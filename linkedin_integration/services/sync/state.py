"""What the Admin center shows of the In-ATS sync, and the administrators' actions on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from attract.errors import DomainError
from linkedin_integration.models import AuditEntry, SyncRefusal, SyncResource
from linkedin_integration.services.sync.streams import BY_KIND, STREAMS

REFUSALS_SHOWN = 50


@dataclass
class KindState:
    kind: str
    label: str
    resource: SyncResource | None
    pending: int | None

    @property
    def backfill_running(self) -> bool:
        r = self.resource
        return bool(r and r.backfill_until and not r.backfill_done_at)

    @property
    def paused(self) -> bool:
        r = self.resource
        return bool(r and r.paused_until and r.paused_until > timezone.now())


def sync_pending(resource: SyncResource | None, kind: str) -> int | None:
    """Rows changed past the cursor, not yet sent (None before the first run)."""
    if resource is None or resource.cursor_at is None:
        return None
    stream = BY_KIND[kind]
    field_name = stream.time_field
    after = Q(**{f"{field_name}__gt": resource.cursor_at}) | Q(
        **{field_name: resource.cursor_at, "pk__gt": resource.cursor_id}
    )
    return stream.rows().filter(after).count()


def sync_state() -> dict:
    from linkedin_integration.services.sync.engine import sync_stopped_reason

    resources = {row.kind: row for row in SyncResource.objects.all()}
    kinds = [
        KindState(stream.kind, SyncResource.Kind(stream.kind).label, resources.get(stream.kind), None)
        for stream in STREAMS
    ]
    for state in kinds:
        state.pending = sync_pending(state.resource, state.kind)
    stopped = sync_stopped_reason()
    paused = [state for state in kinds if state.paused]
    refusals = list(SyncRefusal.objects.order_by("-updated_at", "-pk")[:REFUSALS_SHOWN])
    return {
        "stopped": stopped,
        "paused": paused,
        "running": not stopped and not paused,
        "kinds": kinds,
        "refusals": refusals,
        "refusal_count": SyncRefusal.objects.count(),
    }


@transaction.atomic
def sync_retry(*, refusal_id: int, actor) -> SyncRefusal:
    """Ask the next run to send a refused entity again."""
    refusal = SyncRefusal.objects.select_for_update().filter(pk=refusal_id).first()
    if refusal is None:
        raise DomainError("That refusal is no longer listed: LinkedIn may have accepted the entity since.")
    refusal.retry_requested_at = timezone.now()
    refusal.save(update_fields=["retry_requested_at", "updated_at"])
    AuditEntry.objects.create(
        actor=actor, action="Sync retry", detail=f"{refusal.get_kind_display()}: {refusal.label}"
    )
    return refusal


@transaction.atomic
def sync_restart(*, actor, now: dt.datetime | None = None) -> None:
    """Send everything again: a new backfill of every kind from the start of the 2 years."""
    from linkedin_integration.services.sync.engine import _context, sync_resources, sync_stopped_reason

    reason = sync_stopped_reason()
    if reason:
        raise DomainError(f"The sync is stopped: {reason}")
    sync_resources(_context(), now or timezone.now(), restart=True)
    AuditEntry.objects.create(actor=actor, action="Sync restarted", detail="Everything is sent again.")
