import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from candidates.models import Application, InterviewFeedback
from jobs.models import Job
from tests.candidates.helpers import PERSONAS, messages_of, sign_in

MANAGES_THE_JOB = {"admin_user", "recruiter", "hiring_manager"}
DENIED = {None: 302, "other_recruiter": 404, "interviewer": 403, "read_only": 403}


def action_url(name, application):
    return reverse(f"candidates:application_{name}", args=[application.pk])


def screen_of(application):
    return application.job.stages.get(name="Screen")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_moves_a_candidate(request, client_for, persona, application):
    client, user = sign_in(request, client_for, persona)

    response = client.post(
        action_url("move", application), {"stage": screen_of(application).pk, "version": 1}
    )

    application.refresh_from_db()
    if persona in MANAGES_THE_JOB:
        assert response.status_code == 302
        assert response["Location"] == reverse("candidates:job_pipeline", args=[application.job_id])
        assert application.stage.name == "Screen"
        assert application.stage_changes.first().by == user
    else:
        assert response.status_code == DENIED[persona]
        assert application.stage.name == "Application"
        assert application.version == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_rejects_and_hires(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)

    reject = client.post(action_url("reject", application), {"reason": "OVERQUALIFIED", "version": 1})
    application.refresh_from_db()
    if persona in MANAGES_THE_JOB:
        assert application.status == "REJECTED"
        client.post(action_url("reopen", application), {"version": 2})
        client.post(action_url("hire", application), {"version": 3})
        application.refresh_from_db()
        assert application.status == "HIRED"
    else:
        assert reject.status_code == DENIED[persona]
        assert client.post(action_url("hire", application), {"version": 1}).status_code == DENIED[persona]
        application.refresh_from_db()
        assert (application.status, application.version) == ("ACTIVE", 1)


def test_a_move_shows_the_candidate_in_the_new_column_and_on_the_activity(client_for, recruiter, application):
    client = client_for(recruiter)

    response = client.post(
        action_url("move", application), {"stage": screen_of(application).pk, "version": 1}, follow=True
    )

    assert "Ada Lovelace moved to Screen." in messages_of(response)
    screen = next(c for c in response.context["pipeline"].columns if c.stage.name == "Screen")
    assert [a.pk for a in screen.cards] == [application.pk]
    activity = client.get(reverse("candidates:activity", args=[application.candidate_id])).content.decode()
    assert "Moved from Application to <strong>Screen</strong>" in activity
    assert str(recruiter) in activity


def test_a_stale_move_shows_the_conflict_and_changes_nothing(
    client_for, recruiter, hiring_manager, application
):
    offer = application.job.stages.get(kind="OFFER")
    other_browser = Client()
    other_browser.force_login(hiring_manager)
    other_browser.post(action_url("move", application), {"stage": screen_of(application).pk, "version": 1})

    response = client_for(recruiter).post(
        action_url("move", application), {"stage": offer.pk, "version": 1}, follow=True
    )

    assert messages_of(response) == [
        f"Someone else changed this application (now in Screen by {hiring_manager}). "
        "Reload to see the current state."
    ]
    application.refresh_from_db()
    assert (application.stage.name, application.version) == ("Screen", 2)
    assert application.stage_changes.filter(kind="MOVED").count() == 1


def test_moving_an_application_of_a_closed_job_shows_an_error_and_changes_nothing(
    client_for, recruiter, application
):
    Job.objects.filter(pk=application.job_id).update(status="CLOSED", close_reason="CANCELLED")

    response = client_for(recruiter).post(
        action_url("move", application), {"stage": screen_of(application).pk, "version": 1}, follow=True
    )

    assert any("is closed" in m for m in messages_of(response))
    application.refresh_from_db()
    assert (application.stage.name, application.version) == ("Application", 1)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"version": 1}, "Choose the stage."),
        ({"stage": 999999, "version": 1}, "from the list"),
        ({"stage": "abc", "version": 1}, "from the list"),
    ],
)
def test_a_move_with_bad_input_shows_an_error_and_changes_nothing(
    client_for, recruiter, application, data, error
):
    response = client_for(recruiter).post(action_url("move", application), data, follow=True)

    assert any(error in m for m in messages_of(response))
    application.refresh_from_db()
    assert application.version == 1
    assert application.stage_changes.count() == 1


