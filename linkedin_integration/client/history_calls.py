"""LinkedInClient's calls for the history pull (issue 13): seats, InMail events, prospect notes, mail stubs.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...).
Each call reads one page of one window; the caller walks the pages (`Page.has_next`) and the windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from linkedin_integration.client import assumed
from linkedin_integration.client.errors import unexpected_answer

SEATS_PAGE = 50  # the contract's example; seatsV2 pages are small
PAGE = 100
MAX_WINDOW = dt.timedelta(hours=12)


@dataclass
class Page:
    elements: list
    start: int
    total: int | None
    has_next: bool
    skipped: int = 0  # elements that did not parse (kept out, counted for the log)


@dataclass
class InMailEvent:
    id: str
    thread: str
    author: str
    recipients: list[str]
    created_at: dt.datetime
    subject: str = ""
    text: str = ""
    extra: dict = field(default_factory=dict)


def epoch_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _window(start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
    if not start < end or end - start > MAX_WINDOW:
        raise ValueError("a history window runs forward and spans at most 12 hours")
    return str(epoch_ms(start)), str(epoch_ms(end))


def _page(data: Any, start: int, count: int, what: str, parse) -> Page:
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise unexpected_answer(what)
    raw = data["elements"]
    parsed = [parse(element) for element in raw]
    elements = [element for element in parsed if element is not None]
    paging = data.get("paging") if isinstance(data.get("paging"), dict) else {}
    total = paging.get("total")
    total = total if isinstance(total, int) and not isinstance(total, bool) and total >= 0 else None
    links = paging.get("links") if isinstance(paging.get("links"), list) else []
    if any(isinstance(link, dict) and link.get("rel") == "next" for link in links):
        has_next = bool(raw)
    elif total is not None:
        has_next = bool(raw) and start + len(raw) < total
    else:
        # No total and no link: a full page may have more behind it.
        has_next = len(raw) >= count
    return Page(elements, start, total, has_next, skipped=len(raw) - len(elements))


def _inmail_event(element: Any) -> InMailEvent | None:
    if not isinstance(element, dict):
        return None
    created = assumed._from_epoch_ms(element.get("createdAt"))
    thread, author = element.get("threadUrn"), element.get("author")
    if created is None or not (isinstance(thread, str) and thread and isinstance(author, str) and author):
        return None
    recipients = element.get("recipients")
    recipients = [r for r in recipients if isinstance(r, str)] if isinstance(recipients, list) else []
    content = element.get("content") if isinstance(element.get("content"), dict) else {}
    mail = content.get("com.linkedin.messaging.events.MailContent")
    mail = mail if isinstance(mail, dict) else {}
    body = mail.get("body") if isinstance(mail.get("body"), dict) else {}
    return InMailEvent(
        id=str(element.get("id", "")),
        thread=thread[:200],
        author=author[:100],
        recipients=recipients,
        created_at=created,
        subject=mail.get("subject") if isinstance(mail.get("subject"), str) else "",
        text=body.get("text") if isinstance(body.get("text"), str) else "",
    )


class HistoryCalls:
    def seat_holders(self, contract_urn: str, *, start: int = 0, count: int = SEATS_PAGE) -> Page:
        """One page of the contract's active seats (seatsV2)."""
        query = [
            ("q", "attributes"),
            ("contracts", contract_urn),
            ("states", "ACTIVE"),
            ("start", str(start)),
            ("count", str(count)),
        ]
        response = self._api("GET", "/v2/seatsV2", query=query)
        what = "the seat holders request"
        return _page(self._json(response, what), start, count, what, assumed.parse_seat_holder)

    def conversation_events(
        self,
        seat_urn: str,
        since: dt.datetime,
        until: dt.datetime,
        *,
        start: int = 0,
        count: int | None = None,
    ) -> Page:
        """One page of the InMail events the seat saw in [since, until)."""
        count = count or PAGE
        window_start, window_end = _window(since, until)
        query = [
            ("q", "criteria"),
            ("viewer", seat_urn),
            ("timeRange.start", window_start),
            ("timeRange.end", window_end),
            ("start", str(start)),
            ("count", str(count)),
        ]
        response = self._api("GET", "/v2/conversationEvents", query=query)
        what = "the InMail history request"
        return _page(self._json(response, what), start, count, what, _inmail_event)

    def prospect_notes(
        self,
        contract_urn: str,
        seat_urn: str,
        since: dt.datetime,
        until: dt.datetime,
        *,
        start: int = 0,
        count: int | None = None,
    ) -> Page:
        """One page of the seat's notes last updated in (since, until]."""
        count = count or PAGE
        cutoff, before = _window(since, until)
        query = [
            ("q", "criteria"),
            ("contract", contract_urn),
            ("owners", seat_urn),
            ("cutoffDate", cutoff),
            ("beforeDate", before),
            ("start", str(start)),
            ("count", str(count)),
        ]
        response = self._api("GET", "/v2/prospectNotes", query=query)
        what = "the notes history request"
        return _page(self._json(response, what), start, count, what, assumed.parse_prospect_note)

    def mail_stubs(
        self,
        contract_urn: str,
        seat_urn: str,
        since: dt.datetime,
        until: dt.datetime,
        *,
        start: int = 0,
        count: int | None = None,
    ) -> Page:
        """One page of the InMail stub profiles of the seat created in [since, until)."""
        count = count or PAGE
        window_start, window_end = _window(since, until)
        query = [
            ("q", "contract"),
            ("contract", contract_urn),
            ("owners", seat_urn),
            ("createdDateStart", window_start),
            ("createdDateEnd", window_end),
            ("start", str(start)),
            ("count", str(count)),
        ]
        response = self._api("GET", "/v2/mailStubs", query=query)
        what = "the InMail stub profiles request"
        return _page(self._json(response, what), start, count, what, assumed.parse_mail_stub)
