"""Lines of a candidate's activity written for what happened elsewhere (CandidateEvent)."""

from candidates.models import Application, Candidate, CandidateEvent


def candidate_event_record(
    *, candidate: Candidate, kind: str, by=None, application: Application | None = None, detail: str = ""
) -> CandidateEvent:
    """Add a line to the candidate's activity, e.g. "Exported from LinkedIn Recruiter by <by>". One INSERT:
    no transaction (or savepoint) of its own."""
    if kind not in CandidateEvent.Kind.values:
        raise ValueError(f"unknown candidate event kind {kind!r}")
    return CandidateEvent.objects.create(
        candidate=candidate, application=application, kind=kind, by=by, detail=detail[:200]
    )
