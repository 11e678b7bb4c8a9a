"""LinkedIn's profile widget on the candidate's LinkedIn tab:
`{% load linkedin_widget %}{% profile_widget candidate as widget %}` (templates/linkedin_integration/
candidate_tab/_widget.html), so the tab's view needs to know nothing about it.

The embed is LinkedIn's (contract, "Profile widget"): in.js configured with the child app's client id
and the HcmWidget extension, then a `<script type="IN/HcmWidget">` naming the candidate. With the real
LinkedIn configured, in.js comes from platform.linkedin.com; in the default it comes from the sandbox,
whose stand-in reads the very same markup. Seven queries at most, whatever the candidate."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse

from attract import roles
from linkedin_integration.client.assumed import WIDGET_CALLBACK_MEMBER_KEYS
from linkedin_integration.models import LinkedInConnection, LinkedInSettings, MemberLink
from linkedin_integration.selectors.sync import candidate_on_linkedin
from linkedin_integration.services.integrations import rsc_enabled

register = template.Library()

LINKEDIN_IN_JS = "https://platform.linkedin.com/in.js"
HCM_WIDGET_EXTENSION = "HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget"
# Global functions the widget calls (data-onlink / data-onunlink), defined by static/js/linkedin-widget.js.
ON_LINK = "attractLinkedInWidgetLinked"
ON_UNLINK = "attractLinkedInWidgetUnlinked"


@dataclass(frozen=True)
class ProfileWidget:
    ready: bool
    script_url: str = ""
    api_key: str = ""
    extension: str = HCM_WIDGET_EXTENSION
    integration_context: str = ""
    ats_candidate_id: str = ""
    endpoint: str = ""
    sandbox: bool = False
    member_urn: str = ""
    link_source: str = ""
    may_change: bool = False
    on_link: str = ON_LINK
    on_unlink: str = ON_UNLINK
    member_keys: str = " ".join(WIDGET_CALLBACK_MEMBER_KEYS)


def sandbox_base() -> str:
    """The sandbox's root URL when LinkedIn is the sandbox, else ''."""
    base = settings.LINKEDIN_OAUTH_BASE
    return base if "/sandbox/linkedin" in base else ""


def script_url() -> str:
    base = sandbox_base()
    return f"{base}/in.js" if base else LINKEDIN_IN_JS


def ats_candidate_id(candidate) -> str:
    """The atsCandidateId the In-ATS sync sends the candidate under."""
    return str(candidate.pk)


@register.simple_tag(takes_context=True)
def profile_widget(context, candidate) -> ProfileWidget:
    """What _widget.html needs; ready only when LinkedIn can show the widget to this user: RSC enabled
    (the widget is an organization-level integration), the user's own LinkedIn account connected, and
    the candidate already on LinkedIn (the widget finds them by atsCandidateId). Otherwise the tab
    says what is missing."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated or not rsc_enabled():
        return ProfileWidget(ready=False)
    if not LinkedInConnection.objects.filter(user=user).exists():
        return ProfileWidget(ready=False)
    if not candidate_on_linkedin(candidate.pk):
        return ProfileWidget(ready=False)
    linkedin = LinkedInSettings.objects.filter(pk=1).values("app_client_id", "organization_urn").first()
    link = MemberLink.objects.filter(candidate_id=candidate.pk).values("member_urn", "source").first()
    return ProfileWidget(
        ready=True,
        script_url=script_url(),
        api_key=linkedin["app_client_id"],
        integration_context=linkedin["organization_urn"],
        ats_candidate_id=ats_candidate_id(candidate),
        endpoint=reverse("linkedin:widget_callback", args=[candidate.pk]),
        sandbox=bool(sandbox_base()),
        member_urn=link["member_urn"] if link else "",
        link_source=MemberLink.Source(link["source"]).label if link else "",
        may_change=not roles.is_read_only(user),
    )
