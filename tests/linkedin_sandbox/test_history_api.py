"""The pull endpoints of the sandbox (seatsV2, seats, conversationEvents, prospectNotes, mailStubs): the
child app's token, CSA_API Enabled on the contract, windows of at most 12 hours, `start` and `owners`
required, pages with a total and a next link."""

import datetime as dt

import pytest

from linkedin_sandbox import messaging
from linkedin_sandbox.models import InMailThread, Integration, IntegrationType, MailStub, RecruiterNote, Seat
from tests.linkedin_sandbox.helpers import CONTRACT, OTHER_CONTRACT, call

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
HOUR_MS = 3_600_000


def ms(moment):
    return int(moment.timestamp() * 1000)


@pytest.fixture(autouse=True)
def _no_seeded_history(db):
    """The demo's seeded threads, notes and stub (seed_history) are left out: these tests make their own."""
    InMailThread.objects.all().delete()
    RecruiterNote.objects.all().delete()
    MailStub.objects.all().delete()


def corporate_seats() -> set[int]:
    return set(Seat.objects.filter(contract__contract_id=500100).values_list("seat_id", flat=True))


@pytest.fixture
def csa_enabled(child_app):
    app_id = child_app["credentials"]["client_id"]
    from linkedin_sandbox.models import Application

    return Integration.objects.create(
        application=Application.objects.get(client_id=app_id),
        integration_context=CONTRACT,
        integration_type=IntegrationType.CSA_API,
        status=Integration.Status.ENABLED,
    )


@pytest.fixture
def rita_seat(db):
    return Seat.objects.get(seat_id=9100003)


def events(client, token, seat="urn:li:seat:9100003", since=NOW - dt.timedelta(hours=6), hours=6, **extra):
    query = {
        "q": "criteria",
        "viewer": seat,
        "timeRange.start": ms(since),
        "timeRange.end": ms(since) + hours * HOUR_MS,
        "start": 0,
        **extra,
    }
    path = "conversationEvents?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
    return call(client, "GET", path, token)


def test_seat_holders_of_the_contract_with_their_member_and_roles(client, child_token, csa_enabled):
    answer = call(
        client,
        "GET",
        f"seatsV2?q=attributes&contracts={CONTRACT}&states=ACTIVE&start=0&count=50",
        child_token,
    )

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["paging"]["total"] == len(corporate_seats())
    assert {e["id"] for e in body["elements"]} == corporate_seats()
    assert {
        (9100001, "urn:li:person:Ax7dQm2Pa1", "Alex"),
        (9100003, "urn:li:person:Rt4kLw9Re2", "Rita"),
    } <= {(e["id"], e["member"], e["firstName"]) for e in body["elements"]}
    assert all(e["contract"] == CONTRACT and e["state"] == "ACTIVE" for e in body["elements"])


def test_the_older_seats_finder_answers_the_collections_request_with_only_the_fields_asked(
    client, child_token, csa_enabled
):
    answer = call(
        client,
        "GET",
        f"seats?q=seatsByAttributes&fields=id&active=true&count=100&start=0&contracts={CONTRACT}",
        child_token,
    )

    assert answer.status_code == 200, answer.content
    assert answer.json()["elements"] == [{"id": seat_id} for seat_id in sorted(corporate_seats())]


def test_seats_need_start_and_csa_api_enabled(client, child_token, csa_enabled):
    missing_start = call(client, "GET", f"seatsV2?q=attributes&contracts={CONTRACT}", child_token)
    not_enabled = call(client, "GET", f"seatsV2?q=attributes&contracts={OTHER_CONTRACT}&start=0", child_token)

    assert missing_start.status_code == 400 and "start is required" in missing_start.json()["message"]
    assert not_enabled.status_code == 403


def test_inmail_events_of_a_window_page_with_a_next_link(client, child_token, csa_enabled, rita_seat, casey):
    thread = messaging.inmail_send(
        seat=rita_seat, member=casey, subject="Hello", text="First", at=NOW - dt.timedelta(hours=3)
    )
    for minutes in (10, 20):
        messaging.inmail_reply(
            thread=thread, text=f"Answer {minutes}", at=NOW - dt.timedelta(hours=2, minutes=-minutes)
        )

    first = events(client, child_token, count=2)

    assert first.status_code == 200, first.content
    page = first.json()
    assert page["paging"]["total"] == 3 and len(page["elements"]) == 2
    assert page["paging"]["links"][0]["rel"] == "next" and "start=2" in page["paging"]["links"][0]["href"]
    opening = page["elements"][0]
    assert opening["author"] == "urn:li:seat:9100003"
    assert opening["recipients"] == ["urn:li:person:Cs2hNv6Ca3"]
    assert opening["threadUrn"] == f"urn:li:messagingThread:{thread.pk}"
    assert opening["content"]["com.linkedin.messaging.events.MailContent"] == {
        "subject": "Hello",
        "body": {"text": "First"},
    }
    assert page["elements"][1]["author"] == "urn:li:person:Cs2hNv6Ca3"
    rest = call(client, "GET", page["paging"]["links"][0]["href"].split("/v2/", 1)[1], child_token).json()
    assert [
        e["content"]["com.linkedin.messaging.events.MailContent"]["body"]["text"] for e in rest["elements"]
    ] == ["Answer 20"]
    assert rest["paging"]["links"] == []


