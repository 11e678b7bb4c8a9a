import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Application, Candidate, Note
from jobs.models import StageKind
from tests.candidates.helpers import PERSONAS, messages_of, sign_in
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFeedbackFactory,
    JobFactory,
    JobRoleFactory,
    NoteFactory,
    StageChangeFactory,
    TalentPoolMemberFactory,
)

SEES_ADA = {"admin_user", "recruiter", "hiring_manager", "interviewer", "read_only"}
EDITS = {"admin_user", "recruiter", "hiring_manager"}


def pdf(name="cv.pdf", size=None):
    content = b"%PDF-1.4\n" + (b"x" * (size or 10))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_candidate_in_search(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)

    response = client.get(reverse("candidates:list"), {"q": "lovelace"})

    if persona is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    found = [c["pk"] for c in response.context["results"].items]
    assert found == ([application.candidate_id] if persona in SEES_ADA else [])


@pytest.mark.parametrize(
    "query",
    ["Ada", "LOVELACE", "love", "ada lovelace", "ada@example.org", "ada@ex", "Analytical", "analytical eng"],
)
def test_search_matches_name_email_and_current_company(client_for, admin_user, query):
    ada = CandidateFactory(
        first_name="Ada", last_name="Lovelace", email="ada@example.org", current_company="Analytical Engines"
    )
    CandidateFactory(
        first_name="Grace", last_name="Hopper", email="grace@navy.mil", current_company="US Navy"
    )

    response = client_for(admin_user).get(reverse("candidates:list"), {"q": query})

    assert [c["pk"] for c in response.context["results"].items] == [ada.pk]


def test_search_matches_the_start_of_words_not_their_middle(client_for, admin_user):
    CandidateFactory(
        first_name="Ada", last_name="Lovelace", email="ada@example.org", current_company="Babbage"
    )

    response = client_for(admin_user).get(reverse("candidates:list"), {"q": "velace"})

    assert list(response.context["results"].items) == []
    assert "No candidate matches" in response.content.decode()


def test_search_pages_by_25_in_name_order(client_for, admin_user):
    for i in range(30):
        CandidateFactory(last_name=f"Name{i:02d}", first_name="X")
    client = client_for(admin_user)

    first = client.get(reverse("candidates:list"))
    second = client.get(reverse("candidates:list"), {"page": 2})

    assert [c["last_name"] for c in first.context["results"].items] == [f"Name{i:02d}" for i in range(25)]
    assert first.context["results"].has_next
    assert [c["last_name"] for c in second.context["results"].items] == [
        f"Name{i:02d}" for i in range(25, 30)
    ]
    assert not second.context["results"].has_next
    assert client.get(reverse("candidates:list"), {"page": "junk"}).status_code == 200


def test_search_stops_at_its_last_page_and_asks_for_a_narrower_query(client_for, admin_user, monkeypatch):
    from candidates import selectors

    monkeypatch.setattr(selectors, "SEARCH_MAX_PAGE", 2)
    for i in range(60):
        CandidateFactory(last_name=f"Deep{i:02d}", first_name="X")
    client = client_for(admin_user)

    last = client.get(reverse("candidates:list"), {"q": "deep", "page": 2})
    beyond = client.get(reverse("candidates:list"), {"q": "deep", "page": 999})

    for response in (last, beyond):
        results = response.context["results"]
        assert results.number == 2 and not results.has_next and results.capped
        assert [c["last_name"] for c in results.items] == [f"Deep{i:02d}" for i in range(25, 50)]
        assert "add a word to the search to narrow it" in response.content.decode()


