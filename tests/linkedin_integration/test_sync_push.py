"""The In-ATS push against the sandbox's own endpoints (in-process): what reaches LinkedIn, in which
form, and when nothing may."""

import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import Note, StageChange
from jobs.models import Job, StageKind
from linkedin_integration.models import SyncedCandidate, SyncResource
from linkedin_integration.selectors.sync import candidate_on_linkedin
from linkedin_integration.services.sync import sync_push
from linkedin_sandbox.models import (
    AtsApplication,
    AtsApplicationStage,
    AtsCandidate,
    AtsCandidateNote,
    AtsInterviewFeedback,
    Integration,
    SimpleJobPosting,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFeedbackFactory,
    JobFactory,
    NoteFactory,
    StageChangeFactory,
)
from tests.linkedin_integration.sync_helpers import (  # noqa: F401
    ORG,
    client,
    connect,
    enable_in_sandbox,
    enabled,
    later,
    sandbox,
)
from tests.plans import plan_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(db):
    application = ApplicationFactory(candidate__phone="+31 6 1234 5678", candidate__city="Utrecht")
    StageChangeFactory(application=application, kind=StageChange.Kind.CREATED)
    screen = application.job.stages.get(name="Screen")
    StageChangeFactory(application=application, kind=StageChange.Kind.MOVED, to_stage=screen)
    NoteFactory(candidate=application.candidate, application=application, body="Strong on Django.")
    NoteFactory(candidate=application.candidate, body="Prefers remote work.")
    InterviewFeedbackFactory(application=application, rating=5, comments="Clear thinker.")
    return application


def test_a_first_enabled_run_sends_jobs_candidates_applications_stages_notes_and_feedback(
    enabled, sandbox, pipeline
):
    report = sync_push(client=client(), clock=later())

    assert report.stopped == ""
    job, candidate = pipeline.job, pipeline.candidate
    posting = SimpleJobPosting.objects.get(organization=enabled, external_job_posting_id=job.code)
    assert (posting.title, posting.state, posting.availability) == (
        job.title,
        "LISTED",
        "PRIVATE_TO_ATS_INTEGRATION",
    )
    synced = AtsCandidate.objects.get(organization=enabled, ats_candidate_id=str(candidate.pk))
    assert synced.email_addresses == [candidate.email]
    assert synced.phone_numbers == [{"number": "+31 6 1234 5678", "extension": ""}]
    assert synced.external_profile_url.endswith(f"/candidates/{candidate.pk}/")
    application = AtsApplication.objects.get(ats_job_application_id=str(pipeline.pk))
    assert (application.ats_candidate_id, application.ats_job_posting_id) == (str(candidate.pk), job.code)
    assert [s.stage for s in AtsApplicationStage.objects.filter(application=application)] == [
        "Application",
        "Screen",
    ]
    assert [n.note for n in application.notes.all()] == ["Strong on Django."]
    assert [n.note for n in AtsCandidateNote.objects.filter(candidate=synced)] == ["Prefers remote work."]
    feedback = AtsInterviewFeedback.objects.get(application=application)
    assert feedback.evaluations == [
        {"attribute": "Overall rating", "result": "5/5"},
        {"attribute": "Recommendation", "result": "Hire"},
    ]
    assert candidate_on_linkedin(candidate.pk)


def test_the_backfill_reports_progress_per_kind_and_finishes(enabled, sandbox, pipeline):
    sync_push(client=client(), clock=later())

    candidates = SyncResource.objects.get(kind=SyncResource.Kind.CANDIDATES)
    assert (candidates.backfill_sent, candidates.backfill_total) == (1, 1)
    assert candidates.backfill_done_at is not None
    stages = SyncResource.objects.get(kind=SyncResource.Kind.STAGES)
    assert (stages.backfill_sent, stages.backfill_total) == (2, 2)


def test_nothing_is_sent_before_enabled(db, sandbox, pipeline):
    enable_in_sandbox(status=Integration.Status.PARTNER_READY)
    connect(enabled=False)

    report = sync_push(client=client(), clock=later())

    assert report.stopped == "No Recruiter System Connect level is Enabled."
    assert sandbox.calls == []
    assert not SyncResource.objects.exists()


def test_prospects_and_draft_jobs_are_not_sent(enabled, sandbox):
    draft = JobFactory(status=Job.Status.DRAFT)
    prospect = ApplicationFactory()
    prospect.stage = prospect.job.stages.get(kind=StageKind.PROSPECT)
    prospect.save()

    sync_push(client=client(), clock=later())

    assert not SimpleJobPosting.objects.filter(external_job_posting_id=draft.code).exists()
    assert not AtsApplication.objects.exists()


def test_an_idle_run_makes_no_call(enabled, sandbox, pipeline):
    sync_push(client=client(), clock=later())
    sandbox.calls.clear()

    report = sync_push(client=client(), clock=later(10))

    assert sandbox.data_calls() == []
    assert report.sent == 0


