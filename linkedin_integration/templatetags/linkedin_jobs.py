"""The LinkedIn panel on the job page, and the title-change warning for the job edit form.

jobs/ never imports linkedin_integration: its templates only load these tags. Each tag costs at most
two queries (settings, and the job with its owner and listing), whatever the page.
"""

from django import template
from django.conf import settings

from jobs.models import Job
from linkedin_integration import eligibility
from linkedin_integration.eligibility import may_post_listing
from linkedin_integration.models import JobListing, LinkedInSettings

register = template.Library()

PENDING = "Pending: LinkedIn fetches the feed about once a day, so it can take up to 24-48 hours to appear."
TITLE_CHANGE = (
    "LinkedIn does not take title changes: it keeps showing the title it first received, “{title}”. "
    "To show a new title there, remove this job from LinkedIn and post a new job."
)


def _listing_of(job):
    try:
        return job.linkedin_listing
    except JobListing.DoesNotExist:
        return None


@register.inclusion_tag("linkedin_integration/_job_panel.html", takes_context=True)
def linkedin_job_panel(context, job):
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    fresh = Job.objects.select_related("owner", "linkedin_listing").get(pk=job.pk)
    listing = _listing_of(fresh)
    company = LinkedInSettings.objects.filter(pk=1).values("company_name", "company_id").first() or {}
    reasons = eligibility.reasons_for_job(
        fresh,
        listing=listing,
        company_name=company.get("company_name", ""),
        company_id=company.get("company_id", ""),
        site_url=settings.SITE_URL,
    )
    marked = bool(listing and listing.marked)
    title_changed = bool(listing and listing.posted_title and fresh.title != listing.posted_title)
    return {
        "job": fresh,
        "listing": listing,
        "marked": marked,
        "reasons": reasons,
        "can_post": may_post_listing(user, job),
        "postable": not eligibility.postable_refusal(status=fresh.status, visibility=fresh.visibility),
        "pending_text": PENDING,
        "destination_note": eligibility.destination_note(sandbox=settings.LINKEDIN_SANDBOX),
        "title_warning": TITLE_CHANGE.format(title=listing.posted_title) if title_changed else "",
        "csrf_token": context.get("csrf_token"),
        "back_url": request.path if request is not None else "",
    }


@register.inclusion_tag("linkedin_integration/_title_warning.html")
def linkedin_title_warning(job):
    """For the job edit form: warn before a posted job's title is changed (one query)."""
    posted_title = (
        JobListing.objects.filter(job_id=job.pk, first_published_at__isnull=False)
        .values_list("posted_title", flat=True)
        .first()
    )
    return {"title_warning": TITLE_CHANGE.format(title=posted_title) if posted_title else ""}
