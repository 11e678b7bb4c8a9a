"""Post to LinkedIn / Remove from LinkedIn, from the job page's LinkedIn panel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from attract.confirm import confirmation_page, confirmed, safe_next
from attract.errors import DomainError
from attract.permissions import login_required
from jobs.models import Job
from linkedin_integration.eligibility import may_post_listing
from linkedin_integration.services.feed import listing_mark, listing_unmark


def _managed_job(request, pk) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not may_post_listing(request.user, job):
        raise PermissionDenied("Only the job's recruiters and administrators can post it to LinkedIn.")
    return job


def _job_page(request, job) -> str:
    """The job page the panel was on (Pipeline or Details tab), at the LinkedIn panel."""
    return safe_next(request, f"/jobs/{job.pk}/").split("#")[0] + "#linkedin"


def _back_to_job(request, job):
    return redirect(_job_page(request, job))


@login_required
@require_POST
def post(request, pk):
    job = _managed_job(request, pk)
    try:
        listing_mark(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Posted to LinkedIn. LinkedIn fetches the feed about once a day, so it can take up to "
            "24-48 hours to appear.",
        )
    return _back_to_job(request, job)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, pk):
    job = _managed_job(request, pk)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Remove {job.code} {job.title} from LinkedIn?",
            question="The job leaves LinkedIn with the next feed; it stays open here and on the career site.",
            consequences=[
                "LinkedIn closes the listing when it next reads the feed, about once a day.",
                "Its applications are not touched, and you can post it to LinkedIn again later.",
            ],
            action_label="Remove from LinkedIn",
            cancel_url=_job_page(request, job),
        )
    listing_unmark(actor=request.user, job=job)
    messages.success(request, "Removed from LinkedIn: the job leaves LinkedIn with the next feed.")
    return _back_to_job(request, job)
