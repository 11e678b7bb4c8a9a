"""The candidate's LinkedIn tab: served to anyone who may see the candidate, it says what is missing and
who can fix it, then shows the InMail history (own threads with their text, colleagues' as who and
when) and the notes history (private notes only to their author), escaped, one page at a time."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import StageKind
from linkedin_integration.models import (
    HistoryPullState,
    InMailEvent,
    LinkedInConnection,
    LinkedInSettings,
    MailStub,
    MemberLink,
    RecruiterNote,
    RscIntegration,
    SeatHolder,
    SyncedCandidate,
)
from tests.factories import ApplicationFactory, CandidateFactory

CONTRACT = "urn:li:contract:500100"
MEMBER = "urn:li:person:Cs2hNv6Ca3"
RITA_SEAT, ALEX_SEAT = "urn:li:seat:9100003", "urn:li:seat:9100001"


@pytest.fixture
def candidate(active_job):
    ada = CandidateFactory(first_name="Ada", last_name="Lovelace")
    ApplicationFactory(job=active_job, candidate=ada, stage=active_job.stages.get(kind=StageKind.APPLICATION))
    return ada


def tab(client, candidate):
    return client.get(f"/candidates/{candidate.pk}/linkedin/")


@pytest.fixture
def contract_level(db):
    linkedin = LinkedInSettings.load()
    linkedin.app_client_id, linkedin.app_client_secret = "child", "secret"
    linkedin.connected_at = timezone.now()
    linkedin.contract_urn, linkedin.organization_urn = CONTRACT, "urn:li:organization:2414183"
    linkedin.save()
    for level in RscIntegration.Level.values:
        RscIntegration.objects.update_or_create(level=level, defaults={"state": RscIntegration.State.ENABLED})
    now = timezone.now()
    SeatHolder.objects.create(
        seat_urn=RITA_SEAT, contract_urn=CONTRACT, person_urn="urn:li:person:rita", first_name="Rita",
        last_name="Recruiter", refreshed_at=now,
    )  # fmt: skip
    SeatHolder.objects.create(
        seat_urn=ALEX_SEAT, contract_urn=CONTRACT, person_urn="urn:li:person:alex", first_name="Alex",
        last_name="Admin", refreshed_at=now,
    )  # fmt: skip


@pytest.fixture
def rita_connected(recruiter):
    LinkedInConnection.objects.create(user=recruiter, person_urn="urn:li:person:rita", name="Rita Recruiter")
    return recruiter


@pytest.fixture
def shared(candidate):
    """Ada is linked to the member, who answered an InMail and shared their profile."""
    MemberLink.objects.create(candidate=candidate, member_urn=MEMBER, source=MemberLink.Source.INMAIL)
    MailStub.objects.create(
        member_urn=MEMBER, owner_urn=RITA_SEAT, candidate=candidate, created_at=timezone.now()
    )
    SyncedCandidate.objects.create(candidate_id=candidate.pk, accepted_at=timezone.now())


def event(
    seat, text, *, minutes, thread="urn:li:messagingThread:1", from_member=False, subject="Role at Contoso"
):
    return InMailEvent.objects.create(
        event_id=str(minutes),
        thread_urn=thread,
        author_urn=MEMBER if from_member else seat,
        created_at=timezone.now() - dt.timedelta(minutes=minutes),
        seat_urn=seat,
        member_urn=MEMBER,
        from_member=from_member,
        subject=subject,
        text=text,
    )


def note(owner, text, *, visibility="PUBLIC", note_id=1, minutes=1):
    at = timezone.now() - dt.timedelta(minutes=minutes)
    return RecruiterNote.objects.create(
        note_id=note_id, contract_urn=CONTRACT, owner_urn=owner, member_urn=MEMBER, text=text,
        visibility=visibility, created_at=at, modified_at=at,
    )  # fmt: skip


def test_without_linkedin_recruiter_the_tab_says_to_ask_an_administrator(client_for, recruiter, candidate):
    body = tab(client_for(recruiter), candidate).content.decode()

    assert "LinkedIn Recruiter is not set up: ask an administrator." in body
    assert "/admin-center/linkedin/" not in body


def test_an_administrator_is_given_the_admin_center_link(client_for, admin_user, candidate):
    body = tab(client_for(admin_user), candidate).content.decode()

    assert "LinkedIn Recruiter is not set up: ask an administrator." in body
    assert 'href="/admin-center/linkedin/"' in body


def test_a_user_without_their_own_connection_is_asked_to_connect_it(
    client_for, recruiter, candidate, contract_level
):
    body = tab(client_for(recruiter), candidate).content.decode()

    assert "Connect your LinkedIn account in Settings" in body
    assert 'href="/settings/"' in body
    assert "InMail history" not in body


def test_a_candidate_not_synced_yet_is_said_to_go_with_the_next_sync(
    client_for, rita_connected, candidate, contract_level
):
    body = tab(client_for(rita_connected), candidate).content.decode()

    assert "This candidate is not on LinkedIn yet: it is sent with the next sync." in body


def test_until_the_candidate_shares_their_profile_the_inmail_history_says_so(
    client_for, rita_connected, candidate, contract_level
):
    MemberLink.objects.create(candidate=candidate, member_urn=MEMBER, source=MemberLink.Source.WIDGET)
    event(RITA_SEAT, "Hello Ada", minutes=5)

    body = tab(client_for(rita_connected), candidate).content.decode()

    assert "appears once the candidate has answered an InMail and chosen to share their profile" in body
    assert "Hello Ada" not in body


def test_the_viewer_reads_their_own_inmails_and_sees_only_who_and_when_of_colleagues(
    client_for, rita_connected, candidate, contract_level, shared
):
    event(RITA_SEAT, "Hello <b>Ada</b>", minutes=30)
    event(RITA_SEAT, "Happy to talk", minutes=20, from_member=True)
    event(
        ALEX_SEAT,
        "Alex's secret pitch",
        minutes=10,
        thread="urn:li:messagingThread:2",
        subject="Alex's subject",
    )

    body = tab(client_for(rita_connected), candidate).content.decode()

    assert "Hello &lt;b&gt;Ada&lt;/b&gt;" in body and "Happy to talk" in body
    assert "Role at Contoso" in body
    assert "InMail between Alex Admin and Ada Lovelace" in body
    assert "Alex&#x27;s secret pitch" not in body and "secret pitch" not in body
    assert "Alex&#x27;s subject" not in body


def test_notes_show_author_date_and_text_and_private_ones_only_to_their_author(
    client_for, rita_connected, candidate, contract_level, shared
):
    note(RITA_SEAT, "Rita's private <script>x</script>", visibility="PRIVATE", note_id=1)
    public = note(ALEX_SEAT, "Alex's public note", note_id=2)
    note(ALEX_SEAT, "Alex's private note", visibility="PRIVATE", note_id=3)

    body = tab(client_for(rita_connected), candidate).content.decode()

    assert "Rita&#x27;s private &lt;script&gt;x&lt;/script&gt;" in body
    assert "Alex&#x27;s public note" in body and "Alex Admin" in body
    # In Attract's one date format (|when), in the viewer's time zone.
    assert f'<time datetime="{timezone.localtime(public.modified_at).isoformat()}"' in body
    assert "Alex&#x27;s private note" not in body


def test_someone_who_may_not_see_the_candidate_gets_a_404(
    client_for, other_recruiter, candidate, contract_level
):
    assert tab(client_for(other_recruiter), candidate).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, candidate):
    response = tab(client, candidate)

    assert response.status_code == 302 and "/accounts/login/" in response.url


def fill_history(count):
    InMailEvent.objects.bulk_create(
        InMailEvent(
            event_id=str(i),
            thread_urn=f"urn:li:messagingThread:{i % 7}",
            author_urn=RITA_SEAT if i % 2 else ALEX_SEAT,
            created_at=timezone.now() - dt.timedelta(minutes=i),
            seat_urn=RITA_SEAT if i % 2 else ALEX_SEAT,
            member_urn=MEMBER,
            text=f"message {i}",
        )
        for i in range(count)
    )
    RecruiterNote.objects.bulk_create(
        RecruiterNote(
            note_id=i,
            contract_urn=CONTRACT,
            owner_urn=RITA_SEAT,
            member_urn=MEMBER,
            text=f"note {i}",
            visibility="PUBLIC",
            created_at=timezone.now(),
            modified_at=timezone.now() - dt.timedelta(minutes=i),
        )  # fmt: skip
        for i in range(count)
    )


def queries_of_the_tab(client, candidate):
    with CaptureQueriesContext(connection) as queries:
        assert tab(client, candidate).status_code == 200
    return len(queries)


def test_the_tab_costs_the_same_queries_with_10_or_1000_history_items(
    client_for, rita_connected, candidate, contract_level, shared
):
    client = client_for(rita_connected)
    fill_history(10)
    few = queries_of_the_tab(client, candidate)
    InMailEvent.objects.all().delete()
    RecruiterNote.objects.all().delete()
    fill_history(1000)

    many = queries_of_the_tab(client, candidate)
    body = tab(client, candidate).content.decode()

    assert many == few
    assert body.count("data-note=") == 25 and "notes_page=2" in body


def test_the_last_page_offers_no_older_one(client_for, rita_connected, candidate, contract_level, shared):
    fill_history(30)

    body = (
        client_for(rita_connected).get(f"/candidates/{candidate.pk}/linkedin/?notes_page=2").content.decode()
    )

    assert body.count("data-note=") == 5 and "notes_page=3" not in body and "Newer" in body


def test_refresh_from_linkedin_runs_the_pull_after_the_request(
    client_for, rita_connected, candidate, contract_level, monkeypatch, django_capture_on_commit_callbacks
):
    from linkedin_integration.services import history

    pulls = []
    monkeypatch.setattr(
        history, "history_pull", lambda **kwargs: pulls.append(kwargs) or history.PullReport()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(rita_connected).post(
            f"/candidates/{candidate.pk}/linkedin/refresh/", follow=True
        )
    for thread in threading.enumerate():
        if thread.name == history.PULL_THREAD:  # without a broker the pull runs beside the request
            thread.join(timeout=10)

    assert pulls == [{}]
    assert "Refreshing from LinkedIn" in response.content.decode()


def test_refresh_while_linkedin_asked_to_pause_says_until_when_and_pulls_nothing(
    client_for, rita_connected, candidate, contract_level, monkeypatch
):
    from linkedin_integration.services import history

    HistoryPullState.objects.update_or_create(
        pk=1, defaults={"paused_until": timezone.now() + dt.timedelta(hours=1)}
    )
    pulls = []
    monkeypatch.setattr(history, "history_pull", lambda **kwargs: pulls.append(kwargs))

    response = client_for(rita_connected).post(f"/candidates/{candidate.pk}/linkedin/refresh/", follow=True)

    assert pulls == []
    assert "LinkedIn asked to pause" in response.content.decode()


def test_the_admin_center_lists_seat_holders_with_their_attract_user(
    client_for, admin_user, rita_connected, contract_level
):
    body = client_for(admin_user).get("/admin-center/linkedin/").content.decode()

    rita_row = body.split(f'data-seat="{RITA_SEAT}"', 1)[1].split("</tr>", 1)[0]
    alex_row = body.split(f'data-seat="{ALEX_SEAT}"', 1)[1].split("</tr>", 1)[0]
    assert rita_connected.get_full_name() in rita_row
    assert "not connected in Attract" in alex_row


def test_only_administrators_refresh_seat_holders(client_for, recruiter, contract_level):
    before = list(SeatHolder.objects.order_by("pk").values_list("pk", "seat_urn", "refreshed_at"))

    response = client_for(recruiter).post("/admin-center/linkedin/seats/refresh/")

    assert response.status_code == 403
    assert list(SeatHolder.objects.order_by("pk").values_list("pk", "seat_urn", "refreshed_at")) == before


def test_a_seat_refresh_linkedin_refuses_says_why_and_keeps_the_list(
    client_for, admin_user, contract_level, mocked
):
    from django.conf import settings

    mocked.post(
        f"{settings.LINKEDIN_OAUTH_BASE}/oauth/v2/accessToken", json={"access_token": "t", "expires_in": 1800}
    )
    mocked.get(
        f"{settings.LINKEDIN_API_BASE}/v2/seatsV2", status=403, json={"message": "Not enabled", "status": 403}
    )

    response = client_for(admin_user).post("/admin-center/linkedin/seats/refresh/", follow=True)

    assert "Seat holders not refreshed" in response.content.decode()
    assert SeatHolder.objects.count() == 2


def test_the_admin_center_says_when_history_was_last_pulled(client_for, admin_user, contract_level):
    tab = client_for(admin_user)

    assert "have not been pulled from LinkedIn yet" in tab.get("/admin-center/linkedin/").content.decode()

    HistoryPullState.objects.update_or_create(
        pk=1,
        defaults={
            "finished_at": timezone.now() - dt.timedelta(minutes=5),
            "paused_until": timezone.now() + dt.timedelta(hours=1),
            "last_error": "LinkedIn <answered> 429",
        },
    )
    line = tab.get("/admin-center/linkedin/").content.decode().split("data-history-pull>", 1)[1]
    line = line.split("</p>", 1)[0]
    assert "InMail and notes last pulled from LinkedIn" in line
    assert "LinkedIn asked to pause until" in line
    assert "LinkedIn &lt;answered&gt; 429" in line
