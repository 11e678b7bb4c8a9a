"""LinkedIn Recruiter's 1-click export, as the sandbox plays it: the contact card's job box (the jobs the
ATS synced, searched by title or job code; "Change ATS" when several are connected), Export (which
records the export, signs and POSTs the push to the ATS callback and shows what the ATS answered; 300
exports per seat per month), and `GET exportedCandidates?q=request&requestId=` answered from what was
exported.

Sandbox assumptions (public material is silent): the limit's wording, that the month is the calendar
month in UTC, and that the job box shows the organization's LISTED postings whichever ATS synced them
(simpleJobPostings carry no ATS of their own here).
"""

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_countries import countries

from linkedin_sandbox import members, push
from linkedin_sandbox.models import (
    Application,
    Event,
    Export,
    Integration,
    IntegrationType,
    Member,
    Seat,
    SimpleJobPosting,
    Token,
)
from linkedin_sandbox.restli import ApiError, allow, bad_request, endpoint, not_found, restli_json
from linkedin_sandbox.services import EVENT_LIFETIME, SandboxError

MONTHLY_LIMIT = 300
JOBS_SHOWN = 10
ATS_KEY = "linkedin_sandbox_export_ats"
MAX_EMAILS = 3


def month_start(now=None):
    now = now or timezone.now()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now=None):
    start = month_start(now)
    return (start + timedelta(days=32)).replace(day=1)


def limit_message(now=None) -> str:
    reset = next_month_start(now)
    return (
        f"You've reached your limit of {MONTHLY_LIMIT} exports to your ATS this month. "
        f"You can export again on {reset:%B} {reset.day}, {reset.year}."
    )


def exports_this_month(seat: Seat) -> int:
    return Export.objects.filter(seat=seat, created_at__gte=month_start()).count()


def connected_ats(organization) -> list[Application]:
    """The ATSs this organization switched 1-click export on for."""
    enabled = Integration.objects.filter(
        integration_context=organization.urn,
        integration_type=IntegrationType.ONE_CLICK_EXPORT,
        status=Integration.Status.ENABLED,
    ).values("application_id")
    return list(Application.objects.filter(pk__in=enabled).order_by("name", "pk"))


def chosen_ats(request, choices: list[Application]) -> Application | None:
    chosen = request.session.get(ATS_KEY)
    return next((app for app in choices if app.pk == chosen), choices[0] if choices else None)


def job_search(organization, query: str) -> list[SimpleJobPosting]:
    """The organization's listed postings whose title or job code holds the query (all, newest first,
    without one)."""
    postings = SimpleJobPosting.objects.filter(organization=organization, state=SimpleJobPosting.State.LISTED)
    query = query.strip()
    if query:
        postings = postings.filter(Q(title__icontains=query) | Q(external_job_posting_id__icontains=query))
        return list(postings.order_by("title", "pk")[:JOBS_SHOWN])
    return list(postings.order_by("-created_at", "-pk")[:JOBS_SHOWN])


def clean_emails(text: str) -> list[str]:
    emails = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if len(emails) > MAX_EMAILS:
        raise SandboxError(f"Give at most {MAX_EMAILS} email addresses.")
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            raise SandboxError(f"{email} is not an email address.") from None
    return emails


def location_text(member: Member) -> str:
    """The free-text location LinkedIn shows ("Lagos, Nigeria")."""
    country = countries.name(member.country) if member.country else ""
    return ", ".join(part for part in (member.city, country) if part)


def stub_profile(member: Member, emails: list[str]) -> dict:
    """The contract's StubProfile of a member, with the emails the recruiter typed."""
    profile = {
        "member": member.urn,
        "firstName": member.first_name,
        "lastName": member.last_name,
        "headline": member.headline,
        "location": location_text(member),
        "profileUrl": member.profile_url,
        "currentEmployerNames": [member.current_company] if member.current_company else [],
        "emailAddresses": emails,
    }
    return profile


