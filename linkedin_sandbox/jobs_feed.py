"""Sandbox screen "LinkedIn Jobs": fetch the customer's job feed over HTTP, as LinkedIn's crawler does,
and show the Limited Listings LinkedIn would publish and the jobs it would reject, with why.

The sandbox knows the ATS only over HTTP: these checks are its own reading of LinkedIn's XML feed
guide, written independently of the ATS's, so that one can catch the other's mistakes.
"""

from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.shortcuts import render
from lxml import etree
from lxml import html as lxml_html

FEED_PATH = "/linkedin/jobs.xml"
TIMEOUT_SECONDS = 10
SHOWN_AT_MOST = 500
MIN_DESCRIPTION_TEXT = 100
MAX_PARTNER_JOB_ID = 40
MAX_JOB_FUNCTIONS = 3
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
BLOCK_TAGS = {"p", "br", "ul", "ol", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"}

WORKPLACE_TYPES = {"On-site", "Hybrid", "Remote"}
JOB_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACT", "INTERNSHIP", "VOLUNTEER", "TEMPORARY", "OTHER"}
EXPERIENCE_LEVELS = {
    "ENTRY_LEVEL",
    "ASSOCIATE",
    "MID_SENIOR_LEVEL",
    "DIRECTOR",
    "EXECUTIVE",
    "INTERNSHIP",
    "NOT_APPLICABLE",
}
SALARY_PERIODS = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "BIWEEKLY"}
REQUIRED = ("partnerJobId", "company", "companyId", "title", "description", "applyUrl", "posterEmail")


class FeedUnavailable(Exception):
    pass


def _text(job, name):
    return (job.findtext(name) or "").strip()


