"""The Celery app and the beat schedule: every periodic job of Attract is declared here, once."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attract.settings")

app = Celery("attract")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs. Each also exists as a management command with --dry-run.
app.conf.beat_schedule = {}
