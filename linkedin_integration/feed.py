"""The Limited Listings XML document (shared/docs/linkedin-feed.md): built, and checked once written.

The builder streams: one query over the marked jobs (only the columns the feed needs, the poster's
email joined in the same query, rows fetched in chunks), each job written by lxml's incremental
writer as soon as it is read, so memory stays flat at 100 or 100,000 jobs. `<expectedJobCount>`
belongs in the header but is known only at the end, so the jobs go to a scratch file first and the
header is put in front of them when the document is assembled.

Descriptions are sanitised once per text, not once per night: each listing keeps the reduced copy
(JobListing.description_*), and the query sends a job's description only when the copy was made from
other text or older rules (compared by MD5 in the database), so those alone are sanitised here.
"""

import email.utils
import functools
import logging
import re
import shutil
import tempfile
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import MD5, Concat, TruncDate
from django.utils import timezone
from django_countries import countries
from lxml import etree

from jobs.models import EmploymentType, Industry, JobFunction, SalaryPeriod, Seniority, WorkplaceType
from linkedin_integration import eligibility
from linkedin_integration.eligibility import DESCRIPTION_RULES, clean_text, sanitise_description

log = logging.getLogger(__name__)

ROOT = "source"
MAX_JOBS = 500_000
MAX_JOB_FUNCTIONS = 3
CHUNK_SIZE = 2000
EXCLUSION_CAP = 200
# Jobs an unexpected error may leave out before the build as a whole counts as broken (the larger of
# the two), and how many of those errors are logged with their traceback.
UNEXPECTED_TOLERATED = 5
UNEXPECTED_SHARE = 0.01
UNEXPECTED_LOGGED = 5
FEED_FULL = eligibility.Reason("feed_full", f"The feed already holds {MAX_JOBS:,} jobs.")
PUBLISHER = "Attract"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

WORKPLACE_TYPES = {
    WorkplaceType.ON_SITE: "On-site",
    WorkplaceType.HYBRID: "Hybrid",
    WorkplaceType.REMOTE: "Remote",
}
# Temporary has no LinkedIn job type: it is left out rather than guessed.
JOB_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACT",
    EmploymentType.INTERNSHIP: "INTERNSHIP",
    EmploymentType.VOLUNTEER: "VOLUNTEER",
}
EXPERIENCE_LEVELS = {value: value for value in Seniority.values}
JOB_FUNCTIONS = frozenset(JobFunction.values)
INDUSTRY_CODES = frozenset(Industry.values)
SALARY_PERIODS = frozenset(SalaryPeriod.values)

# The columns the feed reads, in the order the builder unpacks them.
COLUMNS = (
    "pk",
    "code",
    "title",
    "description_if_stale",
    "city",
    "region",
    "country",
    "postal_code",
    "workplace_type",
    "employment_type",
    "seniority",
    "job_functions",
    "industry",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_public",
    "status",
    "visibility",
    "list_date",
    "owner__email",
    "linkedin_listing__posted_company_id",
    "linkedin_listing__description_html",
    "linkedin_listing__description_length",
    "apply_by",
)


class FeedCheckError(Exception):
    """The written document is not one LinkedIn should ever see."""


@dataclass
class FeedBuild:
    """What one build wrote and what it left out."""

    job_count: int = 0
    excluded_count: int = 0
    exclusion_counts: dict = field(default_factory=dict)
    exclusions: list = field(default_factory=list)
    job_ids: array = field(default_factory=lambda: array("q"))
    # Jobs whose listing had no cached description for their current text (sanitised in this build).
    resanitised_job_ids: array = field(default_factory=lambda: array("q"))
    global_reasons: list = field(default_factory=list)
    unexpected_count: int = 0


# Characters a URL path segment carries as they are: a job code like J-000123 needs no quoting.
_URL_SAFE_CODE = re.compile(r"[A-Za-z0-9._~-]+")


def apply_url(site_url: str, code: str) -> str:
    if not _URL_SAFE_CODE.fullmatch(code):
        code = quote(code, safe="")
    return f"{site_url}/careers/{code}/apply/"


@functools.cache
def country_name(code: str) -> str:
    # django-countries translates the name on every call; a build asks for the same few countries.
    return str(countries.name(code))


def location_text(city: str, region: str, country: str) -> str:
    """LinkedIn's location: "City, State" in the US, "City, Country" elsewhere."""
    if country == "US" and region:
        where = region
    elif country:
        where = country_name(country)
    else:
        where = ""
    return ", ".join(part for part in (city, where) if part)


