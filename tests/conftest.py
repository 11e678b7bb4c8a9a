"""Shared fixtures: personas for permissions, a network guard, and service availability.

Tests needing PostgreSQL, Redis or Chromium are marked; they are skipped with a reason when the service
is missing, and fail instead when CI=true.
"""

import os
import shutil

import pytest
import responses

from attract import roles
from jobs.models import JobRole
from tests.factories import JobFactory, JobRoleFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _missing_service(marker):
    from django.conf import settings

    if marker == "postgres":
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    elif marker == "redis":
        if not os.environ.get("REDIS_URL"):
            return "needs Redis: set REDIS_URL=redis://..."
    elif marker == "browser":
        if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs the playwright Python package"
    return None


def restore_migration_data():
    """Put back the rows data migrations create (role groups, the LinkedIn pool, the default process,
    the sandbox's world). A transactional test empties every table when it ends; the migrations'
    own functions are idempotent, so running them again is safe."""
    import importlib

    from django.apps import apps
    from django.db import connection

    for module, function in (
        ("attract.migrations.0002_roles", "create_roles"),
        ("candidates.migrations.0001_initial", "create_linkedin_pool"),
        ("jobs.migrations.0002_default_process", "create_template"),
    ):
        getattr(importlib.import_module(module), function)(apps, connection.schema_editor)
    if apps.is_installed("linkedin_sandbox"):
        from linkedin_sandbox.seed import seed

        seed()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no RSC drain window open in this process and no cached secret."""
    from linkedin_integration.services.notifications import forget_secret
    from linkedin_integration.tasks import forget_drain_window

    forget_drain_window()
    forget_secret()
    # Sign-in failures counted by earlier tests (the cache may be a shared Redis) are not this test's.
    import uuid

    from attract import signin

    signin.KEY_SPACE = f"signin-test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _migration_data(request):
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_migration_data()


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser"):
        if item.get_closest_marker(marker):
            reason = _missing_service(marker)
            if reason:
                if IN_CI:
                    pytest.fail(f"CI=true but this test {reason}")
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_network(request):
    """Every outgoing HTTP request must be mocked; live-server tests talk to the sandbox in-process."""
    if request.node.get_closest_marker("browser") or "live_server" in request.fixturenames:
        yield None
        return
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture(autouse=True)
def _no_linkedin_call_in_a_transaction(monkeypatch):
    """Fails the test when a LinkedIn HTTP call is made inside a database transaction the code opened
    (the one a TestCase-style test wraps itself in does not count): LinkedIn is called first, then its
    answer written in a short transaction. Calls in the live server's threads are checked too."""
    from django.db import connection

    from linkedin_integration.client.transport import Transport

    send, inside = Transport.send, []

    def checked_send(self, method, url, **kwargs):
        opened = [block for block in connection.atomic_blocks if not getattr(block, "_from_testcase", False)]
        if opened:
            inside.append(f"{method} {url.split('?', 1)[0]}")
        return send(self, method, url, **kwargs)

    monkeypatch.setattr(Transport, "send", checked_send)
    yield inside
    if inside:
        pytest.fail(f"LinkedIn was called inside a database transaction: {', '.join(inside)}")


@pytest.fixture
def mocked(_no_network):
    return _no_network


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Tasks run in-process, as in the embedded default, even when REDIS_URL is set (as in CI).

    Only tests marked `redis` talk to the broker and a real worker. Celery reads its settings once, so
    its own config is switched rather than Django's settings.
    """
    if request.node.get_closest_marker("redis"):
        yield
        return
    from attract.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _persona(*role_names, username):
    user = UserFactory(username=username)
    roles.set_roles(user, role_names)
    return user


@pytest.fixture
def admin_user(db):
    return _persona(roles.ADMINISTRATOR, username="admin")


@pytest.fixture
def recruiter(db):
    return _persona(roles.RECRUITER, username="recruiter")


@pytest.fixture
def other_recruiter(db):
    return _persona(roles.RECRUITER, username="recruiter_elsewhere")


@pytest.fixture
def hiring_manager(db):
    return _persona(roles.HIRING_MANAGER, username="hiring_manager")


@pytest.fixture
def interviewer(db):
    return _persona(roles.INTERVIEWER, username="interviewer")


@pytest.fixture
def read_only(db):
    return _persona(roles.READ_ONLY, username="read_only")


@pytest.fixture
def job(db, recruiter, hiring_manager, interviewer):
    """A draft job with the default process, whose hiring team is the recruiter, HM and interviewer."""
    job = JobFactory(owner=recruiter)
    JobRoleFactory(job=job, user=recruiter, role=JobRole.Role.RECRUITER)
    JobRoleFactory(job=job, user=hiring_manager, role=JobRole.Role.HIRING_MANAGER)
    JobRoleFactory(job=job, user=interviewer, role=JobRole.Role.INTERVIEWER)
    return job


@pytest.fixture
def active_job(job):
    job.status = job.Status.ACTIVE
    job.save(update_fields=["status"])
    return job


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that user (None stays anonymous)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, tmp_path_factory):
    """celery_worker(name, **env): a real worker for this module's tests (see tests/celery_worker.py),
    stopped after them; returns (queue, log path). `env` is the worker's own settings (SITE_URL, ...)."""
    from tests.celery_worker import start_worker

    stops = []

    def start(name, **env):
        log_path = tmp_path_factory.mktemp(f"{name}-worker") / "worker.log"
        queue, stop = start_worker(name, log_path, env)
        stops.append(stop)
        return queue, log_path

    yield start
    for stop in reversed(stops):
        stop()
