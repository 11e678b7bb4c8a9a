"""LinkedIn sign-ins: the admin's Connect (with the contract chooser), each user's own connection on
/settings/, Apply with LinkedIn on the career site, and the one OAuth callback they share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attract import roles
from attract.confirm import confirmation_page, confirmed
from attract.errors import DomainError
from attract.forms import TimeZoneForm
from attract.permissions import admin_required, login_required
from jobs.models import Job
from linkedin_integration.client import LinkedInError
from linkedin_integration.models import LinkedInConnection
from linkedin_integration.services import connection as service

PREFILL_SESSION_KEY = "apply_prefill"  # read by the career site's apply view (candidates.career)


def connect_section_context(request, linkedin):
    return {"linkedin_redirect_uri": service.redirect_uri(), "career_domain": service.career_domain()}


def _start(request, flow, *, extra=None, fallback):
    try:
        url = service.oauth_start(
            session=request.session,
            flow=flow,
            user_id=request.user.pk if request.user.is_authenticated else None,
            extra=extra,
        )
    except LinkedInError as exc:
        messages.error(request, f"LinkedIn sign-in could not start: {exc.message}")
        return redirect(fallback)
    return redirect(url)


@admin_required
@require_POST
def connect_start(request):
    return _start(request, service.CONNECT, fallback="linkedin:admin_tab")


@admin_required
@require_http_methods(["GET", "POST"])
def choose_contract(request):
    try:
        member, contracts = service.pending_load(request.session)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("linkedin:admin_tab")
    error = ""
    if request.method == "POST":
        chosen = next((c for c in contracts if c.urn == request.POST.get("contract")), None)
        if chosen is None:
            error = "Choose one of the contracts listed."
        else:
            return _finish_connect(request, member, chosen)
    return render(
        request,
        "linkedin_integration/choose_contract.html",
        {"member": member, "contracts": contracts, "error": error, "nav": "admin", "tab": "linkedin"},
        status=400 if error else 200,
    )


def _finish_connect(request, member, contract):
    try:
        linkedin = service.connect_finish(actor=request.user, member=member, contract=contract)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        request.session.pop(service.PENDING_KEY, None)
        messages.success(
            request,
            f"Connected to LinkedIn as {linkedin.connected_person_name}, contract {linkedin.contract_name}.",
        )
    return redirect("linkedin:admin_tab")


DISCONNECT_CONSEQUENCES = [
    "Recruiter System Connect stops: every access level goes back to Request, and an administrator must "
    "request it again (and LinkedIn approve it) after connecting.",
    "1-click exports, the In-ATS indicator, candidates' LinkedIn tab and Apply with LinkedIn on the career "
    "site stop until then.",
    "Jobs posted to LinkedIn stay there: the job feed does not depend on this connection.",
]


@admin_required
@require_http_methods(["GET", "POST"])
def disconnect(request):
    if not confirmed(request):
        return confirmation_page(
            request,
            title="Disconnect Attract from LinkedIn?",
            question="Attract stops talking to LinkedIn Recruiter for everybody.",
            consequences=DISCONNECT_CONSEQUENCES,
            action_label="Disconnect",
            cancel_url=reverse("linkedin:admin_tab") + "#connect",
        )
    try:
        service.disconnect(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Disconnected from LinkedIn.")
    return redirect("linkedin:admin_tab")


@admin_required
@require_POST
def apply_toggle(request):
    enabled = request.POST.get("enabled") == "on"
    try:
        service.apply_with_linkedin_set(actor=request.user, enabled=enabled)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Apply with LinkedIn is {'on' if enabled else 'off'}.")
    return redirect("linkedin:admin_tab")


@require_GET
def oauth_callback(request):
    """Where LinkedIn sends every sign-in back. Nothing is stored unless the state is ours and valid."""
    user_id = request.user.pk if request.user.is_authenticated else None
    try:
        sign_in = service.oauth_finish(session=request.session, params=request.GET, user_id=user_id)
    except DomainError as exc:
        return render(
            request, "linkedin_integration/signin_failed.html", {"message": exc.message}, status=400
        )
    try:
        if sign_in.flow == service.CONNECT:
            # The sign-in may have started before this user stopped being an Administrator.
            if not roles.is_admin(request.user):
                raise PermissionDenied("Only administrators can connect LinkedIn.")
            member, contracts = service.connect_contracts(sign_in=sign_in)
            if len(contracts) == 1:
                return _finish_connect(request, member, contracts[0])
            service.pending_store(request.session, member, contracts)
            return redirect("linkedin:choose_contract")
        if sign_in.flow == service.MEMBER:
            connection = service.member_connect(user=request.user, sign_in=sign_in)
            messages.success(request, f"Your LinkedIn account {connection.name} is connected.")
            return redirect("linkedin:settings")
        code = sign_in.extra.get("job", "")
        profile = service.apply_profile(sign_in=sign_in)
        prefill = request.session.get(PREFILL_SESSION_KEY, {})
        prefill[code] = profile
        request.session[PREFILL_SESSION_KEY] = prefill
        return redirect(reverse("career_apply:apply", args=[code]) + "?linkedin=1")
    except DomainError as exc:
        return render(
            request, "linkedin_integration/signin_failed.html", {"message": exc.message}, status=400
        )


@login_required
@require_GET
def settings_page(request):
    connection = LinkedInConnection.objects.filter(user=request.user).first()
    return render(
        request,
        "linkedin_integration/settings.html",
        {
            "connection": connection,
            "nav": "settings",
            "time_zone_form": TimeZoneForm(initial={"time_zone": request.user.time_zone}),
        },
    )


@login_required
@require_POST
def member_connect_start(request):
    return _start(request, service.MEMBER, fallback="linkedin:settings")


@login_required
@require_http_methods(["GET", "POST"])
def member_disconnect(request):
    if not confirmed(request):
        return confirmation_page(
            request,
            title="Disconnect your LinkedIn account?",
            question="Attract forgets your LinkedIn account.",
            consequences=[
                "Your 1-click exports from LinkedIn Recruiter are no longer matched to you.",
                "Candidates' LinkedIn tab stops showing for you until you connect again.",
            ],
            action_label="Disconnect LinkedIn",
            cancel_url=reverse("linkedin:settings"),
        )
    try:
        service.member_disconnect(user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your LinkedIn account is disconnected.")
    return redirect("linkedin:settings")


@require_POST
def apply_start(request, code):
    job = get_object_or_404(Job.objects.open_to_applicants(), code=code)
    if not service.apply_available():
        raise Http404("Apply with LinkedIn is not offered here.")
    return _start(request, service.APPLY, extra={"job": job.code}, fallback=f"/careers/{job.code}/apply/")
