"""Admin center, LinkedIn Integration tab: one page made of sections, each with its own context."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from attract.confirm import confirmation_page, confirmed
from attract.errors import DomainError
from attract.permissions import admin_required
from linkedin_integration import eligibility
from linkedin_integration.forms.company import CompanySettingsForm
from linkedin_integration.models import LinkedInSettings
from linkedin_integration.services.company import company_settings_save, jobs_on_linkedin_count
from linkedin_integration.views.candidate_tab import seat_holders_section_context
from linkedin_integration.views.feed import feed_section_context
from linkedin_integration.views.rsc import rsc_section_context
from linkedin_integration.views.signin import connect_section_context

TEMPLATE = "linkedin_integration/admin_tab.html"


def company_section_context(request, linkedin):
    return {
        "company_form": CompanySettingsForm(
            initial={"company_name": linkedin.company_name, "company_id": linkedin.company_id}
        )
    }


# Each section of the tab adds its context here (name -> function(request, linkedin_settings) -> dict);
# a section's own POST view passes its bound form as an override.
SECTIONS = [
    company_section_context,
    connect_section_context,
    rsc_section_context,
    feed_section_context,
    seat_holders_section_context,
]


def render_tab(request, *, status=200, **overrides):
    linkedin = LinkedInSettings.load()
    context = {"tab": "linkedin", "nav": "admin", "linkedin": linkedin}
    for section in SECTIONS:
        context.update(section(request, linkedin))
    context.update(overrides)
    return render(request, TEMPLATE, context, status=status)


@admin_required
def admin_tab(request):
    return render_tab(request)


def _clearing_company_id(form) -> bool:
    return not form.cleaned_data["company_id"] and bool(LinkedInSettings.load().company_id)


@admin_required
@require_POST
def company_save(request):
    form = CompanySettingsForm(request.POST)
    if form.is_valid():
        if _clearing_company_id(form) and not confirmed(request):
            leaving = jobs_on_linkedin_count()
            return confirmation_page(
                request,
                title="Clear the LinkedIn Company ID?",
                question=(
                    f"{leaving} job{pluralize(leaving)} on LinkedIn will leave LinkedIn with the next feed "
                    "publication: without a Company ID the feed holds no jobs."
                ),
                consequences=[
                    "The jobs stay posted here and return to LinkedIn when the same Company ID is set again.",
                    "Every change is kept in the LinkedIn audit log.",
                ],
                action_label="Clear the Company ID",
                cancel_url=reverse("linkedin:admin_tab") + "#company",
            )
        try:
            company_settings_save(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Company settings saved.")
            if eligibility.site_is_loopback(settings.SITE_URL):
                messages.warning(request, eligibility.site_warning(settings.SITE_URL))
            return redirect("linkedin:admin_tab")
    return render_tab(request, company_form=form)
