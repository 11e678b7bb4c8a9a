"""The sandbox's LinkedIn Recruiter InMail and notes screens: a seat holder sends an InMail from a
member's profile, the member answers from their inbox and may share their profile (a mail stub), and
seat holders add, edit and delete notes, public to the contract or private."""

import pytest
from django.urls import reverse

from linkedin_sandbox import messaging, session
from linkedin_sandbox.models import InMailMessage, InMailThread, MailStub, Member, RecruiterNote, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_seeded_history(db):
    """The demo's seeded threads and notes (seed_history) are left out: these tests count their own."""
    InMailThread.objects.all().delete()
    RecruiterNote.objects.all().delete()
    MailStub.objects.all().delete()


def sign_in(client, member, contract_id=500100):
    stored = client.session
    stored[session.MEMBER_KEY] = member.pk
    stored[session.CONTRACT_KEY] = contract_id
    stored.save()


@pytest.fixture
def rita(db):
    return Member.objects.get(person_id="Rt4kLw9Re2")


@pytest.fixture
def alex(db):
    return Member.objects.get(person_id="Ax7dQm2Pa1")


@pytest.fixture
def casey(db):
    return Member.objects.get(person_id="Cs2hNv6Ca3")


def profile_url(person):
    return reverse("sandbox:member_profile", args=[person.person_id])


def test_a_recruiter_sends_an_inmail_from_the_profile_and_sees_the_thread(client, rita, casey):
    sign_in(client, rita)

    sent = client.post(
        reverse("sandbox:inmail_new", args=[casey.person_id]),
        {"subject": "Backend role", "text": "Hi <b>Casey</b>"},
        follow=True,
    )

    thread = InMailThread.objects.get()
    assert (thread.seat.seat_id, thread.member, thread.subject) == (9100003, casey, "Backend role")
    body = sent.content.decode()
    assert "InMail sent to Casey Candidate." in body
    assert "Hi &lt;b&gt;Casey&lt;/b&gt;" in body


def test_an_inmail_without_text_is_refused_and_nothing_is_sent(client, rita, casey):
    sign_in(client, rita)

    refused = client.post(
        reverse("sandbox:inmail_new", args=[casey.person_id]), {"subject": "Role", "text": " "}, follow=True
    )

    assert "Write the message." in refused.content.decode()
    assert not InMailThread.objects.exists() and not InMailMessage.objects.exists()


def test_the_member_answers_and_shares_their_profile_with_the_email(client, rita, casey):
    thread = messaging.inmail_send(
        seat=Seat.objects.get(seat_id=9100003), member=casey, subject="Role", text="Interested?"
    )
    sign_in(client, casey)
    assert "Role" in client.get(reverse("sandbox:inbox")).content.decode()

    answered = client.post(
        reverse("sandbox:inmail_thread", args=[thread.pk]),
        {"text": "Yes!", "share_profile": "on", "share_email": "on"},
        follow=True,
    )

    assert (
        "You shared your profile with Rita Recruiter, with your email address." in answered.content.decode()
    )
    stub = MailStub.objects.get()
    assert (stub.seat, stub.member, stub.email_shared) == (thread.seat, casey, True)
    assert list(thread.messages.values_list("from_member", "text")) == [
        (False, "Interested?"),
        (True, "Yes!"),
    ]


def test_answering_without_sharing_makes_no_stub(client, casey):
    thread = messaging.inmail_send(
        seat=Seat.objects.get(seat_id=9100003), member=casey, subject="R", text="Hi"
    )
    sign_in(client, casey)

    client.post(reverse("sandbox:inmail_thread", args=[thread.pk]), {"text": "Maybe later"})

    assert not MailStub.objects.exists() and thread.messages.count() == 2


def test_a_member_cannot_open_someone_elses_thread(client, rita, casey):
    thread = messaging.inmail_send(
        seat=Seat.objects.get(seat_id=9100003), member=casey, subject="R", text="Hi"
    )
    sign_in(client, rita)

    assert client.get(reverse("sandbox:inmail_thread", args=[thread.pk])).status_code == 404
    assert client.post(reverse("sandbox:inmail_thread", args=[thread.pk]), {"text": "x"}).status_code == 404
    assert thread.messages.count() == 1


def test_notes_are_added_edited_and_deleted_by_their_author(client, rita, casey):
    sign_in(client, rita)
    client.post(
        reverse("sandbox:note_new", args=[casey.person_id]), {"text": "Strong", "visibility": "PUBLIC"}
    )
    note = RecruiterNote.objects.get()

    client.post(
        reverse("sandbox:note_change", args=[casey.person_id, note.pk]),
        {"text": "Very strong", "visibility": "PRIVATE"},
    )
    note.refresh_from_db()
    assert (note.text, note.visibility, note.active) == ("Very strong", "PRIVATE", True)

    client.post(reverse("sandbox:note_change", args=[casey.person_id, note.pk]), {"delete": "1"})
    note.refresh_from_db()
    assert note.active is False
    assert "Very strong" not in client.get(profile_url(casey)).content.decode()


def test_a_private_note_shows_only_to_its_author_and_only_the_author_changes_a_note(
    client, rita, alex, casey
):
    rita_seat = Seat.objects.get(seat_id=9100003)
    private = messaging.note_add(seat=rita_seat, member=casey, text="Rita only", visibility="PRIVATE")
    public = messaging.note_add(seat=rita_seat, member=casey, text="For the team", visibility="PUBLIC")
    sign_in(client, alex)

    page = client.get(profile_url(casey)).content.decode()
    refused = client.post(
        reverse("sandbox:note_change", args=[casey.person_id, public.pk]),
        {"text": "Changed", "visibility": "PUBLIC"},
        follow=True,
    )

    assert "For the team" in page and "Rita only" not in page
    assert "Only the note&#x27;s author can change it." in refused.content.decode()
    public.refresh_from_db()
    private.refresh_from_db()
    assert (public.text, private.text) == ("For the team", "Rita only")


def test_a_note_without_a_visibility_is_refused(client, rita, casey):
    sign_in(client, rita)

    refused = client.post(reverse("sandbox:note_new", args=[casey.person_id]), {"text": "x"}, follow=True)

    assert "Choose who sees the note." in refused.content.decode()
    assert not RecruiterNote.objects.exists()


def test_the_screens_need_a_sandbox_sign_in(client, casey):
    assert client.get(reverse("sandbox:inbox")).status_code == 302
    assert (
        client.post(
            reverse("sandbox:inmail_new", args=[casey.person_id]), {"subject": "a", "text": "b"}
        ).status_code
        == 302
    )
    assert not InMailThread.objects.exists()
