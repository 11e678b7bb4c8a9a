"""The history pull (contract level): seat holders, then per seat InMail events, Recruiter notes and InMail
stub profiles, read in windows of at most 12 hours from a cursor per seat and resource.

Every LinkedIn call is made with no transaction open; each page is stored in its own short transaction
(idempotent: events and notes have unique keys, stubs are matched before anything is created), and a
cursor moves past a window only once every page of it is stored. A 429 or a 5xx that outlived the
client's retries pauses the pull; the next one resumes at the cursors, so nothing is skipped and what was
stored twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from attract.errors import DomainError
from attract.outbox import send_or_keep
from candidates.models import CandidateSource, TalentPool, TalentPoolMember
from candidates.services.candidates import candidate_create, candidate_find_by_email
from linkedin_integration.beside import run_beside_the_request
from linkedin_integration.client import LinkedInClient, LinkedInError
from linkedin_integration.client.assumed import SEAT_URN
from linkedin_integration.client.history_calls import MAX_WINDOW
from linkedin_integration.models import (
    HistoryCursor,
    HistoryPullState,
    InMailEvent,
    LinkedInSettings,
    MailStub,
    MemberLink,
    RecruiterNote,
    RscIntegration,
    SeatHolder,
)

log = logging.getLogger(__name__)

Resource = HistoryCursor.Resource
RESOURCES = (Resource.INMAILS, Resource.NOTES, Resource.STUBS)
LEASE = dt.timedelta(minutes=30)
SEATS_STALE_AFTER = dt.timedelta(hours=24)
PERSON_URN = "urn:li:person:"


@dataclass
class PullReport:
    calls: int = 0
    events: int = 0
    notes: int = 0
    notes_deleted: int = 0
    stubs: int = 0
    candidates_created: int = 0
    windows: int = 0
    seats: int = 0
    paused_until: dt.datetime | None = None
    skipped: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.events + self.notes + self.notes_deleted + self.stubs

    def summary(self) -> str:
        if self.skipped:
            return self.skipped
        text = (
            f"{self.seats} seats, {self.calls} calls: {self.events} InMail messages, {self.notes} notes "
            f"({self.notes_deleted} deleted), {self.stubs} stub profiles ({self.candidates_created} new "
            "candidates)"
        )
        if self.paused_until:
            text += f"; paused by LinkedIn until {self.paused_until:%H:%M} UTC, resumes from there"
        return text


def history_unavailable_reason(linkedin: LinkedInSettings | None = None) -> str:
    """'' when the pull may run, else why not (for people: who can fix it)."""
    linkedin = linkedin or LinkedInSettings.load()
    if not linkedin.is_connected or not linkedin.contract_urn:
        return "LinkedIn Recruiter is not set up: ask an administrator."
    enabled = RscIntegration.objects.filter(
        level=RscIntegration.Level.CONTRACT, state=RscIntegration.State.ENABLED
    ).exists()
    if not enabled:
        return "LinkedIn Recruiter is not set up: ask an administrator."
    return ""


# Seat holders -------------------------------------------------------------------------------------------


def seats_refresh(*, client=None, report: PullReport | None = None) -> list[SeatHolder]:
    """Read the connected contract's seats from LinkedIn, then replace the stored list with them."""
    linkedin = LinkedInSettings.load()
    reason = history_unavailable_reason(linkedin)
    if reason:
        raise DomainError(reason)
    client = client or LinkedInClient()
    listed, start = [], 0
    while True:
        page = client.seat_holders(linkedin.contract_urn, start=start)
        if report is not None:
            report.calls += 1
        listed.extend(page.elements)
        if not page.has_next:
            break
        start += len(page.elements) + page.skipped
    return _store_seats(linkedin.contract_urn, listed)


