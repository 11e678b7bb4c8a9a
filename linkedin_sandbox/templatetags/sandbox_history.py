"""The history_section section of the sandbox's member profile page (linkedin_sandbox/members.py):
the signed-in seat's InMail threads with the member, a Send InMail form, and the member's notes."""

from django import template
from django.template.loader import render_to_string

from linkedin_sandbox.messaging import history_for

register = template.Library()


@register.simple_tag(takes_context=True)
def history_section(context, person, seat):
    data = history_for(person, seat)
    return render_to_string(
        "linkedin_sandbox/_history_section.html",
        {"person": person, "seat": seat, **data},
        request=context.get("request"),
    )
