"""The candidate's LinkedIn tab (/candidates/<id>/linkedin/), for anyone who may see the candidate: the
profile widget, then the InMail and notes history pulled from LinkedIn Recruiter, each saying plainly
what is missing and who can fix it. Also the tab's Refresh from LinkedIn and the Admin center's seat
holders section with its Refresh."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from attract import roles
from attract.errors import DomainError
from attract.paging import page_number
from attract.permissions import admin_required, login_required
from candidates import selectors as candidate_selectors
from linkedin_integration.client import LinkedInError
from linkedin_integration.models import LinkedInConnection, LinkedInSettings, RscIntegration
from linkedin_integration.selectors import history as selectors
from linkedin_integration.selectors.sync import candidate_on_linkedin
from linkedin_integration.services import history as service

NOT_SET_UP = "LinkedIn Recruiter is not set up: ask an administrator."
CONNECT_YOURS = "Connect your LinkedIn account in Settings"
NOT_ON_LINKEDIN = "This candidate is not on LinkedIn yet: it is sent with the next sync."


def _any_level_enabled() -> bool:
    return RscIntegration.objects.filter(state=RscIntegration.State.ENABLED).exists()


@login_required
@require_GET
def candidate_tab(request, pk):
    user = request.user
    candidate = candidate_selectors.visible_candidate_or_404(user, pk)
    context = {
        "candidate": candidate,
        "tab": "linkedin",
        "nav": "candidates",
        "can_edit": candidate_selectors.can_edit_candidates(user),
        "is_admin": roles.is_admin(user),
        "not_set_up": NOT_SET_UP,
        "connect_yours": CONNECT_YOURS,
        "not_on_linkedin": NOT_ON_LINKEDIN,
    }
    context["set_up"] = LinkedInSettings.load().is_connected and _any_level_enabled()
    context["contract_level"] = context["set_up"] and not service.history_unavailable_reason()
    context["connected"] = LinkedInConnection.objects.filter(user=user).exists()
    if context["set_up"]:
        context["on_linkedin"] = candidate_on_linkedin(candidate.pk)
    if context["set_up"] and context["connected"] and context["contract_level"]:
        context.update(_history(request, candidate))
    return render(request, "linkedin_integration/candidate_tab/tab.html", context)


def _history(request, candidate) -> dict:
    member = selectors.candidate_member(candidate.pk)
    shared = selectors.profile_shared(member)
    history = {"member_urn": member, "shared": shared, "pull": selectors.pull_state()}
    if not member:
        return history
    seats = selectors.viewer_seats(request.user)
    names = selectors.seat_names()
    if shared:
        inmails, threads = selectors.inmail_page(
            member_urn=member, seats=seats, page=page_number(request, "inmail_page"), names=names
        )
        history.update(inmails=inmails, threads=threads)
    notes = selectors.notes_page(member_urn=member, seats=seats, page=page_number(request, "notes_page"))
    note_rows = [
        {"note": note, "author": names.get(note.owner_urn) or "A former seat holder"} for note in notes
    ]
    history.update(notes=notes, note_rows=note_rows)
    return history


@login_required
@require_POST
def refresh(request, pk):
    candidate = candidate_selectors.visible_candidate_or_404(request.user, pk)
    target = reverse("linkedin:candidate_tab", args=[candidate.pk]) + "#linkedin-history"
    if not LinkedInConnection.objects.filter(user=request.user).exists():
        messages.error(request, f"{CONNECT_YOURS} to refresh from LinkedIn.")
        return redirect(target)
    try:
        messages.success(request, service.history_refresh_request(actor=request.user))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(target)


# Admin center: seat holders ---------------------------------------------------------------------------


def seat_holders_section_context(request, linkedin):
    seats = selectors.seat_holders_with_users()
    return {
        "seat_holders": seats,
        "seats_read_at": max((seat.refreshed_at for seat in seats), default=None),
        "history_pull": selectors.pull_state(),
    }


@admin_required
@require_POST
def seats_refresh(request):
    try:
        seats = service.seats_refresh()
    except (DomainError, LinkedInError) as exc:
        messages.error(request, f"Seat holders not refreshed: {exc.message}")
    else:
        messages.success(request, f"Seat holders refreshed from LinkedIn: {len(seats)}.")
    return redirect(reverse("linkedin:admin_tab") + "#seat-holders")