@transaction.atomic
def _store_seats(contract_urn: str, listed: list[dict]) -> list[SeatHolder]:
    now = timezone.now()
    seen = {}
    for seat in listed:
        seen[seat["urn"]] = seat
    SeatHolder.objects.exclude(seat_urn__in=list(seen), contract_urn=contract_urn).delete()
    for urn, seat in seen.items():
        SeatHolder.objects.update_or_create(
            seat_urn=urn,
            defaults={
                "contract_urn": contract_urn,
                "person_urn": seat["member"],
                "first_name": seat["first_name"],
                "last_name": seat["last_name"],
                "state": seat["state"],
                "roles": seat["roles"],
                "refreshed_at": now,
            },
        )
    HistoryPullState.objects.filter(pk=HistoryPullState.load().pk).update(seats_refreshed_at=now)
    return list(SeatHolder.objects.filter(contract_urn=contract_urn))


# The pull ----------------------------------------------------------------------------------------------


def _claim(now: dt.datetime) -> bool:
    HistoryPullState.load()
    return bool(
        HistoryPullState.objects.filter(pk=1)
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - LEASE))
        .update(running_since=now)
    )


def history_pull(
    *, client=None, now: dt.datetime | None = None, force_seats=False, progress=None
) -> PullReport:
    """Pull every seat's history up to now. One pull at a time (a lease); a pull while LinkedIn asked us
    to pause does nothing until the pause ends. `progress(done, total)` is called after each seat."""
    report = PullReport()
    reason = history_unavailable_reason()
    if reason:
        report.skipped = reason
        return report
    now = now or timezone.now()
    state = HistoryPullState.load()
    if state.paused_until and state.paused_until > now:
        report.skipped = f"LinkedIn asked to pause: the pull resumes after {state.paused_until:%H:%M} UTC."
        report.paused_until = state.paused_until
        return report
    if not _claim(now):
        report.skipped = "A pull is already running."
        return report
    client = client or LinkedInClient()
    error = ""
    try:
        seats = _seats_for_pull(client, report, now, force_seats)
        report.seats = len(seats)
        for done, seat in enumerate(seats, start=1):
            for resource in RESOURCES:
                try:
                    _pull_resource(client, seat, resource, now, report)
                except LinkedInError as exc:
                    if exc.status == 429 or not exc.permanent:
                        raise
                    # This seat's resource is refused for good (e.g. the seat left the contract): the
                    # others go on; the cursor stays, so it is read again once LinkedIn accepts it.
                    report.errors.append(f"{seat.seat_urn} {resource}: {exc.message}")
            if progress:
                progress(done, len(seats))
    except LinkedInError as exc:
        report.paused_until = exc.retry_at if exc.status == 429 and exc.retry_at else now + _pause()
        error = exc.message
        log.warning("LinkedIn history pull paused until %s: %s", report.paused_until, exc.answer)
    except DomainError as exc:
        error = exc.message
        report.errors.append(exc.message)
    finally:
        if report.errors and not error:
            error = "; ".join(report.errors)[:500]
        HistoryPullState.objects.filter(pk=1).update(
            running_since=None,
            finished_at=timezone.now(),
            paused_until=report.paused_until,
            last_error=error[:500],
        )
    return report


def _pause() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LINKEDIN_HISTORY_PAUSE_MINUTES)


def _seats_for_pull(client, report: PullReport, now: dt.datetime, force: bool) -> list[SeatHolder]:
    linkedin = LinkedInSettings.load()
    seats = list(SeatHolder.objects.filter(contract_urn=linkedin.contract_urn, state="ACTIVE"))
    refreshed = HistoryPullState.objects.values_list("seats_refreshed_at", flat=True).get(pk=1)
    if force or not seats or refreshed is None or now - refreshed > SEATS_STALE_AFTER:
        seats = [seat for seat in seats_refresh(client=client, report=report) if seat.state == "ACTIVE"]
    return seats


