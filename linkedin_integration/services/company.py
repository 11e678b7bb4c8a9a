"""Writes for the Admin center's company settings (the employer LinkedIn lists jobs for)."""

from django.db import transaction

from attract.errors import DomainError
from linkedin_integration.models import AuditEntry, JobListing, LinkedInSettings

COMPANY_NAME_MAX = LinkedInSettings._meta.get_field("company_name").max_length
COMPANY_ID_MAX = LinkedInSettings._meta.get_field("company_id").max_length


def company_id_problem(value: str) -> str:
    """Why a LinkedIn Company ID is not acceptable, in plain words (empty when it is, or when blank)."""
    if not value:
        return ""
    # str.isdigit() alone accepts "²" or Arabic-Indic digits; LinkedIn's ids are ASCII digits.
    if not (value.isascii() and value.isdigit()):
        return (
            "The LinkedIn Company ID is a number made of digits only (find it in the address of your "
            "company's LinkedIn admin page: linkedin.com/company/12345678/admin)."
        )
    if len(value) > COMPANY_ID_MAX:
        return f"The LinkedIn Company ID has at most {COMPANY_ID_MAX} digits."
    if not value.strip("0"):
        return (
            "0 is not a LinkedIn Company ID: copy the number from your company's LinkedIn admin page address."
        )
    return ""


def company_changes(*, before_name: str, before_id: str, name: str, company_id: str) -> list[str]:
    """What a save changes, one phrase per field that changed, for the audit log."""
    changes = []
    if name != before_name:
        changes.append(f"Company name: {name!r} (was {before_name!r})")
    if company_id != before_id:
        changes.append(f"LinkedIn Company ID: {company_id or 'none'} (was {before_id or 'none'})")
    return changes


def jobs_on_linkedin_count() -> int:
    """Posted jobs LinkedIn has already received: the ones a feed without a Company ID takes off it."""
    return JobListing.objects.filter(marked=True, first_published_at__isnull=False).count()


@transaction.atomic
def company_settings_save(*, actor, company_name: str, company_id: str) -> LinkedInSettings:
    """Save the Company name and LinkedIn Company ID; each change (only what changed) is written to the
    audit log, and a save that changes nothing writes nothing."""
    company_name = (company_name or "").strip()
    company_id = (company_id or "").strip()
    if not company_name:
        raise DomainError("Enter the company name LinkedIn shows on your jobs.", field="company_name")
    if len(company_name) > COMPANY_NAME_MAX:
        raise DomainError(
            f"The company name has at most {COMPANY_NAME_MAX} characters.", field="company_name"
        )
    problem = company_id_problem(company_id)
    if problem:
        raise DomainError(problem, field="company_id")
    LinkedInSettings.load()
    linkedin = LinkedInSettings.objects.select_for_update().get(pk=1)
    changes = company_changes(
        before_name=linkedin.company_name,
        before_id=linkedin.company_id,
        name=company_name,
        company_id=company_id,
    )
    if not changes:
        return linkedin
    linkedin.company_name = company_name
    linkedin.company_id = company_id
    linkedin.save(update_fields=["company_name", "company_id", "updated_at"])
    AuditEntry.objects.create(actor=actor, action="Company settings saved", detail="; ".join(changes) + ".")
    return linkedin
