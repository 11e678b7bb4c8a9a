"""The feed section's excluded summary says that a job can have several reasons, and its dates are in
the one format, in the viewer's time zone."""

from datetime import UTC, datetime

from linkedin_integration.models import FeedPublication

TAB = "/admin-center/linkedin/"


def published(**fields):
    publication = FeedPublication.objects.create(
        status=FeedPublication.Status.PUBLISHED,
        finished_at=datetime(2026, 12, 2, 5, 28, tzinfo=UTC),
        **fields,
    )
    FeedPublication.objects.filter(pk=publication.pk).update(
        started_at=datetime(2026, 12, 2, 5, 27, tzinfo=UTC)
    )
    return publication


def test_the_excluded_summary_says_a_job_can_have_several_reasons(client_for, admin_user):
    published(
        excluded_count=7,
        exclusion_counts={"No LinkedIn Company ID configured": 7, "Draft job": 1, "Internal job": 1},
    )

    html = client_for(admin_user).get(TAB).content.decode()

    assert "7 jobs." in html
    assert "Jobs per reason: " in html
    for reason in ("No LinkedIn Company ID configured (7)", "Draft job (1)", "Internal job (1)"):
        assert reason in html  # in the order the database keeps them (PostgreSQL's jsonb sorts keys)
    assert "a job can have several reasons, so these can add up to more" in html


def test_feed_dates_use_the_one_format_in_the_viewers_time_zone(client_for, admin_user):
    admin_user.time_zone = "Europe/Amsterdam"
    admin_user.save(update_fields=["time_zone"])
    published(excluded_count=0)

    html = client_for(admin_user).get(TAB).content.decode()

    assert ">2 Dec 2026 06:28</time>" in html  # the last publication, in Amsterdam time
    assert ">2 Dec 2026 06:27</time>" in html  # the history row
    assert "a.m." not in html and " UTC (" not in html
