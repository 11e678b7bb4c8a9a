"""LinkedInClient's calls for 1-click export (issue 12): exported candidates and the manual match.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...)."""

from __future__ import annotations


class ExportCalls:
    pass
