"""/linkedin/jobs.xml: the published file, public, cache-friendly, conditional and compressed."""

import gzip
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from linkedin_integration.models import FeedPublication
from linkedin_integration.services import feed as feed_service
from linkedin_integration.storage import feed_storage
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    codes_in,
    company_fixture,
    parse,
    posted_job,
    publish,
    published_bytes,
)

pytestmark = pytest.mark.django_db
URL = "/linkedin/jobs.xml"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_feed_is_public_xml_with_validators_and_cache_headers(client, company):
    posted_job()
    publication = publish()
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["ETag"] == f'"{publication.sha256}"'
    assert response["Last-Modified"] == http_date(publication.finished_at.timestamp())
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in response
    assert body(response) == published_bytes(publication)


def test_the_served_file_is_the_published_one_not_a_new_build(client, company):
    posted_job()
    publication = publish()
    posted_job()  # marked after publication: not in the feed until the next one
    assert len(codes_in(parse(body(client.get(URL))))) == 1
    assert FeedPublication.objects.count() == 1 and FeedPublication.objects.get() == publication


def test_a_matching_etag_answers_304_without_a_body(client, company):
    posted_job()
    publication = publish()
    response = client.get(URL, headers={"If-None-Match": f'"{publication.sha256}"'})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == f'"{publication.sha256}"'


def test_an_unchanged_last_modified_answers_304(client, company):
    posted_job()
    publication = publish()
    since = http_date(publication.finished_at.timestamp() + 1)
    assert client.get(URL, headers={"If-Modified-Since": since}).status_code == 304


def test_a_newer_publication_is_sent_in_full_to_a_client_holding_the_old_one(client, company):
    posted_job()
    old = publish()
    posted_job()
    new = publish()
    response = client.get(URL, headers={"If-None-Match": f'"{old.sha256}"'})
    assert response.status_code == 200
    assert response["ETag"] == f'"{new.sha256}"'


def test_gzip_is_sent_to_clients_that_accept_it(client, company):
    posted_job()
    publication = publish()
    response = client.get(URL, headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"] == f'"{publication.sha256}-gzip"'
    assert gzip.decompress(body(response)) == published_bytes(publication)
    again = client.get(
        URL, headers={"Accept-Encoding": "gzip", "If-None-Match": f'"{publication.sha256}-gzip"'}
    )
    assert again.status_code == 304
    assert again["Content-Encoding"] == "gzip"


def test_gzip_refused_with_q_zero_is_not_sent(client, company):
    posted_job()
    publish()
    assert "Content-Encoding" not in client.get(URL, headers={"Accept-Encoding": "gzip;q=0"})


def test_head_answers_the_headers_only(client, company):
    posted_job()
    publication = publish()
    response = client.head(URL)
    assert response.status_code == 200
    assert response["ETag"] == f'"{publication.sha256}"'


def test_posting_to_the_feed_is_not_allowed(client, company):
    assert client.post(URL).status_code == 405


def test_the_first_fetch_publishes_once(client, company):
    job = posted_job()
    response = client.get(URL)
    assert response.status_code == 200
    assert codes_in(parse(body(response))) == {job.code}
    assert client.get(URL).status_code == 200
    publication = FeedPublication.objects.get()
    assert publication.trigger == FeedPublication.Trigger.FIRST_FETCH
    assert publication.status == FeedPublication.Status.PUBLISHED


def test_a_first_fetch_during_a_running_publication_waits_then_answers_503(client, company, monkeypatch):
    monkeypatch.setattr(feed_service, "FIRST_FETCH_WAIT_SECONDS", 0.3)
    FeedPublication.objects.create(status=FeedPublication.Status.RUNNING)
    response = client.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert FeedPublication.objects.count() == 1  # nobody built a second feed


def test_a_failed_first_fetch_build_is_not_retried_on_every_fetch(client, company, monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("broken")

    monkeypatch.setattr(feed_service, "build_feed", broken)
    assert client.get(URL).status_code == 503
    assert client.get(URL).status_code == 503
    assert len(calls) == 1
    FeedPublication.objects.update(started_at=timezone.now() - timedelta(minutes=10))
    assert client.get(URL).status_code == 503
    assert len(calls) == 2


def test_a_live_file_that_went_missing_is_published_again(client, company):
    job = posted_job()
    publication = publish()
    storage = feed_storage()
    storage.delete(publication.storage_name)
    storage.delete(publication.gzip_storage_name)
    response = client.get(URL)
    assert response.status_code == 200
    assert codes_in(parse(body(response))) == {job.code}
    assert FeedPublication.objects.live().trigger == FeedPublication.Trigger.FIRST_FETCH


def test_a_conditional_request_costs_one_query(client, company, django_assert_num_queries):
    posted_job()
    publication = publish()
    with django_assert_num_queries(1):
        response = client.get(URL, headers={"If-None-Match": f'"{publication.sha256}"'})
    assert response.status_code == 304
