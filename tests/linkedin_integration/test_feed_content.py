"""What each job looks like in the feed: every element, every enum mapping, and safe text."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from jobs.models import EmploymentType, JobRole, Seniority, WorkplaceType
from tests.factories import ApplicationFactory, CandidateFactory, JobRoleFactory, UserFactory
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    COMPANY_ID,
    COMPANY_NAME,
    company_fixture,
    job_element,
    posted_job,
    publish,
    published_bytes,
    published_root,
)

pytestmark = pytest.mark.django_db


def test_the_document_is_utf8_with_the_header_linkedin_expects(company):
    posted_job()
    publication = publish()
    document = published_bytes(publication)
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<source>')
    root = published_root(publication)
    assert root.tag == "source"
    assert [child.tag for child in root][:4] == [
        "lastBuildDate",
        "publisherUrl",
        "publisher",
        "expectedJobCount",
    ]
    assert root.findtext("expectedJobCount") == "1"
    assert root.findtext("publisherUrl") == "http://127.0.0.1:8000"
    # RFC 822 date, in GMT
    assert datetime.strptime(root.findtext("lastBuildDate"), "%a, %d %b %Y %H:%M:%S GMT")


@override_settings(SITE_URL="https://jobs.contoso.example")
def test_every_required_element_of_a_job_is_written(company):
    owner = UserFactory(email="rita@contoso.example")
    job = posted_job(
        owner=owner,
        title="Platform Engineer",
        city="Amsterdam",
        region="North Holland",
        country="NL",
        postal_code="1011 AB",
        activated_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    )
    element = job_element(published_root(publish()), job.code)
    assert element.findtext("partnerJobId") == job.code
    assert element.findtext("company") == COMPANY_NAME
    assert element.findtext("companyId") == COMPANY_ID
    assert element.findtext("title") == "Platform Engineer"
    assert "<strong>building reliable systems</strong>" in element.findtext("description")
    assert element.findtext("applyUrl") == f"https://jobs.contoso.example/careers/{job.code}/apply/"
    assert element.findtext("posterEmail") == "rita@contoso.example"
    assert element.findtext("location") == "Amsterdam, Netherlands"
    assert element.findtext("city") == "Amsterdam"
    assert element.findtext("state") == "North Holland"
    assert element.findtext("country") == "NL"
    assert element.findtext("postalCode") == "1011 AB"
    assert element.findtext("listDate") == "2026-03-02"


def test_the_last_day_to_apply_is_the_expiration_date_and_absent_without_one(company):
    from datetime import date

    with_deadline = posted_job(apply_by=date(2099, 5, 31))
    without = posted_job()

    root = published_root(publish())

    assert job_element(root, with_deadline.code).findtext("expirationDate") == "2099-05-31"
    assert job_element(root, without.code).find("expirationDate") is None


def test_text_values_are_written_as_cdata(company):
    job = posted_job(title="R&D <Lead>")
    document = published_bytes(publish())
    assert b"<title><![CDATA[R&D <Lead>]]></title>" in document
    assert job_element(published_root(publish()), job.code).findtext("title") == "R&D <Lead>"


def test_a_us_location_reads_city_comma_state(company):
    job = posted_job(city="Austin", region="TX", country="US")
    element = job_element(published_root(publish()), job.code)
    assert element.findtext("location") == "Austin, TX"
    assert element.findtext("country") == "US"


def test_a_remote_job_with_a_country_but_no_city_is_listed_by_country(company):
    job = posted_job(city="", region="", postal_code="", country="DE", workplace_type=WorkplaceType.REMOTE)
    element = job_element(published_root(publish()), job.code)
    assert element.findtext("location") == "Germany"
    assert element.find("city") is None
    assert element.find("postalCode") is None
    assert element.findtext("workplaceTypes") == "Remote"


@pytest.mark.parametrize(
    "workplace, expected",
    [(WorkplaceType.ON_SITE, "On-site"), (WorkplaceType.HYBRID, "Hybrid"), (WorkplaceType.REMOTE, "Remote")],
)
def test_workplace_types_are_mapped(company, workplace, expected):
    job = posted_job(workplace_type=workplace)
    assert job_element(published_root(publish()), job.code).findtext("workplaceTypes") == expected


@pytest.mark.parametrize(
    "employment, expected",
    [
        (EmploymentType.FULL_TIME, "FULL_TIME"),
        (EmploymentType.PART_TIME, "PART_TIME"),
        (EmploymentType.CONTRACT, "CONTRACT"),
        (EmploymentType.INTERNSHIP, "INTERNSHIP"),
        (EmploymentType.VOLUNTEER, "VOLUNTEER"),
        (EmploymentType.TEMPORARY, None),
    ],
)
def test_employment_types_are_mapped_and_temporary_is_left_out(company, employment, expected):
    job = posted_job(employment_type=employment)
    assert job_element(published_root(publish()), job.code).findtext("jobtype") == expected


@pytest.mark.parametrize("seniority", [*Seniority.values, ""])
def test_seniority_becomes_the_experience_level_or_is_left_out(company, seniority):
    job = posted_job(seniority=seniority)
    assert job_element(published_root(publish()), job.code).findtext("experienceLevel") == (seniority or None)


def test_at_most_three_known_job_functions_are_written(company):
    job = posted_job(job_functions=["eng", "bogus", "it", "eng", "sale", "mgmt"])
    element = job_element(published_root(publish()), job.code)
    assert [f.text for f in element.findall("jobFunctions/jobFunction")] == ["eng", "it", "sale"]


def test_no_job_functions_means_no_element(company):
    job = posted_job(job_functions=["nonsense"])
    assert job_element(published_root(publish()), job.code).find("jobFunctions") is None


def test_a_known_industry_code_is_written_and_an_unknown_one_left_out(company):
    known = posted_job(industry=4)
    unknown = posted_job(industry=9999)
    root = published_root(publish())
    assert [c.text for c in job_element(root, known.code).findall("industryCodes/industryCode")] == ["4"]
    assert job_element(root, unknown.code).find("industryCodes") is None


def salary(**overrides):
    fields = {
        "salary_min": Decimal("60000.00"),
        "salary_max": Decimal("80000.00"),
        "salary_currency": "EUR",
        "salary_period": "YEARLY",
        "salary_public": True,
    }
    return {**fields, **overrides}


def test_a_public_salary_is_written_with_both_ends_currency_period_and_type(company):
    job = posted_job(**salary())
    block = job_element(published_root(publish()), job.code).find("salaries/salary")
    assert block.findtext("highEnd/amount") == "80000.00"
    assert block.findtext("lowEnd/amount") == "60000.00"
    assert block.findtext("highEnd/currencyCode") == "EUR"
    assert block.findtext("lowEnd/currencyCode") == "EUR"
    assert block.findtext("period") == "YEARLY"
    assert block.findtext("type") == "BASE_SALARY"


@pytest.mark.parametrize(
    "overrides",
    [
        {"salary_public": False},
        {"salary_min": None},
        {"salary_max": None},
        {"salary_currency": ""},
        {"salary_currency": "E1"},
        {"salary_period": ""},
        {"salary_min": Decimal("90000"), "salary_max": Decimal("80000")},
    ],
)
def test_a_private_or_incomplete_salary_is_never_written(company, overrides):
    job = posted_job(**salary(**overrides))
    document = published_bytes(publish())
    assert job_element(published_root(publish()), job.code).find("salaries") is None
    assert b"80000" not in document


def test_descriptions_keep_only_linkedins_tags_and_the_text_of_the_others(company):
    description = (
        '<h2 class="x">About</h2><p onclick="steal()">We <em>build</em> <a href="https://x.example">things</a>'
        "<script>alert(1)</script><style>p{}</style> with <b>care</b>, <i>craft</i> and <u>pride</u>.</p>"
        "<ol><li>One</li></ol><ul><li>Two<br>lines</li></ul><img src=x onerror=alert(1)>"
        + "<p>"
        + "Plenty of words to pass the minimum length. " * 3
        + "</p>"
    )
    job = posted_job(description=description)
    text = job_element(published_root(publish()), job.code).findtext("description")
    assert text.startswith(
        "<p><b>About</b></p><p>We build things with <b>care</b>, <i>craft</i> and <u>pride</u>.</p>"
    )
    assert "<ol><li>One</li></ol><ul><li>Two<br>lines</li></ul>" in text
    for gone in ("script", "alert", "style", "onclick", "href", "<h2", "<em>", "<a", "<img", "class="):
        assert gone not in text


def test_headings_become_bold_paragraphs_as_linkedin_allows_no_heading(company):
    description = (
        '<h2 class="x">About us</h2><p>We build engines.</p><h3>What you will do</h3><ul><li>Design</li></ul>'
        "<h4>Nice <i>to</i> have</h4><p>" + "Plenty of words to pass the minimum length. " * 3 + "</p>"
    )
    job = posted_job(description=description)

    text = job_element(published_root(publish()), job.code).findtext("description")

    assert text.startswith(
        "<p><b>About us</b></p><p>We build engines.</p><p><b>What you will do</b></p><ul><li>Design</li></ul>"
        "<p><b>Nice <i>to</i> have</b></p>"
    )
    assert "<h" not in text


def test_a_value_containing_the_cdata_terminator_is_split_across_two_sections(company):
    job = posted_job(title="Engineer ]]> tester ]]]]>>")
    document = published_bytes(publish())
    assert b"<![CDATA[Engineer ]]]]><![CDATA[> tester ]]]]]]><![CDATA[>>]]>" in document
    assert job_element(published_root(publish()), job.code).findtext("title") == "Engineer ]]> tester ]]]]>>"


def test_characters_xml_forbids_are_removed(company):
    # NUL too, but PostgreSQL cannot store it: the property tests cover it without a database.
    job = posted_job(title="Dev\x01el\x08op\x0ber\x1f \ufffe\uffffLead", city="Ut\x0crecht")
    element = job_element(published_root(publish()), job.code)
    assert element.findtext("title") == "Developer Lead"
    assert element.findtext("city") == "Utrecht"


def test_nothing_internal_reaches_the_feed(company):
    job = posted_job(**salary(salary_public=False))
    manager = UserFactory(first_name="Zebulon", last_name="Hiringteam", email="zebulon@contoso.example")
    JobRoleFactory(job=job, user=manager, role=JobRole.Role.HIRING_MANAGER)
    ApplicationFactory(job=job, candidate=CandidateFactory(first_name="Quintessa", email="q@example.org"))
    document = published_bytes(publish()).decode()
    for internal in ("60000", "80000", "Zebulon", "Hiringteam", "Quintessa", "q@example.org", "Prospect"):
        assert internal not in document
