"""LinkedInClient's calls for the In-ATS sync (issue 11): simpleJobPostings, atsCandidates,
atsApplications and their sub-resources.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...)."""

from __future__ import annotations


class SyncCalls:
    pass
