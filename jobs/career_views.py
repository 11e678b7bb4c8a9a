"""The public career site: active public jobs, for anyone, without an account.

Draft, closed and internal jobs do not exist here (404). Pages read only the columns they show, and a
listing page costs three queries (countries for the filter, the count, the page) however many jobs
there are.
"""

import nh3
from django import forms
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_countries import countries

from attract.paging import page_number
from attract.voice import AppVoice
from jobs.models import Job, WorkplaceType

PAGE_SIZE = 20
LIST_COLUMNS = (
    "code",
    "title",
    "city",
    "region",
    "country",
    "workplace_type",
    "employment_type",
    "activated_at",
    "created_at",
)


class CareerFilterForm(AppVoice, forms.Form):
    country = forms.ChoiceField(required=False, label="Country")
    city = forms.CharField(
        required=False,
        max_length=100,
        label="City",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Berlin"}),
    )
    workplace_type = forms.ChoiceField(
        required=False, label="Workplace", choices=[("", "Any workplace"), *WorkplaceType.choices]
    )

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only countries that have an open job: a choice that can only give "no results" helps nobody.
        named = sorted(((code, countries.name(code) or code) for code in country_codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", "Any country"), *named]

    def filter(self, jobs):
        """Apply the filters that are valid; an invalid one is reported on its field and ignored."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("country"):
            jobs = jobs.filter(country=data["country"])
        if data.get("city", "").strip():
            jobs = jobs.filter(city__icontains=data["city"].strip())
        if data.get("workplace_type"):
            jobs = jobs.filter(workplace_type=data["workplace_type"])
        return jobs


@require_GET
def career_list(request):
    published = Job.objects.open_to_applicants()
    country_codes = (
        published.exclude(country="").order_by("country").values_list("country", flat=True).distinct()
    )
    form = CareerFilterForm(
        request.GET if request.GET.keys() - {"page"} else None, country_codes=list(country_codes)
    )
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields and errors for the others
    jobs = (
        form.filter(published)
        .only(*LIST_COLUMNS)
        .order_by(F("activated_at").desc(nulls_last=True), "-created_at", "-pk")
    )
    paginator = Paginator(jobs, PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    return render(
        request,
        "jobs/careers/list.html",
        {"form": form, "page": page, "jobs": page.object_list, "filtered": form.is_bound},
    )


@require_GET
def career_detail(request, code):
    job = get_object_or_404(Job.objects.open_to_applicants(), code=code)
    return render(
        request,
        "jobs/careers/detail.html",
        {
            "job": job,
            # Descriptions are cleaned when saved; cleaning again here keeps the public page safe even
            # for rows written some other way (imports, the Django admin).
            "description": nh3.clean(job.description),
            "show_salary": job.salary_public and (job.salary_min is not None or job.salary_max is not None),
        },
    )
