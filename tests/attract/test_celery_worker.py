"""A real Celery worker, started as its own process, against Redis and the PostgreSQL test database.

The worker sends mail with Django's file backend into a temporary folder, so the test sees exactly
what the hiring team would receive. It listens on a queue of its own, so a developer's running worker
or old messages in the broker cannot take or spoil these tasks.
"""

import email
import time

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import transaction

from candidates.models import Application, CandidateSource
from candidates.services import application_create
from candidates.tasks import application_notify_team
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

DELIVERY_SECONDS = 30
# How long a message that should not exist is given to show up anyway.
QUIET_SECONDS = 3


@pytest.fixture(scope="module")
def worker(celery_worker, tmp_path_factory):
    """A worker sending mail with the file backend into a folder of its own; (queue, mail folder)."""
    maildir = tmp_path_factory.mktemp("worker-mail")
    # Four slashes: django-environ drops one, and the folder is absolute.
    queue, _ = celery_worker("test", EMAIL_URL=f"filemail:///{maildir}")
    return queue, maildir


@pytest.fixture
def maildir(worker):
    _, folder = worker
    for old in folder.iterdir():
        old.unlink()
    return folder


@pytest.fixture
def queue_length(worker):
    queue, _ = worker

    def length():
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        try:
            return client.llen(queue)
        finally:
            client.close()

    return length


def _messages_in(folder):
    """Parse every message the file backend wrote (one file per connection, messages split by dashes)."""
    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def _wait_for_messages(folder, seconds=DELIVERY_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        messages = _messages_in(folder)
        if messages:
            return messages
        time.sleep(0.2)
    return []


def _recipients(message):
    return {address.strip() for address in message["To"].split(",")}


def test_a_real_worker_emails_the_recruiters_and_hiring_managers_about_a_new_applicant(
    maildir, active_job, recruiter, hiring_manager, interviewer
):
    application = ApplicationFactory(
        job=active_job, candidate=CandidateFactory(first_name="Grace", last_name="Hopper")
    )

    application_notify_team.delay(application.pk)

    messages = _wait_for_messages(maildir)
    assert len(messages) == 1, "the worker sent no mail"
    message = messages[0]
    assert _recipients(message) == {recruiter.email, hiring_manager.email}
    assert interviewer.email not in message["To"]
    assert message["Subject"] == f"New applicant for {active_job.code} {active_job.title}: Grace Hopper"
    # The mail came from the worker process, not from a task run eagerly in the test process.
    assert mail.outbox == []


def test_an_application_is_announced_to_the_worker_only_once_its_transaction_commits(
    maildir, queue_length, active_job, recruiter, hiring_manager
):
    candidate = CandidateFactory(first_name="Alan", last_name="Turing")

    with transaction.atomic():
        application = application_create(
            candidate=candidate, job=active_job, source=CandidateSource.CAREER_SITE
        )
        time.sleep(QUIET_SECONDS)
        assert queue_length() == 0
        assert _messages_in(maildir) == []

    messages = _wait_for_count(maildir, 2)
    (to_team,) = [message for message in messages if candidate.email not in _recipients(message)]
    assert _recipients(to_team) == {recruiter.email, hiring_manager.email}
    assert "Alan Turing" in to_team["Subject"]
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_real_worker_confirms_the_application_to_the_applicant_once(maildir, active_job):
    from candidates.tasks import application_confirm_to_applicant

    candidate = CandidateFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    application = ApplicationFactory(job=active_job, candidate=candidate, source=CandidateSource.CAREER_SITE)

    # Sent twice (a redelivery): the applicant still gets one confirmation.
    application_confirm_to_applicant.delay(application.pk)
    application_confirm_to_applicant.delay(application.pk)

    messages = _wait_for_messages(maildir)
    time.sleep(QUIET_SECONDS)
    messages = _messages_in(maildir)
    assert [_recipients(message) for message in messages] == [{"ada@example.org"}]
    assert messages[0]["Subject"] == f"Your application for {active_job.title}"
    application.refresh_from_db()
    assert application.confirmation_sent_at is not None
    assert mail.outbox == []


def _wait_for_count(folder, count, seconds=DELIVERY_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        messages = _messages_in(folder)
        if len(messages) >= count:
            return messages
        time.sleep(0.2)
    pytest.fail(f"the worker sent {len(_messages_in(folder))} of {count} mails")


def test_an_application_rolled_back_is_never_announced(maildir, queue_length, active_job):
    candidate = CandidateFactory(first_name="Rolled", last_name="Back")

    with pytest.raises(RuntimeError), transaction.atomic():
        application_create(candidate=candidate, job=active_job, source=CandidateSource.CAREER_SITE)
        raise RuntimeError("the request failed after the application was written")

    assert queue_length() == 0
    time.sleep(QUIET_SECONDS)
    assert _messages_in(maildir) == []
    assert not Application.objects.filter(candidate=candidate).exists()
