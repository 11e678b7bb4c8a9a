"""Which jobs may go into the LinkedIn Limited Listings feed, and why not, in plain words.

Every rule lives here, once: the job page's LinkedIn panel, the feed builder and the Admin center's
exclusion list all ask these functions, so they can never disagree. Rules follow
shared/docs/linkedin-feed.md. The functions take plain values (not model instances) because the feed
builder streams tuples from the database and must not build a Job per row.
"""

import hashlib
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.utils import timezone

MIN_DESCRIPTION_CHARS = 100
MAX_JOB_CODE_CHARS = 40
ALLOWED_DESCRIPTION_TAGS = frozenset({"b", "strong", "u", "i", "br", "p", "ul", "ol", "li"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "testserver"})

# Characters XML 1.0 forbids (plus lone surrogates and the two non-characters), removed from every value.
_FORBIDDEN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# XML parsers turn CR LF and lone CR into LF even inside CDATA; doing it here keeps what we wrote and
# what LinkedIn reads identical.
_CARRIAGE_RETURN = re.compile("\r\n?")

# A real HTML parser (html5ever, through nh3) reduces descriptions to LinkedIn's tags. No attributes
# survive; script and style lose their content, other removed tags keep their text.
_SANITISER = nh3.Cleaner(
    tags=set(ALLOWED_DESCRIPTION_TAGS),
    clean_content_tags={"script", "style"},
    attributes={},
    link_rel=None,
    strip_comments=True,
)
# Headings are not among LinkedIn's tags; rather than lose all emphasis they become bold paragraphs. The
# first pass keeps them (attribute-free) so that they can be told apart, the second pass (LinkedIn's
# tags only) only runs when one was found, and puts whatever a heading held back into valid nesting.
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_SANITISER = nh3.Cleaner(
    tags=set(ALLOWED_DESCRIPTION_TAGS | HEADING_TAGS),
    clean_content_tags={"script", "style"},
    attributes={},
    link_rel=None,
    strip_comments=True,
)
_SANITISED_HEADING = re.compile("<(/?)h[1-6]>")
# Only used on the sanitiser's own output, which has no attributes and escapes every literal "<" in
# text: there a tag is exactly "<" up to the next ">", so dropping tags needs no second HTML parse.
# Block tags separate words as a browser shows them ("<li>a</li><li>b</li>" reads "a b"); inline tags
# do not ("Sen<b>ior</b>" reads "Senior"), so they count as nothing.
BLOCK_DESCRIPTION_TAGS = frozenset({"p", "br", "ul", "ol", "li"})
_SANITISED_BLOCK_TAG = re.compile("</?(?:{})>".format("|".join(sorted(BLOCK_DESCRIPTION_TAGS))))
_SANITISED_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Reason:
    """One reason a job is left out of the feed: a stable code (for counting) and words for a person."""

    code: str
    text: str


# General wording per code, used to count exclusions per reason on the Admin center tab.
LABELS = {
    "no_company_id": "No LinkedIn Company ID configured",
    "no_company_name": "No company name configured",
    "site_not_https": "Site address is not https",
    "draft": "Draft job",
    "closed": "Closed job",
    "internal": "Internal job",
    "no_title": "No title",
    "description_short": "Description under 100 characters of text",
    "no_city": "No city",
    "no_country": "No country",
    "code_too_long": "Job code longer than 40 characters",
    "no_poster_email": "Job owner has no email address",
    "other_company": "Posted for another Company ID",
    "feed_full": "Feed already holds 500,000 jobs",
    "deadline_passed": "Application deadline passed",
    "unexpected": "Could not be written (unexpected error)",
}


def clean_text(value: str | None) -> str:
    """A value safe for XML 1.0: forbidden characters removed, line endings made LF."""
    if not value:
        return ""
    # Most values (titles, cities, emails) are printable text: one C-speed test, no regex. Every
    # character the regexes act on (controls, CR, surrogates, U+FFFE/U+FFFF) is not printable.
    if value.isprintable():
        return value
    value = _FORBIDDEN_XML.sub("", value)
    if "\r" in value:
        value = _CARRIAGE_RETURN.sub("\n", value)
    return value