def test_search_costs_the_same_queries_for_few_or_many_candidates(
    client_for, recruiter, django_assert_max_num_queries
):
    client = client_for(recruiter)
    CandidateFactory.create_batch(3, created_by=recruiter, current_company="Initech")
    # Session, user, roles; then the last-name matches, the other columns' matches, the page.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("candidates:list") + "?q=initech")
    assert len(response.context["results"].items) == 3

    CandidateFactory.create_batch(60, created_by=recruiter, current_company="Initech")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("candidates:list") + "?q=initech")
    assert len(response.context["results"].items) == 25
    with django_assert_max_num_queries(4):
        client.get(reverse("candidates:list"))


def test_search_pages_through_matches_of_every_column_in_name_order_without_repeats(client_for, admin_user):
    by_name = [CandidateFactory(first_name=f"P{i:02d}", last_name=f"Smith{i:02d}") for i in range(30)]
    by_company = [
        CandidateFactory(first_name="Q", last_name=f"Jones{i:02d}", current_company="Smithson Ltd")
        for i in range(30)
    ]
    CandidateFactory(first_name="Ada", last_name="Lovelace", current_company="Babbage")
    client = client_for(admin_user)

    pages = [
        client.get(reverse("candidates:list"), {"q": "smith", "page": n}).context["results"]
        for n in (1, 2, 3)
    ]

    shown = [c["pk"] for page in pages for c in page.items]
    expected = [c.pk for c in by_company + by_name]  # "Jones.." sorts before "Smith.."
    assert shown == expected
    assert [page.has_next for page in pages] == [True, True, False]


def test_search_orders_names_without_regard_to_case(client_for, admin_user):
    CandidateFactory(first_name="Ann", last_name="van Dijk", email="ann@example.org")
    CandidateFactory(first_name="Bo", last_name="Vance", email="bo@example.org")
    CandidateFactory(first_name="Cy", last_name="Valk", email="cy@example.org")

    results = client_for(admin_user).get(reverse("candidates:list"), {"q": "va"}).context["results"]

    assert [c["last_name"] for c in results.items] == ["Valk", "van Dijk", "Vance"]


@pytest.mark.parametrize(
    "query", ["garcia", "GARCIA", "García", "josé", "jose garcia", "muller", "MÜLLER GmbH", "jose.g"]
)
def test_search_matches_without_regard_to_accents_or_case(client_for, admin_user, query):
    jose = CandidateFactory(
        first_name="José", last_name="García", email="José.García@example.org", current_company="Müller GmbH"
    )
    CandidateFactory(
        first_name="Grace", last_name="Hopper", email="grace@navy.mil", current_company="US Navy"
    )

    response = client_for(admin_user).get(reverse("candidates:list"), {"q": query})

    assert [c["pk"] for c in response.context["results"].items] == [jose.pk]
    assert "García" in response.content.decode()


def test_search_finds_plain_spelling_from_an_accented_query(client_for, admin_user):
    zoe = CandidateFactory(first_name="Zoe", last_name="Sorensen", current_company="Angstrom Labs")

    for query in ("Zoë", "Sørensen", "Ångström"):
        response = client_for(admin_user).get(reverse("candidates:list"), {"q": query})
        assert [c["pk"] for c in response.context["results"].items] == [zoe.pk], query


def test_search_orders_names_without_regard_to_accents(client_for, admin_user):
    CandidateFactory(first_name="Eva", last_name="Ortiz", email="eva@example.org")
    CandidateFactory(first_name="Íñigo", last_name="Ocaña", email="inigo@example.org")
    CandidateFactory(first_name="Olga", last_name="Oberg", email="olga@example.org")

    results = client_for(admin_user).get(reverse("candidates:list"), {"q": "o"}).context["results"]

    assert [c["last_name"] for c in results.items] == ["Oberg", "Ocaña", "Ortiz"]


def test_search_costs_the_same_queries_with_accents(client_for, recruiter, django_assert_max_num_queries):
    client = client_for(recruiter)
    CandidateFactory.create_batch(30, created_by=recruiter, last_name="García")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("candidates:list"), {"q": "garcia"})

    assert len(response.context["results"].items) == 25


