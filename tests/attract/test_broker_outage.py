"""A broker that refuses connections, or accepts them and never answers (a paused Redis), neither fails
nor holds a request: the career site thanks the applicant with every row and the resume kept, an RSC
push is stored, and what could not be sent is sent by the periodic sweep once the broker is back."""

import io
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attract import outbox
from attract.celery import app as celery_app
from attract.models import PendingTask
from attract.tasks import send_pending_tasks
from candidates.models import Application, Candidate
from linkedin_integration.models import PushNotification
from tests.linkedin_integration.test_rsc import connected, push, status_change  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# What "about a second" allows: one bounded send and the request's own work, on a busy 2-core machine.
QUICKLY = 2.0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
def silent_broker():
    """A socket that accepts connections and never says a word, as a paused Redis does."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def broker_at():
    """broker_at(url): requests send to a broker at `url` instead of running tasks in-process."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_write_url, conf.task_always_eager
    # Celery builds its producer pool from the broker URL of the moment (a countdown needs it): a pool
    # made for the fake broker must not outlive the test.
    pools = celery_app._pool, celery_app.amqp._producer_pool

    def use(url):
        conf.broker_url = conf.broker_write_url = url
        conf.task_always_eager = False
        celery_app._pool = celery_app.amqp._producer_pool = None

    outbox.forget_broker_failure()
    yield use
    conf.broker_url, conf.broker_write_url, conf.task_always_eager = saved
    celery_app._pool, celery_app.amqp._producer_pool = pools
    outbox.forget_broker_failure()


def broker_back():
    """The broker answers again: here, as everywhere in these tests, tasks then run in-process."""
    celery_app.conf.task_always_eager = True


@pytest.fixture
def open_job(active_job):
    return active_job


def apply_with_resume(client, job):
    return client.post(
        reverse("career_apply:apply", args=[job.code]),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.org",
            "resume": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        },
    )


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def assert_application_kept(response, job, settings):
    assert response.status_code == 302
    assert response["Location"] == reverse("career_apply:thanks", args=[job.code])
    application = Application.objects.select_related("candidate").get()
    assert application.candidate.email == "grace@example.org"
    assert application.resume.storage.exists(application.resume.name)
    assert application.candidate.resume.storage.exists(application.candidate.resume.name)


@pytest.mark.parametrize("broker", ["refusing", "silent"])
def test_with_the_broker_away_an_applicant_is_thanked_and_the_team_told_by_the_sweep(
    client, open_job, settings, broker_at, silent_broker, django_capture_on_commit_callbacks, broker
):
    client.get(reverse("career_apply:apply", args=[open_job.code]))  # imports and templates warm
    broker_at(f"redis://127.0.0.1:{_closed_port()}/0" if broker == "refusing" else silent_broker[0])

    with django_capture_on_commit_callbacks(execute=True):
        response, elapsed = timed(lambda: apply_with_resume(client, open_job))

    assert elapsed < QUICKLY, f"the request waited {elapsed:.1f} s on the broker"
    assert_application_kept(response, open_job, settings)
    assert client.get(response["Location"]).status_code == 200
    assert mail.outbox == []
    assert sorted(PendingTask.objects.values_list("task", flat=True)) == [
        "candidates.tasks.application_confirm_to_applicant",
        "candidates.tasks.application_notify_team",
    ]

    broker_back()
    assert send_pending_tasks() == 2

    subjects = [message.subject for message in mail.outbox]
    assert any(subject.startswith(f"New applicant for {open_job.code}") for subject in subjects)
    assert not PendingTask.objects.exists()
    assert Candidate.objects.count() == 1


def test_a_second_application_during_an_outage_does_not_wait_on_the_broker_again(
    client, open_job, settings, broker_at, silent_broker, django_capture_on_commit_callbacks
):
    broker_at(silent_broker[0])
    with django_capture_on_commit_callbacks(execute=True):
        apply_with_resume(client, open_job)

    with django_capture_on_commit_callbacks(execute=True):
        _, elapsed = timed(
            lambda: client.post(
                reverse("career_apply:apply", args=[open_job.code]),
                {"first_name": "Alan", "last_name": "Turing", "email": "alan@example.org"},
            )
        )

    assert elapsed < 0.5
    assert PendingTask.objects.count() == 4


