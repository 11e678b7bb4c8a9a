"""LinkedInClient's calls for the history pull (issue 13): seats, InMail events, prospect notes, mail stubs.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...)."""

from __future__ import annotations


class HistoryCalls:
    pass
