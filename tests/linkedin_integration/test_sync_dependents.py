"""The In-ATS push of what changed beside a row rather than in it: records written while their
application was a prospect or its job a draft (not sent then) once it is neither, and text an
application or stage record carries from another row (candidate's name and email, job title, stage
name) once that row is edited. Each test first lets the sync's cursors move past the rows under test,
as other activity does, so only a new stamp can bring them back."""

import pytest
from django.urls import reverse

from candidates import services as candidate_services
from candidates.models import Application, StageChange
from jobs import services as job_services
from jobs.models import Job, StageKind
from linkedin_integration.services.sync import sync_push
from linkedin_sandbox.models import (
    AtsApplication,
    AtsApplicationNote,
    AtsApplicationStage,
    AtsCandidate,
    AtsInterviewFeedback,
    SimpleJobPosting,
)
from tests.factories import (
    ApplicationFactory,
    InterviewFeedbackFactory,
    JobFactory,
    NoteFactory,
    StageChangeFactory,
    UserFactory,
)
from tests.linkedin_integration.sync_helpers import client as linkedin_client
from tests.linkedin_integration.sync_helpers import enabled, later, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db


def with_records(application, note="Met at a meetup.", comments="Keen on the role."):
    StageChangeFactory(application=application, kind=StageChange.Kind.CREATED)
    NoteFactory(candidate=application.candidate, application=application, body=note)
    InterviewFeedbackFactory(application=application, comments=comments)
    return application


def later_activity():
    """Another application with its history, a note and feedback, written after the rows under test:
    once it is sent, every kind's cursor lies past those rows."""
    return with_records(ApplicationFactory(), note="Another note.", comments="Another view.")


def push(seconds=5):
    return sync_push(client=linkedin_client(), clock=later(seconds))


def sent(application) -> AtsApplication | None:
    return AtsApplication.objects.filter(ats_job_application_id=str(application.pk)).first()


def stage_names(synced: AtsApplication) -> list[str]:
    return [row.stage for row in AtsApplicationStage.objects.filter(application=synced)]


@pytest.fixture
def prospect(db):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(
        stage=application.job.stages.get(kind=StageKind.PROSPECT)
    )
    application.refresh_from_db()
    return with_records(application)


def leave_prospect_by_moving(application, by):
    screen = application.job.stages.get(name="Screen")
    candidate_services.application_move(
        application=application, to_stage=screen, by=by, expected_version=application.version
    )
    return ["Prospect", "Screen"]


def leave_prospect_by_hiring(application, by):
    candidate_services.application_hire(application=application, by=by, expected_version=application.version)
    return ["Prospect", "Hired"]


@pytest.mark.parametrize("leave", [leave_prospect_by_moving, leave_prospect_by_hiring])
def test_what_was_written_in_prospect_is_sent_once_the_application_leaves_it(
    enabled, sandbox, prospect, leave
):
    later_activity()
    push()
    assert sent(prospect) is None

    stages = leave(prospect, UserFactory())
    push(10)

    synced = sent(prospect)
    assert [note.note for note in AtsApplicationNote.objects.filter(application=synced)] == [
        "Met at a meetup."
    ]
    assert [item.feedback for item in AtsInterviewFeedback.objects.filter(application=synced)] == [
        "Keen on the role."
    ]
    assert stage_names(synced) == stages


def test_moving_between_later_stages_resends_no_earlier_record(enabled, sandbox):
    application = with_records(ApplicationFactory())
    push()
    sandbox.calls.clear()

    screen = application.job.stages.get(name="Screen")
    candidate_services.application_move(
        application=application, to_stage=screen, by=UserFactory(), expected_version=application.version
    )
    push(10)

    assert sandbox.data_calls("/notes") == []
    assert sandbox.data_calls("/interviewFeedback") == []
    assert len(sandbox.data_calls("/stages")) == 1
    assert stage_names(sent(application)) == ["Application", "Screen"]


@pytest.fixture
def draft_application(db):
    return with_records(ApplicationFactory(job=JobFactory(status=Job.Status.DRAFT)))


