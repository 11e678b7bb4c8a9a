"""Reads of the In-ATS sync's state, for the pages of other capabilities."""

from linkedin_integration.models import SyncedCandidate


def candidate_on_linkedin(candidate_id: int) -> bool:
    """Has LinkedIn accepted this candidate (so its widget can find it by atsCandidateId)?"""
    return SyncedCandidate.objects.filter(candidate_id=candidate_id).exists()
