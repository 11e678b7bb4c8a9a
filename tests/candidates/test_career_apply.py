"""Applying on the career site: lands in the Application stage, links known people, refuses bad input."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attract.errors import DomainError
from candidates import services
from candidates.models import Application, Candidate, CandidateSource, StageChange
from jobs.models import Job, StageKind
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(*, with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def form_data(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "phone": "+31 20 123 4567",
        "cover_letter": "I would love to build compilers with you.",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(job):
    return reverse("career_apply:apply", args=[job.code])


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def nothing_written(settings):
    return (
        Candidate.objects.count() == 0
        and Application.objects.count() == 0
        and StageChange.objects.count() == 0
        and stored_files(settings) == []
    )


@pytest.fixture
def open_job(active_job):
    """The persona job, active and public."""
    assert active_job.visibility == Job.Visibility.PUBLIC
    return active_job


def test_the_apply_page_shows_the_form_for_an_open_job(client, open_job, django_assert_max_num_queries):
    # The job, whether Apply with LinkedIn is on, and the brand (name, logo, colour).
    with django_assert_max_num_queries(3):
        response = client.get(apply_url(open_job))

    content = response.content.decode()
    assert response.status_code == 200
    assert f"Apply for {open_job.title}" in content
    assert 'enctype="multipart/form-data"' in content
    assert 'name="website"' in content


def test_an_application_lands_in_the_application_stage_with_its_history(client, open_job, settings):
    response = client.post(
        apply_url(open_job), form_data(resume=upload("Grace Hopper CV.pdf", PDF)), follow=True
    )

    assert response.redirect_chain == [(reverse("career_apply:thanks", args=[open_job.code]), 302)]
    assert "Thank you for applying" in response.content.decode()
    candidate = Candidate.objects.get()
    assert (candidate.first_name, candidate.last_name, candidate.email, candidate.phone) == (
        "Grace",
        "Hopper",
        "grace@example.org",
        "+31 20 123 4567",
    )
    assert candidate.source == CandidateSource.CAREER_SITE
    application = Application.objects.get()
    assert application.candidate == candidate
    assert application.job == open_job
    assert application.stage.kind == StageKind.APPLICATION
    assert application.source == CandidateSource.CAREER_SITE
    assert application.cover_letter == "I would love to build compilers with you."
    change = StageChange.objects.get()
    assert (change.application, change.kind, change.to_stage) == (
        application,
        StageChange.Kind.CREATED,
        application.stage,
    )
    assert application.resume.name.endswith(".pdf")
    assert candidate.resume.name == application.resume.name
    assert [path.read_bytes() for path in stored_files(settings)] == [PDF]


def test_a_word_resume_is_accepted(client, open_job):
    client.post(apply_url(open_job), form_data(resume=upload("cv.DOCX", docx_bytes())))

    assert Application.objects.get().resume.name.lower().endswith(".docx")


def test_the_resume_is_optional(client, open_job):
    response = client.post(apply_url(open_job), form_data(phone="", cover_letter=""))

    assert response.status_code == 302
    application = Application.objects.get()
    assert not application.resume
    assert application.candidate.phone == ""


def test_applying_twice_with_the_same_email_in_another_case_creates_nothing_new(client, open_job, settings):
    client.post(apply_url(open_job), form_data())

    response = client.post(
        apply_url(open_job),
        form_data(email="GRACE@Example.ORG", first_name="G.", resume=upload("cv.pdf", PDF)),
    )

    assert response.status_code == 200
    assert "You have already applied for this job with this email address" in response.content.decode()
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().first_name == "Grace"
    assert Application.objects.count() == 1
    assert StageChange.objects.count() == 1
    assert stored_files(settings) == []


def test_a_known_email_is_linked_to_the_existing_candidate_and_only_blank_fields_are_filled(client, open_job):
    known = CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org", phone="")
    other_job = JobFactory(status=Job.Status.ACTIVE)
    ApplicationFactory(candidate=known, job=other_job)

    response = client.post(
        apply_url(open_job),
        form_data(first_name="Amazing Grace", email="Grace@Example.org", resume=upload("cv.pdf", PDF)),
    )

    assert response.status_code == 302
    assert Candidate.objects.count() == 1
    known.refresh_from_db()
    assert known.first_name == "Grace"  # never overwritten
    assert known.phone == "+31 20 123 4567"  # was blank: filled
    assert known.current_company == "Initech"
    assert known.source == CandidateSource.MANUAL
    application = Application.objects.get(job=open_job)
    assert application.candidate == known
    assert known.resume.name == application.resume.name


def test_a_known_candidate_keeps_their_resume_and_the_new_one_goes_on_the_application(client, open_job):
    known = CandidateFactory(email="grace@example.org", resume="resumes/old.pdf")

    client.post(apply_url(open_job), form_data(resume=upload("new.pdf", PDF)))

    known.refresh_from_db()
    application = Application.objects.get()
    assert known.resume.name == "resumes/old.pdf"
    assert application.resume.name != "resumes/old.pdf"
    assert application.resume.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": None}, "email", "Fill in the email."),
        ({"email": "grace-at-example.org"}, "email", "Enter an email address like name@example.com."),
        ({"first_name": "  "}, "first_name", "Fill in the first name."),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number"),
    ],
)
def test_missing_or_invalid_fields_are_shown_and_nothing_is_written(
    client, open_job, settings, overrides, field, message
):
    response = client.post(apply_url(open_job), form_data(resume=upload("cv.pdf", PDF), **overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors[field][0]
    assert message in response.content.decode()
    assert nothing_written(settings)


def test_an_oversize_resume_is_refused_and_nothing_is_written(client, open_job, settings):
    settings.RESUME_MAX_BYTES = 1024

    response = client.post(apply_url(open_job), form_data(resume=upload("cv.pdf", PDF + b"0" * 2000)))

    assert response.status_code == 200
    error = response.context["form"].errors["resume"][0]
    assert "The resume is too large" in error
    assert "1.0\xa0KB" in error
    assert nothing_written(settings)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a program renamed to .pdf"),
        ("cv.docx", b"MZ\x90\x00\x03\x00\x00\x00 this is a program renamed to .docx"),
        ("cv.docx", docx_bytes(with_document=False)),
        ("cv.exe", PDF),
        ("cv", PDF),
    ],
)
def test_a_resume_of_the_wrong_type_is_refused_and_nothing_is_written(
    client, open_job, settings, name, content
):
    response = client.post(apply_url(open_job), form_data(resume=upload(name, content)))

    assert response.status_code == 200
    error = response.context["form"].errors["resume"][0]
    assert "Upload your resume as a PDF or a Word (.docx) file." in error
    assert nothing_written(settings)


@pytest.mark.parametrize("kind", ["draft", "internal", "closed"])
def test_a_job_not_open_to_the_public_takes_no_application(client, job, settings, kind):
    if kind == "internal":
        job.status, job.visibility = Job.Status.ACTIVE, Job.Visibility.INTERNAL
    elif kind == "closed":
        job.status, job.close_reason = Job.Status.CLOSED, Job.CloseReason.CANCELLED
    job.save()

    assert client.get(apply_url(job)).status_code == 404
    assert client.post(apply_url(job), form_data(resume=upload("cv.pdf", PDF))).status_code == 404
    assert nothing_written(settings)


def test_a_job_closed_while_the_form_was_open_is_refused_with_a_message(open_job, settings):
    stale = Job.objects.get(pk=open_job.pk)
    Job.objects.filter(pk=open_job.pk).update(status=Job.Status.CLOSED, close_reason="CANCELLED")

    from candidates.career import career_apply

    with pytest.raises(DomainError, match="no longer accepts applications"):
        career_apply(
            job=stale,
            data={**form_data(), "resume": upload("cv.pdf", PDF)},
        )
    assert nothing_written(settings)


def test_a_failure_after_the_candidate_was_made_leaves_no_candidate_and_no_file(
    client, open_job, settings, monkeypatch
):
    def refuse(**kwargs):
        raise DomainError("The pipeline is being rebuilt; please try again.")

    monkeypatch.setattr(services, "application_create", refuse)

    response = client.post(apply_url(open_job), form_data(resume=upload("cv.pdf", PDF)))

    assert response.status_code == 200
    assert "The pipeline is being rebuilt; please try again." in response.content.decode()
    assert nothing_written(settings)


def test_an_unexpected_error_also_removes_the_stored_resume(client, open_job, settings, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "application_create", crash)
    client.raise_request_exception = True

    with pytest.raises(RuntimeError):
        client.post(apply_url(open_job), form_data(resume=upload("cv.pdf", PDF)))

    assert nothing_written(settings)


def test_a_filled_in_hidden_field_is_thanked_and_dropped(client, open_job, settings):
    response = client.post(
        apply_url(open_job), form_data(website="http://spam.example", resume=upload("cv.pdf", PDF))
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("career_apply:thanks", args=[open_job.code])
    assert nothing_written(settings)


def test_the_thank_you_page_names_the_job(client, open_job):
    response = client.get(reverse("career_apply:thanks", args=[open_job.code]))

    assert response.status_code == 200
    assert open_job.title in response.content.decode()


def test_the_hiring_team_is_told_about_the_applicant(
    client, open_job, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(open_job), form_data())

    to_team = [mail for mail in mailoutbox if "grace@example.org" not in mail.to]
    assert len(to_team) == 1
    assert "Grace Hopper" in to_team[0].subject


def _shared_by_linkedin(client, job, *, minutes_ago):
    import time

    session = client.session
    session["apply_prefill"] = {
        job.code: {"first_name": "Casey", "email": "casey@example.com", "at": time.time() - minutes_ago * 60}
    }
    session.save()


def test_a_linkedin_prefill_fills_the_form_while_it_is_fresh(client, open_job):
    _shared_by_linkedin(client, open_job, minutes_ago=29)
    form = client.get(apply_url(open_job)).context["form"]
    assert (form.initial["first_name"], form.initial["email"]) == ("Casey", "casey@example.com")


def test_a_linkedin_prefill_older_than_half_an_hour_is_dropped(client, open_job):
    _shared_by_linkedin(client, open_job, minutes_ago=31)

    response = client.get(apply_url(open_job))

    assert response.context["form"].initial == {}
    assert "casey@example.com" not in response.content.decode()
    assert open_job.code not in client.session.get("apply_prefill", {})


def test_a_sent_application_clears_the_linkedin_prefill(client, open_job):
    _shared_by_linkedin(client, open_job, minutes_ago=1)

    sent = client.post(apply_url(open_job), form_data(email="casey@example.com"))

    assert sent.status_code == 302
    assert open_job.code not in client.session.get("apply_prefill", {})


def test_a_refused_application_keeps_the_linkedin_prefill_for_the_next_try(client, open_job, settings):
    _shared_by_linkedin(client, open_job, minutes_ago=1)

    refused = client.post(apply_url(open_job), form_data(email="not-an-email"))

    assert refused.status_code in (200, 400) and nothing_written(settings)
    assert client.session["apply_prefill"][open_job.code]["first_name"] == "Casey"


# Apply with LinkedIn: the source and what the profile gave ------------------------------------------


def _signed_in_with_linkedin(client, job, **shared):
    import time

    session = client.session
    session["apply_prefill"] = {
        job.code: {
            "first_name": "Casey",
            "email": "casey@example.com",
            "linkedin_url": "https://www.linkedin.com/in/casey-c",
            "linkedin_headline": "Backend Engineer | Python",
            "at": time.time(),
            **shared,
        }
    }
    session.save()


def test_an_application_after_apply_with_linkedin_records_the_source_and_the_profile(client, open_job):
    _signed_in_with_linkedin(client, open_job)

    client.post(apply_url(open_job), form_data(email="casey@example.com"))

    application = Application.objects.get(job=open_job)
    candidate = application.candidate
    assert application.source == candidate.source == CandidateSource.APPLY_WITH_LINKEDIN
    assert candidate.get_source_display() == "Apply with LinkedIn"
    assert (candidate.linkedin_url, candidate.headline) == (
        "https://www.linkedin.com/in/casey-c",
        "Backend Engineer | Python",
    )


def test_a_known_candidate_applying_with_linkedin_gets_the_profile_only_where_blank(client, open_job):
    known = CandidateFactory(email="casey@example.com", linkedin_url="", headline="Kept headline")
    _signed_in_with_linkedin(client, open_job)

    client.post(apply_url(open_job), form_data(email="casey@example.com"))

    known.refresh_from_db()
    assert (known.linkedin_url, known.headline) == ("https://www.linkedin.com/in/casey-c", "Kept headline")
    assert Application.objects.get(job=open_job).source == CandidateSource.APPLY_WITH_LINKEDIN


def test_a_profile_url_off_linkedin_is_not_recorded(client, open_job):
    _signed_in_with_linkedin(client, open_job, linkedin_url="https://evil.example/in/casey")

    client.post(apply_url(open_job), form_data(email="casey@example.com"))

    candidate = Candidate.objects.get(email="casey@example.com")
    assert (candidate.source, candidate.linkedin_url) == (CandidateSource.APPLY_WITH_LINKEDIN, "")


def test_an_application_without_linkedin_is_from_the_career_site_whatever_the_form_says(client, open_job):
    client.post(
        apply_url(open_job),
        form_data(linkedin_url="https://www.linkedin.com/in/forged", headline="Forged", source="LINKEDIN"),
    )

    candidate = Candidate.objects.get(email="grace@example.org")
    assert (candidate.source, candidate.linkedin_url, candidate.headline) == (
        CandidateSource.CAREER_SITE,
        "",
        "",
    )
    assert Application.objects.get(job=open_job).source == CandidateSource.CAREER_SITE


def test_the_profile_shows_the_linkedin_headline(client_for, admin_user):
    candidate = CandidateFactory(
        headline="Backend Engineer | Python", source=CandidateSource.APPLY_WITH_LINKEDIN
    )

    page = client_for(admin_user).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()

    assert "Backend Engineer | Python" in page
    assert "Apply with LinkedIn" in page


# The applicant's confirmation -----------------------------------------------------------------------


def _confirmations(mailoutbox, email="grace@example.org"):
    return [mail for mail in mailoutbox if mail.to == [email]]


def test_the_applicant_gets_a_confirmation_by_email_once_the_application_is_saved(
    client, open_job, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(apply_url(open_job), form_data())
        # Nothing is sent before the application is committed.
        assert _confirmations(mailoutbox) == []
    for callback in callbacks:
        callback()

    assert response.status_code == 302
    (mail,) = _confirmations(mailoutbox)
    assert mail.subject == f"Your application for {open_job.title}"
    assert "Dear Grace," in mail.body and open_job.code in mail.body
    assert Application.objects.get(job=open_job).confirmation_sent_at is not None


def test_the_thank_you_page_says_a_confirmation_is_on_its_way(client, open_job):
    response = client.post(apply_url(open_job), form_data(), follow=True)

    assert "A confirmation is on its way to your email address." in response.content.decode()


def test_the_confirmation_is_sent_once_however_often_the_task_runs(
    client, open_job, mailoutbox, django_capture_on_commit_callbacks
):
    from candidates.tasks import application_confirm_to_applicant

    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(open_job), form_data())
    application = Application.objects.get(job=open_job)

    assert application_confirm_to_applicant(application.pk) == 0
    assert application_confirm_to_applicant(application.pk + 1000) == 0
    assert len(_confirmations(mailoutbox)) == 1


class _BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_outage_does_not_fail_the_application_and_the_retry_sends_it(
    client, open_job, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from candidates.tasks import application_confirm_to_applicant

    settings.EMAIL_BACKEND = f"{__name__}._BrokenMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(open_job), form_data())

    assert response.status_code == 302
    application = Application.objects.get(job=open_job)
    assert application.confirmation_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert application_confirm_to_applicant(application.pk) == 1
    assert len(_confirmations(mailoutbox)) == 1


def test_a_candidate_added_by_a_recruiter_gets_no_confirmation(
    active_job, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(email="manual@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_create(candidate=candidate, job=active_job, by=admin_user)

    assert _confirmations(mailoutbox, "manual@example.org") == []