def test_a_search_too_long_says_so_instead_of_showing_everyone(client_for, admin_user):
    CandidateFactory(first_name="Grace", last_name="Hopper")

    response = client_for(admin_user).get(reverse("candidates:list"), {"q": "grace " * 30})

    assert response.status_code == 200
    assert response.context["results"].items == []
    body = response.content.decode()
    assert "The search is too long: use at most 150 characters." in body
    assert "Hopper" not in body


def test_a_search_of_150_characters_still_searches(client_for, admin_user):
    ada = CandidateFactory(first_name="Ada", last_name="Lovelace")

    response = client_for(admin_user).get(reverse("candidates:list"), {"q": "ada" + " " * 146 + "l"})

    assert [c["pk"] for c in response.context["results"].items] == [ada.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_a_candidate_profile_and_its_tabs(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)
    pk = application.candidate_id

    for name in ("candidates:detail", "candidates:activity", "linkedin:candidate_tab"):
        response = client.get(reverse(name, args=[pk]))
        if persona is None:
            assert response.status_code == 302
        elif persona in SEES_ADA:
            assert response.status_code == 200
            assert "Ada Lovelace" in response.content.decode()
        else:
            assert response.status_code == 404


def test_the_profile_shows_the_applications_and_the_activity(client_for, recruiter, application, interviewer):
    InterviewFeedbackFactory(application=application, interviewer=interviewer, comments="Sharp and kind.")
    NoteFactory(candidate=application.candidate, author=recruiter, body="Call back on Monday.")

    body = (
        client_for(recruiter)
        .get(reverse("candidates:activity", args=[application.candidate_id]))
        .content.decode()
    )

    assert application.job.code in body
    assert "Sharp and kind." in body
    assert "Call back on Monday." in body
    assert "Added to <strong>" in body


def test_the_profile_costs_the_same_queries_with_5_or_200_notes(
    client_for, recruiter, application, interviewer, django_assert_max_num_queries
):
    client = client_for(recruiter)
    url = reverse("candidates:activity", args=[application.candidate_id])
    NoteFactory.create_batch(5, candidate=application.candidate, author=recruiter)
    # Session, user, roles, candidate, four activity sources, applications, team roles, job picker.
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200

    NoteFactory.create_batch(195, candidate=application.candidate, author=recruiter, application=application)
    StageChangeFactory.create_batch(30, application=application, kind="MOVED", by=recruiter)
    InterviewFeedbackFactory.create_batch(10, application=application, interviewer=interviewer)
    # Applications on more jobs the recruiter is on: their permissions are read in one query.
    for _ in range(6):
        other = JobFactory(owner=recruiter)
        JobRoleFactory(job=other, user=recruiter, role="RECRUITER")
        ApplicationFactory(job=other, candidate=application.candidate)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert len(response.context["applications"]) == 7
    assert len(response.context["activity"].items) == 10
    assert response.context["activity"].has_next
    with django_assert_max_num_queries(6):
        client.get(reverse("candidates:detail", args=[application.candidate_id]))


def test_show_more_activity_continues_where_the_first_page_stopped(client_for, recruiter, application):
    notes = NoteFactory.create_batch(25, candidate=application.candidate, author=recruiter)
    client = client_for(recruiter)
    url = reverse("candidates:activity", args=[application.candidate_id])

    first = client.get(url).context["activity"]
    more = [client.get(url, {"page": n}, HTTP_HX_REQUEST="true") for n in (2, 3)]

    assert "<html" not in more[0].content.decode()
    seen = [i.obj for i in first.items] + [i.obj for page in more for i in page.context["activity"].items]
    assert len(seen) == 26  # 25 notes and the "added to the job" line
    assert set(notes) <= set(seen)
    assert more[0].context["activity"].has_next
    assert not more[1].context["activity"].has_next


def test_activity_on_jobs_the_viewer_cannot_see_is_left_out(client_for, recruiter, application):
    hidden = ApplicationFactory(candidate=application.candidate)
    StageChangeFactory(application=hidden)
    NoteFactory(candidate=application.candidate, application=hidden, body="Secret note")

    response = client_for(recruiter).get(reverse("candidates:activity", args=[application.candidate_id]))

    assert [a.pk for a in response.context["applications"]] == [application.pk]
    assert hidden.job.code not in response.content.decode()
    assert "Secret note" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_creates_a_candidate(request, client_for, persona, db):
    client, _ = sign_in(request, client_for, persona)

    response = client.post(
        reverse("candidates:create"),
        {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"},
    )

    created = Candidate.objects.filter(email="grace@example.org").first()
    if persona in EDITS | {"other_recruiter"}:
        assert response.status_code == 302
        assert response["Location"] == reverse("candidates:detail", args=[created.pk])
        assert created.source == "MANUAL"
    else:
        assert response.status_code == (302 if persona is None else 403)
        assert created is None


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"last_name": "Hopper"}, "first_name", "Fill in the first name."),
        (
            {"first_name": "G", "last_name": "H", "email": "not-an-email"},
            "email",
            "Enter an email address like name@example.com.",
        ),
        (
            {"first_name": "G", "last_name": "H", "country": "XX"},
            "country",
            "Choose the country from the list.",
        ),
        ({"first_name": "G", "last_name": "H", "email": "ADA@example.org"}, "email", "already exists"),
        (
            {"first_name": "G", "last_name": "H", "linkedin_url": "not a url"},
            "linkedin_url",
            "Enter a full web address, starting with https://.",
        ),
    ],
)
def test_creating_a_candidate_with_bad_input_shows_field_errors_and_writes_nothing(
    client_for, recruiter, candidate, data, field, error
):
    response = client_for(recruiter).post(reverse("candidates:create"), data)

    assert response.status_code == 200
    assert any(error in e for e in response.context["form"].errors.get(field, [])), response.context[
        "form"
    ].errors
    assert Candidate.objects.count() == 1