def pull_plan(now: dt.datetime | None = None) -> list[str]:
    """What a pull would read, per seat and resource (for --dry-run): no LinkedIn call."""
    now = now or timezone.now()
    linkedin = LinkedInSettings.load()
    cursors = {(c.seat_urn, c.resource): c.covered_until for c in HistoryCursor.objects.all()}
    seats = SeatHolder.objects.filter(contract_urn=linkedin.contract_urn, state="ACTIVE")
    lines = []
    for seat in seats:
        for resource in RESOURCES:
            since = cursors.get((seat.seat_urn, resource)) or _first_since(now)
            windows = max(0, -(-(now - since) // MAX_WINDOW))
            lines.append(
                f"{seat.name or seat.seat_urn} {Resource(resource).label}: from {since:%Y-%m-%d %H:%M} UTC, "
                f"{windows} window(s) of at most 12 hours"
            )
    return lines or ["no seat holders known yet: the pull reads them first"]


def _first_since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.LINKEDIN_HISTORY_FIRST_DAYS)


def _pull_resource(client, seat: SeatHolder, resource: str, now: dt.datetime, report: PullReport) -> None:
    cursor = HistoryCursor.objects.filter(seat_urn=seat.seat_urn, resource=resource).first()
    since = cursor.covered_until if cursor else _first_since(now)
    while since < now:
        until = min(since + MAX_WINDOW, now)
        start = 0
        while True:
            page = _fetch(client, seat, resource, since, until, start)
            report.calls += 1
            if page.elements:
                STORE[resource](seat, page.elements, report)
            if not page.has_next:
                break
            start += len(page.elements) + page.skipped
        # Every page of the window is stored: only now may the cursor pass it.
        HistoryCursor.objects.update_or_create(
            seat_urn=seat.seat_urn, resource=resource, defaults={"covered_until": until}
        )
        report.windows += 1
        since = until


def _fetch(client, seat, resource, since, until, start):
    if resource == Resource.INMAILS:
        return client.conversation_events(seat.seat_urn, since, until, start=start)
    if resource == Resource.NOTES:
        return client.prospect_notes(seat.contract_urn, seat.seat_urn, since, until, start=start)
    return client.mail_stubs(seat.contract_urn, seat.seat_urn, since, until, start=start)


# Storing a page ----------------------------------------------------------------------------------------


def _store_events(seat: SeatHolder, events: list, report: PullReport) -> None:
    rows = []
    for event in events:
        from_member = event.author.startswith(PERSON_URN)
        others = [urn for urn in event.recipients if urn != event.author]
        if from_member:
            member = event.author
            seat_urn = next((urn for urn in others if urn.startswith(SEAT_URN)), seat.seat_urn)
        else:
            seat_urn = event.author
            member = next((urn for urn in others if urn.startswith(PERSON_URN)), "")
        if not member:
            continue
        rows.append(
            InMailEvent(
                event_id=event.id[:100],
                thread_urn=event.thread,
                author_urn=event.author,
                created_at=event.created_at,
                seat_urn=seat_urn[:100],
                member_urn=member[:100],
                from_member=from_member,
                subject=event.subject[:500],
                text=event.text,
            )
        )
    with transaction.atomic():
        # A window read again after a pause brings the same events: the unique key drops them.
        InMailEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    report.events += len(rows)


def _store_notes(seat: SeatHolder, notes: list[dict], report: PullReport) -> None:
    with transaction.atomic():
        known = {
            note.note_id: note
            for note in RecruiterNote.objects.select_for_update().filter(
                contract_urn=seat.contract_urn, note_id__in=[note["id"] for note in notes]
            )
        }
        gone = [note["id"] for note in notes if not note["active"]]
        if gone:
            deleted, _ = RecruiterNote.objects.filter(
                contract_urn=seat.contract_urn, note_id__in=gone
            ).delete()
            report.notes_deleted += deleted
        new, changed = {}, []
        for note in notes:
            if not note["active"] or not note["member"]:
                continue
            row = known.get(note["id"]) or new.get(note["id"])
            if row is not None and row.modified_at >= note["modified"]:
                continue
            fields = {
                "owner_urn": note["owner"] or seat.seat_urn,
                "member_urn": note["member"],
                "text": note["text"],
                "visibility": note["visibility"],
                "created_at": note["created"],
                "modified_at": note["modified"],
            }
            if row is None:
                new[note["id"]] = RecruiterNote(contract_urn=seat.contract_urn, note_id=note["id"], **fields)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                if row.pk:
                    changed.append(row)
        RecruiterNote.objects.bulk_create(list(new.values()), ignore_conflicts=True, batch_size=500)
        if changed:
            RecruiterNote.objects.bulk_update(
                changed, ["owner_urn", "member_urn", "text", "visibility", "created_at", "modified_at"]
            )
        report.notes += len(new) + len(changed)


def _store_stubs(seat: SeatHolder, stubs: list[dict], report: PullReport) -> None:
    for stub in stubs:
        try:
            created = stub_profile_store(stub=stub, owner_urn=stub["owner"] or seat.seat_urn)
        except IntegrityError:
            # The member was linked meanwhile (the widget, an export): match again, now by the link.
            created = stub_profile_store(stub=stub, owner_urn=stub["owner"] or seat.seat_urn)
        report.stubs += 1
        report.candidates_created += int(created)


STORE = {Resource.INMAILS: _store_events, Resource.NOTES: _store_notes, Resource.STUBS: _store_stubs}


@transaction.atomic
def stub_profile_store(*, stub: dict, owner_urn: str) -> bool:
    """Make an InMail stub profile a candidate: the one linked to the member, else the one with the shared
    email, else a new one (source LinkedIn InMail); link the member, add them to the LinkedIn pool.
    Returns whether a candidate was created. Running it again changes nothing."""
    created = False
    link = MemberLink.objects.select_related("candidate").filter(member_urn=stub["member"]).first()
    candidate = link.candidate if link else candidate_find_by_email(stub["email"])
    if candidate is None:
        candidate = candidate_create(
            first_name=stub["first_name"] or "LinkedIn",
            last_name=stub["last_name"] or "member",
            email=stub["email"],
            source=CandidateSource.LINKEDIN_INMAIL,
        )
        created = True
    if link is None and not MemberLink.objects.filter(candidate=candidate).exists():
        with transaction.atomic():
            MemberLink.objects.create(
                candidate=candidate, member_urn=stub["member"], source=MemberLink.Source.INMAIL
            )
    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    if not TalentPoolMember.objects.filter(pool=pool, candidate=candidate).exists():
        TalentPoolMember.objects.create(pool=pool, candidate=candidate)
    MailStub.objects.update_or_create(
        member_urn=stub["member"],
        owner_urn=owner_urn,
        defaults={"candidate": candidate, "email_shared": bool(stub["email"]), "created_at": stub["created"]},
    )
    return created


def history_refresh_request(*, actor) -> str:
    """What the tab's Refresh from LinkedIn says; the pull itself runs in a task after commit."""
    reason = history_unavailable_reason()
    if reason:
        raise DomainError(reason)
    state = HistoryPullState.load()
    now = timezone.now()
    if state.paused_until and state.paused_until > now:
        raise DomainError(f"LinkedIn asked to pause: the pull resumes after {state.paused_until:%H:%M} UTC.")
    from linkedin_integration.tasks import pull_linkedin_history

    transaction.on_commit(lambda: _send_pull(pull_linkedin_history))
    return "Refreshing from LinkedIn: the history appears here in a moment."


PULL_THREAD = "linkedin-history-pull"


def _send_pull(task) -> None:
    if task.app.conf.task_always_eager:
        # No broker (the embedded default): a first pull is hundreds of calls, so it runs beside the
        # request rather than inside it, as a worker would.
        run_beside_the_request(task, name=PULL_THREAD)
        return
    # Bounded timeouts and no retry: a broker outage never fails or holds the page; not kept, as the
    # periodic pull catches up.
    send_or_keep(task, keep=False)
