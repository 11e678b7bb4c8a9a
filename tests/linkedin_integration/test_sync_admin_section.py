"""The Admin center's "Data sync to LinkedIn" section and its administrator-only actions."""

import threading
from types import SimpleNamespace

import pytest

from linkedin_integration.models import AuditEntry, SyncedCandidate, SyncRefusal, SyncResource
from linkedin_integration.services.sync import sync_push
from linkedin_integration.views.sync import SYNC_THREAD
from linkedin_sandbox.models import AtsCandidate
from tests.factories import CandidateFactory
from tests.linkedin_integration.sync_helpers import client, enabled, later, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db
SECTION = "/admin-center/linkedin/sync/"


@pytest.fixture
def pushes(monkeypatch):
    """The push the views start, recorded with the thread it ran in instead of sent to LinkedIn."""
    from linkedin_integration.services import sync as sync_services

    ran = []
    monkeypatch.setattr(
        sync_services,
        "sync_push",
        lambda **kwargs: ran.append(threading.current_thread().name) or SimpleNamespace(stopped="", sent=0),
    )
    return ran


def _finish_pushes():
    for thread in threading.enumerate():
        if thread.name == SYNC_THREAD:
            thread.join(timeout=10)


def test_the_tab_loads_the_section_with_htmx(client_for, admin_user):
    page = client_for(admin_user).get("/admin-center/linkedin/")

    assert f'hx-get="{SECTION}"' in page.content.decode()


def test_before_enabled_the_section_says_stopped_and_why(client_for, admin_user):
    page = client_for(admin_user).get(SECTION)

    assert page.status_code == 200
    assert "Stopped" in page.content.decode()
    assert "not connected" in page.content.decode()


def test_the_section_shows_progress_per_kind_and_refusals_with_retry(
    enabled, sandbox, client_for, admin_user
):
    CandidateFactory()
    sync_push(client=client(), clock=later())
    SyncRefusal.objects.create(
        kind="CANDIDATES", object_id=999, label="Jo Bloggs", status=422, message="bad <b>"
    )

    page = client_for(admin_user).get(SECTION, headers={"HX-Request": "true"})

    html = page.content.decode()
    assert "Running" in html
    assert "1 / 1 sent (done)" in html
    assert "bad &lt;b&gt;" in html
    assert "Retry" in html


def test_retry_sends_the_refused_entity_again_once_fixed(enabled, sandbox, client_for, admin_user, pushes):
    from candidates.models import Candidate

    candidate = CandidateFactory()
    Candidate.objects.filter(pk=candidate.pk).update(email="not-an-email")
    sync_push(client=client(), clock=later())
    refusal = SyncRefusal.objects.get(object_id=candidate.pk)
    Candidate.objects.filter(pk=candidate.pk).update(email="fixed@example.org")

    answer = client_for(admin_user).post(f"{SECTION}refusals/{refusal.pk}/retry/")
    _finish_pushes()
    assert pushes == [SYNC_THREAD]
    sync_push(client=client(), clock=later())  # what that push does, in the test's transaction

    assert answer.status_code == 302
    assert AtsCandidate.objects.get().email_addresses == ["fixed@example.org"]
    assert not SyncRefusal.objects.exists()
    assert AuditEntry.objects.filter(action="Sync retry").exists()


def test_sync_now_runs_the_push_beside_the_request(enabled, sandbox, client_for, admin_user, pushes):
    answer = client_for(admin_user).post(f"{SECTION}now/", follow=True)
    _finish_pushes()

    assert pushes == [SYNC_THREAD]  # without a broker, in a thread of its own, not in the request
    assert "Sync started" in answer.content.decode()


def test_send_everything_again_restarts_the_backfill(enabled, sandbox, client_for, admin_user, pushes):
    CandidateFactory()
    sync_push(client=client(), clock=later())
    assert SyncResource.objects.get(kind="CANDIDATES").backfill_done_at is not None

    client_for(admin_user).post(f"{SECTION}send-again/")
    _finish_pushes()

    resource = SyncResource.objects.get(kind="CANDIDATES")
    assert (resource.backfill_total, resource.backfill_sent, resource.backfill_done_at) == (1, 0, None)
    assert resource.cursor_id == 0
    assert not SyncedCandidate.objects.exists()  # so the candidate is sent again
    assert AuditEntry.objects.filter(action="Sync restarted").exists()
    assert pushes == [SYNC_THREAD]


def test_only_administrators_open_the_section(client_for, recruiter):
    assert client_for(recruiter).get(SECTION).status_code == 403


@pytest.mark.parametrize("path", ["now/", "send-again/"])
def test_only_administrators_start_the_sync(enabled, sandbox, client_for, recruiter, pushes, path):
    CandidateFactory()
    sync_push(client=client(), clock=later())
    before = list(SyncResource.objects.values_list("kind", "backfill_done_at", "cursor_id"))

    answer = client_for(recruiter).post(f"{SECTION}{path}")
    _finish_pushes()

    assert answer.status_code == 403
    assert pushes == []
    assert list(SyncResource.objects.values_list("kind", "backfill_done_at", "cursor_id")) == before
    assert not AuditEntry.objects.filter(action="Sync restarted").exists()


def test_only_administrators_retry_a_refusal(client_for, recruiter, pushes):
    refusal = SyncRefusal.objects.create(kind="CANDIDATES", object_id=999, label="Jo Bloggs", status=422)

    answer = client_for(recruiter).post(f"{SECTION}refusals/{refusal.pk}/retry/")
    _finish_pushes()

    assert answer.status_code == 403
    assert SyncRefusal.objects.filter(pk=refusal.pk).exists()
    assert not AuditEntry.objects.exists()
    assert pushes == []


def test_retry_of_an_unknown_refusal_says_so_and_changes_nothing(client_for, admin_user):
    answer = client_for(admin_user).post(f"{SECTION}refusals/4242/retry/", follow=True)

    assert "no longer listed" in answer.content.decode()
    assert not AuditEntry.objects.exists()
