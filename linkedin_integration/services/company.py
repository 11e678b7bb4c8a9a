"""Writes for the Admin center's company settings (the employer LinkedIn lists jobs for)."""

from django.db import transaction

from attract.errors import DomainError
from linkedin_integration.models import AuditEntry, LinkedInSettings

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
    return ""


@transaction.atomic
def company_settings_save(*, actor, company_name: str, company_id: str) -> LinkedInSettings:
    """Save the Company name and LinkedIn Company ID; every save is written to the audit log."""
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
    before = (linkedin.company_name, linkedin.company_id)
    linkedin.company_name = company_name
    linkedin.company_id = company_id
    linkedin.save(update_fields=["company_name", "company_id", "updated_at"])
    AuditEntry.objects.create(
        actor=actor,
        action="Company settings saved",
        detail=(
            f"Company name: {company_name!r} (was {before[0]!r}); "
            f"LinkedIn Company ID: {company_id or 'none'} (was {before[1] or 'none'})."
        ),
    )
    return linkedin