@transaction.atomic
def export_create(
    *, seat: Seat, member: Member, application: Application, posting: SimpleJobPosting, emails: list[str]
) -> Event:
    """Record an export and the event the ATS will fetch; the seat's row is locked so that two exports
    at once cannot both take the 300th place."""
    Seat.objects.select_for_update().get(pk=seat.pk)
    if exports_this_month(seat) >= MONTHLY_LIMIT:
        raise SandboxError(limit_message())
    organization = seat.contract.organization
    if posting.organization_id != organization.pk or posting.state != SimpleJobPosting.State.LISTED:
        raise SandboxError("This job is not open for exports any more.")
    if not member.profile_url:
        raise SandboxError(f"{member.name} has no public profile URL to export.")
    integration = Integration.objects.filter(
        application=application,
        integration_context=organization.urn,
        integration_type=IntegrationType.ONE_CLICK_EXPORT,
        status=Integration.Status.ENABLED,
    ).first()
    if integration is None:
        raise SandboxError(f"1-click export to {application.name} is not switched on for {organization}.")
    now = timezone.now()
    element = {
        "integrationContext": organization.urn,
        "candidate": stub_profile(member, emails),
        "atsJobPostingId": posting.external_job_posting_id,
        "exporter": seat.member.urn,
        "exportedAt": int(now.timestamp() * 1000),
    }
    event = Event.objects.create(
        event_id=str(uuid.uuid4()),
        type=Event.Type.EXPORT_CANDIDATE_PROFILE,
        application=application,
        elements=[element],
        summary=f"{seat.member.name} exported {member.name} to {posting}"[:300],
        callback_url=integration.callback_url,
        by=seat.member,
        expires_at=now + EVENT_LIFETIME,
    )
    Export.objects.create(
        event=event,
        seat=seat,
        member=member,
        application=application,
        job_posting=posting,
        external_job_posting_id=posting.external_job_posting_id,
        job_title=posting.title,
        email_addresses=emails,
    )
    return event


def _back(person_id: str, **params) -> str:
    url = reverse("sandbox:member_profile", args=[person_id])
    params = {key: value for key, value in params.items() if value}
    return f"{url}?{urlencode(params)}#export" if params else f"{url}#export"


@require_POST
def export(request, person_id):
    """Export: record it, then (outside the transaction: the ATS may call back) push it and say how the
    ATS answered."""
    seat, response = members._recruiter_seat(request)
    if response:
        return response
    person = get_object_or_404(Member, person_id=person_id)
    query = request.POST.get("job_q", "")[:100]
    organization = seat.contract.organization
    choices = connected_ats(organization)
    application = chosen_ats(request, choices)
    posting = SimpleJobPosting.objects.filter(
        pk=_int(request.POST.get("job")), organization=organization
    ).first()
    try:
        if application is None:
            raise SandboxError(f"No ATS is connected for 1-click export at {organization}.")
        if posting is None:
            raise SandboxError("Choose a job to export to.")
        emails = clean_emails(request.POST.get("emails", "")[:500])
        event = export_create(
            seat=seat, member=person, application=application, posting=posting, emails=emails
        )
    except SandboxError as exc:
        messages.error(request, exc.message)
        return redirect(_back(person_id, job_q=query))
    delivery = push.push_deliver(event=event)
    where = f"{posting.title} ({posting.external_job_posting_id}) in {application.name}"
    if delivery.delivered:
        messages.success(
            request, f"Exported {person.name} to {where}. The ATS answered HTTP {delivery.status_code}."
        )
    elif delivery.status_code:
        messages.warning(
            request, f"Exported {person.name} to {where}, but the ATS answered HTTP {delivery.status_code}."
        )
    else:
        messages.warning(request, f"Exported {person.name} to {where}, but the push failed: {delivery.error}")
    return redirect(_back(person_id, job_q=query))


@require_POST
def change_ats(request, person_id):
    """ "Change ATS": which connected ATS the job box and Export use, kept for this sign-in."""
    seat, response = members._recruiter_seat(request)
    if response:
        return response
    choices = connected_ats(seat.contract.organization)
    chosen = next((app for app in choices if str(app.pk) == request.POST.get("ats")), None)
    if chosen is None:
        messages.error(request, "Choose one of the connected ATSs.")
    else:
        request.session[ATS_KEY] = chosen.pk
        messages.info(request, f"Exporting to {chosen.name}.")
    return redirect(_back(person_id))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@endpoint(Token.Kind.CHILD)
def exported_candidates(request, token):
    """`GET exportedCandidates?q=request&requestId=<push id>`: the export behind a push, for the ATS that
    received it, while 1-click export is on and the event has not expired."""
    allow(request, "GET")
    finder = request.GET.get("q")
    if finder != "request":
        raise bad_request("exportedCandidates takes the finder q=request with a requestId.")
    request_id = request.GET.get("requestId", "")
    if not request_id:
        raise bad_request("requestId is required with q=request.")
    event = Event.objects.filter(
        event_id=request_id, application=token.application, type=Event.Type.EXPORT_CANDIDATE_PROFILE
    ).first()
    if event is None:
        raise not_found(f"No exported candidate with requestId {request_id} for this application.")
    if event.expires_at <= timezone.now():
        raise not_found(f"The export {request_id} has expired.")
    contexts = {element.get("integrationContext") for element in event.elements}
    enabled = Integration.objects.filter(
        application=token.application,
        integration_context__in=contexts,
        integration_type=IntegrationType.ONE_CLICK_EXPORT,
        status=Integration.Status.ENABLED,
    ).count()
    if enabled < len(contexts):
        raise ApiError(
            403, "Not enough permissions: ONE_CLICK_EXPORT is not enabled for this application.", 100
        )
    elements = event.elements
    return restli_json(
        {"elements": elements, "paging": {"start": 0, "count": len(elements), "total": len(elements)}}
    )