def sanitise_description(raw: str | None) -> tuple[str, int]:
    """The description reduced to LinkedIn's tags, and the length of the text a reader sees.

    Visible length counts characters after tags are dropped, entities decoded and whitespace runs
    collapsed to one space (as a browser shows it).
    """
    # The sanitiser decodes character references, so "&#1;" in the source comes out as a raw U+0001
    # that XML forbids: the output is cleaned as well as the input.
    safe = _HEADING_SANITISER.clean(clean_text(raw))
    if "<h" in safe:
        # The sanitiser's own output: a heading tag is exactly "<hN>" or "</hN>" (see _SANITISED_TAG).
        safe = _SANITISER.clean(_SANITISED_HEADING.sub(_heading_as_bold_paragraph, safe))
    safe = clean_text(safe)
    text = _SANITISED_TAG.sub("", _SANITISED_BLOCK_TAG.sub(" ", safe))
    if "&" in text:
        text = html.unescape(text)
    return safe, len(" ".join(text.split()))


def _heading_as_bold_paragraph(match) -> str:
    return "</b></p>" if match.group(1) else "<p><b>"


# Part of every cached description's key: change it whenever the tags above or sanitise_description
# change, and every cached copy is redone by the next publication.
DESCRIPTION_RULES = "3"


def description_key(raw: str | None) -> str:
    """Which description (and which rules) a cached feed description came from. The feed query
    compares it with MD5 computed by the database, so both sides hash the same UTF-8 bytes."""
    digest = hashlib.md5((raw or "").encode(), usedforsecurity=False).hexdigest()
    return f"{DESCRIPTION_RULES}:{digest}"


def description_cache(raw: str | None) -> dict:
    """A listing's cached feed description, ready to save on JobListing."""
    safe, visible_length = sanitise_description(raw)
    return {
        "description_key": description_key(raw),
        "description_html": safe,
        "description_length": visible_length,
    }


LIVE_LINKEDIN_NOTE = (
    "Jobs posted to LinkedIn appear on the live LinkedIn site for everyone to see: LinkedIn has no test "
    "environment for job postings."
)
SANDBOX_NOTE = (
    "LinkedIn is the sandbox here: posting and publishing reach the sandbox only, never the live LinkedIn "
    "site."
)


def destination_note(*, sandbox: bool) -> str:
    """Where a posted job or a published feed ends up, said where someone posts or publishes."""
    return SANDBOX_NOTE if sandbox else LIVE_LINKEDIN_NOTE


def site_is_loopback(site_url: str) -> bool:
    return (urlsplit(site_url).hostname or "") in LOOPBACK_HOSTS


def site_warning(site_url: str) -> str:
    """What the admin should know about the address LinkedIn would use (empty when all is well)."""
    scheme = urlsplit(site_url).scheme
    if scheme == "https" and not site_is_loopback(site_url):
        return ""
    if site_is_loopback(site_url):
        return (
            f"The site address {site_url} only works on this computer"
            + ("" if scheme == "https" else " and is not https")
            + ": fine for trying Attract out, but LinkedIn can only fetch the feed and open apply links"
            " on a public https address. Set SITE_URL before giving the feed to LinkedIn."
        )
    return (
        f"The site address {site_url} is not https, and LinkedIn only accepts https apply links: no job is "
        "published until SITE_URL is an https address."
    )


def global_reasons(*, company_name: str, company_id: str, site_url: str) -> list[Reason]:
    """Reasons that keep every job out of the feed at once (installation settings)."""
    reasons = []
    if not company_id:
        reasons.append(
            Reason(
                "no_company_id",
                "No LinkedIn Company ID is configured: an administrator sets it in the Admin center, "
                "LinkedIn Integration tab.",
            )
        )
    if not clean_text(company_name).strip():
        reasons.append(
            Reason(
                "no_company_name",
                "No company name is configured: an administrator sets it in the Admin center, "
                "LinkedIn Integration tab.",
            )
        )
    if urlsplit(site_url).scheme != "https" and not site_is_loopback(site_url):
        reasons.append(
            Reason(
                "site_not_https",
                "The site address (SITE_URL) is not https, so LinkedIn would refuse the apply link.",
            )
        )
    return reasons


