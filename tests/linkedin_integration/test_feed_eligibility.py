"""Exactly the eligible jobs go into the feed; every other marked job is reported with its reasons."""

import pytest
from django.test import override_settings

from jobs.models import Job, WorkplaceType
from linkedin_integration import eligibility
from linkedin_integration.models import FeedPublication, JobListing, LinkedInSettings
from linkedin_integration.services import feed as feed_service
from tests.factories import JobFactory, UserFactory
from tests.linkedin_integration.feed_helpers import (  # noqa: F401
    COMPANY_ID,
    codes_in,
    company_fixture,
    posted_job,
    publish,
    published_root,
)

pytestmark = pytest.mark.django_db


def reasons_of(publication, job):
    return next(e["reasons"] for e in publication.exclusions if e["job_id"] == job.pk)


def test_only_active_public_marked_valid_jobs_appear(company):
    listed = posted_job()
    draft = posted_job(status=Job.Status.DRAFT)
    closed = posted_job(status=Job.Status.CLOSED, close_reason=Job.CloseReason.POSITION_FILLED)
    internal = posted_job(visibility=Job.Visibility.INTERNAL)
    unmarked = JobFactory(status=Job.Status.ACTIVE)
    unmarked_again = posted_job()
    JobListing.objects.filter(job=unmarked_again).update(marked=False)
    other_company = posted_job()
    JobListing.objects.filter(job=other_company).update(posted_company_id="1111")

    publication = publish()

    assert codes_in(published_root(publication)) == {listed.code}
    assert publication.job_count == 1
    # Draft, internal, other company. Unmarked jobs are not candidates, nor is a closed job that is
    # not in the live feed (here: never was).
    assert publication.excluded_count == 3
    excluded_ids = {e["job_id"] for e in publication.exclusions}
    assert excluded_ids == {draft.pk, internal.pk, other_company.pk}
    assert closed.pk not in excluded_ids
    assert unmarked.pk not in excluded_ids
    assert publication.exclusion_counts == {
        "Draft job": 1,
        "Internal job": 1,
        "Posted for another Company ID": 1,
    }


@pytest.mark.parametrize("close_reason", [Job.CloseReason.POSITION_FILLED, Job.CloseReason.CANCELLED])
def test_a_closed_job_is_counted_as_excluded_only_by_the_publication_it_leaves_with(company, close_reason):
    job = posted_job()
    assert codes_in(published_root(publish())) == {job.code}
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED, close_reason=close_reason)

    leaving = publish()
    later = [publish(), publish()]

    assert codes_in(published_root(leaving)) == set()
    assert leaving.excluded_count == 1
    assert leaving.exclusion_counts == {"Closed job": 1}
    assert leaving.exclusions == []  # expected to leave: counted, not listed as something to fix
    assert [(p.job_count, p.excluded_count, p.exclusion_counts) for p in later] == [(0, 0, {}), (0, 0, {})]
    assert JobListing.objects.get(job=job).marked  # left as it was, should the job be reopened


def test_a_closed_job_still_in_the_live_feed_after_a_failed_publication_is_counted_when_it_leaves(
    company, monkeypatch
):
    job = posted_job()
    publish()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED, close_reason=Job.CloseReason.CANCELLED)
    real_build_feed = feed_service.build_feed
    monkeypatch.setattr(feed_service, "build_feed", lambda *a, **kw: 1 / 0)
    assert publish().status == FeedPublication.Status.FAILED
    monkeypatch.setattr(feed_service, "build_feed", real_build_feed)

    leaving = publish()

    assert leaving.status == FeedPublication.Status.PUBLISHED
    assert leaving.exclusion_counts == {"Closed job": 1}
    assert publish().excluded_count == 0


def test_a_reopened_job_is_listed_again(company):
    job = posted_job()
    publish()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED, close_reason=Job.CloseReason.CANCELLED)
    publish()
    publish()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.ACTIVE, close_reason="")
    assert codes_in(published_root(publish())) == {job.code}


def test_every_reason_of_a_job_is_reported_in_plain_words(company):
    job = posted_job(
        status=Job.Status.DRAFT,
        visibility=Job.Visibility.INTERNAL,
        description="<p>Too short.</p>",
        city="",
        country="",
        owner=UserFactory(email=""),
    )
    publication = publish()
    assert reasons_of(publication, job) == [
        "The job is a draft: only active jobs are posted.",
        "The job is internal: only public jobs are posted.",
        "The description has 10 characters of text; LinkedIn needs at least 100.",
        "The job has no country: LinkedIn needs one, even for a remote job.",
        "The job has no city: LinkedIn needs a city and a country.",
        "The job's owner has no email address, and LinkedIn needs the poster's email.",
    ]


