"""Interview feedback stays hidden from a team member until they have given their own on the application
(administrators, read-only observers and the job's recruiters read all of it), in the activity tab and
in the selector behind it."""

import pytest
from django.urls import reverse

from candidates import selectors
from candidates.models import InterviewFeedback
from jobs.models import JobRole
from tests.factories import InterviewFeedbackFactory, JobRoleFactory, UserFactory


@pytest.fixture
def second_interviewer(active_job):
    user = UserFactory(username="second_interviewer")
    JobRoleFactory(job=active_job, user=user, role=JobRole.Role.INTERVIEWER)
    return user


@pytest.fixture
def colleagues_feedback(application, interviewer):
    return InterviewFeedbackFactory(
        application=application, interviewer=interviewer, rating=2, comments="Could not explain her engine."
    )


def _activity(client_for, user, application):
    return client_for(user).get(reverse("candidates:activity", args=[application.candidate_id]))


def test_an_interviewer_does_not_see_a_colleagues_feedback_before_giving_their_own(
    client_for, application, colleagues_feedback, second_interviewer
):
    response = _activity(client_for, second_interviewer, application)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Could not explain her engine." not in body
    assert "shows in the activity once you have given yours" in body
    feedback = [item for item in response.context["activity"].items if item.kind == "feedback"]
    assert feedback == []


def test_after_giving_their_own_an_interviewer_sees_the_colleagues_feedback(
    client_for, application, colleagues_feedback, second_interviewer
):
    client = client_for(second_interviewer)
    sent = client.post(
        reverse("candidates:feedback", args=[application.pk]),
        {"rating": 4, "recommendation": "YES", "comments": "Brilliant with numbers."},
    )
    assert sent.status_code == 302

    body = _activity(client_for, second_interviewer, application).content.decode()

    assert "Could not explain her engine." in body
    assert "Brilliant with numbers." in body


def test_a_hiring_manager_also_gives_feedback_before_reading_the_others(
    client_for, application, colleagues_feedback, hiring_manager
):
    body = _activity(client_for, hiring_manager, application).content.decode()

    assert "Could not explain her engine." not in body


@pytest.mark.parametrize("persona", ["admin_user", "recruiter", "read_only"])
def test_administrators_observers_and_the_jobs_recruiters_read_all_feedback(
    request, client_for, application, colleagues_feedback, persona
):
    body = _activity(client_for, request.getfixturevalue(persona), application).content.decode()

    assert "Could not explain her engine." in body
    assert "shows in the activity once you have given yours" not in body


def test_a_recruiter_only_interviewing_on_a_job_waits_like_any_interviewer(
    application, colleagues_feedback, other_recruiter
):
    JobRoleFactory(job=application.job, user=other_recruiter, role=JobRole.Role.INTERVIEWER)

    assert not InterviewFeedback.objects.visible_to(other_recruiter).exists()
    page = selectors.candidate_activity(application.candidate, other_recruiter)
    assert [item for item in page.items if item.kind == "feedback"] == []


def test_feedback_given_on_another_application_does_not_unlock_this_one(
    application, colleagues_feedback, second_interviewer
):
    from tests.factories import ApplicationFactory

    elsewhere = ApplicationFactory(job=application.job)
    InterviewFeedbackFactory(application=elsewhere, interviewer=second_interviewer)

    visible = InterviewFeedback.objects.visible_to(second_interviewer)

    assert set(visible.values_list("application_id", flat=True)) == {elsewhere.pk}