def test_the_window_start_is_inclusive_and_its_end_exclusive(
    client, child_token, csa_enabled, rita_seat, casey
):
    start = NOW - dt.timedelta(hours=6)
    messaging.inmail_send(seat=rita_seat, member=casey, subject="At start", text="a", at=start)
    messaging.inmail_send(
        seat=rita_seat, member=casey, subject="At end", text="b", at=start + dt.timedelta(hours=6)
    )

    page = events(client, child_token).json()

    assert [
        e["content"]["com.linkedin.messaging.events.MailContent"]["subject"] for e in page["elements"]
    ] == ["At start"]


@pytest.mark.parametrize(
    ("hours", "extra", "message"),
    [
        (13, {}, "more than 12 hours"),
        (6, {"start": None}, "start is required"),
        (6, {"timeRange.end": None}, "timeRange.end is required"),
        (-1, {}, "must be after"),
    ],
)
def test_a_bad_inmail_window_is_a_400(client, child_token, csa_enabled, hours, extra, message):
    answer = events(client, child_token, hours=hours, **extra)

    assert answer.status_code == 400
    assert message in answer.json()["message"]


def notes(client, token, owners="urn:li:seat:9100003", cutoff=NOW - dt.timedelta(hours=12), hours=12):
    query = f"prospectNotes?q=criteria&start=0&contract={CONTRACT}&cutoffDate={ms(cutoff)}"
    query += f"&beforeDate={ms(cutoff) + hours * HOUR_MS}&count=100"
    if owners:
        query += f"&owners={owners}"
    return call(client, "GET", query, token)


def test_notes_by_last_update_with_deleted_ones_inactive(client, child_token, csa_enabled, rita_seat, casey):
    kept = messaging.note_add(seat=rita_seat, member=casey, text="Strong <b>Python</b>", visibility="PRIVATE")
    gone = messaging.note_add(seat=rita_seat, member=casey, text="Old", visibility="PUBLIC")
    messaging.note_delete(seat=rita_seat, note_pk=gone.pk)

    from django.utils import timezone

    page = notes(client, child_token, cutoff=timezone.now() - dt.timedelta(hours=1), hours=2).json()

    by_id = {e["id"]: e for e in page["elements"]}
    assert by_id[kept.pk]["note"] == "Strong <b>Python</b>" and by_id[kept.pk]["visibility"] == "PRIVATE"
    assert (
        by_id[kept.pk]["owner"] == "urn:li:seat:9100003"
        and by_id[kept.pk]["member"] == "urn:li:person:Cs2hNv6Ca3"
    )
    assert by_id[gone.pk]["active"] is False


def test_notes_and_stubs_need_owners(client, child_token, csa_enabled):
    without_notes = notes(client, child_token, owners="")
    without_stubs = call(
        client,
        "GET",
        f"mailStubs?q=contract&start=0&count=50&contract={CONTRACT}&createdDateStart={ms(NOW) - HOUR_MS}"
        f"&createdDateEnd={ms(NOW)}",
        child_token,
    )

    assert without_notes.status_code == 400 and "owners is required" in without_notes.json()["message"]
    assert without_stubs.status_code == 400 and "owners is required" in without_stubs.json()["message"]


def test_an_owner_seat_of_another_contract_is_refused(client, child_token, csa_enabled):
    answer = notes(client, child_token, owners="urn:li:seat:9100002")

    assert answer.status_code == 403


def test_a_stub_exists_once_the_member_answered_and_shared_their_profile(
    client, child_token, csa_enabled, rita_seat, casey
):
    from django.utils import timezone

    thread = messaging.inmail_send(seat=rita_seat, member=casey, subject="Role", text="Interested?")
    messaging.inmail_reply(thread=thread, text="Not sharing yet")
    query = (
        f"mailStubs?q=contract&start=0&count=50&contract={CONTRACT}"
        f"&createdDateStart={ms(timezone.now()) - HOUR_MS}&createdDateEnd={ms(timezone.now()) + HOUR_MS}"
        "&owners=urn:li:seat:9100003"
    )
    assert call(client, "GET", query, child_token).json()["elements"] == []

    messaging.inmail_reply(thread=thread, text="Here you go", share_profile=True, share_email=True)
    stubs = call(client, "GET", query, child_token).json()["elements"]

    assert len(stubs) == 1
    assert stubs[0]["member"] == "urn:li:person:Cs2hNv6Ca3"
    assert (stubs[0]["firstName"], stubs[0]["lastName"]) == ("Casey", "Candidate")
    assert stubs[0]["emailAddress"] == "casey.candidate@example.com"
    assert stubs[0]["owner"] == "urn:li:seat:9100003"


def test_a_partner_token_cannot_read_history(client, partner_token, csa_enabled):
    answer = call(client, "GET", f"seatsV2?q=attributes&contracts={CONTRACT}&start=0", partner_token)

    assert answer.status_code == 403