def zip_holding(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("cv.exe", b"MZ..."), "PDF or a Word (.docx)"),
        (SimpleUploadedFile("cv.pdf", b"not a pdf"), "not a PDF document"),
        (SimpleUploadedFile("cv.docx", zip_holding("notes.txt")), "not a Word (.docx) document"),
        (SimpleUploadedFile("cv.docx", b"PK\x03\x04 but no archive"), "not a Word (.docx) document"),
    ],
)
def test_a_wrong_resume_is_refused(client_for, recruiter, upload, error):
    response = client_for(recruiter).post(
        reverse("candidates:create"), {"first_name": "G", "last_name": "H", "resume": upload}
    )
    assert any(error in e for e in response.context["form"].errors["resume"])
    assert not Candidate.objects.exists()


def test_a_word_resume_is_accepted(client_for, recruiter):
    upload = SimpleUploadedFile("cv.docx", zip_holding("word/document.xml"))
    response = client_for(recruiter).post(
        reverse("candidates:create"), {"first_name": "G", "last_name": "H", "resume": upload}
    )
    assert response.status_code == 302
    assert Candidate.objects.get().resume.name.endswith(".docx")


def test_an_oversize_resume_is_refused(client_for, recruiter, settings):
    settings.RESUME_MAX_BYTES = 100
    response = client_for(recruiter).post(
        reverse("candidates:create"), {"first_name": "G", "last_name": "H", "resume": pdf(size=200)}
    )
    assert any("too large" in e for e in response.context["form"].errors["resume"])
    assert not Candidate.objects.exists()


