"""LinkedInClient's calls for 1-click export (issue 12): exported candidates and the manual match.

A mixin of LinkedInClient: methods here use its helpers (self._api, self._url, self._batch, ...)."""

from __future__ import annotations

from linkedin_integration.client import assumed
from linkedin_integration.client.shapes import ExportedCandidate


class ExportCalls:
    def exported_candidates(self, request_id: str) -> list[ExportedCandidate]:
        """The profiles behind an EXPORT_CANDIDATE_PROFILE push (`GET exportedCandidates?q=request&
        requestId=<push id>`, as the Postman collection sends it). A junk answer is a permanent error."""
        query = [("q", "request"), ("requestId", str(request_id))]
        response = self._api("GET", assumed.EXPORTED_CANDIDATES_PATH, query=query)
        return assumed.parse_exported_candidates(self._json(response, "the exported candidate request"))
