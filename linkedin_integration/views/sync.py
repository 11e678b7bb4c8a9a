"""Admin center, LinkedIn tab, "Data sync to LinkedIn": Sync now, Send everything again, and Retry of
an entity LinkedIn refused. Administrators only. The section loads after the tab (htmx), so that its
counts never slow the tab down; without JavaScript its link opens it as a page."""

import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from attract.errors import DomainError
from attract.outbox import send_or_keep
from attract.permissions import admin_required
from linkedin_integration.beside import run_beside_the_request
from linkedin_integration.services.sync import (
    sync_restart,
    sync_retry,
    sync_state,
    sync_stopped_reason,
)

log = logging.getLogger(__name__)
SECTION = "/admin-center/linkedin/#sync"


SYNC_THREAD = "linkedin-sync-push"


def _run_soon(request) -> None:
    """A worker runs the push; without one (the embedded default), it runs beside the request: a
    backfill is 2 years of records at LinkedIn's pace, far longer than a click may wait."""
    from linkedin_integration.tasks import push_linkedin_sync

    if push_linkedin_sync.app.conf.task_always_eager:
        run_beside_the_request(push_linkedin_sync, name=SYNC_THREAD)
        messages.success(request, "Sync started: the counts below move as records reach LinkedIn.")
        return
    # Bounded timeouts and no retry: a broker outage neither fails nor holds the click; the beat runs it.
    if not send_or_keep(push_linkedin_sync, keep=False):
        messages.warning(request, "The sync could not be queued now; the periodic run will send the changes.")
        return
    messages.success(request, "Sync started: changes reach LinkedIn within a minute.")


@admin_required
@require_GET
def sync_section(request):
    context = {"tab": "linkedin", "nav": "admin", **sync_state()}
    if request.htmx:
        return render(request, "linkedin_integration/admin/_sync_section.html", context)
    return render(request, "linkedin_integration/sync_page.html", context)


@admin_required
@require_POST
def sync_now(request):
    stopped = sync_stopped_reason()
    if stopped:
        messages.error(request, f"The sync is stopped: {stopped}")
        return redirect(SECTION)
    _run_soon(request)
    return redirect(SECTION)


@admin_required
@require_POST
def sync_send_again(request):
    try:
        sync_restart(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(SECTION)
    messages.success(request, "Everything of the last 2 years will be sent to LinkedIn again.")
    _run_soon(request)
    return redirect(SECTION)


@admin_required
@require_POST
def sync_refusal_retry(request, pk):
    try:
        refusal = sync_retry(refusal_id=pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(SECTION)
    messages.success(request, f"{refusal.label} will be sent again.")
    if not sync_stopped_reason():
        _run_soon(request)
    return redirect(SECTION)
