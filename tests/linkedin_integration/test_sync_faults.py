"""The In-ATS push when LinkedIn refuses, throttles or fails, and when two runs meet: nothing is lost,
nothing is sent twice at once, a refusal holds back nothing else."""

import datetime as dt

import pytest
from django.utils import timezone

from linkedin_integration.client import LinkedInError
from linkedin_integration.models import SyncRefusal, SyncResource
from linkedin_integration.services.sync import sync_push, sync_retry
from linkedin_sandbox.models import AtsApplication, AtsCandidate
from tests.factories import ApplicationFactory, CandidateFactory
from tests.linkedin_integration.sync_helpers import (  # noqa: F401
    client,
    enabled,
    faults,
    later,
    sandbox,
)

pytestmark = pytest.mark.django_db
Kind = SyncResource.Kind


def candidates_resource():
    return SyncResource.objects.get(kind=Kind.CANDIDATES)


def test_a_refused_candidate_is_kept_with_linkedins_message_and_the_others_go_ahead(enabled, sandbox):
    good = CandidateFactory(email="good@example.org")
    bad = CandidateFactory(email="bad@example.org")
    from candidates.models import Candidate

    # An address Attract's form would refuse, as if written by an older version: LinkedIn refuses it.
    Candidate.objects.filter(pk=bad.pk).update(email="not-an-email")

    sync_push(client=client(), clock=later())

    assert AtsCandidate.objects.filter(ats_candidate_id=str(good.pk)).exists()
    assert not AtsCandidate.objects.filter(ats_candidate_id=str(bad.pk)).exists()
    refusal = SyncRefusal.objects.get(kind=Kind.CANDIDATES, object_id=bad.pk)
    assert refusal.status == 422
    assert "emailAddresses" in refusal.message
    assert candidates_resource().cursor_id == max(good.pk, bad.pk)


def test_retry_sends_a_refused_entity_again_and_clears_it_once_accepted(enabled, sandbox, admin_user):
    bad = CandidateFactory()
    from candidates.models import Candidate

    Candidate.objects.filter(pk=bad.pk).update(email="not-an-email")
    sync_push(client=client(), clock=later())
    refusal = SyncRefusal.objects.get(object_id=bad.pk)
    Candidate.objects.filter(pk=bad.pk).update(
        email="fixed@example.org", updated_at=timezone.now() - dt.timedelta(days=1)
    )

    sync_retry(refusal_id=refusal.pk, actor=admin_user)
    sync_push(client=client(), clock=later(10))

    assert AtsCandidate.objects.get(ats_candidate_id=str(bad.pk)).email_addresses == ["fixed@example.org"]
    assert not SyncRefusal.objects.exists()


def test_a_429_pauses_the_resource_and_the_next_run_resumes_from_the_same_place(enabled, sandbox):
    CandidateFactory.create_batch(3)
    faults(throttle_next=1)

    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    resource = candidates_resource()
    assert resource.paused_until is not None and "throttling" in resource.pause_reason
    assert resource.cursor_id == 0
    assert not AtsCandidate.objects.exists()

    sync_push(
        client=client(),
        clock=lambda: resource.paused_until + dt.timedelta(seconds=1),
        kinds=[Kind.CANDIDATES],
    )

    assert AtsCandidate.objects.count() == 3
    assert candidates_resource().paused_until is None


def test_server_errors_are_retried_with_backoff_then_the_batch_goes_through(enabled, sandbox):
    CandidateFactory.create_batch(2)
    faults(server_error_next=2)  # the client's own retries absorb two 500s

    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    assert AtsCandidate.objects.count() == 2


def test_linkedin_down_pauses_with_backoff_and_nothing_is_lost(enabled, sandbox):
    CandidateFactory.create_batch(2)
    faults(server_error_next=10)

    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    resource = candidates_resource()
    assert "did not answer" in resource.pause_reason and resource.failures == 1
    assert resource.cursor_id == 0
    faults(server_error_next=0)
    sync_push(
        client=client(),
        clock=lambda: resource.paused_until + dt.timedelta(seconds=1),
        kinds=[Kind.CANDIDATES],
    )
    assert AtsCandidate.objects.count() == 2


def test_batches_hold_at_most_100_entities(enabled, sandbox):
    CandidateFactory.create_batch(230)

    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    puts = sandbox.data_calls("atsCandidates")
    assert len(puts) == 3
    assert AtsCandidate.objects.count() == 230