def salary_values(low, high, currency: str, period: str):
    """The salary block, or None when any part cannot be stated truthfully."""
    if low is None or high is None or low > high:
        return None
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()) or period not in SALARY_PERIODS:
        return None
    return {"low": f"{low:f}", "high": f"{high:f}", "currency": currency.upper(), "period": period}


def job_values(row: tuple, *, company_name: str, company_id: str, site_url: str, description: str) -> dict:
    """The feed values of one eligible job row (COLUMNS order), every text already XML-safe."""
    (
        _pk,
        code,
        title,
        _description,
        city,
        region,
        country,
        postal_code,
        workplace_type,
        employment_type,
        seniority,
        functions,
        industry,
        salary_min,
        salary_max,
        salary_currency,
        salary_period,
        salary_public,
        _status,
        _visibility,
        list_date,
        poster_email,
        _posted_company_id,
        _cached_description,
        _cached_length,
        apply_by,
    ) = row
    code = clean_text(code)
    city = clean_text(city)
    region = clean_text(region)
    country = clean_text(country)
    values = {
        "partnerJobId": code,
        "company": company_name,
        "companyId": company_id,
        "title": clean_text(title),
        "description": description,
        "applyUrl": apply_url(site_url, code),
        "posterEmail": clean_text(poster_email),
        "location": location_text(city, region, country),
        "city": city,
        "state": region,
        "country": country,
        "postalCode": clean_text(postal_code),
        "workplaceTypes": WORKPLACE_TYPES.get(workplace_type, ""),
        "jobtype": JOB_TYPES.get(employment_type, ""),
        "experienceLevel": EXPERIENCE_LEVELS.get(seniority, ""),
        "jobFunctions": [],
        "industryCodes": [str(industry)] if industry in INDUSTRY_CODES else [],
        "salary": None,
        "listDate": list_date.isoformat() if list_date else "",
        "expirationDate": apply_by.isoformat() if apply_by else "",
    }
    if functions:
        seen = []
        for code_ in functions:
            if code_ in JOB_FUNCTIONS and code_ not in seen:
                seen.append(code_)
        values["jobFunctions"] = seen[:MAX_JOB_FUNCTIONS]
    if salary_public:
        values["salary"] = salary_values(salary_min, salary_max, salary_currency or "", salary_period or "")
    return values


def _cdata(xf, text: str):
    """Write text as CDATA; "]]>" cannot sit inside one section, so it is split across two.

    lxml 6.1's incremental writer reads past the end of a CDATA value whose last character is a lone
    "]" (a crash, e.g. on the title "Engineer [Remote]"), so trailing "]" are written as plain text,
    which reads back the same.
    """
    body = text.rstrip("]")
    if body:
        if "]]>" not in body:
            xf.write(etree.CDATA(body))
        else:
            parts = body.split("]]>")
            last = len(parts) - 1
            for i, part in enumerate(parts):
                xf.write(etree.CDATA((">" if i else "") + part + ("]]" if i < last else "")))
    if len(body) < len(text):
        xf.write(text[len(body) :])


_SIMPLE_BEFORE_LISTS = (
    "partnerJobId",
    "company",
    "companyId",
    "title",
    "description",
    "applyUrl",
    "posterEmail",
    "location",
    "city",
    "state",
    "country",
    "postalCode",
    "workplaceTypes",
    "jobtype",
    "experienceLevel",
)


def write_job(xf, values: dict):
    """One <job>; optional elements with no value are left out, never invented."""
    element = xf.element
    with element("job"):
        for name in _SIMPLE_BEFORE_LISTS:
            text = values[name]
            if text:
                with element(name):
                    _cdata(xf, text)
        if values["jobFunctions"]:
            with element("jobFunctions"):
                for code in values["jobFunctions"]:
                    with element("jobFunction"):
                        xf.write(etree.CDATA(code))
        if values["industryCodes"]:
            with element("industryCodes"):
                for code in values["industryCodes"]:
                    with element("industryCode"):
                        xf.write(etree.CDATA(code))
        salary = values["salary"]
        if salary:
            with element("salaries"), element("salary"):
                for end, amount in (("highEnd", salary["high"]), ("lowEnd", salary["low"])):
                    with element(end):
                        with element("amount"):
                            xf.write(etree.CDATA(amount))
                        with element("currencyCode"):
                            xf.write(etree.CDATA(salary["currency"]))
                with element("period"):
                    xf.write(etree.CDATA(salary["period"]))
                with element("type"):
                    xf.write(etree.CDATA("BASE_SALARY"))
        for name in ("listDate", "expirationDate"):
            if values[name]:
                with element(name):
                    xf.write(etree.CDATA(values[name]))


