"""1-click exports as people see them: the Exports list (the Admin center's: everyone's; Settings: the
user's own, with its refusals not read yet). The top bar's flag for those reads the user's own row
(base.html), no query."""

from django import template
from django.template.loader import render_to_string

from attract import roles
from linkedin_integration.models import Export
from linkedin_integration.services.export import exports_for

register = template.Library()


@register.simple_tag(takes_context=True)
def exports_list(context, everyone=False):
    """Everyone's exports for an administrator who asks for them, else the user's own."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    everyone = bool(everyone) and roles.is_admin(user)
    data = {
        "exports": exports_for(user, everyone=everyone),
        "everyone": everyone,
        "unseen": 0 if everyone else Export.objects.unseen_refusals_of(user).count(),
    }
    return render_to_string("linkedin_integration/_exports.html", data, request=request)
