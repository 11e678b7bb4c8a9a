"""Recruiter System Connect: the tab's section and actions, and LinkedIn's push callback."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from attract.errors import DomainError
from attract.permissions import admin_required
from linkedin_integration.client import LinkedInError
from linkedin_integration.models import AuditEntry, RscIntegration
from linkedin_integration.services import integrations, notifications

log = logging.getLogger(__name__)
AUDIT_SHOWN = 30


def rsc_section_context(request, linkedin):
    """Both access levels with what their state means and what to do next; refreshed from LinkedIn at
    most once a minute with one short attempt (a LinkedIn error here is shown, never breaks the page)."""
    refresh_error = ""
    known = integrations.levels()
    try:
        if integrations.rsc_refresh_statuses(linkedin=linkedin, known=known, page_load=True):
            known = integrations.levels()
    except LinkedInError as exc:
        refresh_error = f"Could not read the current status from LinkedIn: {exc.answer}"
    rows = []
    for integration in known:
        meaning, next_step = integrations.MEANING[integration.state]
        if not linkedin.is_connected and integration.state == RscIntegration.State.NOT_REQUESTED:
            next_step = "Connect LinkedIn above first; then request it here."
        rows.append({"integration": integration, "meaning": meaning, "next_step": next_step})
    return {
        "rsc_levels": rows,
        "rsc_refresh_error": refresh_error,
        "rsc_callback_url": integrations.callback_url(),
        "rsc_refresh_every": _every(settings.LINKEDIN_RSC_REFRESH_MINUTES),
        "audit_entries": AuditEntry.objects.select_related("actor")[:AUDIT_SHOWN],
    }


def _every(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return "hour" if hours == 1 else f"{hours} hours"
    return "minute" if minutes == 1 else f"{minutes} minutes"


def _act(request, level, action):
    try:
        integration = action(level=level, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if integration.state == RscIntegration.State.NOTIFY_PARTNER:
            level_name = integration.get_level_display()
            messages.warning(
                request, f"{level_name}: the partner-side step did not succeed. {integration.last_error}"
            )
        else:
            messages.success(
                request, f"{integration.get_level_display()} access: {integration.get_state_display()}."
            )
    return redirect("linkedin:admin_tab")


@admin_required
@require_POST
def rsc_request(request, level):
    return _act(request, level.upper(), integrations.rsc_request)


@admin_required
@require_POST
def rsc_notify_partner(request, level):
    return _act(request, level.upper(), integrations.rsc_notify_partner)


@admin_required
@require_POST
def rsc_refresh(request):
    try:
        integrations.rsc_refresh_statuses(force=True)
    except LinkedInError as exc:
        messages.error(request, f"Could not read the status from LinkedIn: {exc.answer}")
    else:
        messages.success(request, "Status read from LinkedIn.")
    return redirect("linkedin:admin_tab")


def _enqueue(pk, kind):
    from linkedin_integration.tasks import schedule_push_drain, wake_for_export

    wake_for_export(pk, kind)
    schedule_push_drain()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def rsc_callback(request):
    """LinkedIn's side: GET ?challengeCode= proves we hold the secret; POST is a signed push."""
    if request.method == "GET":
        code = request.GET.get("challengeCode", "")
        if not code or len(code) > 200:
            return JsonResponse({"error": "challengeCode is missing."}, status=400)
        try:
            answer = notifications.challenge_answer(code)
        except DomainError as exc:
            return JsonResponse({"error": exc.message}, status=503)
        return JsonResponse({"challengeCode": code, "challengeResponse": answer})
    body = request.body
    try:
        received = notifications.notification_receive(
            body=body, signature=request.headers.get("X-LI-Signature"), enqueue=_enqueue
        )
    except notifications.BadSignature as exc:
        log.warning("RSC callback refused: %s", exc.message)
        return JsonResponse({"error": exc.message}, status=401)
    except DomainError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    return HttpResponse(status=200 if received.duplicate else 202)
