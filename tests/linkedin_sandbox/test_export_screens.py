"""Recruiter's 1-click export in the sandbox: the contact card's job box (search by title or job code,
Change ATS), Export (signed push to the ATS callback and the delivery result shown), the 300 exports
a month per seat, and what is refused."""

import datetime as dt

import pytest
import responses
from django.utils import timezone

from linkedin_sandbox import export as sandbox_export
from linkedin_sandbox.models import Event, Export, Member, Organization, Push
from tests.linkedin_sandbox.export_helpers import (  # noqa: F401
    CHILD_SECRET,
    amara,
    ats_callback,
    connect_ats,
    export_url,
    posting,
    profile_url,
    pushed_body,
    rita_seat,
    sign_in,
)
from tests.linkedin_sandbox.helpers import ORG, RSC_CALLBACK, expected_signature

pytestmark = pytest.mark.django_db


def page(client, member, **query):
    return client.get(profile_url(member), query).content.decode()


def test_the_job_box_lists_the_synced_jobs_and_finds_one_by_title_or_code(client, rita_seat, amara):  # noqa: F811
    connect_ats()
    posting("J-000123", "Backend Engineer")
    posting("J-000456", "Product Designer")
    posting("J-000789", "Closed Role", state="CLOSED")
    sign_in(client, rita_seat.member)

    everything = page(client, amara)
    by_title = page(client, amara, job_q="designer")
    by_code = page(client, amara, job_q="J-000123")

    assert "Backend Engineer" in everything and "Product Designer" in everything
    assert "Closed Role" not in everything
    assert "Product Designer" in by_title and "Backend Engineer" not in by_title
    assert "Backend Engineer" in by_code and "Product Designer" not in by_code
    assert "No synced job matches nothing-like-this" in page(client, amara, job_q="nothing-like-this")


def test_without_a_connected_ats_the_box_says_so(client, rita_seat, amara):  # noqa: F811
    posting()
    sign_in(client, rita_seat.member)

    assert "No ATS is connected for 1-click export" in page(client, amara)


def test_change_ats_appears_with_two_connected_and_switches(client, rita_seat, amara):  # noqa: F811
    connect_ats("Attract for Contoso Demo")
    other = connect_ats("Other ATS", client_id="other-id", secret="other-secret")
    sign_in(client, rita_seat.member)
    assert "Change ATS" in page(client, amara)

    response = client.post(
        f"{profile_url(amara)}export/ats/".replace("#export", ""), {"ats": other.pk}, follow=True
    )

    assert "Exporting to Other ATS" in response.content.decode()
    assert client.session[sandbox_export.ATS_KEY] == other.pk


def test_one_ats_shows_no_change_ats(client, rita_seat, amara):  # noqa: F811
    connect_ats()
    sign_in(client, rita_seat.member)

    assert "Change ATS" not in page(client, amara)


def test_export_signs_and_pushes_the_notification_and_shows_the_delivery(
    client,
    rita_seat,  # noqa: F811
    amara,  # noqa: F811
    ats_callback,  # noqa: F811
):
    app = connect_ats()
    job = posting()
    sign_in(client, rita_seat.member)

    response = client.post(export_url(amara), {"job": job.pk, "emails": "amara@example.com"}, follow=True)

    assert "Exported Amara Okafor to Backend Engineer (J-000123)" in response.content.decode()
    assert "The ATS answered HTTP 200" in response.content.decode()
    (call,) = ats_callback()
    event = Event.objects.get(type="EXPORT_CANDIDATE_PROFILE")
    assert (
        pushed_body(call)["id"] == event.event_id and pushed_body(call)["type"] == "EXPORT_CANDIDATE_PROFILE"
    )
    assert call.request.headers["X-LI-Signature"] == expected_signature(CHILD_SECRET, call.request.body)
    (element,) = event.elements
    assert element["integrationContext"] == ORG
    assert element["atsJobPostingId"] == "J-000123"
    assert element["exporter"] == rita_seat.member.urn
    assert element["candidate"] == {
        "member": amara.urn,
        "firstName": "Amara",
        "lastName": "Okafor",
        "headline": amara.headline,
        "location": "Lagos, Nigeria",
        "profileUrl": "https://www.linkedin.com/in/amara-okafor",
        "currentEmployerNames": ["Paystack"],
        "emailAddresses": ["amara@example.com"],
    }
    export = Export.objects.get()
    assert (export.seat, export.member, export.application) == (rita_seat, amara, app)
    assert "Delivered (HTTP 200)" in response.content.decode()


