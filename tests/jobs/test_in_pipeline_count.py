"""One "in pipeline" count: the job list and the job's board agree, and both say what it counts."""

import re

from django.urls import reverse

from jobs.models import IN_PIPELINE_MEANS
from tests.factories import ApplicationFactory


def fill(job):
    stage = job.stages.get(name="Application")
    for status in ("ACTIVE", "ACTIVE", "HIRED", "REJECTED", "WITHDRAWN"):
        ApplicationFactory(job=job, stage=stage, status=status)


def test_the_job_list_and_the_board_show_the_same_in_pipeline_count(client_for, recruiter, active_job):
    fill(active_job)
    client = client_for(recruiter)

    listing = client.get(reverse("jobs:list")).content.decode()
    board = client.get(reverse("candidates:job_pipeline", args=[active_job.pk])).content.decode()

    row = re.search(rf"<tr>\s*<td><a href=\"/jobs/{active_job.pk}/\">.*?</tr>", listing, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row) == ["3"]
    assert "3 in pipeline</strong>" in board


def test_both_pages_name_what_in_pipeline_counts(client_for, recruiter, active_job):
    fill(active_job)
    client = client_for(recruiter)

    listing = client.get(reverse("jobs:list")).content.decode()
    board = client.get(reverse("candidates:job_pipeline", args=[active_job.pk])).content.decode()

    assert IN_PIPELINE_MEANS == "active and hired candidates; rejected and withdrawn ones are not counted"
    assert f"In pipeline: {IN_PIPELINE_MEANS}." in listing
    assert f"({IN_PIPELINE_MEANS})" in board
