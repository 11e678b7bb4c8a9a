"""How the sandbox matches an ATS candidate to its members, as LinkedIn says it does: a manual match
wins; otherwise email, profile URL, or name + current company (the sandbox's reading of LinkedIn's
"name + title + company"; its members carry no phone number)."""

from django.db.models import Q
from django.db.models.functions import Lower

from linkedin_sandbox.models import Member


def _vanity(url: str) -> str:
    """The vanity name of a linkedin.com/in/<name> URL, or ''."""
    marker = "linkedin.com/in/"
    text = (url or "").strip().lower()
    if marker not in text:
        return ""
    return text.split(marker, 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")


def members_matching(candidate) -> list[Member]:
    if candidate.manual_matched_member_id:
        return [candidate.manual_matched_member]
    condition = Q(pk__in=[])
    emails = [str(e).strip().lower() for e in candidate.email_addresses or [] if str(e).strip()]
    if emails:
        condition |= Q(email_lower__in=emails)
    if vanity := _vanity(candidate.linkedin_profile_url):
        condition |= Q(vanity_name__iexact=vanity)
    if candidate.first_name and candidate.last_name and candidate.current_company_name:
        condition |= Q(
            first_name__iexact=candidate.first_name,
            last_name__iexact=candidate.last_name,
            current_company__iexact=candidate.current_company_name,
        )
    return list(Member.objects.annotate(email_lower=Lower("email")).filter(condition).order_by("pk")[:5])
