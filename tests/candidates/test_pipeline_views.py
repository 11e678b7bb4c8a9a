from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape

from candidates import selectors
from candidates.models import Application, Candidate, StageChange
from jobs.models import Job, StageKind
from tests.candidates.helpers import PERSONAS, messages_of, sign_in
from tests.factories import ApplicationFactory

SEES_THE_JOB = {"admin_user", "recruiter", "hiring_manager", "interviewer", "read_only"}
MANAGES_THE_JOB = {"admin_user", "recruiter", "hiring_manager"}


def pipeline_url(job):
    return reverse("candidates:job_pipeline", args=[job.pk])


def fill(job, per_stage):
    """per_stage: {stage name: number of active applications}."""
    for name, n in per_stage.items():
        stage = job.stages.get(name=name)
        for _ in range(n):
            ApplicationFactory(job=job, stage=stage)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_the_pipeline(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)

    response = client.get(pipeline_url(application.job))

    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/jobs/")
    elif persona in SEES_THE_JOB:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Ada Lovelace" in body
        has_move_form = reverse("candidates:application_move", args=[application.pk]) in body
        assert has_move_form == (persona in MANAGES_THE_JOB)
    else:
        assert response.status_code == 404


def test_the_board_shows_every_stage_with_its_count(client_for, recruiter, active_job):
    fill(active_job, {"Application": 3, "Screen": 1})

    response = client_for(recruiter).get(pipeline_url(active_job))

    columns = {c.stage.name: c.count for c in response.context["pipeline"].columns}
    assert columns == {"Prospect": 0, "Application": 3, "Screen": 1, "Interview": 0, "Offer": 0}
    assert response.context["active_tab"] == "pipeline"
    assert response.context["can_manage"] is True
    assert response.context["has_hire"] is False