def test_a_kind_leased_by_another_run_is_left_alone(enabled, sandbox):
    CandidateFactory()
    sync_push(client=client(), clock=later(), kinds=[Kind.JOBS])  # creates the resources
    SyncResource.objects.filter(kind=Kind.CANDIDATES).update(
        lease_owner="other-run", lease_until=timezone.now() + dt.timedelta(minutes=5)
    )

    report = sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    assert report.kinds[Kind.CANDIDATES].skipped == "busy"
    assert not AtsCandidate.objects.exists()


def test_a_killed_run_leaves_its_lease_to_expire_and_the_next_resends_only_its_batch(enabled, sandbox):
    CandidateFactory.create_batch(150)
    sync_push(client=client(), clock=later(), kinds=[Kind.JOBS])
    calls = []

    class DiesOnSecondBatch:
        def __init__(self, real):
            self.real = real

        def put_candidates(self, context, entities):
            calls.append(len(entities))
            if len(calls) == 2:
                raise KeyboardInterrupt  # the worker killed mid-batch, before writing the answer
            return self.real.put_candidates(context, entities)

        def __getattr__(self, name):
            return getattr(self.real, name)

    with pytest.raises(KeyboardInterrupt):
        sync_push(client=DiesOnSecondBatch(client()), clock=later(), kinds=[Kind.CANDIDATES])
    # A killed process releases nothing: put the lease back as it would be left.
    SyncResource.objects.filter(kind=Kind.CANDIDATES).update(
        lease_owner="dead-worker", lease_until=timezone.now() + dt.timedelta(seconds=1)
    )
    assert candidates_resource().cursor_id != 0
    sent_before = AtsCandidate.objects.count()

    sandbox.calls.clear()
    sync_push(client=client(), clock=later(60), kinds=[Kind.CANDIDATES])

    assert sent_before == 100
    assert len(sandbox.data_calls("atsCandidates")) == 1  # only the batch that died
    assert AtsCandidate.objects.count() == 150


def test_an_application_waits_while_its_candidate_is_paused(enabled, sandbox):
    application = ApplicationFactory()
    sync_push(client=client(), clock=later(), kinds=[Kind.JOBS])
    faults(throttle_next=1)  # the candidates call is throttled

    sync_push(client=client(), clock=later())

    assert not AtsApplication.objects.exists()
    assert not SyncRefusal.objects.exists()
    resource = candidates_resource()
    sync_push(client=client(), clock=lambda: resource.paused_until + dt.timedelta(seconds=1))
    assert AtsApplication.objects.filter(ats_job_application_id=str(application.pk)).exists()


def test_pacing_keeps_a_resource_under_its_records_a_minute(enabled, sandbox, settings):
    settings.LINKEDIN_SYNC_RECORDS_PER_MINUTE = 6000  # 100 records a second
    CandidateFactory.create_batch(250)
    waits, now = [], [later()()]

    def sleep(seconds):
        waits.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)

    sync_push(client=client(), clock=lambda: now[0], sleep=sleep, kinds=[Kind.CANDIDATES])

    # Three batches: the second and third each wait for the previous 100 records' second.
    assert len(waits) == 2
    assert all(0.9 <= wait <= 1.0 for wait in waits)


def test_a_403_from_linkedin_pauses_instead_of_refusing_everything(enabled, sandbox):
    from linkedin_sandbox.models import Integration

    CandidateFactory()
    Integration.objects.update(status=Integration.Status.DISABLED)

    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    assert "refused the call" in candidates_resource().pause_reason
    assert not SyncRefusal.objects.exists()


def test_a_transient_error_for_one_key_resends_the_whole_batch_later(enabled, sandbox, monkeypatch):
    from linkedin_integration.client import restli

    CandidateFactory.create_batch(2)
    real = restli.parse_batch

    def one_key_unavailable(body, **kwargs):
        result = real(body, **kwargs)
        key = next(iter(result.ok), None)
        if key is not None:
            result.ok.pop(key)
            result.errors[key] = LinkedInError("Try again", 503, permanent=False)
        return result

    monkeypatch.setattr(restli, "parse_batch", one_key_unavailable)
    sync_push(client=client(), clock=later(), kinds=[Kind.CANDIDATES])

    assert candidates_resource().cursor_id == 0
    assert not SyncRefusal.objects.exists()