def test_a_move_to_a_stage_of_another_job_is_refused(client_for, recruiter, application, job):
    from tests.factories import JobFactory

    other_stage = JobFactory().stages.get(name="Screen")
    response = client_for(recruiter).post(
        action_url("move", application), {"stage": other_stage.pk, "version": 1}, follow=True
    )
    assert any("from the list" in m for m in messages_of(response))
    assert Application.objects.get(pk=application.pk).version == 1


def test_a_rejection_without_reason_is_refused(client_for, recruiter, application):
    response = client_for(recruiter).post(action_url("reject", application), {"version": 1}, follow=True)
    assert any("Reason" in m for m in messages_of(response))
    assert Application.objects.get(pk=application.pk).status == "ACTIVE"


def test_a_missing_version_is_refused(client_for, recruiter, application):
    response = client_for(recruiter).post(action_url("hire", application), {}, follow=True)
    assert messages_of(response)
    assert Application.objects.get(pk=application.pk).status == "ACTIVE"


def test_an_action_returns_to_a_local_next_page_only(client_for, recruiter, application):
    client = client_for(recruiter)
    activity = reverse("candidates:activity", args=[application.candidate_id])

    local = client.post(
        action_url("withdraw", application), {"version": 1, "next": activity, "confirmed": "yes"}
    )
    assert local["Location"] == activity

    foreign = client.post(action_url("reopen", application), {"version": 2, "next": "https://evil.example/"})
    assert foreign["Location"] == reverse("candidates:job_pipeline", args=[application.job_id])


def test_application_actions_only_answer_post(client_for, recruiter, application):
    for name in ("move", "reject", "hire", "withdraw", "reopen"):
        assert client_for(recruiter).get(action_url(name, application)).status_code == 405


FEEDBACK_ALLOWED = {"admin_user", "recruiter", "hiring_manager", "interviewer"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_gives_interview_feedback(request, client_for, persona, application):
    client, user = sign_in(request, client_for, persona)
    url = reverse("candidates:feedback", args=[application.pk])

    page = client.get(url)
    response = client.post(url, {"rating": "4", "recommendation": "YES", "comments": "Good"})

    if persona in FEEDBACK_ALLOWED:
        assert page.status_code == 200
        assert response.status_code == 302
        assert InterviewFeedback.objects.get().interviewer == user
    else:
        assert page.status_code == response.status_code == DENIED[persona]
        assert not InterviewFeedback.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"recommendation": "YES"}, "rating"),
        ({"rating": "9", "recommendation": "YES"}, "rating"),
        ({"rating": "3"}, "recommendation"),
        ({"rating": "3", "recommendation": "PERHAPS"}, "recommendation"),
    ],
)
def test_feedback_with_bad_input_shows_field_errors_and_writes_nothing(
    client_for, interviewer, application, data, field
):
    response = client_for(interviewer).post(reverse("candidates:feedback", args=[application.pk]), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not InterviewFeedback.objects.exists()


def test_feedback_twice_is_refused_with_a_message(client_for, interviewer, application):
    client = client_for(interviewer)
    url = reverse("candidates:feedback", args=[application.pk])
    client.post(url, {"rating": "4", "recommendation": "YES"})

    response = client.post(url, {"rating": "2", "recommendation": "NO"})

    assert "You already gave feedback on this application." in response.content.decode()
    assert InterviewFeedback.objects.get().rating == 4


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_downloads_an_applications_resume(request, client_for, persona, application):
    application.resume.save("ada.pdf", ContentFile(b"%PDF-1.4 resume"))
    client, _ = sign_in(request, client_for, persona)

    response = client.get(action_url("resume", application))

    if persona is None:
        assert response.status_code == 302
    elif persona == "other_recruiter":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == b"%PDF-1.4 resume"


def test_an_application_without_resume_answers_404(client_for, recruiter, application):
    assert client_for(recruiter).get(action_url("resume", application)).status_code == 404
