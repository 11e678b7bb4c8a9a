"""Property-based: any Unicode in titles, descriptions and locations gives well-formed XML that reads back
to the same visible text, apart from the characters XML 1.0 forbids (removed) and line endings (LF)."""

import html
import io
import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linkedin_integration.feed import COLUMNS, build_feed
from tests.linkedin_integration.feed_helpers import parse

# Every code point, lone surrogates and control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PADDING = (
    " and then enough ordinary words to pass the hundred characters of text that LinkedIn asks of a job"
    " description."
)


def as_xml_keeps_it(text: str) -> str:
    """What an XML reader can get back: forbidden characters gone, CR LF and lone CR read as LF."""
    return FORBIDDEN.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


class _TextOf(HTMLParser):
    """An HTML reader independent of the sanitiser, collecting the text a browser would show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(fragment: str) -> str:
    reader = _TextOf()
    reader.feed(fragment)
    reader.close()
    return "".join(reader.parts)


def row(**fields):
    base = {
        "pk": 1,
        "code": "J-000001",
        "title": "Engineer",
        "description_if_stale": f"<p>{PADDING}</p>",
        "city": "Amsterdam",
        "region": "",
        "country": "NL",
        "postal_code": "",
        "workplace_type": "ON_SITE",
        "employment_type": "FULL_TIME",
        "seniority": "",
        "job_functions": [],
        "industry": None,
        "salary_min": None,
        "salary_max": None,
        "salary_currency": "",
        "salary_period": "",
        "salary_public": False,
        "status": "ACTIVE",
        "visibility": "PUBLIC",
        "list_date": None,
        "owner__email": "rita@contoso.example",
        "linkedin_listing__posted_company_id": "",
        "linkedin_listing__description_html": "",
        "linkedin_listing__description_length": 0,
        "apply_by": None,
    }
    base.update(fields)
    return tuple(base[column] for column in COLUMNS)


def build_one(**fields):
    out = io.BytesIO()
    result = build_feed(
        out,
        company_name="Contoso",
        company_id="2414183",
        site_url="https://jobs.contoso.example",
        rows=[row(**fields)],
    )
    assert result.job_count == 1, result.exclusions
    return parse(out.getvalue()).find("job")


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(title=ANY_TEXT)
@example(title="a]]>b]]]]>>c\r\nd\re")
@example(title="Engineer [Remote]")
@example(title="]")
@example(title="]]>]")
def test_any_title_reads_back_the_same(title):
    job = build_one(title="T" + title)
    assert job.findtext("title") == as_xml_keeps_it("T" + title)


@PROPERTY_SETTINGS
@given(text=ANY_TEXT)
@example(text="<script>alert(1)</script> ]]> & &amp; \u00a0 \r\n")
def test_any_description_text_reads_back_as_the_same_visible_text(text):
    description = f"<p>{html.escape(text)}{PADDING}</p>"
    job = build_one(description_if_stale=description)
    assert visible_text(job.findtext("description")) == as_xml_keeps_it(text) + PADDING


@PROPERTY_SETTINGS
@given(city=ANY_TEXT, region=ANY_TEXT, postal_code=ANY_TEXT)
def test_any_location_reads_back_the_same(city, region, postal_code):
    job = build_one(city="C" + city, region=region, postal_code=postal_code, country="US")
    assert job.findtext("city") == as_xml_keeps_it("C" + city)
    assert (job.findtext("state") or "") == as_xml_keeps_it(region)
    assert (job.findtext("postalCode") or "") == as_xml_keeps_it(postal_code)
    expected_where = as_xml_keeps_it(region) or "United States of America"
    assert job.findtext("location") == f"{as_xml_keeps_it('C' + city)}, {expected_where}"


# A character reference to any code point (forbidden ones, surrogates and beyond U+10FFFF included),
# written as HTML authors do: decimal or hex, upper or lower case.
CHAR_REFERENCE = st.builds(
    lambda n, form: form.format(n),
    st.integers(min_value=0, max_value=0x110010),
    st.sampled_from(["&#{};", "&#x{:x};", "&#X{:X};", "&#x{:04X};"]),
)
RAW_HTML = st.lists(
    st.one_of(CHAR_REFERENCE, ANY_TEXT.map(html.escape), st.sampled_from(["<b>", "</b>", "<p>", "</p>"])),
    max_size=12,
).map("".join)


def readable(text: str) -> str:
    """Text without controls, surrogates and non-characters: HTML readers disagree on what a reference
    to one of those decodes to (dropped, U+FFFD or kept), so only the rest is compared."""
    return "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs")
        and not (0xFDD0 <= ord(ch) <= 0xFDEF or (ord(ch) & 0xFFFE) == 0xFFFE)
        and ch != "\ufffd"
    )


@PROPERTY_SETTINGS
@given(raw=RAW_HTML)
@example(raw="&#1;&#x0B;&#x1F;&#xFFFE;&#xD800;&#0;&#x110000;&#13;")
@example(raw="<p>a&#x1;b</p>]]&#62;")
def test_character_references_in_raw_description_html_give_well_formed_xml(raw):
    job = build_one(description_if_stale=f"<p>{raw}</p><p>{PADDING}</p>")
    description = job.findtext("description")
    assert not FORBIDDEN.search(description)
    assert " ".join(readable(visible_text(description)).split()) == " ".join(
        readable(as_xml_keeps_it(visible_text(raw) + PADDING)).split()
    )