def job_reasons(
    *,
    status: str,
    visibility: str,
    code: str,
    title: str,
    visible_length: int,
    city: str,
    country: str,
    workplace_type: str,
    poster_email: str,
    posted_company_id: str,
    company_id: str,
    apply_by=None,
    today=None,
) -> list[Reason]:
    """Reasons this one job cannot be listed, every one of them (empty when it can)."""
    reasons = []
    if status == "DRAFT":
        reasons.append(Reason("draft", "The job is a draft: only active jobs are posted."))
    elif status == "CLOSED":
        reasons.append(Reason("closed", "The job is closed: it leaves LinkedIn with the next feed."))
    elif status != "ACTIVE":
        reasons.append(Reason("draft", "The job is not active: only active jobs are posted."))
    if visibility != "PUBLIC":
        reasons.append(Reason("internal", "The job is internal: only public jobs are posted."))
    if not clean_text(title).strip():
        reasons.append(Reason("no_title", "The job has no title."))
    if visible_length < MIN_DESCRIPTION_CHARS:
        reasons.append(
            Reason(
                "description_short",
                f"The description has {visible_length} characters of text; LinkedIn needs at least "
                f"{MIN_DESCRIPTION_CHARS}.",
            )
        )
    if not country:
        reasons.append(
            Reason("no_country", "The job has no country: LinkedIn needs one, even for a remote job.")
        )
    if not clean_text(city).strip() and workplace_type != "REMOTE":
        reasons.append(Reason("no_city", "The job has no city: LinkedIn needs a city and a country."))
    if len(code) > MAX_JOB_CODE_CHARS:
        reasons.append(
            Reason("code_too_long", f"The job code is longer than {MAX_JOB_CODE_CHARS} characters.")
        )
    if not poster_email:
        reasons.append(
            Reason(
                "no_poster_email",
                "The job's owner has no email address, and LinkedIn needs the poster's email.",
            )
        )
    if apply_by and today and apply_by < today:
        reasons.append(
            Reason(
                "deadline_passed",
                f"The last day to apply ({apply_by:%d %b %Y}) has passed: the job left the career site and "
                "leaves LinkedIn with the next feed.",
            )
        )
    if posted_company_id and company_id and posted_company_id != company_id:
        reasons.append(
            Reason(
                "other_company",
                f"The job was first posted for LinkedIn Company ID {posted_company_id}, and a job never "
                "moves to another company's feed.",
            )
        )
    return reasons


def may_post_listing(user, job) -> bool:
    """Post to / Remove from LinkedIn: the job's recruiters and administrators. Hiring managers manage
    the job but do not speak for the company on LinkedIn."""
    from jobs.models import JobRole
    from jobs.permissions import holds_job_role

    return holds_job_role(user, job, {JobRole.Role.RECRUITER})


def postable_refusal(*, status: str, visibility: str) -> str:
    """Why "Post to LinkedIn" is refused for a job in this state (empty when it may be posted)."""
    if status == "CLOSED":
        return "A closed job cannot be posted to LinkedIn."
    if status != "ACTIVE":
        return "Only active jobs can be posted to LinkedIn: activate this job first."
    if visibility != "PUBLIC":
        return "Only public jobs can be posted to LinkedIn: this job is internal."
    return ""


def reasons_for_job(job, *, listing, company_name: str, company_id: str, site_url: str) -> list[Reason]:
    """Every reason for one Job instance (the job page panel); its owner should be loaded."""
    _, visible_length = sanitise_description(job.description)
    return global_reasons(company_name=company_name, company_id=company_id, site_url=site_url) + job_reasons(
        status=job.status,
        visibility=job.visibility,
        code=job.code,
        title=job.title,
        visible_length=visible_length,
        city=job.city,
        country=str(job.country or ""),
        workplace_type=job.workplace_type,
        poster_email=job.owner.email if job.owner_id else "",
        posted_company_id=listing.posted_company_id if listing else "",
        company_id=company_id,
        apply_by=job.apply_by,
        today=timezone.localdate(),
    )
