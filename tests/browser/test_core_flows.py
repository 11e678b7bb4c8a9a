"""The core flows of Attract in a real browser: sign in, create and activate a job, move a candidate
across the pipeline, apply on the career site, and find the applicant in the job's pipeline."""

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Application, Candidate, CandidateSource, StageChange
from jobs.models import Job, StageKind
from tests.factories import ApplicationFactory, CandidateFactory, StageChangeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def column(page, stage_name):
    """A stage's column on the pipeline board (a region named after the stage)."""
    return page.get_by_role("region", name=stage_name, exact=True)


def test_a_recruiter_signs_in_and_lands_on_the_job_list(page, recruiter):
    page.goto("/jobs/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/jobs/"))

    page.get_by_label("Username").fill(recruiter.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("enter a correct username and password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_label("Username").fill(recruiter.username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/jobs/$"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator(".usermenu")).to_contain_text("Recruiter")


def test_a_recruiter_creates_shapes_and_activates_a_job(page, sign_in, recruiter):
    sign_in(recruiter, next_url="/jobs/")
    page.get_by_role("link", name="New job").click()

    # The description is formatted with the editor's buttons, not typed as HTML.
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    description = page.get_by_role("textbox", name=re.compile(r"^Description"))
    description.click()
    page.keyboard.type("Own our ")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type("data platform")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type(" end to end.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Lead three engineers")

    # A first try without a title shows the errors and keeps what was typed, formatting included.
    page.get_by_label("City", exact=True).fill("Utrecht")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("form.job-form")).to_contain_text("Give the job a title.")
    expect(page.get_by_label("City", exact=True)).to_have_value("Utrecht")
    expect(description.locator("b")).to_have_text("data platform")
    expect(description.locator("ul li")).to_have_text("Lead three engineers")
    assert not Job.objects.exists()

    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Data Platform Lead")
    page.get_by_label("Country").select_option("NL")
    page.get_by_role("button", name="Create draft").click()

    job = Job.objects.get(title="Data Platform Lead")
    assert job.description == (
        "<p>Own our <b>data platform</b> end to end.</p><ul><li>Lead three engineers</li></ul>"
    )
    expect(page.get_by_role("heading", name=re.compile("Data Platform Lead"))).to_be_visible()
    expect(page.locator(".job-header")).to_contain_text(job.code)
    process = page.locator("ol.process")
    expect(process.locator("li")).to_have_count(5)

    page.get_by_placeholder("e.g. Technical interview").fill("Case study")
    page.get_by_role("button", name="Add stage").click()
    expect(process.locator("li").nth(4)).to_contain_text("Case study")
    page.get_by_role("button", name="Switch Prospect off").click()
    expect(process.locator("li")).to_have_count(5)
    expect(process).not_to_contain_text("Prospect")

    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".job-header")).to_contain_text("Active")
    expect(column(page, "Case study")).to_be_visible()
    page.get_by_role("link", name="Hiring process").click()
    expect(page.locator(".notice")).to_contain_text("The process is locked")
    expect(page.get_by_role("button", name="Add stage")).to_have_count(0)
    assert Job.objects.get(pk=job.pk).status == Job.Status.ACTIVE


def test_a_recruiter_moves_a_candidate_across_the_pipeline(page, sign_in, recruiter, active_job):
    candidate = CandidateFactory(first_name="Ada", last_name="Lovelace")
    application = ApplicationFactory(job=active_job, candidate=candidate)
    StageChangeFactory(application=application)
    sign_in(recruiter, next_url=f"/jobs/{active_job.pk}/")

    expect(column(page, "Application")).to_contain_text("Ada Lovelace")

    # Without dragging: the card's own "Move to" form.
    card = page.locator(f"#app-{application.pk}")
    card.get_by_label("Move Ada Lovelace to").select_option(label="Screen")
    card.get_by_role("button", name="Move", exact=True).click()
    expect(column(page, "Screen")).to_contain_text("Ada Lovelace")
    expect(column(page, "Application")).not_to_contain_text("Ada Lovelace")

    # Dragging the card onto the Interview column does the same move.
    page.locator(f"#app-{application.pk}").drag_to(column(page, "Interview"))
    expect(column(page, "Interview")).to_contain_text("Ada Lovelace")
    expect(column(page, "Screen")).not_to_contain_text("Ada Lovelace")

    application.refresh_from_db()
    assert application.stage.name == "Interview"
    moves = StageChange.objects.filter(application=application, kind=StageChange.Kind.MOVED)
    assert [(m.from_stage.name, m.to_stage.name, m.by) for m in moves.order_by("pk")] == [
        ("Application", "Screen", recruiter),
        ("Screen", "Interview", recruiter),
    ]

    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.locator("main")).to_contain_text("Screen")
    expect(page.locator("main")).to_contain_text("Interview")


def _apply(page, job, *, first_name, last_name, email):
    page.goto("/careers/")
    page.get_by_role("link", name=job.title).click()
    expect(page.get_by_role("heading", name=job.title)).to_be_visible()
    page.get_by_role("link", name="Apply now").click()

    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Phone").fill("+31 20 123 4567")
    page.get_by_label("Resume").set_input_files(
        files=[{"name": "resume.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Cover letter").fill("I would love to build reliable systems with you.")
    page.get_by_role("button", name="Send application").click()


def test_a_job_seeker_applies_on_the_career_site_without_an_account(page, active_job):
    _apply(page, active_job, first_name="Grace", last_name="Hopper", email="grace@example.org")

    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    expect(page.locator("main")).to_contain_text(active_job.code)
    application = Application.objects.select_related("candidate", "stage").get(job=active_job)
    assert application.candidate.email == "grace@example.org"
    assert application.stage.kind == StageKind.APPLICATION
    assert application.source == CandidateSource.CAREER_SITE
    assert application.resume.name.endswith(".pdf")

    # The same person applying again is told so, and nothing new is written.
    _apply(page, active_job, first_name="Grace", last_name="Hopper", email="GRACE@example.org")
    expect(page.get_by_role("alert")).to_contain_text("You have already applied for this job")
    assert Application.objects.filter(job=active_job).count() == 1
    assert Candidate.objects.filter(email__iexact="grace@example.org").count() == 1


def test_an_applicant_appears_in_the_jobs_pipeline(page, sign_in, recruiter, active_job):
    _apply(page, active_job, first_name="Alan", last_name="Turing", email="alan@example.org")
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()

    sign_in(recruiter, next_url=f"/jobs/{active_job.pk}/")

    expect(page.get_by_role("heading", name=re.compile(active_job.title))).to_be_visible()
    expect(column(page, "Application")).to_contain_text("Alan Turing")
    expect(column(page, "Prospect")).not_to_contain_text("Alan Turing")
    assert Job.objects.get(pk=active_job.pk).status == Job.Status.ACTIVE
