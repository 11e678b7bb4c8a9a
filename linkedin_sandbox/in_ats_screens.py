"""Recruiter's In-ATS screens: the job postings the ATS synced (what the export box searches), and the
In-ATS section of a member's profile (drawn by templatetags/sandbox_in_ats.py)."""

from django.db.models import Q
from django.shortcuts import render

from linkedin_sandbox.in_ats_matching import candidates_matching
from linkedin_sandbox.members import _recruiter_seat
from linkedin_sandbox.models import AtsApplication, SimpleJobPosting

JOBS_SHOWN = 200


def synced_jobs(request):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    query = request.GET.get("q", "").strip()[:100]
    jobs = SimpleJobPosting.objects.filter(organization=seat.contract.organization)
    if query:
        jobs = jobs.filter(Q(title__icontains=query) | Q(external_job_posting_id__iexact=query))
    context = {
        "member": seat.member,
        "seat": seat,
        "query": query,
        "jobs": jobs.order_by("title", "pk")[:JOBS_SHOWN],
    }
    return render(request, "linkedin_sandbox/in_ats_jobs.html", context)


def in_ats_for(person, seat) -> dict:
    """What the In-ATS section shows of `person` to a seat of `seat`'s organization: the ATS candidates
    matched to them, their applications with stage history and feedback, and every note."""
    organization = seat.contract.organization
    candidates = candidates_matching(person, organization)
    applications = list(
        AtsApplication.objects.filter(
            organization=organization, ats_candidate_id__in=[c.ats_candidate_id for c in candidates]
        )
        .prefetch_related("stages", "feedback", "notes")
        .order_by("-ats_created_at", "-pk")
    )
    codes = {application.ats_job_posting_id for application in applications}
    postings = {
        posting.external_job_posting_id: posting
        for posting in SimpleJobPosting.objects.filter(
            organization=organization, external_job_posting_id__in=codes
        )
    }
    notes = []
    for candidate in candidates:
        notes += [(note, None) for note in candidate.notes.all()]
    for application in applications:
        application.posting = postings.get(application.ats_job_posting_id)
        stages = list(application.stages.all())
        application.stage_history = stages
        application.latest_stage = stages[-1] if stages else None
        notes += [(note, application) for note in application.notes.all()]
    notes.sort(key=lambda pair: (pair[0].ats_created_at is None, pair[0].ats_created_at), reverse=True)
    feedback = [(item, application) for application in applications for item in application.feedback.all()]
    return {"candidates": candidates, "applications": applications, "notes": notes, "feedback": feedback}
