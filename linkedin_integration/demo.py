"""Demo data for LinkedIn Limited Listings, called by `manage.py seed_demo` after the demo jobs exist.

Sets the sandbox's demo organization as the company and marks several demo jobs for the feed, some of
them deliberately ineligible, so the embedded default publishes a real, non-empty feed and the Admin
center shows exclusions with their reasons. Running it again changes nothing.
"""

import sys

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobs.models import Job
from linkedin_integration import eligibility
from linkedin_integration.models import AuditEntry, JobListing, LinkedInSettings

DEMO_COMPANY_NAME = "Contoso Demo"
# The sandbox's demo organization (urn:li:organization:2414183).
DEMO_COMPANY_ID = "2414183"
ELIGIBLE_TO_MARK = 4


def _pick_jobs(company_name, company_id):
    """Eligible active public jobs first, then one example of each kind of ineligible job."""
    eligible, internal, short, draft = [], None, None, None
    for job in Job.objects.exclude(status=Job.Status.CLOSED).select_related("owner").order_by("pk"):
        reasons = eligibility.reasons_for_job(
            job, listing=None, company_name=company_name, company_id=company_id, site_url=settings.SITE_URL
        )
        codes = {reason.code for reason in reasons}
        if not reasons and len(eligible) < ELIGIBLE_TO_MARK:
            eligible.append(job)
        elif codes == {"internal"} and internal is None:
            internal = job
        elif codes == {"description_short"} and short is None:
            short = job
        elif "draft" in codes and draft is None:
            draft = job
    return eligible, [job for job in (internal, short, draft) if job is not None]


@transaction.atomic
def seed_linkedin_demo(stdout=None) -> None:
    out = stdout or sys.stdout
    linkedin = LinkedInSettings.load()
    if not linkedin.company_name or not linkedin.company_id:
        linkedin.company_name = linkedin.company_name or DEMO_COMPANY_NAME
        linkedin.company_id = linkedin.company_id or DEMO_COMPANY_ID
        linkedin.save(update_fields=["company_name", "company_id", "updated_at"])
        AuditEntry.objects.create(
            action="Company settings saved",
            detail=f"Demo data: {linkedin.company_name!r}, LinkedIn Company ID {linkedin.company_id}.",
        )
    if JobListing.objects.exists():
        out.write("LinkedIn demo: jobs were already posted to LinkedIn; nothing to do.\n")
        return
    eligible, ineligible = _pick_jobs(linkedin.company_name, linkedin.company_id)
    now = timezone.now()
    JobListing.objects.bulk_create(
        JobListing(
            job=job,
            marked=True,
            marked_by=job.owner,
            marked_at=now,
            **eligibility.description_cache(job.description),
        )
        for job in eligible + ineligible
    )
    out.write(
        f"LinkedIn demo: company {linkedin.company_name} (Company ID {linkedin.company_id}); "
        f"{len(eligible)} jobs posted to LinkedIn and {len(ineligible)} deliberately ineligible ones "
        f"({', '.join(job.code for job in ineligible) or 'none found'}).\n"
    )