def test_with_the_broker_silent_rsc_pushes_are_stored_quickly(
    connected,  # noqa: F811
    client,
    broker_at,
    silent_broker,
    django_capture_on_commit_callbacks,
):
    client.get("/healthz")
    broker_at(silent_broker[0])

    with django_capture_on_commit_callbacks(execute=True):
        first, first_took = timed(lambda: push(client, status_change("evt-1")))
        second, second_took = timed(lambda: push(client, status_change("evt-2")))

    assert (first.status_code, second.status_code) == (202, 202)
    assert first_took < QUICKLY and second_took < 0.5
    assert sorted(PushNotification.objects.values_list("notification_id", flat=True)) == ["evt-1", "evt-2"]
    # The periodic drain finds stored pushes by itself: nothing is kept for the sweep.
    assert not PendingTask.objects.exists()
    assert client.get("/healthz").status_code == 200


def test_the_sweep_keeps_what_the_broker_still_cannot_take(open_job, broker_at):
    from candidates.tasks import application_notify_team

    broker_at(f"redis://127.0.0.1:{_closed_port()}/0")
    PendingTask.objects.create(task=application_notify_team.name, args=[1])

    assert send_pending_tasks() == 0

    kept = PendingTask.objects.get()
    assert kept.attempts == 1 and "Error" in kept.error


def test_the_sweep_drops_a_task_this_version_does_not_know(db):
    PendingTask.objects.create(task="gone.task", args=[])

    assert send_pending_tasks() == 0
    assert not PendingTask.objects.exists()


def test_the_sweep_command_lists_kept_tasks_with_dry_run_and_sends_them_without(open_job, mailoutbox):
    from django.core.management import call_command

    from candidates.tasks import application_notify_team
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(job=open_job)
    PendingTask.objects.create(task=application_notify_team.name, args=[application.pk])
    listed, sent = io.StringIO(), io.StringIO()

    call_command("send_pending_tasks", "--dry-run", stdout=listed)
    assert "candidates.tasks.application_notify_team" in listed.getvalue()
    assert PendingTask.objects.count() == 1 and mailoutbox == []

    call_command("send_pending_tasks", stdout=sent)
    assert "1 task(s) sent; 0 still kept." in sent.getvalue()
    assert len(mailoutbox) == 1


def test_an_admin_s_write_with_the_broker_silent_answers_quickly(
    client_for, admin_user, broker_at, silent_broker
):
    """Every write asks for an In-ATS sync soon (a send after the response is made) and Sync now sends one."""
    client = client_for(admin_user)
    client.get("/healthz")
    broker_at(silent_broker[0])

    response, elapsed = timed(lambda: client.post(reverse("linkedin:sync_now"), follow=True))

    assert elapsed < QUICKLY
    assert response.status_code == 200


@pytest.mark.redis
def test_a_thread_keeps_its_broker_connection_and_replaces_one_the_broker_dropped(broker_at, monkeypatch):
    """Each send from a request once paid for a new connection, channel and declaration: a thread now
    keeps its connection, and one Redis closed meanwhile (a restart) still delivers the next send."""
    import redis

    url = celery_app.conf.broker_url.rsplit("/", 1)[0] + "/14"  # a database of this test's own
    queue = "outbox-kept-connection-test"
    admin = redis.Redis.from_url(url)
    admin.delete(queue)
    broker_at(url)
    made = []
    connection_for_write = celery_app.connection_for_write

    def counted(*args, **kwargs):
        made.append(1)
        return connection_for_write(*args, **kwargs)

    monkeypatch.setattr(celery_app, "connection_for_write", counted)

    for _ in range(3):
        assert outbox.send_or_keep(send_pending_tasks, queue=queue)
    assert (len(made), admin.llen(queue)) == (1, 3)

    # Redis drops every client of this database (as a restart would): the next send still goes through
    # (redis-py reconnects the kept connection).
    for client in admin.client_list():
        if client["db"] == "14" and client["id"] != str(admin.client_id()):
            admin.client_kill_filter(_id=client["id"])
    assert outbox.send_or_keep(send_pending_tasks, queue=queue)

    assert len(made) == 1 and admin.llen(queue) == 4
    assert not PendingTask.objects.exists()
    admin.delete(queue)
    admin.close()


def test_a_forked_process_does_not_send_over_its_parents_connection(broker_at, monkeypatch):
    """A worker's child inherits its parent's thread state: the connection kept there is not its own."""
    broker_at(f"redis://127.0.0.1:{_closed_port()}/0")
    made = []
    monkeypatch.setattr(celery_app, "connection_for_write", lambda *a, **k: made.append(object()) or made[-1])
    first = outbox._connection(celery_app)
    assert outbox._connection(celery_app) is first

    monkeypatch.setattr(outbox.os, "getpid", lambda: -1)  # as seen from a forked child

    assert outbox._connection(celery_app) is not first
    assert len(made) == 2
    outbox._kept.connection = outbox._kept.key = None