def test_a_draft_jobs_applications_and_their_records_are_sent_once_it_is_activated(
    enabled, sandbox, draft_application
):
    later_activity()
    push()
    assert sent(draft_application) is None

    job_services.job_activate(job=draft_application.job, by=UserFactory())
    push(10)

    synced = sent(draft_application)
    assert synced.ats_job_posting_id == draft_application.job.code
    assert [note.note for note in AtsApplicationNote.objects.filter(application=synced)] == [
        "Met at a meetup."
    ]
    assert AtsInterviewFeedback.objects.filter(application=synced).count() == 1
    assert stage_names(synced) == ["Application"]


def test_a_draft_closed_without_activation_is_sent_closed_with_its_applications(
    enabled, sandbox, draft_application
):
    later_activity()
    push()

    candidate_services.job_close(job=draft_application.job, reason="CANCELLED", by=UserFactory())
    push(10)

    posting = SimpleJobPosting.objects.get(external_job_posting_id=draft_application.job.code)
    assert posting.state == "CLOSED"
    synced = sent(draft_application)
    assert [note.note for note in AtsApplicationNote.objects.filter(application=synced)] == [
        "Met at a meetup."
    ]
    assert stage_names(synced) == ["Application"]


def test_a_stage_renamed_while_the_job_is_a_draft_reaches_linkedin_under_its_new_name(
    enabled, sandbox, draft_application
):
    job = draft_application.job
    screen = job.stages.get(name="Screen")
    Application.objects.filter(pk=draft_application.pk).update(stage=screen)
    StageChangeFactory(application=draft_application, kind=StageChange.Kind.MOVED, to_stage=screen)
    later_activity()
    push()

    job_services.stage_rename(job=job, stage_id=screen.pk, name="Phone screen", by=UserFactory())
    job_services.job_activate(job=job, by=UserFactory())
    push(10)

    assert stage_names(sent(draft_application)) == ["Application", "Phone screen"]


def profile_of(candidate, **changes) -> dict:
    fields = {name: getattr(candidate, name) for name in ("first_name", "last_name", "email", "phone")}
    return {**fields, **changes}


def test_a_candidate_rename_reaches_each_of_their_applications(enabled, sandbox):
    first = ApplicationFactory(candidate__first_name="Jon", candidate__last_name="Smit")
    second = ApplicationFactory(candidate=first.candidate)
    untouched = ApplicationFactory(candidate__first_name="Ada")
    push()

    candidate_services.candidate_update(
        candidate=first.candidate,
        by=UserFactory(),
        **profile_of(first.candidate, first_name="John", last_name="Smith", email="john@example.org"),
    )
    push(10)

    for application in (first, second):
        synced = sent(application)
        assert (synced.first_name, synced.last_name, synced.candidate_email) == (
            "John",
            "Smith",
            "john@example.org",
        )
    assert sent(untouched).first_name == "Ada"


def test_an_edit_the_applications_do_not_carry_resends_the_candidate_only(enabled, sandbox):
    application = ApplicationFactory(candidate__phone="+31 6 1111 1111")
    push()
    stamped = Application.objects.get(pk=application.pk).updated_at
    sandbox.calls.clear()

    candidate_services.candidate_update(
        candidate=application.candidate,
        by=UserFactory(),
        **profile_of(application.candidate, phone="+31 6 2222"),
    )
    push(10)

    assert AtsCandidate.objects.get(ats_candidate_id=str(application.candidate_id)).phone_numbers == [
        {"number": "+31 6 2222", "extension": ""}
    ]
    assert sandbox.data_calls("atsApplications?") == []
    assert Application.objects.get(pk=application.pk).updated_at == stamped


def test_a_job_rename_reaches_its_applications_and_another_edit_does_not(enabled, sandbox):
    application = ApplicationFactory(job__title="Backend Engineer")
    other = ApplicationFactory()
    push()
    sandbox.calls.clear()

    job_services.job_update(job=application.job, by=UserFactory(), description="<p>New scope.</p>")
    push(10)
    assert sandbox.data_calls("simpleJobPostings")
    assert sandbox.data_calls("atsApplications?") == []

    job_services.job_update(job=application.job, by=UserFactory(), title="Senior Backend Engineer")
    push(20)

    assert sent(application).ats_job_posting_name == "Senior Backend Engineer"
    assert sent(other).ats_job_posting_name == other.job.title


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("operator", "operator@example.com", "pass-word-123")