def test_an_edit_resends_the_whole_entity_and_a_deleted_note_is_deleted(enabled, sandbox, pipeline):
    sync_push(client=client(), clock=later())
    candidate = pipeline.candidate
    candidate.current_title = "Staff Engineer"
    candidate.save()
    note = Note.objects.get(application__isnull=True)
    Note.objects.filter(pk=note.pk).update(deleted_at=timezone.now(), updated_at=timezone.now())

    sync_push(client=client(), clock=later(10))

    synced = AtsCandidate.objects.get(ats_candidate_id=str(candidate.pk))
    assert synced.current_job_title == "Staff Engineer"
    assert synced.email_addresses == [candidate.email]
    assert not AtsCandidateNote.objects.exists()


def test_a_closed_job_is_sent_as_close(enabled, sandbox, pipeline):
    sync_push(client=client(), clock=later())
    Job.objects.filter(pk=pipeline.job_id).update(
        status=Job.Status.CLOSED, close_reason="CANCELLED", updated_at=timezone.now()
    )

    sync_push(client=client(), clock=later(10))

    posting = SimpleJobPosting.objects.get(external_job_posting_id=pipeline.job.code)
    assert posting.state == "CLOSED"
    assert posting.tasks.order_by("-pk").first().operation == "CLOSE"


def test_rows_older_than_two_years_are_not_backfilled(enabled, sandbox):
    old = CandidateFactory()
    from candidates.models import Candidate

    Candidate.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=800))

    sync_push(client=client(), clock=later())

    assert not AtsCandidate.objects.exists()
    assert not SyncedCandidate.objects.exists()


def test_rows_stamped_at_the_same_moment_are_each_sent_once_across_batches(enabled, sandbox):
    """A bulk write gives many rows one updated_at: the (time, id) cursor walks them batch by batch."""
    candidates = CandidateFactory.create_batch(230)
    moment = timezone.now() - dt.timedelta(minutes=1)
    type(candidates[0]).objects.update(updated_at=moment, created_at=moment)

    report = sync_push(client=client(), clock=later())

    put_calls = sandbox.data_calls("atsCandidates?")
    assert len(put_calls) == 3  # 100 + 100 + 30
    assert report.kinds["CANDIDATES"].sent == 230
    assert sorted(AtsCandidate.objects.values_list("ats_candidate_id", flat=True)) == sorted(
        str(candidate.pk) for candidate in candidates
    )


@pytest.mark.postgres
def test_the_batch_read_is_one_range_of_the_sync_order_index(enabled):
    """Past the cursor in (updated_at, id) order: on PostgreSQL a range of the (updated_at, id) index,
    not every row of the cursor's moment again for each batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from linkedin_integration.services.sync.engine import _past_cursor

    note = NoteFactory()
    notes = Note.objects.filter(_past_cursor(Note, "updated_at", note.updated_at, 0))
    with CaptureQueriesContext(connection) as queries:
        list(notes.order_by("updated_at", "pk")[:100])
    plan = plan_of(queries[0]["sql"])

    assert "note_sync_order" in plan and "Index Cond" in plan, plan


def test_rows_the_kind_skips_are_passed_over_and_batches_stay_full(enabled, sandbox):
    """Applications in Prospect between those sent: each call still carries 100, and the cursor ends past
    the last row read, skipped or not, so the next run reads nothing again."""
    job = JobFactory(status=Job.Status.ACTIVE)
    prospect = job.stages.get(kind=StageKind.PROSPECT)
    applications = ApplicationFactory.create_batch(260, job=job)
    skipped = applications[::2]
    type(applications[0]).objects.filter(pk__in=[a.pk for a in skipped]).update(stage=prospect)
    moment = timezone.now() - dt.timedelta(minutes=1)
    type(applications[0]).objects.update(updated_at=moment)

    report = sync_push(client=client(), clock=later())

    assert report.kinds["APPLICATIONS"].sent == 130
    assert len(sandbox.data_calls("atsApplications?")) == 2  # 100 + 30
    assert AtsApplication.objects.count() == 130
    resource = SyncResource.objects.get(kind="APPLICATIONS")
    assert resource.cursor_id == applications[-1].pk  # a skipped one, the last read

    sandbox.calls.clear()
    assert sync_push(client=client(), clock=later(10)).kinds["APPLICATIONS"].sent == 0
    assert sandbox.data_calls("atsApplications") == []


@pytest.mark.postgres
def test_a_batch_reads_its_keys_from_the_kinds_own_index_without_a_join_or_a_sort(enabled, sandbox):
    """The keys of a batch are one range of the (updated_at, id) index of the kind's own table, read in
    its order up to the batch's size: nothing is joined or sorted before the limit, whatever the planner
    estimates of the rows past the cursor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ApplicationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        sync_push(client=client(), clock=later(), kinds=["JOBS", "CANDIDATES", "APPLICATIONS"])
    (keys,) = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "candidates_application"."updated_at" AS "updated_at"')
    ][:1]
    # Three rows in a test table: the planner is told to avoid what it would only pick for so few.
    plan = plan_of(keys, avoid=("seqscan", "sort", "incremental_sort"))

    assert "application_sync_order" in plan, plan
    assert "Sort" not in plan and "Join" not in plan and "Nested Loop" not in plan, plan
