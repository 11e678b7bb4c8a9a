"""Apply with LinkedIn on the career site's apply page (candidates/ only loads this tag library)."""

from django import template

from linkedin_integration.models import LinkedInSettings

register = template.Library()


@register.inclusion_tag("linkedin_integration/_apply_button.html", takes_context=True)
def apply_with_linkedin(context, job):
    """The button when Apply with LinkedIn is on, and a note once the form was pre-filled (one query)."""
    request = context.get("request")
    enabled = LinkedInSettings.objects.filter(
        pk=1, apply_with_linkedin=True, connected_at__isnull=False
    ).exists()
    prefilled = bool(request and request.session.get("apply_prefill", {}).get(job.code))
    return {"enabled": enabled, "job": job, "prefilled": prefilled}
