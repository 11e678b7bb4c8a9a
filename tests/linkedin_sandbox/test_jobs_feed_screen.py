"""The sandbox's "LinkedIn Jobs" screen reads the feed over HTTP and sorts jobs into listed and rejected."""

import gzip

import pytest
import requests
import responses

from linkedin_integration.eligibility import sanitise_description
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    company_fixture,
    posted_job,
    publish,
    published_bytes,
)

SCREEN = "/sandbox/linkedin/jobs/"
FEED = "http://127.0.0.1:8000/linkedin/jobs.xml"
DESCRIPTION = "<p>" + "A real description with plenty of words in it. " * 3 + "</p>"


def job_xml(partner_id="J-1", title="Engineer", **overrides):
    fields = {
        "partnerJobId": partner_id,
        "company": "Contoso",
        "companyId": "2414183",
        "title": title,
        "description": DESCRIPTION,
        "applyUrl": f"https://jobs.contoso.example/careers/{partner_id}/apply/",
        "posterEmail": "rita@contoso.example",
        "location": "Amsterdam, Netherlands",
        "city": "Amsterdam",
        "country": "NL",
    }
    fields.update(overrides)
    inner = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items() if v is not None)
    return f"<job>{inner}</job>"


def feed_xml(*jobs, expected=None):
    count = len(jobs) if expected is None else expected
    return (
        '<?xml version="1.0" encoding="UTF-8"?><source>'
        "<lastBuildDate>Mon, 02 Mar 2026 02:00:00 GMT</lastBuildDate>"
        f"<publisher>Attract</publisher><expectedJobCount>{count}</expectedJobCount>{''.join(jobs)}</source>"
    ).encode()


def serve(mocked, body, status=200, **headers):
    mocked.add(responses.GET, FEED, body=body, status=status, content_type="application/xml", headers=headers)


@pytest.mark.django_db
def test_the_screen_lists_the_jobs_linkedin_would_show(client, mocked):
    serve(mocked, feed_xml(job_xml("J-1", "Platform Engineer"), job_xml("J-2", "Designer")))
    response = client.get(SCREEN)
    assert response.status_code == 200
    feed = response.context["feed"]
    assert [j["title"] for j in feed["listings"]] == ["Platform Engineer", "Designer"]
    assert feed["rejected"] == [] and feed["warnings"] == []
    assert "Limited Listings (2)" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, problem",
    [
        ({"description": "<p>Too short</p>"}, "description has 9 characters of text (at least 100)."),
        ({"companyId": None}, "companyId is missing."),
        ({"companyId": "contoso"}, "companyId is not a number."),
        ({"applyUrl": "http://jobs.contoso.example/apply"}, "applyUrl is not https."),
        ({"applyUrl": "/careers/J-1/apply/"}, "applyUrl is not an absolute address."),
        ({"location": None, "city": None}, "neither location nor city and country is given."),
        ({"country": "Netherlands"}, "country is not an ISO 3166 two-letter code."),
        ({"jobtype": "SOMETIMES"}, "jobtype 'SOMETIMES' is not a LinkedIn value."),
        ({"partnerJobId": "J-" + "9" * 40}, "partnerJobId is longer than 40 characters."),
    ],
)
def test_the_screen_rejects_what_linkedin_would_drop_and_says_why(client, mocked, overrides, problem):
    serve(mocked, feed_xml(job_xml(**overrides)))
    feed = client.get(SCREEN).context["feed"]
    assert feed["listings"] == []
    assert problem in feed["rejected"][0]["problems"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "description",
    [
        "<b>a</b>b" * 40,
        "Sen<b>ior</b> " * 12,
        "<ul>" + "<li>item</li>" * 20 + "</ul>",
        "<p>" + "word<br>" * 20 + "</p>",
        "<p>" + "x" * 99 + "</p><p>y</p>",
        "<h2>About</h2>" + "x" * 95,
        "<h3>Role</h3><h4>Team</h4>" + "<p>word</p>" * 23,
        "<h2>" + "y" * 98 + "</h2>z",
    ],
)
def test_the_screen_counts_description_text_as_attract_does(client, mocked, description):
    # The feed carries Attract's sanitised description (headings as bold paragraphs); both must agree.
    sanitised, attract_counts = sanitise_description(description)
    serve(mocked, feed_xml(job_xml(description=sanitised)))
    feed = client.get(SCREEN).context["feed"]
    sandbox_problems = feed["rejected"][0]["problems"] if feed["rejected"] else []
    if attract_counts < 100:
        assert sandbox_problems == [f"description has {attract_counts} characters of text (at least 100)."]
    else:
        assert feed["listed_count"] == 1 and sandbox_problems == []


@pytest.mark.django_db
def test_duplicate_job_ids_and_a_wrong_count_are_flagged(client, mocked):
    serve(mocked, feed_xml(job_xml("J-1"), job_xml("J-1"), expected=5))
    feed = client.get(SCREEN).context["feed"]
    assert feed["listed_count"] == 1
    assert feed["rejected"][0]["problems"] == ["partnerJobId appears more than once in the feed."]
    assert feed["warnings"] == ["expectedJobCount is 5 but the feed holds 2 jobs."]


@pytest.mark.django_db
def test_a_gzipped_feed_is_read_like_a_plain_one(client, mocked):
    serve(mocked, gzip.compress(feed_xml(job_xml())), **{"Content-Encoding": "gzip"})
    assert client.get(SCREEN).context["feed"]["listed_count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, status, message",
    [
        (b"<source><job>", 200, "not well-formed XML"),
        (b"<rss></rss>", 200, "root element is not <source>"),
        (b"unavailable", 503, "answered HTTP 503"),
        (requests.ConnectionError("refused"), 200, "Could not fetch http://127.0.0.1:8000/linkedin/jobs.xml"),
    ],
)
def test_an_unreadable_feed_is_explained(client, mocked, body, status, message):
    serve(mocked, body, status=status)
    response = client.get(SCREEN)
    assert response.status_code == 200
    assert message in response.context["error"]


@pytest.mark.django_db
def test_the_screen_never_resolves_entities(client, mocked, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Stolen")
    job = job_xml(title="&x;").replace("<![CDATA[&x;]]>", "&x;")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE source [<!ENTITY x SYSTEM "file://{secret}">]>'
        f"<source><expectedJobCount>1</expectedJobCount>{job}</source>"
    ).encode()
    serve(mocked, body)
    response = client.get(SCREEN)
    assert "Stolen" not in response.content.decode()


def test_the_screen_reads_the_feed_attract_publishes(client, mocked, company):
    listed = posted_job(title="Published Engineer")
    posted_job(title="Short one", description="<p>x</p>")  # left out by Attract, so LinkedIn never sees it
    serve(mocked, published_bytes(publish()))
    feed = client.get(SCREEN).context["feed"]
    assert [j["partner_job_id"] for j in feed["listings"]] == [listed.code]
    assert feed["rejected"] == [] and feed["warnings"] == []
