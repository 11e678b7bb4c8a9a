"""seed_linkedin_demo: a demo company and some marked jobs, eligible and not, idempotently."""

from io import StringIO

import pytest

from jobs.models import Job
from linkedin_integration.demo import DEMO_COMPANY_ID, DEMO_COMPANY_NAME, seed_linkedin_demo
from linkedin_integration.models import FeedPublication, JobListing, LinkedInSettings
from tests.factories import JobFactory
from tests.linkedin_integration.feed_helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_jobs():
    eligible = [JobFactory(status=Job.Status.ACTIVE) for _ in range(5)]
    internal = JobFactory(status=Job.Status.ACTIVE, visibility=Job.Visibility.INTERNAL)
    short = JobFactory(status=Job.Status.ACTIVE, description="<p>We are hiring.</p>")
    closed = JobFactory(status=Job.Status.CLOSED, close_reason=Job.CloseReason.POSITION_FILLED)
    return eligible, internal, short, closed


def test_the_demo_sets_the_sandbox_company_and_marks_eligible_and_ineligible_jobs(demo_jobs):
    eligible, internal, short, closed = demo_jobs
    out = StringIO()
    seed_linkedin_demo(stdout=out)
    linkedin = LinkedInSettings.load()
    assert (
        (linkedin.company_name, linkedin.company_id)
        == (DEMO_COMPANY_NAME, DEMO_COMPANY_ID)
        == (
            "Contoso Demo",
            "2414183",
        )
    )
    marked = set(JobListing.objects.filter(marked=True).values_list("job_id", flat=True))
    assert marked == {job.pk for job in eligible[:4]} | {internal.pk, short.pk}
    assert closed.pk not in marked
    assert "4 jobs posted to LinkedIn and 2 deliberately ineligible ones" in out.getvalue()

    publication = publish()
    assert publication.status == FeedPublication.Status.PUBLISHED
    assert (publication.job_count, publication.excluded_count) == (4, 2)


def test_running_the_demo_again_changes_nothing(demo_jobs):
    seed_linkedin_demo(stdout=StringIO())
    before = list(JobListing.objects.order_by("pk").values_list("job_id", "marked"))
    out = StringIO()
    seed_linkedin_demo(stdout=out)
    assert list(JobListing.objects.order_by("pk").values_list("job_id", "marked")) == before
    assert "nothing to do" in out.getvalue()


def test_the_demo_keeps_company_settings_an_admin_already_entered(demo_jobs):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Fabrikam", "company_id": "42"})
    seed_linkedin_demo(stdout=StringIO())
    linkedin = LinkedInSettings.load()
    assert (linkedin.company_name, linkedin.company_id) == ("Fabrikam", "42")