def _visible_text(description: str) -> str:
    """The text a reader sees: block elements break words apart, inline ones (b, strong, u, i) do not."""
    try:
        fragment = lxml_html.fragment_fromstring(description, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in fragment.iterdescendants():
        if element.tag in BLOCK_TAGS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return " ".join(fragment.text_content().split())


def _problems(job, seen_ids) -> list[str]:
    """Why LinkedIn would drop this job (empty when it would list it)."""
    problems = [f"{name} is missing." for name in REQUIRED if not _text(job, name)]
    partner_id = _text(job, "partnerJobId")
    if len(partner_id) > MAX_PARTNER_JOB_ID:
        problems.append(f"partnerJobId is longer than {MAX_PARTNER_JOB_ID} characters.")
    if partner_id and partner_id in seen_ids:
        problems.append("partnerJobId appears more than once in the feed.")
    company_id = _text(job, "companyId")
    if company_id and not (company_id.isascii() and company_id.isdigit()):
        problems.append("companyId is not a number.")
    description = _text(job, "description")
    if description:
        length = len(_visible_text(description))
        if length < MIN_DESCRIPTION_TEXT:
            problems.append(f"description has {length} characters of text (at least {MIN_DESCRIPTION_TEXT}).")
    apply_url = urlsplit(_text(job, "applyUrl"))
    if _text(job, "applyUrl"):
        if not apply_url.netloc:
            problems.append("applyUrl is not an absolute address.")
        elif apply_url.scheme != "https" and apply_url.hostname not in LOCAL_HOSTS:
            problems.append("applyUrl is not https.")
    email = _text(job, "posterEmail")
    if email and "@" not in email:
        problems.append("posterEmail is not an email address.")
    country = _text(job, "country")
    if not _text(job, "location") and not (_text(job, "city") and country):
        problems.append("neither location nor city and country is given.")
    if country and not (len(country) == 2 and country.isascii() and country.isupper()):
        problems.append("country is not an ISO 3166 two-letter code.")
    for name, allowed in (
        ("workplaceTypes", WORKPLACE_TYPES),
        ("jobtype", JOB_TYPES),
        ("experienceLevel", EXPERIENCE_LEVELS),
    ):
        value = _text(job, name)
        if value and value not in allowed:
            problems.append(f"{name} {value!r} is not a LinkedIn value.")
    functions = job.findall("jobFunctions/jobFunction")
    if len(functions) > MAX_JOB_FUNCTIONS:
        problems.append(f"more than {MAX_JOB_FUNCTIONS} job functions.")
    for salary in job.findall("salaries/salary"):
        period = (salary.findtext("period") or "").strip()
        if period and period not in SALARY_PERIODS:
            problems.append(f"salary period {period!r} is not a LinkedIn value.")
    return problems


def _listing(job) -> dict:
    return {
        "partner_job_id": _text(job, "partnerJobId"),
        "title": _text(job, "title"),
        "company": _text(job, "company"),
        "company_id": _text(job, "companyId"),
        "location": _text(job, "location")
        or ", ".join(filter(None, [_text(job, "city"), _text(job, "country")])),
        "workplace": _text(job, "workplaceTypes"),
        "jobtype": _text(job, "jobtype"),
        "experience": _text(job, "experienceLevel"),
        "apply_url": _text(job, "applyUrl"),
        "functions": [(f.text or "").strip() for f in job.findall("jobFunctions/jobFunction")],
    }


def read_feed(url: str) -> dict:
    """Fetch and read the whole feed, keeping only the first SHOWN_AT_MOST jobs of each kind in memory."""
    try:
        response = requests.get(
            url,
            timeout=TIMEOUT_SECONDS,
            stream=True,
            headers={"User-Agent": "LinkedIn-sandbox-jobs-crawler/1.0", "Accept-Encoding": "gzip"},
        )
    except requests.RequestException as exc:
        raise FeedUnavailable(f"Could not fetch {url}: {exc}") from exc
    if response.status_code != 200:
        response.close()
        raise FeedUnavailable(f"{url} answered HTTP {response.status_code}.")
    content_type = response.headers.get("Content-Type", "")
    result = {
        "content_type": content_type,
        "etag": response.headers.get("ETag", ""),
        "last_modified": response.headers.get("Last-Modified", ""),
        "content_encoding": response.headers.get("Content-Encoding", ""),
        "header": {},
        "listings": [],
        "rejected": [],
        "listed_count": 0,
        "rejected_count": 0,
        "warnings": [],
    }
    if "xml" not in content_type:
        result["warnings"].append(f"Content-Type is {content_type!r}, not XML.")
    response.raw.decode_content = True
    seen_ids = set()
    job_count = 0
    try:
        parsed = etree.iterparse(
            response.raw,
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        )
        for _, element in parsed:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # only the header's and the jobs' own elements matter here
            if element.tag != "job":
                result["header"][element.tag] = (element.text or "").strip()
                continue
            job_count += 1
            problems = _problems(element, seen_ids)
            seen_ids.add(_text(element, "partnerJobId"))
            if problems:
                result["rejected_count"] += 1
                if len(result["rejected"]) < SHOWN_AT_MOST:
                    result["rejected"].append({**_listing(element), "problems": problems})
            else:
                result["listed_count"] += 1
                if len(result["listings"]) < SHOWN_AT_MOST:
                    result["listings"].append(_listing(element))
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
        root = parsed.root
    except etree.XMLSyntaxError as exc:
        raise FeedUnavailable(
            f"The feed is not well-formed XML, so LinkedIn would ignore all of it: {exc}"
        ) from exc
    finally:
        response.close()
    if root is None or root.tag != "source":
        raise FeedUnavailable("The feed's root element is not <source>, so LinkedIn would ignore all of it.")
    expected = result["header"].get("expectedJobCount", "")
    if not expected.isdigit() or int(expected) != job_count:
        result["warnings"].append(
            f"expectedJobCount is {expected or 'missing'} but the feed holds {job_count} jobs."
        )
    return result


def view(request):
    url = settings.SITE_URL + FEED_PATH
    context = {"feed_url": url, "feed": None, "error": ""}
    try:
        context["feed"] = read_feed(url)
    except FeedUnavailable as exc:
        context["error"] = str(exc)
    return render(request, "linkedin_sandbox/jobs_feed.html", context)
