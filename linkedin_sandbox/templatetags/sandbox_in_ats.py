"""The in_ats_section section of the sandbox's member profile page (linkedin_sandbox/members.py):
LinkedIn Recruiter's In-ATS section, fed by what the ATS synced, in three tabs (Jobs & Statuses,
Interview Feedback, Notes). The tabs are anchors to their sections: no script needed."""

from django import template
from django.template.loader import render_to_string

from linkedin_sandbox.in_ats_screens import in_ats_for

register = template.Library()


@register.simple_tag(takes_context=True)
def in_ats_section(context, person, seat):
    data = in_ats_for(person, seat)
    return render_to_string(
        "linkedin_sandbox/_in_ats_section.html", {"person": person, **data}, request=context.get("request")
    )