def test_the_description_length_counts_visible_text_not_markup(company):
    markup_heavy = posted_job(description="<p><b><i><u>" + "x" * 99 + "</u></i></b></p>" + "<br>" * 50)
    just_enough = posted_job(description="<p>" + "&amp;" + "y" * 99 + "</p>")
    publication = publish()
    assert codes_in(published_root(publication)) == {just_enough.code}
    assert reasons_of(publication, markup_heavy) == [
        "The description has 99 characters of text; LinkedIn needs at least 100."
    ]


@pytest.mark.parametrize(
    "description, visible",
    [
        ("<b>a</b>b" * 34, 68),
        ("Sen<b>ior</b> Engi<strong>neer</strong>", len("Senior Engineer")),
        ("<i>in</i><u>line</u>", len("inline")),
        (
            "<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>five<br>six",
            len("one two three four five six"),
        ),
        ("<div>kept</div><span>together</span>", len("kepttogether")),
    ],
)
def test_inline_tags_join_words_and_block_tags_separate_them(description, visible):
    assert eligibility.sanitise_description(description)[1] == visible


def test_a_description_long_only_when_inline_tags_count_as_spaces_is_excluded(company):
    # 40 x "<b>a</b>b": 119 characters if each inline tag were a space, 80 as a reader sees it.
    padded = posted_job(description="<b>a</b>b" * 40)
    listed = posted_job()
    publication = publish()
    assert codes_in(published_root(publication)) == {listed.code}
    assert reasons_of(publication, padded) == [
        "The description has 80 characters of text; LinkedIn needs at least 100."
    ]
    assert JobListing.objects.get(job=padded).description_length == 80


def test_without_a_company_id_no_job_is_published(db):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso", "company_id": ""})
    job = posted_job()
    publication = publish()
    assert publication.job_count == 0
    assert codes_in(published_root(publication)) == set()
    assert reasons_of(publication, job) == [
        "No LinkedIn Company ID is configured: an administrator sets it in the Admin center, "
        "LinkedIn Integration tab."
    ]


@override_settings(SITE_URL="http://jobs.contoso.example")
def test_a_public_site_without_https_publishes_nothing(company):
    job = posted_job()
    publication = publish()
    assert publication.job_count == 0
    assert "The site address (SITE_URL) is not https" in reasons_of(publication, job)[0]


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_the_embedded_default_on_this_computer_publishes_but_is_warned_about(company):
    posted_job()
    assert publish().job_count == 1
    assert "only works on this computer" in eligibility.site_warning("http://127.0.0.1:8000")
    assert eligibility.site_warning("https://jobs.contoso.example") == ""


def test_a_remote_job_needs_a_country_but_no_city(company):
    remote = posted_job(city="", country="FR", workplace_type=WorkplaceType.REMOTE)
    nowhere = posted_job(city="", country="", workplace_type=WorkplaceType.REMOTE)
    publication = publish()
    assert codes_in(published_root(publication)) == {remote.code}
    assert reasons_of(publication, nowhere) == [
        "The job has no country: LinkedIn needs one, even for a remote job."
    ]


def test_a_job_first_posted_for_another_company_never_moves_feeds(company):
    job = posted_job()
    publish()
    assert JobListing.objects.get(job=job).posted_company_id == COMPANY_ID
    LinkedInSettings.objects.filter(pk=1).update(company_id="999")
    publication = publish()
    assert codes_in(published_root(publication)) == set()
    assert reasons_of(publication, job) == [
        f"The job was first posted for LinkedIn Company ID {COMPANY_ID}, and a job never moves to another "
        "company's feed."
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"status": Job.Status.CLOSED, "close_reason": Job.CloseReason.CANCELLED},
        {"visibility": Job.Visibility.INTERNAL},
    ],
)
def test_closing_or_making_internal_removes_a_job_from_the_next_feed(company, change):
    job = posted_job()
    assert codes_in(published_root(publish())) == {job.code}
    Job.objects.filter(pk=job.pk).update(**change)
    assert codes_in(published_root(publish())) == set()


def test_unmarking_removes_a_job_from_the_next_feed(company):
    job = posted_job()
    assert codes_in(published_root(publish())) == {job.code}
    JobListing.objects.filter(job=job).update(marked=False)
    publication = publish()
    assert codes_in(published_root(publication)) == set()
    assert publication.excluded_count == 0


def test_a_job_past_its_last_day_to_apply_leaves_the_feed_with_the_reason(company):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    last_day = posted_job(apply_by=today)
    passed = posted_job(apply_by=today - timedelta(days=1))

    publication = publish()

    assert codes_in(published_root(publication)) == {last_day.code}
    assert reasons_of(publication, passed) == [
        f"The last day to apply ({passed.apply_by:%d %b %Y}) has passed: the job left the career site "
        "and leaves LinkedIn with the next feed."
    ]
    assert publication.exclusion_counts == {"Application deadline passed": 1}