def header_bytes(*, now: datetime, site_url: str, job_count: int) -> bytes:
    parts = []
    for name, text in (
        ("lastBuildDate", email.utils.format_datetime(now.astimezone(UTC), usegmt=True)),
        ("publisherUrl", site_url),
        ("publisher", PUBLISHER),
    ):
        element = etree.Element(name)
        element.text = etree.CDATA(clean_text(text))
        parts.append(etree.tostring(element, encoding="utf-8"))
    count = etree.Element("expectedJobCount")
    count.text = str(job_count)
    parts.append(etree.tostring(count, encoding="utf-8"))
    return b"".join(parts)


def assemble(out, *, header: bytes, body) -> None:
    """Write declaration, root and header, then the jobs from the scratch body (`<source>...</source>`)."""
    opening = f"<{ROOT}>".encode()
    body.seek(0)
    if body.read(len(opening)) != opening:
        raise FeedCheckError("The scratch body does not start with the root element.")
    out.write(XML_DECLARATION + opening + header)
    shutil.copyfileobj(body, out, 1024 * 1024)


def marked_job_rows(queryset=None):
    """Every job marked for LinkedIn, as COLUMNS tuples, streamed in chunks in a stable order.

    A closed job stays marked (it may be reopened), but it is a candidate only while it is still in the
    live feed: the next publication leaves it out and counts it once, and later ones never see it, so
    the excluded count does not grow with every job ever closed.
    """
    from jobs.models import Job
    from linkedin_integration.models import FeedPublication

    queryset = queryset if queryset is not None else Job.objects.all()
    live = FeedPublication.objects.live()
    live_at = live.finished_at if live else None
    still_open = ~Q(status=Job.Status.CLOSED)
    if live_at is not None:
        still_open |= Q(linkedin_listing__last_published_at__gte=live_at)
    # The description itself only travels when the listing's cached copy was made from other text.
    cached = Q(linkedin_listing__description_key=Concat(Value(f"{DESCRIPTION_RULES}:"), MD5("description")))
    return (
        queryset.filter(still_open, linkedin_listing__marked=True)
        .annotate(
            # The date alone: a date column loads several times faster than a timestamp with time zone.
            list_date=TruncDate("activated_at", tzinfo=UTC),
            description_if_stale=Case(
                When(cached, then=Value(None)), default=F("description"), output_field=TextField()
            ),
        )
        .order_by("pk")
        .values_list(*COLUMNS)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _note_exclusion(build: FeedBuild, row: tuple, reasons, cap: int, counts: Counter):
    build.excluded_count += 1
    for reason in reasons:
        counts[eligibility.LABELS[reason.code]] += 1
    # Closed jobs are expected to leave the feed: counted, but not listed as something to fix.
    if len(build.exclusions) < cap and row[18] != "CLOSED":
        build.exclusions.append(
            {"job_id": row[0], "code": row[1], "title": row[2], "reasons": [r.text for r in reasons]}
        )


def _write_whole_job_or_nothing(xf, body, values: dict):
    """write_job, but a job that fails half-way is cut back out of the body: lxml closes its open
    elements on the way out, which would leave a partial <job> in the document."""
    xf.flush()
    start = body.tell()
    try:
        write_job(xf, values)
    except BaseException:
        xf.flush()
        body.seek(start)
        body.truncate()
        raise


def _unexpected(row: tuple, exc: Exception, *, logged: bool) -> eligibility.Reason:
    if logged:
        log.error("LinkedIn feed: job %s (%s) left out after an unexpected error", *row[:2], exc_info=exc)
    return eligibility.Reason(
        "unexpected",
        clean_text(
            f"The job {row[1]} could not be written to the feed ({exc.__class__.__name__}: {exc}); "
            "the other jobs were published without it."
        )[:500],
    )


def build_feed(
    out,
    *,
    company_name: str,
    company_id: str,
    site_url: str,
    now: datetime | None = None,
    rows=None,
    progress=None,
    exclusion_cap: int = EXCLUSION_CAP,
) -> FeedBuild:
    """Write the whole document to the binary file `out`; return what went in and what was left out.

    `rows` (COLUMNS tuples) defaults to every marked job; `progress(n)` is called after each chunk.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    build = FeedBuild()
    counts: Counter = Counter()
    company_name = clean_text(company_name).strip()
    company_id = clean_text(company_id)
    site_wide = eligibility.global_reasons(
        company_name=company_name, company_id=company_id, site_url=site_url
    )
    build.global_reasons = [r.text for r in site_wide]
    job_reasons = eligibility.job_reasons
    rows = marked_job_rows() if rows is None else rows
    seen = 0
    with tempfile.TemporaryFile() as body:
        with etree.xmlfile(body, encoding="utf-8", buffered=True) as xf, xf.element(ROOT):
            for row in rows:
                seen += 1
                if progress and seen % CHUNK_SIZE == 0:
                    progress(CHUNK_SIZE)
                # One job's surprise (bad data, a bug) leaves that job out, named, not the whole feed.
                try:
                    if row[3] is None:  # the listing's cached copy is of this very description
                        description, visible_length = row[23], row[24]
                    else:
                        description, visible_length = sanitise_description(row[3])
                        build.resanitised_job_ids.append(row[0])
                    reasons = site_wide + job_reasons(
                        status=row[18],
                        visibility=row[19],
                        code=row[1],
                        title=row[2],
                        visible_length=visible_length,
                        city=row[4],
                        country=row[6],
                        workplace_type=row[8],
                        poster_email=row[21] or "",
                        posted_company_id=row[22] or "",
                        company_id=company_id,
                        apply_by=row[25],
                        today=today,
                    )
                    if not reasons and build.job_count >= MAX_JOBS:
                        reasons = [FEED_FULL]
                    if not reasons:
                        values = job_values(
                            row,
                            company_name=company_name,
                            company_id=company_id,
                            site_url=site_url,
                            description=description,
                        )
                        _write_whole_job_or_nothing(xf, body, values)
                except Exception as exc:  # noqa: BLE001 - reported as this job's exclusion
                    build.unexpected_count += 1
                    reasons = [_unexpected(row, exc, logged=build.unexpected_count <= UNEXPECTED_LOGGED)]
                if reasons:
                    _note_exclusion(build, row, reasons, exclusion_cap, counts)
                    continue
                build.job_count += 1
                build.job_ids.append(row[0])
        if progress and seen % CHUNK_SIZE:
            progress(seen % CHUNK_SIZE)
        _refuse_systematic_failure(build, seen)
        assemble(out, header=header_bytes(now=now, site_url=site_url, job_count=build.job_count), body=body)
    build.exclusion_counts = dict(counts.most_common())
    return build


def _refuse_systematic_failure(build: FeedBuild, seen: int) -> None:
    """A few odd jobs are left out one by one, but an error that hits many of them is a fault of the
    build itself: publishing would take every listing off LinkedIn, so the previous feed stays."""
    failed = build.unexpected_count
    if failed and (not build.job_count or failed > max(UNEXPECTED_TOLERATED, seen * UNEXPECTED_SHARE)):
        raise FeedCheckError(
            f"{failed} of {seen} jobs failed with an unexpected error (see the log); the previous feed "
            "stays live."
        )


@dataclass
class FeedCheck:
    job_count: int
    expected_job_count: int


REQUIRED_PER_JOB = ("partnerJobId", "company", "companyId", "title", "description", "applyUrl", "posterEmail")


def check_feed(path) -> FeedCheck:
    """Parse a written document back, safely, and refuse it unless LinkedIn could take every job in it.

    No entity is resolved and nothing is fetched; elements are freed as they pass so a big file
    costs no more memory than a small one.
    """
    expected = None
    job_count = 0
    partner_ids = set()
    try:
        context = etree.iterparse(
            str(path),
            events=("end",),
            tag=("job", "expectedJobCount"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        )
        for _, element in context:
            if element.tag == "expectedJobCount":
                expected = element.text
                continue
            job_count += 1
            # One pass over the children is half the cost of a findtext() per required element.
            texts = {child.tag: child.text for child in element}
            for name in REQUIRED_PER_JOB:
                if not texts.get(name):
                    raise FeedCheckError(f"Job number {job_count} has no {name}.")
            partner_id = texts["partnerJobId"]
            if partner_id in partner_ids:
                raise FeedCheckError(f"The job ID {partner_id} appears twice.")
            partner_ids.add(partner_id)
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
        root = context.root
    except etree.XMLSyntaxError as exc:
        raise FeedCheckError(f"The document is not well-formed XML: {exc}") from exc
    if root is None or root.tag != ROOT:
        raise FeedCheckError(f"The root element is not <{ROOT}>.")
    if expected is None or not expected.strip().isdigit():
        raise FeedCheckError("The header has no expectedJobCount.")
    if int(expected) != job_count:
        raise FeedCheckError(f"The header expects {int(expected)} jobs but the document holds {job_count}.")
    if job_count > MAX_JOBS:
        raise FeedCheckError(f"The document holds {job_count} jobs; LinkedIn takes at most {MAX_JOBS}.")
    return FeedCheck(job_count=job_count, expected_job_count=int(expected))
