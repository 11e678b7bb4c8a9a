"""The pipeline board in a real browser: cards brought in by "Show more" can be dragged too."""

import pytest
from playwright.sync_api import expect

from candidates import selectors
from candidates.models import Application
from tests.browser.conftest import browser, page, sign_in  # noqa: F401 - fixtures shared with tests/browser
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def column(page, stage_name):  # noqa: F811 - page is the fixture's value
    return page.get_by_role("region", name=stage_name, exact=True)


def test_a_card_loaded_by_show_more_can_be_dragged(page, sign_in, recruiter, active_job):  # noqa: F811
    stage = active_job.stages.get(name="Application")
    for n in range(selectors.CARDS_PER_COLUMN + 1):
        ApplicationFactory(
            job=active_job, stage=stage, candidate=CandidateFactory(first_name="Card", last_name=f"N{n:02d}")
        )
    # The board lists the most recently changed first: the first card made is the one "Show more" brings.
    last = Application.objects.filter(job=active_job).order_by("updated_at", "pk").first()
    sign_in(recruiter, next_url=f"/jobs/{active_job.pk}/")

    card = page.locator(f"#app-{last.pk}")
    expect(card).to_have_count(0)
    column(page, "Application").get_by_role("link", name="Show more").click()
    expect(card).to_have_attribute("draggable", "true")

    # Card and column both in view: Playwright scrolls the target into view between pressing and
    # moving, and a page that scrolls under the pointer starts the drag on another card.
    page.set_viewport_size({"width": 1400, "height": 2400})
    card.drag_to(column(page, "Interview"))
    expect(column(page, "Interview")).to_contain_text(last.candidate.full_name)
    last.refresh_from_db()
    assert last.stage.name == "Interview"
