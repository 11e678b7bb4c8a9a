"""How the sandbox matches an ATS candidate to its members, as LinkedIn says it does: a manual match
wins; otherwise email, profile URL, or name + current company (the sandbox's reading of LinkedIn's
"name + title + company"; its members carry no phone number)."""

from django.db.models import Q
from django.db.models.functions import Lower

from linkedin_sandbox.models import AtsCandidate, Member

MATCHES_SHOWN = 5


def vanity_of(url: str) -> str:
    """The vanity name of a linkedin.com/in/<name> URL (lower case), or ''."""
    marker = "linkedin.com/in/"
    text = (url or "").strip().lower()
    if marker not in text:
        return ""
    return text.split(marker, 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")[:200]


def members_matching(candidate: AtsCandidate) -> list[Member]:
    if candidate.manual_matched_member_id:
        return [candidate.manual_matched_member]
    condition = Q(pk__in=[])
    emails = [str(e).strip().lower() for e in candidate.email_addresses or [] if str(e).strip()]
    if emails:
        condition |= Q(email_lower__in=emails)
    if candidate.linkedin_vanity:
        condition |= Q(vanity_name__iexact=candidate.linkedin_vanity)
    if candidate.first_name and candidate.last_name and candidate.current_company_name:
        condition |= Q(
            first_name__iexact=candidate.first_name,
            last_name__iexact=candidate.last_name,
            current_company__iexact=candidate.current_company_name,
        )
    members = Member.objects.annotate(email_lower=Lower("email")).filter(condition).order_by("pk")
    return list(members[:MATCHES_SHOWN])


def candidates_matching(member: Member, organization) -> list[AtsCandidate]:
    """The organization's ATS candidates that are this member: manually matched to them, or (with no
    manual match) by the same rule as members_matching."""
    automatic = Q(pk__in=[])
    if member.email:
        automatic |= Q(emails_text__contains=f" {member.email.lower()} ")
    if member.vanity_name:
        automatic |= Q(linkedin_vanity=member.vanity_name.lower())
    if member.first_name and member.last_name and member.current_company:
        automatic |= Q(
            first_name__iexact=member.first_name,
            last_name__iexact=member.last_name,
            current_company_name__iexact=member.current_company,
        )
    found = AtsCandidate.objects.filter(organization=organization).filter(
        Q(manual_matched_member=member) | (Q(manual_matched_member__isnull=True) & automatic)
    )
    return list(found.order_by("pk")[:MATCHES_SHOWN])
