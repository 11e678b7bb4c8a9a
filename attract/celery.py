"""The Celery app and the beat schedule: every periodic job of Attract is declared here, once."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")

app = Celery("attract")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """Around each task as around each request: a connection past CONN_MAX_AGE, or left unusable by the
    task, is closed; a sound one is kept (settings.CELERY_DB_REUSE_MAX stops Celery closing every one)."""
    if getattr(sender.request, "is_eager", False):
        return  # in-process: the caller's connection, and maybe its transaction
    from django.db import close_old_connections

    close_old_connections()


# Periodic jobs. Each also exists as a management command with --dry-run.
app.conf.beat_schedule = {}


@app.on_after_configure.connect
def _linkedin_feed_schedule(sender, source, **kwargs):
    # Django settings import this module, so times read from them are added once Celery loads its config.
    from celery.schedules import crontab
    from django.conf import settings

    # Every day at LINKEDIN_FEED_HOUR_UTC:LINKEDIN_FEED_MINUTE_UTC (02:00 UTC unless set), publish the
    # LinkedIn job feed (manage.py publish_linkedin_feed); LinkedIn fetches it about once a day.
    source.beat_schedule["publish-linkedin-feed"] = {
        "task": "linkedin_integration.publish_feed",
        "schedule": crontab(hour=settings.LINKEDIN_FEED_HOUR_UTC, minute=settings.LINKEDIN_FEED_MINUTE_UTC),
    }
    # Every minute, send the tasks a request could not hand to the broker while it was down or silent
    # (a career-site application's team notification, a feed publication asked for, ...);
    # manage.py send_pending_tasks does the same.
    source.beat_schedule["send-pending-tasks"] = {
        "task": "attract.send_pending_tasks",
        "schedule": 60.0,
    }
    # Every minute, process RSC pushes still waiting (the callback only records them and wakes a worker).
    source.beat_schedule["drain-rsc-pushes"] = {
        "task": "linkedin_integration.drain_push_notifications",
        "schedule": 60.0,
    }
    # Every LINKEDIN_RSC_REFRESH_MINUTES (60 unless set), ask LinkedIn for the RSC status of each
    # requested access level: the safety net for a push notification that never arrived.
    source.beat_schedule["refresh-rsc-statuses"] = {
        "task": "linkedin_integration.refresh_rsc_statuses",
        "schedule": settings.LINKEDIN_RSC_REFRESH_MINUTES * 60.0,
    }
    # Every LINKEDIN_SYNC_MINUTES (5 unless set), push what changed to LinkedIn's In-ATS resources
    # (manage.py sync_linkedin): the safety net under the debounced run each change asks for.
    source.beat_schedule["push-linkedin-sync"] = {
        "task": "linkedin_integration.push_linkedin_sync",
        "schedule": settings.LINKEDIN_SYNC_MINUTES * 60.0,
    }
    # Every LINKEDIN_HISTORY_PULL_MINUTES (120 unless set), pull InMail, Recruiter notes and InMail stub
    # profiles of every seat (manage.py sync_linkedin pulls too).
    source.beat_schedule["pull-linkedin-history"] = {
        "task": "linkedin_integration.pull_linkedin_history",
        "schedule": settings.LINKEDIN_HISTORY_PULL_MINUTES * 60.0,
    }