def test_a_full_column_shows_its_first_cards_its_full_count_and_show_more(client_for, recruiter, active_job):
    fill(active_job, {"Screen": selectors.CARDS_PER_COLUMN + 3})
    client = client_for(recruiter)

    response = client.get(pipeline_url(active_job))

    screen = next(c for c in response.context["pipeline"].columns if c.stage.name == "Screen")
    assert screen.count == selectors.CARDS_PER_COLUMN + 3
    assert len(screen.cards) == selectors.CARDS_PER_COLUMN
    more_url = reverse("candidates:pipeline_column", args=[active_job.pk, screen.stage.pk])
    more_url += "?" + urlencode({"after": screen.next_after})
    assert escape(more_url) in response.content.decode()

    fragment = client.get(more_url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    shown = {a.pk for a in screen.cards} | {a.pk for a in fragment.context["column"].cards}
    assert shown == set(Application.objects.filter(stage=screen.stage).values_list("pk", flat=True))
    assert fragment.context["column"].next_after is None


def test_show_more_neither_repeats_nor_skips_cards_while_others_move_them(client_for, recruiter, active_job):
    fill(active_job, {"Screen": 2 * selectors.CARDS_PER_COLUMN})
    client = client_for(recruiter)
    screen = active_job.stages.get(name="Screen")
    everyone = set(Application.objects.filter(stage=screen).values_list("pk", flat=True))
    first = next(
        c for c in client.get(pipeline_url(active_job)).context["pipeline"].columns if c.stage == screen
    )
    # Meanwhile a shown card leaves the column and another is worked on (it moves to the top).
    moved_away, touched = first.cards[0], first.cards[3]
    Application.objects.filter(pk=moved_away.pk).update(stage=active_job.stages.get(name="Interview"))
    touched.save(update_fields=["updated_at"])

    more = client.get(
        reverse("candidates:pipeline_column", args=[active_job.pk, screen.pk]),
        {"after": first.next_after},
        HTTP_HX_REQUEST="true",
    ).context["column"]

    first_pks = [a.pk for a in first.cards]
    more_pks = [a.pk for a in more.cards]
    assert not set(first_pks) & set(more_pks)
    assert set(first_pks + more_pks) == everyone
    assert more.next_after is None


def test_show_more_works_without_javascript_as_a_page(client_for, recruiter, active_job):
    fill(active_job, {"Screen": selectors.CARDS_PER_COLUMN + 1})
    stage = active_job.stages.get(name="Screen")

    client = client_for(recruiter)
    column = next(
        c for c in client.get(pipeline_url(active_job)).context["pipeline"].columns if c.stage == stage
    )

    response = client.get(
        reverse("candidates:pipeline_column", args=[active_job.pk, stage.pk]), {"after": column.next_after}
    )

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert len(response.context["column"].cards) == 1


def test_a_junk_cursor_shows_the_first_cards(client_for, recruiter, active_job):
    fill(active_job, {"Screen": 3})
    stage = active_job.stages.get(name="Screen")

    response = client_for(recruiter).get(
        reverse("candidates:pipeline_column", args=[active_job.pk, stage.pk]), {"after": "yesterday,x"}
    )

    assert response.status_code == 200
    assert len(response.context["column"].cards) == 3


@pytest.mark.parametrize("persona", ["other_recruiter", None])
def test_a_column_is_not_shown_to_those_who_cannot_see_the_job(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)
    url = reverse("candidates:pipeline_column", args=[application.job_id, application.stage_id])
    assert client.get(url).status_code == (404 if persona else 302)


def test_rejected_and_withdrawn_applications_are_listed_apart_with_a_count(client_for, recruiter, active_job):
    ApplicationFactory(job=active_job, status="REJECTED", reject_reason="OTHER")
    ApplicationFactory(job=active_job, status="WITHDRAWN")
    ApplicationFactory(job=active_job)
    client = client_for(recruiter)

    board = client.get(pipeline_url(active_job))
    assert board.context["closed_count"] == 2
    assert sum(c.count for c in board.context["pipeline"].columns) == 1

    closed = client.get(pipeline_url(active_job) + "?view=closed")
    assert sum(c.count for c in closed.context["pipeline"].columns) == 2
    assert "Reopen" in closed.content.decode()


def test_hired_applications_stay_on_the_board_and_enable_position_filled(client_for, recruiter, active_job):
    ApplicationFactory(job=active_job, status="HIRED", stage=active_job.stages.get(kind=StageKind.OFFER))

    response = client_for(recruiter).get(pipeline_url(active_job))

    assert response.context["has_hire"] is True
    offer = next(c for c in response.context["pipeline"].columns if c.stage.kind == StageKind.OFFER)
    assert offer.count == 1


def test_the_pipeline_costs_the_same_queries_with_few_or_many_applications(
    client_for, recruiter, active_job, django_assert_max_num_queries
):
    client = client_for(recruiter)
    fill(active_job, {"Application": 2, "Screen": 1})
    # 12 for the board and its header, 2 for the LinkedIn panel (settings, the job with its listing).
    with django_assert_max_num_queries(14):
        assert client.get(pipeline_url(active_job)).status_code == 200

    fill(active_job, {"Prospect": 15, "Application": 25, "Screen": 14, "Interview": 12, "Offer": 11})
    ApplicationFactory.create_batch(5, job=active_job, status="REJECTED")
    with django_assert_max_num_queries(14):
        response = client.get(pipeline_url(active_job))
    assert sum(len(c.cards) for c in response.context["pipeline"].columns) == 5 * selectors.CARDS_PER_COLUMN


def test_the_pipeline_page_shows_the_job_header_tabs_and_close_form(client_for, recruiter, active_job):
    body = client_for(recruiter).get(pipeline_url(active_job)).content.decode()
    assert active_job.code in body
    assert reverse("candidates:job_close", args=[active_job.pk]) in body


def test_the_pipeline_of_a_closed_job_is_read_only(client_for, recruiter, application):
    Job.objects.filter(pk=application.job_id).update(status="CLOSED", close_reason="CANCELLED")

    response = client_for(recruiter).get(pipeline_url(application.job))

    body = response.content.decode()
    assert "read-only" in body
    assert reverse("candidates:application_move", args=[application.pk]) not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_closes_a_job(request, client_for, persona, active_job):
    client, _ = sign_in(request, client_for, persona)

    response = client.post(
        reverse("candidates:job_close", args=[active_job.pk]), {"reason": "CANCELLED", "confirmed": "yes"}
    )

    active_job.refresh_from_db()
    if persona in MANAGES_THE_JOB:
        assert response.status_code == 302
        assert active_job.status == "CLOSED"
    else:
        assert response.status_code == {None: 302, "other_recruiter": 404}.get(persona, 403)
        assert active_job.status == "ACTIVE"


def test_closing_as_position_filled_without_a_hire_shows_why_and_changes_nothing(
    client_for, recruiter, application
):
    response = client_for(recruiter).post(
        reverse("candidates:job_close", args=[application.job_id]),
        {"reason": "POSITION_FILLED", "confirmed": "yes"},
        follow=True,
    )

    assert "only once a candidate is hired" in " ".join(messages_of(response))
    assert Job.objects.get(pk=application.job_id).status == "ACTIVE"


def test_closing_with_a_junk_reason_shows_an_error(client_for, recruiter, active_job):
    response = client_for(recruiter).post(
        reverse("candidates:job_close", args=[active_job.pk]),
        {"reason": "BORED", "confirmed": "yes"},
        follow=True,
    )
    assert "Choose the reason from the list." in " ".join(messages_of(response))
    assert Job.objects.get(pk=active_job.pk).status == "ACTIVE"


def test_opening_the_close_address_only_asks_to_confirm(client_for, recruiter, active_job):
    assert client_for(recruiter).get(reverse("candidates:job_close", args=[active_job.pk])).status_code == 200
    assert Job.objects.get(pk=active_job.pk).status == "ACTIVE"


def test_a_prospect_added_by_hand_appears_in_the_prospect_column(client_for, recruiter, active_job):
    client = client_for(recruiter)
    client.post(
        reverse("candidates:create") + f"?job={active_job.pk}",
        {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"},
    )

    response = client.get(pipeline_url(active_job))

    prospect = next(c for c in response.context["pipeline"].columns if c.stage.kind == StageKind.PROSPECT)
    assert [a.candidate.last_name for a in prospect.cards] == ["Hopper"]
    assert StageChange.objects.filter(
        application__candidate__last_name="Hopper", kind="CREATED", by=recruiter
    ).exists()
    assert Candidate.objects.filter(last_name="Hopper").count() == 1


def test_a_draft_job_offers_moves_but_no_hiring(client_for, recruiter, job):
    application = ApplicationFactory(job=job)

    body = client_for(recruiter).get(pipeline_url(job)).content.decode()

    assert f"/applications/{application.pk}/move/" in body
    assert f"/applications/{application.pk}/hire/" not in body
