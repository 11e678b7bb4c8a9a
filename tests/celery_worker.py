"""A real Celery worker for the tests marked `redis`: `celery -A attract worker`, started as its own
process against Redis and the PostgreSQL test database, on a queue of its own so that a developer's
running worker or old messages in the broker cannot take or spoil the tests' tasks. Tests use it through
the `celery_worker` fixture (tests/conftest.py)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from attract.celery import app as celery_app

READY_SECONDS = 90


def worker_database_url() -> str:
    # pytest-django renamed the database in this process only; the worker must open the same one.
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + connection.settings_dict["NAME"]).geturl()


def start_worker(name: str, log_path, env: dict[str, str]):
    """Start a worker on a new queue `attract-<name>-…` and send this process's tasks there; returns
    (queue, stop). `env` adds to or overrides the worker's environment."""
    queue = f"attract-{name}-{uuid.uuid4().hex[:12]}"
    broker_url = settings.CELERY_BROKER_URL
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "attract.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "attract", "worker", "--pool=solo", "--without-gossip"),
        *("--without-mingle", "--without-heartbeat", "--loglevel=INFO", "-Q", queue, "-n", f"{queue}@%h"),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue

    def stop():
        celery_app.conf.task_default_queue = saved_queue
        _stop(process)
        client = redis.Redis.from_url(broker_url)
        try:
            client.delete(queue, f"_kombu.binding.{queue}")
        finally:
            client.close()

    deadline = time.monotonic() + READY_SECONDS
    while " ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop()
            pytest.fail(f"the Celery worker did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
    return queue, stop


def _stop(process) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # warm shutdown: finish the task in hand, then exit
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