def test_an_export_the_ats_refuses_shows_its_answer(client, rita_seat, amara, mocked):  # noqa: F811
    connect_ats()
    job = posting()
    mocked.add(responses.POST, RSC_CALLBACK, json={"error": "bad signature"}, status=401)
    sign_in(client, rita_seat.member)

    response = client.post(export_url(amara), {"job": job.pk}, follow=True)

    assert "but the ATS answered HTTP 401" in response.content.decode()
    assert Push.objects.get().status_code == 401


def test_an_export_to_an_unreachable_ats_says_the_push_failed(client, rita_seat, amara, mocked):  # noqa: F811
    connect_ats()
    job = posting()
    sign_in(client, rita_seat.member)

    response = client.post(export_url(amara), {"job": job.pk}, follow=True)

    assert "but the push failed" in response.content.decode()
    assert Export.objects.count() == 1


def test_the_301st_export_of_the_month_is_refused_with_linkedins_message(
    client,
    rita_seat,  # noqa: F811
    amara,  # noqa: F811
    ats_callback,  # noqa: F811
):
    app = connect_ats()
    job = posting()
    sign_in(client, rita_seat.member)
    for _ in range(sandbox_export.MONTHLY_LIMIT):
        sandbox_export.export_create(seat=rita_seat, member=amara, application=app, posting=job, emails=[])
    events = Event.objects.count()

    response = client.post(export_url(amara), {"job": job.pk}, follow=True)

    text = response.content.decode()
    assert "reached your limit of 300 exports to your ATS this month" in text
    assert Event.objects.count() == events and Export.objects.count() == 300
    assert ats_callback() == []


def test_last_months_exports_do_not_count(client, rita_seat, amara, ats_callback):  # noqa: F811
    app = connect_ats()
    job = posting()
    for _ in range(sandbox_export.MONTHLY_LIMIT):
        sandbox_export.export_create(seat=rita_seat, member=amara, application=app, posting=job, emails=[])
    Export.objects.update(created_at=sandbox_export.month_start() - dt.timedelta(days=1))
    sign_in(client, rita_seat.member)

    response = client.post(export_url(amara), {"job": job.pk}, follow=True)

    assert "Exported Amara Okafor" in response.content.decode()


def test_the_limit_message_names_the_first_of_next_month():
    assert sandbox_export.limit_message(timezone.make_aware(dt.datetime(2026, 12, 2))).endswith(
        "You can export again on January 1, 2027."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a job to export to."),
        ({"job": "not-a-number"}, "Choose a job to export to."),
        ({"job": "closed"}, "This job is not open for exports any more."),
        ({"job": "elsewhere"}, "Choose a job to export to."),
        ({"job": "open", "emails": "not-an-email"}, "not-an-email is not an email address."),
    ],
)
def test_a_refused_export_says_why_and_sends_nothing(client, rita_seat, amara, ats_callback, data, message):  # noqa: F811
    connect_ats()
    jobs = {
        "open": posting("J-1"),
        "closed": posting("J-2", state="CLOSED"),
        "elsewhere": posting("J-3", organization=Organization.objects.create(org_id=99, name="Elsewhere")),
    }
    data = {**data, "job": jobs[data["job"]].pk if data.get("job") in jobs else data.get("job", "")}
    sign_in(client, rita_seat.member)

    response = client.post(export_url(amara), data, follow=True)

    assert message in response.content.decode()
    assert not Export.objects.exists() and not Event.objects.exists() and ats_callback() == []


def test_export_needs_a_sandbox_sign_in(client, amara):  # noqa: F811
    response = client.post(export_url(amara), {"job": 1})

    assert response.status_code == 302 and "signin" in response["Location"]
    assert not Export.objects.exists()


def test_export_answers_only_post(client, rita_seat, amara):  # noqa: F811
    sign_in(client, rita_seat.member)

    assert client.get(export_url(amara)).status_code == 405


def test_the_seeded_world_has_many_varied_members_and_the_demo_users_seats():
    members = Member.objects.all()
    assert members.count() >= 50
    assert len({member.country for member in members}) >= 20
    assert sum(1 for member in members if member.email) >= 3
    assert all(member.profile_url for member in members)
    assert Member.objects.filter(vanity_name="demo-felix-novak").exists()
    assert Member.objects.filter(email="kenji.meyer@example.com").exists()
    for first, last in (("Rita", "Recruiter"), ("Hugo", "Manager"), ("Ada", "Admin")):
        assert Member.objects.get(first_name=first, last_name=last).seats.exists()
