"""The Admin center's "Data sync to LinkedIn" section and its administrator-only actions."""

import pytest

from linkedin_integration.models import AuditEntry, SyncRefusal, SyncResource
from linkedin_integration.services.sync import sync_push
from linkedin_sandbox.models import AtsCandidate
from tests.factories import CandidateFactory
from tests.linkedin_integration.sync_helpers import client, enabled, later, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db
SECTION = "/admin-center/linkedin/sync/"


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


def test_retry_sends_the_refused_entity_again_once_fixed(enabled, sandbox, client_for, admin_user):
    from candidates.models import Candidate

    candidate = CandidateFactory()
    Candidate.objects.filter(pk=candidate.pk).update(email="not-an-email")
    sync_push(client=client(), clock=later())
    refusal = SyncRefusal.objects.get(object_id=candidate.pk)
    Candidate.objects.filter(pk=candidate.pk).update(email="fixed@example.org")

    answer = client_for(admin_user).post(f"{SECTION}refusals/{refusal.pk}/retry/")

    assert answer.status_code == 302
    assert AtsCandidate.objects.get().email_addresses == ["fixed@example.org"]
    assert not SyncRefusal.objects.exists()
    assert AuditEntry.objects.filter(action="Sync retry").exists()


def test_sync_now_runs_the_push(enabled, sandbox, client_for, admin_user, settings):
    CandidateFactory()
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = -5  # the candidate was just written

    client_for(admin_user).post(f"{SECTION}now/")

    assert AtsCandidate.objects.count() == 1


def test_send_everything_again_restarts_the_backfill(enabled, sandbox, client_for, admin_user):
    CandidateFactory()
    sync_push(client=client(), clock=later())

    client_for(admin_user).post(f"{SECTION}send-again/")

    resource = SyncResource.objects.get(kind="CANDIDATES")
    assert resource.backfill_sent == 0 or resource.backfill_done_at is not None
    assert AuditEntry.objects.filter(action="Sync restarted").exists()


@pytest.mark.parametrize("path", ["", "now/", "send-again/"])
def test_only_administrators_reach_the_section_and_its_actions(client_for, recruiter, path):
    answer = client_for(recruiter).post(f"{SECTION}{path}") if path else client_for(recruiter).get(SECTION)

    assert answer.status_code in (302, 403)
    assert not SyncResource.objects.exists()


def test_retry_of_an_unknown_refusal_says_so_and_changes_nothing(client_for, admin_user):
    answer = client_for(admin_user).post(f"{SECTION}refusals/4242/retry/", follow=True)

    assert "no longer listed" in answer.content.decode()
    assert not AuditEntry.objects.exists()
