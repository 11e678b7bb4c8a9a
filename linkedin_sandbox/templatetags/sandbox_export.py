"""The export_box section of the sandbox's member profile page (linkedin_sandbox/members.py): the
contact card's job box ("Change ATS" when several ATSs are connected, the synced jobs searched by title
or job code), the Export button per job, and this seat's exports of the person with what the ATS
answered. The page's messages say how the last Export was delivered."""

from django import template
from django.template.loader import render_to_string

from linkedin_sandbox import export
from linkedin_sandbox.models import Export

register = template.Library()
RECENT_SHOWN = 5


@register.simple_tag(takes_context=True)
def export_box(context, person, seat):
    request = context.get("request")
    organization = seat.contract.organization
    choices = export.connected_ats(organization)
    query = request.GET.get("job_q", "").strip()[:100] if request else ""
    used = export.exports_this_month(seat)
    recent = (
        Export.objects.filter(seat=seat, member=person)
        .select_related("application", "event")
        .prefetch_related("event__pushes")
        .order_by("-created_at", "-pk")[:RECENT_SHOWN]
    )
    data = {
        "person": person,
        "seat": seat,
        "choices": choices,
        "ats": export.chosen_ats(request, choices) if request else (choices[0] if choices else None),
        "query": query,
        "jobs": export.job_search(organization, query) if choices else [],
        "used": used,
        "limit": export.MONTHLY_LIMIT,
        "at_limit": used >= export.MONTHLY_LIMIT,
        "limit_message": export.limit_message(),
        "recent": [(item, next(iter(item.event.pushes.all()), None)) for item in recent],
        "default_email": person.email,
    }
    return render_to_string("linkedin_sandbox/_export_box.html", data, request=request)
