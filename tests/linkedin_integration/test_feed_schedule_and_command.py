"""The daily beat entry and `manage.py publish_linkedin_feed` both call the publishing service."""

import runpy
from io import StringIO
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from attract import settings as settings_module
from attract.celery import app
from linkedin_integration import tasks
from linkedin_integration.models import FeedPublication
from tests.linkedin_integration.feed_helpers import company_fixture, posted_job  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_publishes_the_feed_daily_at_two_utc_by_default():
    entry = app.conf.beat_schedule["publish-linkedin-feed"]
    assert entry["task"] == "linkedin_integration.publish_feed"
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert app.conf.timezone == "UTC"
    assert entry["task"] == tasks.publish_feed.name and entry["task"] in app.tasks


def test_the_time_of_day_comes_from_the_settings(settings):
    from types import SimpleNamespace

    from attract.celery import _linkedin_feed_schedule

    settings.LINKEDIN_FEED_HOUR_UTC = 5
    settings.LINKEDIN_FEED_MINUTE_UTC = 30
    conf = SimpleNamespace(beat_schedule={})
    _linkedin_feed_schedule(sender=app, source=conf)
    assert conf.beat_schedule["publish-linkedin-feed"]["schedule"] == crontab(hour=5, minute=30)


def load_settings(monkeypatch, **variables):
    """Run attract/settings.py afresh with these variables set; the live settings stay as they are."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings_module.__file__)))


@pytest.mark.parametrize(
    "variable, value, message",
    [
        (
            "LINKEDIN_FEED_HOUR_UTC",
            "24",
            "Environment variable LINKEDIN_FEED_HOUR_UTC is malformed: 24 is not between 0 and 23.",
        ),
        (
            "LINKEDIN_FEED_HOUR_UTC",
            "-1",
            "Environment variable LINKEDIN_FEED_HOUR_UTC is malformed: -1 is not between 0 and 23.",
        ),
        (
            "LINKEDIN_FEED_MINUTE_UTC",
            "60",
            "Environment variable LINKEDIN_FEED_MINUTE_UTC is malformed: 60 is not between 0 and 59.",
        ),
        (
            "LINKEDIN_FEED_MINUTE_UTC",
            "half past",
            "Environment variable LINKEDIN_FEED_MINUTE_UTC is malformed",
        ),
    ],
)
def test_a_feed_time_out_of_range_stops_start_up_naming_the_variable(monkeypatch, variable, value, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(monkeypatch, **{variable: value})
    assert str(refused.value).startswith(message)


def test_the_feed_time_accepts_the_whole_day(monkeypatch):
    loaded = load_settings(monkeypatch, LINKEDIN_FEED_HOUR_UTC="23", LINKEDIN_FEED_MINUTE_UTC="59")
    assert (loaded["LINKEDIN_FEED_HOUR_UTC"], loaded["LINKEDIN_FEED_MINUTE_UTC"]) == (23, 59)
    loaded = load_settings(monkeypatch, LINKEDIN_FEED_HOUR_UTC="0", LINKEDIN_FEED_MINUTE_UTC="0")
    assert (loaded["LINKEDIN_FEED_HOUR_UTC"], loaded["LINKEDIN_FEED_MINUTE_UTC"]) == (0, 0)


def test_the_scheduled_task_calls_the_publishing_service(company, monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "feed_publish", lambda **kwargs: calls.append(kwargs) or FeedPublication(pk=7))
    entry = app.conf.beat_schedule["publish-linkedin-feed"]
    app.tasks[entry["task"]].apply()
    assert calls == [{"trigger": FeedPublication.Trigger.SCHEDULE, "actor": None}]


def test_the_scheduled_task_publishes_the_feed(company):
    job = posted_job()
    tasks.publish_feed.apply()
    publication = FeedPublication.objects.live()
    assert publication.trigger == FeedPublication.Trigger.SCHEDULE
    assert publication.job_count == 1
    assert job.linkedin_listing.__class__.objects.get(job=job).first_published_at is not None


def test_the_task_does_nothing_while_another_publication_runs(company):
    FeedPublication.objects.create(status=FeedPublication.Status.RUNNING)
    tasks.publish_feed.apply()
    assert FeedPublication.objects.count() == 1


def test_the_command_publishes_and_prints_counts_and_reasons(company):
    posted_job()
    posted_job(description="<p>short</p>")
    out = StringIO()
    call_command("publish_linkedin_feed", stdout=out)
    printed = out.getvalue()
    publication = FeedPublication.objects.live()
    assert publication.trigger == FeedPublication.Trigger.COMMAND
    assert (
        f"Published: 1 jobs, 1 excluded, {publication.size_bytes} bytes, sha256 {publication.sha256}."
        in printed
    )
    assert "1  Description under 100 characters of text" in printed


def test_the_command_dry_run_writes_the_output_but_publishes_nothing(company, tmp_path):
    job = posted_job()
    output = tmp_path / "jobs.xml"
    out = StringIO()
    call_command("publish_linkedin_feed", "--dry-run", "--output", str(output), stdout=out)
    assert "Built (dry run, nothing published): 1 jobs" in out.getvalue()
    assert job.code.encode() in output.read_bytes()
    assert FeedPublication.objects.live() is None


def test_the_command_fails_loudly_when_the_build_fails(company, monkeypatch):
    from linkedin_integration.services import feed as feed_service

    monkeypatch.setattr(feed_service, "build_feed", lambda *a, **k: 1 / 0)
    with pytest.raises(CommandError, match="previous feed stays live"):
        call_command("publish_linkedin_feed", stdout=StringIO())


def test_the_command_shows_a_progress_bar_for_large_runs(company, monkeypatch):
    from linkedin_integration.management.commands import publish_linkedin_feed

    monkeypatch.setattr(publish_linkedin_feed, "PROGRESS_FROM", 1)
    for _ in range(3):
        posted_job()
    err = StringIO()
    call_command("publish_linkedin_feed", stdout=StringIO(), stderr=err)
    assert "Building feed" in err.getvalue()
    assert "3/3" in err.getvalue()
