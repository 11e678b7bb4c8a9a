"""The public career site: only active public jobs, with location and workplace filters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, WorkplaceType
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

LIST = reverse("careers:list")


def open_job(**fields):
    fields.setdefault("activated_at", timezone.now())
    return JobFactory(status=Job.Status.ACTIVE, visibility=Job.Visibility.PUBLIC, **fields)


def titles(response):
    return [job.title for job in response.context["jobs"]]


@pytest.fixture
def jobs_of_every_kind():
    return {
        "open": open_job(title="Backend Engineer"),
        "draft": JobFactory(title="Draft Designer"),
        "internal": JobFactory(
            title="Internal Auditor", status=Job.Status.ACTIVE, visibility=Job.Visibility.INTERNAL
        ),
        "closed": JobFactory(
            title="Closed Consultant", status=Job.Status.CLOSED, close_reason=Job.CloseReason.CANCELLED
        ),
    }


def test_the_listing_shows_only_active_public_jobs_to_anonymous_visitors(client, jobs_of_every_kind):
    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == ["Backend Engineer"]
    content = response.content.decode()
    assert "Backend Engineer" in content
    for hidden in ("Draft Designer", "Internal Auditor", "Closed Consultant"):
        assert hidden not in content
    assert reverse("careers:detail", args=[jobs_of_every_kind["open"].code]) in content


def test_the_listing_filters_by_country_city_and_workplace_type(client):
    open_job(title="Berlin Remote", city="Berlin", country="DE", workplace_type=WorkplaceType.REMOTE)
    open_job(title="Berlin On-site", city="Berlin", country="DE", workplace_type=WorkplaceType.ON_SITE)
    open_job(title="Munich Hybrid", city="München", country="DE", workplace_type=WorkplaceType.HYBRID)
    open_job(title="Lyon Remote", city="Lyon", country="FR", workplace_type=WorkplaceType.REMOTE)

    assert sorted(titles(client.get(LIST, {"country": "DE"}))) == [
        "Berlin On-site",
        "Berlin Remote",
        "Munich Hybrid",
    ]
    assert sorted(titles(client.get(LIST, {"city": "berl"}))) == ["Berlin On-site", "Berlin Remote"]
    assert sorted(titles(client.get(LIST, {"workplace_type": "REMOTE"}))) == ["Berlin Remote", "Lyon Remote"]
    assert titles(client.get(LIST, {"country": "DE", "city": "Berlin", "workplace_type": "REMOTE"})) == [
        "Berlin Remote"
    ]


def test_the_country_filter_offers_only_countries_with_open_jobs(client):
    open_job(country="DE")
    open_job(country="FR")
    JobFactory(country="JP")  # a draft

    choices = dict(client.get(LIST).context["form"].fields["country"].choices)

    assert set(choices) == {"", "DE", "FR"}
    assert choices["FR"] == "France"


def test_an_unknown_country_is_reported_and_the_other_filters_still_apply(client):
    open_job(title="Berlin Remote", city="Berlin", country="DE", workplace_type=WorkplaceType.REMOTE)
    open_job(title="Lyon On-site", city="Lyon", country="FR", workplace_type=WorkplaceType.ON_SITE)

    response = client.get(LIST, {"country": "XX", "workplace_type": "REMOTE"})

    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert titles(response) == ["Berlin Remote"]


def test_a_filter_without_results_says_so(client):
    open_job(city="Berlin", country="DE")

    response = client.get(LIST, {"city": "Atlantis"})

    assert titles(response) == []
    assert "No open position matches these filters" in response.content.decode()


def test_the_listing_is_paginated_and_pages_keep_the_filters(client):
    for n in range(23):
        open_job(title=f"Remote job {n}", workplace_type=WorkplaceType.REMOTE)
    open_job(title="Office job", workplace_type=WorkplaceType.ON_SITE)

    first = client.get(LIST, {"workplace_type": "REMOTE"})
    second = client.get(LIST, {"workplace_type": "REMOTE", "page": 2})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 3
    assert "workplace_type=REMOTE&amp;page=2" in first.content.decode()
    assert set(titles(first)).isdisjoint(titles(second))
    assert client.get(LIST, {"page": "junk"}).status_code == 200


def test_the_listing_costs_the_same_few_queries_for_many_jobs(client, django_assert_max_num_queries):
    for n in range(30):
        open_job(title=f"Job {n}", country=["DE", "FR", "NL"][n % 3])

    # The page of jobs, its count, the filter's countries; the brand (name, logo, colour).
    with django_assert_max_num_queries(4):
        response = client.get(LIST, {"country": "DE", "page": 1})

    assert response.status_code == 200
    assert len(titles(response)) == 10


def test_the_listing_reads_only_the_columns_it_shows(client):
    open_job(title="Backend Engineer")

    job = client.get(LIST).context["jobs"][0]

    assert "description" in job.get_deferred_fields()


def test_a_job_page_shows_the_job_and_a_link_to_apply(client, django_assert_max_num_queries):
    job = open_job(title="Backend Engineer", city="Berlin", region="", country="DE")

    # The job; the brand (name, logo, colour).
    with django_assert_max_num_queries(2):
        response = client.get(reverse("careers:detail", args=[job.code]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Backend Engineer" in content
    assert "Berlin, Germany" in content
    assert "<strong>building reliable systems</strong>" in content
    assert reverse("career_apply:apply", args=[job.code]) in content


@pytest.mark.parametrize("kind", ["draft", "internal", "closed"])
def test_a_job_page_of_a_job_not_open_to_the_public_is_not_found(client, jobs_of_every_kind, kind):
    response = client.get(reverse("careers:detail", args=[jobs_of_every_kind[kind].code]))

    assert response.status_code == 404


def test_an_unknown_job_code_is_not_found(client):
    assert client.get(reverse("careers:detail", args=["J-999999"])).status_code == 404


def test_the_salary_is_shown_only_when_the_job_makes_it_public(client):
    salary = {
        "salary_min": Decimal("55000"),
        "salary_max": Decimal("70000"),
        "salary_currency": "EUR",
        "salary_period": "YEARLY",
    }
    public = open_job(salary_public=True, **salary)
    private = open_job(salary_public=False, **salary)

    shown = client.get(reverse("careers:detail", args=[public.code])).content.decode()
    hidden = client.get(reverse("careers:detail", args=[private.code])).content.decode()

    assert "EUR 55,000 – 70,000 per year" in shown
    assert "55,000" not in hidden
    assert "Salary" not in hidden


def test_a_job_description_is_cleaned_before_it_is_shown(client):
    job = open_job(description="<p>Great team</p><script>alert(1)</script><img src=x onerror=alert(2)>")

    content = client.get(reverse("careers:detail", args=[job.code])).content.decode()

    assert "<p>Great team</p>" in content
    assert "<script>alert(1)" not in content
    assert "onerror" not in content


def test_signed_in_people_see_the_career_site_too(client_for, recruiter):
    open_job(title="Backend Engineer")

    response = client_for(recruiter).get(LIST)

    assert titles(response) == ["Backend Engineer"]


def test_a_job_whose_last_day_to_apply_has_passed_leaves_the_career_site(client):
    today = timezone.localdate()
    last_day = open_job(title="Closing Today", apply_by=today)
    passed = open_job(title="Deadline Passed", apply_by=today - timedelta(days=1))

    assert titles(client.get(LIST)) == ["Closing Today"]
    detail = client.get(reverse("careers:detail", args=[last_day.code]))
    assert f"{today:%-d %b %Y}</time>" in detail.content.decode()
    assert client.get(reverse("careers:detail", args=[passed.code])).status_code == 404
    assert client.get(reverse("career_apply:apply", args=[passed.code])).status_code == 404
