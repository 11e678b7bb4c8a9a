"""What a new user sees: confirmations before a job is closed, cards that keep long names inside,
a board that says it scrolls, a staff bar that fits a phone, radio choices beside their labels, the
hiring process controls sized like the rest, and buttons that show they are working."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import Job
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"


@pytest.fixture
def live_job(active_job):
    Job.objects.filter(pk=active_job.pk).update(activated_at=timezone.now())
    return active_job


def box(locator):
    return locator.bounding_box()


def test_closing_a_job_asks_first_with_a_visible_close_as_choice_and_it_can_be_reopened(
    page, sign_in, recruiter, live_job
):
    sign_in(recruiter, next_url=f"/jobs/{live_job.pk}/")
    expect(page.get_by_role("combobox")).to_have_count(0)  # no bare select beside the status badge

    page.get_by_role("link", name="Close job…").click()

    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("leaves the career site")
    expect(dialog).to_contain_text("read-only")
    choice = page.get_by_role("group", name="Close as")
    expect(choice.get_by_role("radio", name=re.compile("^Cancelled"))).to_be_checked()
    expect(choice.get_by_role("radio", name=re.compile("^Position filled"))).to_be_disabled()

    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{live_job.pk}/$"))
    assert Job.objects.get(pk=live_job.pk).status == "ACTIVE"

    page.get_by_role("link", name="Close job…").click()
    page.get_by_role("button", name="Close job").click()
    expect(page.locator(".messages")).to_contain_text("is closed (Cancelled)")
    expect(page.locator(".job-header")).to_contain_text("This job is closed")

    page.get_by_role("button", name="Reopen job").click()
    expect(page.locator(".messages")).to_contain_text("is open again (Active)")
    page.get_by_role("link", name="Details").click()
    history = page.locator("#history")
    expect(history).to_contain_text("Reopened")
    expect(history).to_contain_text("Closed · Cancelled")


def test_candidate_withdrew_asks_first_without_javascript(browser, live_server, recruiter, live_job):
    app = ApplicationFactory(
        job=live_job,
        stage=live_job.stages.get(name="Application"),
        candidate=CandidateFactory(first_name="Ada", last_name="Lovelace"),
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/accounts/login/?next=/candidates/{app.candidate_id}/activity/")
        page.get_by_label("Username").fill(recruiter.username)
        page.get_by_label("Password").fill("pass-word-123")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Candidate withdrew").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Did Ada Lovelace withdraw")
        page.get_by_role("button", name="Candidate withdrew").click()
        expect(page.locator(".messages")).to_contain_text("Ada Lovelace withdrew.")
    finally:
        context.close()


def test_a_long_unbroken_name_stays_inside_its_pipeline_card(page, sign_in, recruiter, live_job):
    app = ApplicationFactory(
        job=live_job,
        stage=live_job.stages.get(name="Application"),
        candidate=CandidateFactory(first_name=LONG_NAME, last_name="Smith", current_company=LONG_NAME),
    )
    sign_in(recruiter, next_url=f"/jobs/{live_job.pk}/")

    card = box(page.locator(f"#app-{app.pk}"))
    name = box(page.locator(f"#app-{app.pk} .name"))
    column = box(page.get_by_role("region", name="Application", exact=True))
    assert name["x"] + name["width"] <= card["x"] + card["width"] + 1
    assert card["x"] + card["width"] <= column["x"] + column["width"] + 1


def test_the_board_shows_a_scroll_hint_while_stages_are_hidden_to_the_right(
    page, sign_in, recruiter, live_job
):
    page.set_viewport_size({"width": 900, "height": 800})
    sign_in(recruiter, next_url=f"/jobs/{live_job.pk}/")
    board = page.locator("#board")

    expect(board).to_have_attribute("data-more-right", "")
    hint = page.evaluate("getComputedStyle(document.querySelector('#board'), '::after').content")
    assert hint == '"›"'

    board.evaluate("b => b.scrollLeft = b.scrollWidth")
    expect(board).not_to_have_attribute("data-more-right", "")


def test_the_staff_navigation_fits_a_phone(page, sign_in, recruiter):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(recruiter, next_url="/jobs/")

    sign_out = box(page.get_by_role("button", name="Sign out"))
    user = box(page.locator(".usermenu a").first)
    assert sign_out["x"] + sign_out["width"] <= 375
    assert user["x"] >= 0 and user["x"] + user["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.get_by_role("link", name="Candidates")).to_be_visible()


def test_radio_choices_sit_beside_their_labels(page, sign_in, recruiter, live_job):
    sign_in(recruiter, next_url=f"/jobs/{live_job.pk}/close/")

    radio = box(page.get_by_role("radio", name=re.compile("^Cancelled")))
    label = box(page.locator("fieldset.choice label").first)
    assert abs(radio["y"] - label["y"]) < label["height"]  # same line, not stacked above
    assert radio["x"] - label["x"] < 5  # at the start of its label


def test_the_hiring_process_controls_match_the_rest(page, sign_in, recruiter, job):
    sign_in(recruiter, next_url=f"/jobs/{job.pk}/process/")

    new_stage = page.get_by_label("New stage")
    add = page.get_by_role("button", name="Add stage")
    rename_input = page.locator("input[id^=rename-]").first
    rename = page.get_by_role("button", name="Rename").first
    for field, button in ((new_stage, add), (rename_input, rename)):
        f, b = box(field), box(button)
        assert abs(f["height"] - b["height"]) <= 2
        assert abs((f["y"] + f["height"] / 2) - (b["y"] + b["height"] / 2)) <= 2


def test_a_slow_action_button_is_disabled_and_says_it_is_working(page, sign_in, admin_user):
    sign_in(admin_user, next_url="/admin-center/linkedin/")
    button = page.get_by_role("button", name="Publish now")
    # Record, in storage that survives the navigation, what the button showed before the next page came.
    button.evaluate(
        """b => new MutationObserver(() => sessionStorage.setItem("seen", JSON.stringify(
            [b.textContent, b.disabled, b.getAttribute("aria-busy")])))
            .observe(b, {attributes: true, childList: true})"""
    )

    button.click()

    expect(page.locator(".messages")).to_contain_text("Feed published")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('seen'))") == ["Publishing…", True, "true"]
    expect(page.get_by_role("button", name="Publish now")).to_be_enabled()


def test_the_contract_chooser_puts_each_radio_beside_its_contract(page, sign_in, admin_user):
    from django.contrib.sessions.backends.db import SessionStore

    from linkedin_integration.services import connection

    sign_in(admin_user, next_url="/admin-center/linkedin/")
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=session_key)
    connection.pending_store(
        session,
        {"name": "Alex Admin"},
        [
            connection.Contract("urn:li:contract:1", "Corporate", "urn:li:organization:1"),
            connection.Contract("urn:li:contract:2", "Agency", "urn:li:organization:2"),
        ],
    )
    session.save()

    page.goto("/admin-center/linkedin/connect/contract/")

    for name in ("Corporate", "Agency"):
        label = page.locator("label.choice", has_text=name)
        radio = box(label.get_by_role("radio"))
        # Where the contract's name is drawn: to the right of the radio, on the same line.
        words = label.evaluate(
            """(label, name) => {
                const node = [...label.childNodes]
                    .find(n => n.nodeType === 3 && n.textContent.includes(name));
                const range = document.createRange();
                range.selectNodeContents(node);
                const r = range.getBoundingClientRect();
                return {x: r.x, y: r.y, height: r.height};
            }""",
            name,
        )
        assert words["x"] >= radio["x"] + radio["width"]
        assert (
            abs((words["y"] + words["height"] / 2) - (radio["y"] + radio["height"] / 2)) < words["height"] / 2
        )


def test_the_message_of_an_action_further_down_the_page_is_in_view(page, sign_in, admin_user):
    """Publish now returns to the tab's feed section, far down the page: its message is seen there."""
    page.set_viewport_size({"width": 1280, "height": 700})
    sign_in(admin_user, next_url="/admin-center/linkedin/")

    page.get_by_role("button", name="Publish now").click()

    page.wait_for_url("**/admin-center/linkedin/#feed")
    assert page.evaluate("window.scrollY") > 0  # the page did land on the section
    expect(page.locator(".messages")).to_contain_text("Feed published")
    expect(page.locator(".messages")).to_be_in_viewport()
    expect(page.locator("#feed h2").first).to_be_in_viewport()
