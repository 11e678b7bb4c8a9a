import pytest

from attract.errors import DomainError
from candidates import services
from candidates.models import InterviewFeedback, Note
from tests.factories import ApplicationFactory, CandidateFactory, NoteFactory


def test_a_note_is_written_about_the_candidate_or_one_application(application, recruiter):
    general = services.note_create(candidate=application.candidate, body="  Great portfolio. ", by=recruiter)
    specific = services.note_create(
        candidate=application.candidate, application=application, body="Ask about salary.", by=recruiter
    )

    assert (general.body, general.application, general.author) == ("Great portfolio.", None, recruiter)
    assert specific.application == application


def test_an_empty_note_is_refused(candidate, recruiter):
    with pytest.raises(DomainError, match="Write something") as caught:
        services.note_create(candidate=candidate, body="   ", by=recruiter)
    assert caught.value.field == "body"
    assert not Note.objects.exists()


def test_a_note_about_another_candidates_application_is_refused(application, recruiter):
    with pytest.raises(DomainError, match="another candidate"):
        services.note_create(candidate=CandidateFactory(), application=application, body="Hm", by=recruiter)
    assert not Note.objects.exists()


def test_deleting_a_note_is_soft_and_only_for_its_author_or_an_admin(
    candidate, recruiter, hiring_manager, admin_user
):
    note = NoteFactory(candidate=candidate, author=recruiter)

    with pytest.raises(DomainError, match="Only the author"):
        services.note_delete(note=note, by=hiring_manager)
    assert Note.objects.alive().filter(pk=note.pk).exists()

    services.note_delete(note=note, by=recruiter)
    note.refresh_from_db()
    assert note.deleted_at is not None
    assert not Note.objects.alive().filter(pk=note.pk).exists()

    other = NoteFactory(candidate=candidate, author=recruiter)
    services.note_delete(note=other, by=admin_user)
    with pytest.raises(DomainError, match="already deleted"):
        services.note_delete(note=other, by=admin_user)


def test_an_interviewer_on_the_team_gives_feedback_once(application, interviewer):
    feedback = services.feedback_submit(
        application=application,
        interviewer=interviewer,
        rating="4",
        recommendation="YES",
        comments=" Clear. ",
    )
    assert (feedback.rating, feedback.recommendation, feedback.comments) == (4, "YES", "Clear.")

    with pytest.raises(DomainError, match="already gave feedback"):
        services.feedback_submit(
            application=application, interviewer=interviewer, rating=5, recommendation="YES"
        )
    assert InterviewFeedback.objects.count() == 1


def test_feedback_from_someone_off_the_team_is_refused(application, other_recruiter, read_only):
    for person in (other_recruiter, read_only):
        with pytest.raises(DomainError, match="Only the hiring team"):
            services.feedback_submit(
                application=application, interviewer=person, rating=3, recommendation="NO"
            )
    assert not InterviewFeedback.objects.exists()


def test_an_admin_may_give_feedback_on_any_job(admin_user):
    application = ApplicationFactory()
    services.feedback_submit(
        application=application, interviewer=admin_user, rating=5, recommendation="STRONG_YES"
    )
    assert InterviewFeedback.objects.filter(interviewer=admin_user).exists()


@pytest.mark.parametrize(
    ("rating", "recommendation", "field"),
    [(0, "YES", "rating"), (6, "YES", "rating"), ("x", "YES", "rating"), (3, "MAYBE", "recommendation")],
)
def test_feedback_needs_a_rating_from_1_to_5_and_a_known_recommendation(
    application, interviewer, rating, recommendation, field
):
    with pytest.raises(DomainError) as caught:
        services.feedback_submit(
            application=application, interviewer=interviewer, rating=rating, recommendation=recommendation
        )
    assert caught.value.field == field
    assert not InterviewFeedback.objects.exists()


def test_feedback_on_a_closed_job_is_refused(application, interviewer, recruiter):
    services.job_close(job=application.job, reason="CANCELLED", by=recruiter)
    with pytest.raises(DomainError, match="closed"):
        services.feedback_submit(
            application=application, interviewer=interviewer, rating=3, recommendation="NO"
        )
    assert not InterviewFeedback.objects.exists()
