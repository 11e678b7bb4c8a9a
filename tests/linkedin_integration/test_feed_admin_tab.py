"""Admin center, LinkedIn Integration tab: the feed section and "Publish now"."""

import pytest
from django.test import override_settings

from jobs.models import Job
from linkedin_integration.models import FeedPublication
from linkedin_integration.services import feed as feed_service
from tests.linkedin_integration.feed_helpers import company_fixture, posted_job, publish  # noqa: F401

TAB = "/admin-center/linkedin/"
PUBLISH = "/admin-center/linkedin/feed/publish/"


def test_the_feed_url_to_give_linkedin_is_absolute(client_for, admin_user, company):
    html = client_for(admin_user).get(TAB).content.decode()
    assert '<code id="feed-url">http://127.0.0.1:8000/linkedin/jobs.xml</code>' in html
    assert "only works on this computer and is not https" in html
    assert "Not published yet." in html


@pytest.mark.parametrize(
    "sandbox, said, unsaid",
    [
        (True, "LinkedIn is the sandbox here", "no test environment"),
        (False, "LinkedIn has no test environment for job postings", "LinkedIn is the sandbox here"),
    ],
)
def test_publishing_says_whether_the_feed_reaches_the_live_linkedin(
    client_for, admin_user, company, settings, sandbox, said, unsaid
):
    settings.LINKEDIN_SANDBOX = sandbox

    html = client_for(admin_user).get(TAB).content.decode()

    assert said in html and unsaid not in html
    assert html.index(said) < html.index("Publish now")


def test_the_feed_section_says_limited_listings_are_free_and_promotion_is_arranged_with_linkedin(
    client_for, admin_user, company
):
    html = client_for(admin_user).get(TAB).content.decode()

    assert "Limited Listings: free, and they cannot be promoted" in html
    assert "(Job Wrapping, Premium Job Slots) is arranged with LinkedIn" in html
    assert 'href="https://www.linkedin.com/help/linkedin/answer/a545135"' in html


@override_settings(SITE_URL="https://jobs.contoso.example")
def test_in_production_the_feed_url_is_https_and_no_warning_is_shown(client_for, admin_user, company):
    html = client_for(admin_user).get(TAB).content.decode()
    assert '<code id="feed-url">https://jobs.contoso.example/linkedin/jobs.xml</code>' in html
    assert "only works on this computer" not in html


@override_settings(SITE_URL="http://jobs.contoso.example")
def test_a_public_http_site_is_called_out(client_for, admin_user, company):
    html = client_for(admin_user).get(TAB).content.decode()
    assert "is not https, and LinkedIn only accepts https apply links" in html


def test_publish_now_publishes_and_the_tab_shows_the_publication(client_for, admin_user, company):
    posted_job()
    excluded = posted_job(description="<p>Short</p>", title="Tiny job")
    client = client_for(admin_user)
    response = client.post(PUBLISH, follow=True)
    publication = FeedPublication.objects.live()
    assert publication.trigger == FeedPublication.Trigger.ADMIN
    assert publication.triggered_by == admin_user
    html = response.content.decode()
    assert "Feed published: 1 jobs, 1 excluded." in html
    assert publication.sha256 in html
    assert f"({publication.size_bytes} bytes)" in html
    assert "Description under 100 characters of text (1)" in html
    assert f'<a href="/jobs/{excluded.pk}/">{excluded.code}</a> Tiny job' in html
    assert "The description has 5 characters of text; LinkedIn needs at least 100." in html


def test_a_failed_publication_is_reported_and_the_previous_one_still_shown(
    client_for, admin_user, company, monkeypatch
):
    posted_job()
    good = publish()
    monkeypatch.setattr(feed_service, "build_feed", lambda *a, **k: 1 / 0)
    response = client_for(admin_user).post(PUBLISH, follow=True)
    html = response.content.decode()
    assert "did not pass its checks and was not published; the previous feed stays live" in html
    assert "failed and was not published; the feed below stays live" in html
    assert good.sha256 in html
    assert FeedPublication.objects.live() == good


def test_publish_now_while_a_publication_runs_says_so(client_for, admin_user, company):
    FeedPublication.objects.create(status=FeedPublication.Status.RUNNING)
    html = client_for(admin_user).post(PUBLISH, follow=True).content.decode()
    assert "A publication of the feed is already running" in html
    assert "A publication is running." in html


@pytest.mark.parametrize("persona", ["recruiter", "read_only"])
def test_only_administrators_publish(request, client_for, company, persona):
    assert client_for(request.getfixturevalue(persona)).post(PUBLISH).status_code == 403
    assert not FeedPublication.objects.exists()


def test_publish_now_needs_a_post(client_for, admin_user, company):
    assert client_for(admin_user).get(PUBLISH).status_code == 405


def test_the_history_lists_every_publication(client_for, admin_user, company):
    posted_job()
    for _ in range(3):
        publish()
    html = client_for(admin_user).get(TAB).content.decode()
    assert html.count("<td>Command line</td>") == 3


def test_the_tab_costs_the_same_few_queries_however_many_publications(
    client_for, admin_user, company, django_assert_max_num_queries
):
    for i in range(5):
        posted_job(status=Job.Status.DRAFT)
        publish()
    client = client_for(admin_user)
    client.get(TAB)
    # 8, plus one each for the seat holders, the history pull's state and the Exports list (fixed-size
    # pages).
    with django_assert_max_num_queries(11):
        assert client.get(TAB).status_code == 200


def test_a_large_feed_is_published_in_the_background_when_a_worker_exists(
    client_for, admin_user, company, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from linkedin_integration import tasks
    from linkedin_integration.views import feed as feed_views

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(feed_views, "INLINE_PUBLISH_LIMIT", 0)
    sent = []
    monkeypatch.setattr(
        tasks.publish_feed, "apply_async", lambda args=(), kwargs=None, **options: sent.append(kwargs)
    )
    posted_job()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(PUBLISH)
    assert response.status_code == 302
    assert sent == [{"trigger": FeedPublication.Trigger.ADMIN, "actor_id": admin_user.pk}]
    assert not FeedPublication.objects.exists()