def test_a_candidate_with_a_resume_can_download_it_only_through_the_app(
    client_for, recruiter, hiring_manager
):
    client = client_for(recruiter)
    client.post(reverse("candidates:create"), {"first_name": "G", "last_name": "H", "resume": pdf()})
    candidate = Candidate.objects.get()

    response = client.get(reverse("candidates:resume", args=[candidate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # the hiring manager is on no job with this candidate: they cannot see it
    assert (
        client_for(hiring_manager).get(reverse("candidates:resume", args=[candidate.pk])).status_code == 404
    )


def test_a_candidate_created_for_a_job_lands_in_its_prospect_stage(client_for, hiring_manager, active_job):
    response = client_for(hiring_manager).post(
        reverse("candidates:create") + f"?job={active_job.pk}", {"first_name": "Grace", "last_name": "Hopper"}
    )

    assert response["Location"] == reverse("candidates:job_pipeline", args=[active_job.pk])
    application = Application.objects.get(candidate__last_name="Hopper")
    assert (application.job, application.stage.kind) == (active_job, StageKind.PROSPECT)


@pytest.mark.parametrize(
    ("persona", "status"), [("other_recruiter", 404), ("interviewer", 403), ("read_only", 403)]
)
def test_creating_for_a_job_one_does_not_manage_is_refused(request, client_for, persona, status, active_job):
    client, _ = sign_in(request, client_for, persona)
    response = client.post(
        reverse("candidates:create") + f"?job={active_job.pk}", {"first_name": "G", "last_name": "H"}
    )
    assert response.status_code == status
    assert not Candidate.objects.exists()


def test_creating_for_a_closed_job_writes_neither_candidate_nor_application(
    client_for, recruiter, active_job
):
    active_job.status, active_job.close_reason = "CLOSED", "CANCELLED"
    active_job.save()

    response = client_for(recruiter).post(
        reverse("candidates:create") + f"?job={active_job.pk}", {"first_name": "G", "last_name": "H"}
    )

    assert "is closed" in str(response.context["form"].non_field_errors())
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_edits_a_candidate(request, client_for, persona, application):
    client, _ = sign_in(request, client_for, persona)
    url = reverse("candidates:edit", args=[application.candidate_id])

    response = client.post(
        url, {"first_name": "Augusta Ada", "last_name": "King", "email": "ada@example.org"}
    )

    candidate = Candidate.objects.get(pk=application.candidate_id)
    if persona in EDITS:
        assert response.status_code == 302
        assert candidate.full_name == "Augusta Ada King"
    else:
        assert response.status_code == {None: 302, "other_recruiter": 404}.get(persona, 403)
        assert candidate.full_name == "Ada Lovelace"


def test_editing_to_a_taken_email_shows_the_error_and_changes_nothing(client_for, recruiter, application):
    CandidateFactory(email="grace@example.org")
    response = client_for(recruiter).post(
        reverse("candidates:edit", args=[application.candidate_id]),
        {"first_name": "Changed", "last_name": "Lovelace", "email": "grace@example.org"},
    )
    assert "already exists" in str(response.context["form"].errors["email"])
    assert Candidate.objects.get(pk=application.candidate_id).first_name == "Ada"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_adds_a_note(request, client_for, persona, application):
    client, user = sign_in(request, client_for, persona)

    response = client.post(
        reverse("candidates:note_add", args=[application.candidate_id]), {"body": "Strong."}
    )

    if persona is None or persona in {"other_recruiter", "read_only"}:
        assert response.status_code == {None: 302, "other_recruiter": 404}.get(persona, 403)
        assert not Note.objects.exists()
    else:
        assert Note.objects.get().author == user


@pytest.mark.parametrize("body", ["", "   "])
def test_an_empty_note_shows_a_field_error_and_writes_nothing(client_for, recruiter, application, body):
    response = client_for(recruiter).post(
        reverse("candidates:note_add", args=[application.candidate_id]), {"body": body}
    )

    assert response.status_code == 400
    assert response.context["note_form"].errors["body"] == ["Write something in the note."]
    assert "Write something in the note." in response.content.decode()
    assert not Note.objects.exists()


def test_a_note_about_an_application_is_linked_to_it(client_for, recruiter, application):
    client_for(recruiter).post(
        reverse("candidates:note_add", args=[application.candidate_id]),
        {"body": "Ask about notice period", "application": application.pk},
    )
    assert Note.objects.get().application == application


def test_a_note_about_an_unknown_application_is_refused(client_for, recruiter, application):
    hidden = ApplicationFactory(candidate=application.candidate)
    response = client_for(recruiter).post(
        reverse("candidates:note_add", args=[application.candidate_id]),
        {"body": "x", "application": hidden.pk},
    )
    assert response.status_code == 400
    assert "from the list" in " ".join(response.context["note_form"].errors["application"])
    assert not Note.objects.exists()


def test_only_the_author_or_an_admin_deletes_a_note(
    client_for, recruiter, hiring_manager, admin_user, application
):
    note = NoteFactory(candidate=application.candidate, author=recruiter)
    url = reverse("candidates:note_delete", args=[note.pk])

    assert client_for(hiring_manager).post(url).status_code == 403
    assert Note.objects.alive().filter(pk=note.pk).exists()

    assert client_for(recruiter).post(url).status_code == 302
    assert not Note.objects.alive().filter(pk=note.pk).exists()
    assert Note.objects.filter(pk=note.pk).exists()

    other = NoteFactory(candidate=application.candidate, author=recruiter)
    assert client_for(admin_user).post(reverse("candidates:note_delete", args=[other.pk])).status_code == 302


def test_an_existing_candidate_is_added_to_a_job_as_a_prospect(client_for, recruiter, candidate, active_job):
    Candidate.objects.filter(pk=candidate.pk).update(created_by=recruiter)
    response = client_for(recruiter).post(
        reverse("candidates:add_to_job", args=[candidate.pk]), {"job": active_job.pk}, follow=True
    )
    assert any("was added to" in m for m in messages_of(response))
    assert Application.objects.get(candidate=candidate).stage.kind == StageKind.PROSPECT


def test_adding_to_a_job_one_does_not_manage_is_refused(
    client_for, recruiter, other_recruiter, candidate, active_job
):
    TalentPoolMemberFactory(candidate=candidate)  # so the other recruiter can see the candidate
    response = client_for(other_recruiter).post(
        reverse("candidates:add_to_job", args=[candidate.pk]), {"job": active_job.pk}, follow=True
    )
    assert any("from the list" in m for m in messages_of(response))
    assert not Application.objects.exists()


def test_the_activity_tab_offers_feedback_to_the_interviewer_but_no_pipeline_actions(
    client_for, interviewer, application
):
    body = (
        client_for(interviewer)
        .get(reverse("candidates:activity", args=[application.candidate_id]))
        .content.decode()
    )
    assert reverse("candidates:feedback", args=[application.pk]) in body
    assert reverse("candidates:application_withdraw", args=[application.pk]) not in body
    assert reverse("candidates:add_to_job", args=[application.candidate_id]) not in body


def test_an_empty_candidate_form_shows_what_is_required_and_writes_nothing(client_for, recruiter):
    response = client_for(recruiter).post(reverse("candidates:create"), {})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name"}
    assert not Candidate.objects.exists()


def test_a_refused_note_offers_only_the_open_applications_again(client_for, recruiter, application):
    from jobs.models import Job

    closed = ApplicationFactory(
        candidate=application.candidate,
        job__status=Job.Status.CLOSED,
        job__close_reason=Job.CloseReason.CANCELLED,
    )
    JobRoleFactory(job=closed.job, user=recruiter, role="RECRUITER")

    response = client_for(recruiter).post(
        reverse("candidates:note_add", args=[application.candidate_id]), {"body": ""}
    )

    choices = [value for value, _ in response.context["note_form"].fields["application"].choices if value]
    assert [int(str(value)) for value in choices] == [application.pk]
    assert not Note.objects.exists()
