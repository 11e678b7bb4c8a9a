"""Property-based: whatever a stranger sends to a public URL (the RSC callback, the career site's list,
job page and apply form, the LinkedIn feed, the OAuth redirect), the answer is never a 500.

Requests are built from raw bytes, as they arrive on the wire: invalid UTF-8, NUL, lone surrogates
and huge numbers included. The test client raises any exception a view lets out, so an error fails
the example before its status is even looked at.
"""

import json
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jobs.models import Job
from tests.factories import JobFactory
from tests.linkedin_integration.test_rsc import CALLBACK, connected, signed  # noqa: F401

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every code point, lone surrogates and NUL included, as UTF-8 that may itself be broken.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40).map(
    lambda text: text.encode("utf-8", "surrogatepass")
)
NUMBERS = st.one_of(
    st.integers(), st.integers(min_value=10**18, max_value=10**30), st.integers(max_value=-(10**18))
).map(lambda n: str(n).encode())
VALUES = st.one_of(ANY_TEXT, st.binary(max_size=40), NUMBERS)
HEADER_TEXT = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=60)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
PUSH_SHAPED = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(st.characters(exclude_categories=())), st.integers(), JSON),
        "type": st.one_of(st.sampled_from(["INTEGRATION_STATUS_CHANGE", "EXPORT_CANDIDATE_PROFILE"]), JSON),
        "expiresAt": st.one_of(st.integers(), st.floats(), JSON),
    },
)


def query(params: dict) -> str:
    return urlencode(params)


@pytest.fixture
def open_job(db):
    return JobFactory(
        code="J-PUBLIC",
        status=Job.Status.ACTIVE,
        visibility=Job.Visibility.PUBLIC,
        activated_at=timezone.now(),
    )


@pytest.fixture
def no_drain(monkeypatch):
    import linkedin_integration.views.rsc as rsc_views

    monkeypatch.setattr(rsc_views, "_enqueue", lambda pk, kind: None)


def assert_answered(response):
    assert response.status_code < 500, response.content[:300]


@PROPERTY
@given(body=st.one_of(st.binary(max_size=300), PUSH_SHAPED.map(lambda d: json.dumps(d).encode())))
@example(body=b'{"id": "x", "type": "INTEGRATION_STATUS_CHANGE", "expiresAt": 100000000000000000000}')
@example(body=b"[" * 50_000 + b"]" * 50_000)
def test_a_signed_push_of_any_bytes_is_never_a_500(connected, no_drain, body):  # noqa: F811
    response = Client().post(
        CALLBACK, data=body, content_type="application/json", HTTP_X_LI_SIGNATURE=signed(body)
    )

    assert_answered(response)


@PROPERTY
@given(body=st.binary(max_size=100), signature=HEADER_TEXT)
def test_a_push_with_any_signature_is_never_a_500(connected, body, signature):  # noqa: F811
    response = Client().post(
        CALLBACK, data=body, content_type="application/json", HTTP_X_LI_SIGNATURE=signature
    )

    assert_answered(response)
    assert response.status_code in (400, 401)


@PROPERTY
@given(params=st.dictionaries(st.sampled_from(["challengeCode", "x", "page"]), VALUES, max_size=3))
def test_a_challenge_with_any_query_is_never_a_500(connected, params):  # noqa: F811
    assert_answered(Client().get(f"{CALLBACK}?{query(params)}"))


@PROPERTY
@given(params=st.dictionaries(st.sampled_from(["page", "country", "city", "workplace_type", "q"]), VALUES))
@example(params={"page": b"9999999999999999999"})
def test_the_career_list_with_any_query_is_never_a_500(open_job, params):
    assert_answered(Client().get(f"/careers/?{query(params)}"))


@PROPERTY
@given(code=st.one_of(st.binary(min_size=1, max_size=60), ANY_TEXT.filter(bool)))
def test_a_career_page_for_any_code_is_never_a_500(open_job, code):
    path = quote_from_bytes(code, safe="")
    client = Client()

    assert_answered(client.get(f"/careers/{path}/"))
    assert_answered(client.get(f"/careers/{path}/apply/"))
    assert_answered(client.get(f"/careers/{path}/apply/thanks/"))


APPLY_FIELDS = ["first_name", "last_name", "email", "phone", "cover_letter", "website", "resume"]


@PROPERTY
@given(fields=st.dictionaries(st.sampled_from(APPLY_FIELDS), VALUES))
@example(fields={"first_name": b"Ada", "last_name": b"L\x00", "email": b"ada@example.com"})
def test_an_application_form_with_any_fields_is_never_a_500(open_job, fields):
    response = Client().post(
        "/careers/J-PUBLIC/apply/", data=query(fields), content_type="application/x-www-form-urlencoded"
    )

    assert_answered(response)


@PROPERTY
@given(
    # The test client itself refuses a name that is only a path ("/"); the server strips paths anyway.
    name=st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="/\\"), min_size=1, max_size=30
    ).filter(lambda name: name not in {".", ".."}),
    extension=st.sampled_from([".pdf", ".docx", ".exe", ""]),
    content=st.one_of(st.binary(max_size=200), st.just(b"%PDF-1.4 junk"), st.just(b"PK\x03\x04junk")),
)
def test_an_application_with_any_resume_file_is_never_a_500(open_job, name, extension, content):
    response = Client().post(
        "/careers/J-PUBLIC/apply/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "resume": SimpleUploadedFile(name + extension, content),
        },
    )

    assert_answered(response)


@PROPERTY
@given(
    etag=HEADER_TEXT,
    modified=HEADER_TEXT,
    encoding=HEADER_TEXT,
    params=st.dictionaries(st.sampled_from(["page", "x"]), VALUES, max_size=2),
)
@example(etag="*", modified="Sat, 01 Jan 9999 00:00:00 GMT", encoding="gzip;q=x", params={})
def test_the_feed_with_any_conditional_headers_is_never_a_500(open_job, etag, modified, encoding, params):
    response = Client().get(
        f"/linkedin/jobs.xml?{query(params)}",
        HTTP_IF_NONE_MATCH=etag,
        HTTP_IF_MODIFIED_SINCE=modified,
        HTTP_ACCEPT_ENCODING=encoding,
    )

    assert_answered(response)


@PROPERTY
@given(
    params=st.dictionaries(
        st.sampled_from(["state", "code", "error", "error_description", "x"]), VALUES, max_size=4
    )
)
def test_the_oauth_redirect_with_any_query_is_never_a_500(params):
    assert_answered(Client().get(f"/linkedin/oauth/callback/?{query(params)}"))
