"""Reads of the history pull for the candidate's LinkedIn tab and the Admin center: seat holders with
their Attract users, and a candidate's InMail and notes history as one viewer may see it.

A viewer sees every InMail exchanged with the candidate by the organization's seats (who and when),
but the text only of their own seats' threads; public notes, and private ones only their author's.
What a viewer may not read is never selected: the text column is replaced by '' in the query.
Each history is one page of a fixed size (a LIMIT, no COUNT), so the tab costs the same queries, and
about the same time, with 10 or 10,000 items."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When

from linkedin_integration.models import (
    HistoryPullState,
    InMailEvent,
    LinkedInConnection,
    MailStub,
    MemberLink,
    RecruiterNote,
    SeatHolder,
)

PAGE_SIZE = 25


@dataclass
class HistoryPage:
    """One page of a history, read as PAGE_SIZE + 1 rows: whether an older page exists is known without
    counting the whole history (a COUNT would grow with it)."""

    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.items)


def _page(queryset, number: int) -> HistoryPage:
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return HistoryPage(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)


@dataclass
class Thread:
    urn: str
    subject: str
    seat_name: str
    own: bool
    messages: list = field(default_factory=list)


def seat_holders_with_users() -> list[SeatHolder]:
    """Each seat holder with `user_display`: the Attract user who connected that LinkedIn account under
    Settings ('' when none). One query."""
    connected = LinkedInConnection.objects.filter(person_urn=OuterRef("person_urn")).exclude(person_urn="")
    seats = list(
        SeatHolder.objects.annotate(
            user_first=Subquery(connected.values("user__first_name")[:1]),
            user_last=Subquery(connected.values("user__last_name")[:1]),
            user_login=Subquery(connected.values("user__username")[:1]),
        )
    )
    for seat in seats:
        name = f"{seat.user_first or ''} {seat.user_last or ''}".strip()
        seat.user_display = name or seat.user_login or ""
    return seats


def viewer_seats(user) -> set[str]:
    """The seats of the LinkedIn account the user connected under Settings."""
    return set(
        SeatHolder.objects.filter(
            person_urn__in=LinkedInConnection.objects.filter(user=user).values("person_urn")
        ).values_list("seat_urn", flat=True)
    )


def candidate_member(candidate_id: int) -> str:
    link = MemberLink.objects.filter(candidate_id=candidate_id).values_list("member_urn", flat=True)
    return link.first() or ""


def profile_shared(member_urn: str) -> bool:
    return bool(member_urn) and MailStub.objects.filter(member_urn=member_urn).exists()


def inmail_page(*, member_urn: str, seats: set[str], page: int, names: dict[str, str]):
    """One page of the InMail messages with the member, newest first, grouped by thread; the text only
    where the thread's seat is the viewer's."""
    own = Q(seat_urn__in=seats) if seats else Q(pk__in=[])
    events = (
        InMailEvent.objects.filter(member_urn=member_urn)
        .annotate(
            shown_text=Case(When(own, then=F("text")), default=Value(""), output_field=CharField()),
            shown_subject=Case(When(own, then=F("subject")), default=Value(""), output_field=CharField()),
        )
        .values("id", "thread_urn", "seat_urn", "from_member", "created_at", "shown_text", "shown_subject")
        .order_by("-created_at", "-id")
    )
    paged = _page(events, page)
    threads: dict[str, Thread] = {}
    for event in paged.items:
        thread = threads.get(event["thread_urn"])
        if thread is None:
            thread = threads[event["thread_urn"]] = Thread(
                urn=event["thread_urn"],
                subject=event["shown_subject"],
                seat_name=names.get(event["seat_urn"]) or "A former seat holder",
                own=event["seat_urn"] in seats,
            )
        thread.subject = thread.subject or event["shown_subject"]
        thread.messages.append(event)
    for thread in threads.values():
        thread.messages.reverse()  # oldest first within a thread
    return paged, list(threads.values())


def seat_names() -> dict[str, str]:
    rows = SeatHolder.objects.values_list("seat_urn", "first_name", "last_name").order_by()
    return {urn: f"{first} {last}".strip() for urn, first, last in rows}


def notes_page(*, member_urn: str, seats: set[str], page: int):
    """One page of the member's notes: public ones, and private ones of the viewer's seats."""
    visible = Q(visibility=RecruiterNote.Visibility.PUBLIC)
    if seats:
        visible |= Q(owner_urn__in=seats)
    notes = (
        RecruiterNote.objects.filter(member_urn=member_urn)
        .filter(visible)
        .only("id", "note_id", "owner_urn", "text", "visibility", "created_at", "modified_at")
        .order_by("-modified_at", "-id")
    )
    return _page(notes, page)


def pull_state() -> HistoryPullState | None:
    return HistoryPullState.objects.filter(pk=1).first()
