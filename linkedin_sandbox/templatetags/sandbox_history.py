"""The history_section section of the sandbox's member profile page (linkedin_sandbox/members.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def history_section(context, person, seat):
    return ""
