"""Dates and times: one format everywhere, in the viewer's time zone (their setting, else the
installation's TIME_ZONE)."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from jobs.models import Job
from tests.candidates.helpers import messages_of

MOMENT = datetime(2026, 12, 2, 5, 28, tzinfo=UTC)


def test_the_settings_page_offers_a_time_zone_defaulting_to_the_installations(
    client_for, recruiter, settings
):
    html = client_for(recruiter).get("/settings/").content.decode()

    assert "Show dates and times in" in html
    assert f"The installation&#x27;s ({settings.TIME_ZONE})" in html


def test_a_user_chooses_a_time_zone_and_pages_show_times_in_it(client_for, recruiter, active_job):
    Job.objects.filter(pk=active_job.pk).update(created_at=MOMENT)
    client = client_for(recruiter)

    response = client.post(reverse("time_zone_save"), {"time_zone": "America/New_York"}, follow=True)

    assert "Dates and times are now shown in America/New_York." in messages_of(response)
    html = client.get(reverse("jobs:details", args=[active_job.pk])).content.decode()
    assert 'title="Time zone: America/New_York">2 Dec 2026 00:28</time>' in html


def test_without_a_setting_times_are_in_the_installations_time_zone(
    client_for, recruiter, active_job, settings
):
    settings.TIME_ZONE = "Asia/Tokyo"
    Job.objects.filter(pk=active_job.pk).update(created_at=MOMENT)

    html = client_for(recruiter).get(reverse("jobs:details", args=[active_job.pk])).content.decode()

    assert ">2 Dec 2026 14:28</time>" in html


def test_an_unknown_time_zone_is_refused_and_nothing_is_written(client_for, recruiter):
    response = client_for(recruiter).post(
        reverse("time_zone_save"), {"time_zone": "Mars/Olympus"}, follow=True
    )

    assert "Choose a time zone from the list." in messages_of(response)
    recruiter.refresh_from_db()
    assert recruiter.time_zone == ""


def test_a_time_zone_no_longer_known_falls_back_to_the_installations(client_for, recruiter, active_job):
    recruiter.time_zone = "Gone/Away"
    recruiter.save(update_fields=["time_zone"])
    Job.objects.filter(pk=active_job.pk).update(created_at=MOMENT)

    response = client_for(recruiter).get(reverse("jobs:details", args=[active_job.pk]))

    assert response.status_code == 200
    assert ">2 Dec 2026 05:28</time>" in response.content.decode()


@pytest.mark.parametrize(
    "template, expected",
    [
        ('{{ moment|date:"DATETIME_FORMAT" }}', "2 Dec 2026 05:28"),
        ("{{ moment }}", "2 Dec 2026 05:28"),
        ('{{ moment|date:"DATE_FORMAT" }}', "2 Dec 2026"),
    ],
)
def test_djangos_own_formats_are_the_one_format(template, expected):
    assert Template(template).render(Context({"moment": MOMENT})) == expected


def test_when_date_shows_the_local_day_only():
    late = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    from django.utils import timezone

    with timezone.override("Asia/Tokyo"):
        html = Template('{{ moment|when:"date" }}').render(Context({"moment": late}))

    assert html.endswith(">3 Dec 2026</time>")