def test_a_rename_in_djangos_admin_reaches_the_applications_too(enabled, sandbox, client, operator):
    application = ApplicationFactory(candidate__first_name="Jon")
    push()
    candidate = application.candidate
    form = {
        **profile_of(candidate, first_name="John"),
        "current_company": candidate.current_company,
        "current_title": candidate.current_title,
        "source": candidate.source,
    }
    client.force_login(operator)

    response = client.post(reverse("admin:candidates_candidate_change", args=[candidate.pk]), form)
    assert response.status_code == 302
    push(10)

    assert sent(application).first_name == "John"


def test_a_move_out_of_prospect_in_djangos_admin_sends_what_was_written_there(
    enabled, sandbox, client, operator, prospect
):
    later_activity()
    push()
    form = {
        "candidate": prospect.candidate_id,
        "job": prospect.job_id,
        "stage": prospect.job.stages.get(name="Screen").pk,
        "status": prospect.status,
        "source": prospect.source,
        "stage_changes-TOTAL_FORMS": "1",
        "stage_changes-INITIAL_FORMS": "1",
        "stage_changes-MIN_NUM_FORMS": "0",
        "stage_changes-MAX_NUM_FORMS": "1000",
        "stage_changes-0-id": prospect.stage_changes.get().pk,
        "stage_changes-0-application": prospect.pk,
    }
    client.force_login(operator)

    response = client.post(reverse("admin:candidates_application_change", args=[prospect.pk]), form)
    assert response.status_code == 302
    push(10)

    synced = sent(prospect)
    assert [note.note for note in AtsApplicationNote.objects.filter(application=synced)] == [
        "Met at a meetup."
    ]


def rename(author, *, last_name, email=None):
    """Rita Recruiter's names and email edited in the Admin center."""
    from attract import roles
    from attract.services import user_update

    user_update(
        user=author,
        first_name="Rita",
        last_name=last_name,
        email=email or author.email,
        roles=[roles.RECRUITER],
        by=UserFactory(),
    )


def test_a_person_renamed_in_the_admin_center_reaches_their_notes_and_feedback(enabled, sandbox):
    from attract import roles

    author = UserFactory(first_name="Rita", last_name="Recruiter")
    roles.set_roles(author, [roles.RECRUITER])
    application = ApplicationFactory()
    StageChangeFactory(application=application, kind=StageChange.Kind.CREATED)
    NoteFactory(candidate=application.candidate, application=application, author=author, body="Call back.")
    InterviewFeedbackFactory(application=application, interviewer=author)
    someone_else = NoteFactory(candidate=application.candidate, application=application, body="Other.")
    later_activity()
    push()
    untouched = type(someone_else).objects.get(pk=someone_else.pk).updated_at

    rename(author, last_name="Recruiter-Jansen")
    push(10)

    note = AtsApplicationNote.objects.get(note="Call back.")
    assert (note.author_first_name, note.author_last_name) == ("Rita", "Recruiter-Jansen")
    feedback = AtsInterviewFeedback.objects.get(application=sent(application))
    assert feedback.interviewer_last_name == "Recruiter-Jansen"
    assert type(someone_else).objects.get(pk=someone_else.pk).updated_at == untouched


def test_an_edit_of_a_persons_email_only_resends_none_of_their_notes(enabled, sandbox):
    author = UserFactory(first_name="Rita", last_name="Recruiter")
    note = NoteFactory(author=author)
    push()
    stamped = type(note).objects.get(pk=note.pk).updated_at

    rename(author, last_name="Recruiter", email="rita.new@attract.test")

    assert type(note).objects.get(pk=note.pk).updated_at == stamped


def test_a_person_renamed_in_djangos_admin_reaches_their_notes(enabled, sandbox, client, operator):
    author = UserFactory(first_name="Rita", last_name="Recruiter")
    application = ApplicationFactory()
    StageChangeFactory(application=application, kind=StageChange.Kind.CREATED)
    NoteFactory(candidate=application.candidate, application=application, author=author, body="Call back.")
    later_activity()
    push()
    form = {
        "username": author.username,
        "first_name": "Rita",
        "last_name": "Jansen",
        "email": author.email,
        "is_active": "on",
        "date_joined_0": author.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": author.date_joined.strftime("%H:%M:%S"),
    }
    client.force_login(operator)

    response = client.post(reverse("admin:attract_user_change", args=[author.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    push(10)

    assert AtsApplicationNote.objects.get(note="Call back.").author_last_name == "Jansen"
