"""The history pull against the sandbox, in-process (the client's requests go to the sandbox's views
through Django's test client): seat holders, InMail events, notes and stub profiles per seat, in windows
of at most 12 hours from a cursor per seat and resource; as many calls as pages; pauses on 429 and 5xx
and resumes without gaps or duplicates."""

import datetime as dt

import pytest
import requests
from django.conf import settings as django_settings
from django.utils import timezone

from candidates.models import Candidate, CandidateSource, TalentPool
from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import (
    HistoryCursor,
    HistoryPullState,
    InMailEvent,
    LinkedInSettings,
    MailStub,
    MemberLink,
    RecruiterNote,
    RscIntegration,
    SeatHolder,
)
from linkedin_integration.services.history import history_pull, seats_refresh
from tests.factories import CandidateFactory
from tests.linkedin_integration.test_client_helpers import Sleeps

if not django_settings.LINKEDIN_SANDBOX:
    pytest.skip("the sandbox is off (real LinkedIn base URLs configured)", allow_module_level=True)

from linkedin_sandbox import messaging  # noqa: E402
from linkedin_sandbox.models import Application, FaultControl, Integration, Member, Seat  # noqa: E402
from tests.linkedin_integration.test_client_sandbox import BASE, DjangoAdapter, connect  # noqa: E402

CONTRACT = "urn:li:contract:500100"
ORG = "urn:li:organization:2414183"
ALEX_SEAT, RITA_SEAT = "urn:li:seat:9100001", "urn:li:seat:9100003"
CASEY = "urn:li:person:Cs2hNv6Ca3"


class CountingAdapter(DjangoAdapter):
    def __init__(self):
        super().__init__()
        self.paths = []

    def send(self, request, **kwargs):
        path = request.path_url.split("?", 1)[0]
        if "/api/" in path:  # the data calls, not the app token's
            self.paths.append(path.rsplit("/", 1)[-1])
        return super().send(request, **kwargs)


@pytest.fixture(autouse=True)
def _no_seeded_history(db):
    """The sandbox's demo threads, notes and stub (seed_history) are left out: these tests make their own."""
    from linkedin_sandbox.models import InMailThread, RecruiterNote
    from linkedin_sandbox.models import MailStub as SandboxStub

    InMailThread.objects.all().delete()
    RecruiterNote.objects.all().delete()
    SandboxStub.objects.all().delete()


@pytest.fixture
def sandbox_http(settings, db):
    settings.LINKEDIN_API_BASE = f"{BASE}/api"
    settings.LINKEDIN_OAUTH_BASE = BASE
    settings.LINKEDIN_CLIENT_ID = "attract-sandbox-partner"
    settings.LINKEDIN_CLIENT_SECRET = "attract-sandbox-partner-secret"
    settings.LINKEDIN_HISTORY_FIRST_DAYS = 1
    adapter = CountingAdapter()
    session = requests.Session()
    session.mount("http://testserver/", adapter)
    return adapter, session


@pytest.fixture
def linkedin(sandbox_http):
    """A client speaking to the sandbox; `linkedin.calls` lists the resources called."""
    adapter, session = sandbox_http
    client = LinkedInClient(session=session, sleep=Sleeps())
    client.calls = adapter.paths
    return client


@pytest.fixture
def contract_level(linkedin):
    """Connected to the Corporate contract with contract-level access Enabled on both sides."""
    app = connect(linkedin)
    linkedin_settings = LinkedInSettings.load()
    linkedin_settings.connected_at = timezone.now()
    linkedin_settings.contract_urn, linkedin_settings.organization_urn = CONTRACT, ORG
    linkedin_settings.save()
    Integration.objects.create(
        application=Application.objects.get(client_id=app.client_id),
        integration_context=CONTRACT,
        integration_type="CSA_API",
        status=Integration.Status.ENABLED,
    )
    RscIntegration.objects.update_or_create(
        level=RscIntegration.Level.CONTRACT, defaults={"state": RscIntegration.State.ENABLED}
    )
    linkedin.calls.clear()
    return linkedin


@pytest.fixture
def rita_seat(db):
    return Seat.objects.get(seat_id=9100003)


@pytest.fixture
def alex_seat(db):
    return Seat.objects.get(seat_id=9100001)


@pytest.fixture
def casey(db):
    return Member.objects.get(person_id="Cs2hNv6Ca3")


def sandbox_seats() -> set[str]:
    """The Corporate contract's seats in the sandbox (the seed may hold more than Alex's and Rita's)."""
    return {seat.urn for seat in Seat.objects.filter(contract__contract_id=500100)}


def ago(**delta):
    return timezone.now() - dt.timedelta(**delta)


def test_the_first_pull_stores_seats_inmail_notes_and_stub_profiles(contract_level, rita_seat, casey):
    thread = messaging.inmail_send(
        seat=rita_seat, member=casey, subject="Role", text="Hi Casey", at=ago(hours=20)
    )
    messaging.inmail_reply(
        thread=thread, text="Tell me more", share_profile=True, share_email=True, at=ago(hours=3)
    )
    messaging.note_add(seat=rita_seat, member=casey, text="Great <script>fit</script>", visibility="PUBLIC")

    report = history_pull(client=contract_level)

    assert report.seats == len(sandbox_seats()) and not report.errors and report.paused_until is None
    assert set(SeatHolder.objects.values_list("seat_urn", flat=True)) == sandbox_seats()
    assert {
        (ALEX_SEAT, "urn:li:person:Ax7dQm2Pa1"),
        (RITA_SEAT, "urn:li:person:Rt4kLw9Re2"),
    } <= set(SeatHolder.objects.values_list("seat_urn", "person_urn"))
    events = list(
        InMailEvent.objects.order_by("created_at").values_list("author_urn", "seat_urn", "member_urn", "text")
    )
    assert events == [(RITA_SEAT, RITA_SEAT, CASEY, "Hi Casey"), (CASEY, RITA_SEAT, CASEY, "Tell me more")]
    note = RecruiterNote.objects.get()
    assert (note.owner_urn, note.member_urn, note.text, note.visibility) == (
        RITA_SEAT,
        CASEY,
        "Great <script>fit</script>",
        "PUBLIC",
    )
    candidate = Candidate.objects.get()
    assert (candidate.first_name, candidate.last_name, candidate.email, candidate.source) == (
        "Casey",
        "Candidate",
        "casey.candidate@example.com",
        CandidateSource.LINKEDIN_INMAIL,
    )
    assert MemberLink.objects.get().member_urn == CASEY and MemberLink.objects.get().candidate == candidate
    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    assert list(pool.members.values_list("candidate", flat=True)) == [candidate.pk]


def test_calls_are_the_pages_needed_one_per_window_when_it_fits_on_a_page(contract_level):
    report = history_pull(client=contract_level)

    # 1 day back = 2 windows of 12 hours, for 3 resources of each seat, after one page of seat holders.
    seats = sandbox_seats()
    assert report.calls == 1 + 2 * 3 * len(seats) == len(contract_level.calls)
    assert contract_level.calls.count("seatsV2") == 1
    assert set(HistoryCursor.objects.values_list("seat_urn", "resource")) == {
        (seat, resource) for seat in seats for resource in ("INMAILS", "NOTES", "STUBS")
    }


def test_a_window_of_several_pages_is_read_page_by_page(contract_level, rita_seat, casey, monkeypatch):
    from linkedin_integration.client import history_calls

    monkeypatch.setattr(history_calls, "PAGE", 2)
    thread = messaging.inmail_send(seat=rita_seat, member=casey, subject="S", text="0", at=ago(hours=5))
    for i in range(1, 5):
        messaging.inmail_reply(thread=thread, text=str(i), at=ago(hours=5, minutes=-i))

    history_pull(client=contract_level)

    # Two windows per seat, and Rita's recent window takes 3 pages instead of 1.
    assert contract_level.calls.count("conversationEvents") == 2 * len(sandbox_seats()) + 2
    assert InMailEvent.objects.count() == 5


def test_an_idle_pull_calls_each_seat_and_resource_once_and_writes_no_history(
    contract_level, rita_seat, casey
):
    thread = messaging.inmail_send(seat=rita_seat, member=casey, subject="S", text="Hi", at=ago(hours=2))
    messaging.inmail_reply(thread=thread, text="Yes", share_profile=True, at=ago(hours=1))
    history_pull(client=contract_level)
    stored = (InMailEvent.objects.count(), RecruiterNote.objects.count(), MailStub.objects.count())
    contract_level.calls.clear()

    report = history_pull(client=contract_level)

    assert report.calls == len(sandbox_seats()) * 3 == len(contract_level.calls)
    assert report.written == 0
    assert (InMailEvent.objects.count(), RecruiterNote.objects.count(), MailStub.objects.count()) == stored
    assert Candidate.objects.count() == 1


def test_an_edited_note_is_updated_and_a_deleted_one_deleted_here(contract_level, rita_seat, casey):
    note = messaging.note_add(seat=rita_seat, member=casey, text="First take", visibility="PUBLIC")
    gone = messaging.note_add(seat=rita_seat, member=casey, text="Wrong person", visibility="PRIVATE")
    history_pull(client=contract_level)
    assert RecruiterNote.objects.count() == 2

    messaging.note_edit(seat=rita_seat, note_pk=note.pk, text="Second take", visibility="PRIVATE")
    messaging.note_delete(seat=rita_seat, note_pk=gone.pk)
    history_pull(client=contract_level)

    assert list(RecruiterNote.objects.values_list("note_id", "text", "visibility")) == [
        (note.pk, "Second take", "PRIVATE")
    ]


def pulled():
    return (
        sorted(InMailEvent.objects.values_list("thread_urn", "event_id", "text")),
        sorted(RecruiterNote.objects.values_list("note_id", "text")),
        sorted(MailStub.objects.values_list("member_urn", "owner_urn")),
    )


@pytest.mark.parametrize("fault", ["throttle_next", "server_error_next"])
def test_a_429_or_lasting_5xx_pauses_the_pull_which_resumes_without_gaps_or_duplicates(
    contract_level, rita_seat, alex_seat, casey, fault
):
    for seat, hours in ((alex_seat, 22), (rita_seat, 20), (rita_seat, 4)):
        thread = messaging.inmail_send(
            seat=seat, member=casey, subject="S", text=f"{hours}", at=ago(hours=hours)
        )
        messaging.inmail_reply(thread=thread, text=f"re {hours}", share_profile=True, at=ago(hours=hours - 1))
        messaging.note_add(seat=seat, member=casey, text=f"note {hours}", visibility="PUBLIC")
    # LinkedIn fails after the token, the seats and the first seat's first window of InMail: 4 answers in
    # a row (the client retries a 5xx three times), so the 5xx outlives the retries too.
    original = contract_level.transport.send
    sent = []

    def failing_after_two(method, url, **kwargs):
        sent.append(url)
        if len(sent) == 4:
            setattr_fault = {fault: 4}
            FaultControl.objects.filter(pk=1).update(**setattr_fault)
        return original(method, url, **kwargs)

    contract_level.transport.send = failing_after_two
    paused = history_pull(client=contract_level)
    FaultControl.objects.filter(pk=1).update(throttle_next=0, server_error_next=0)
    contract_level.transport.send = original

    assert paused.paused_until is not None
    assert HistoryPullState.load().paused_until == paused.paused_until
    assert HistoryCursor.objects.filter(resource="INMAILS").count() == 1  # the first seat's first window
    assert history_pull(client=contract_level).skipped.startswith("LinkedIn asked to pause")

    HistoryPullState.objects.filter(pk=1).update(paused_until=timezone.now() - dt.timedelta(seconds=1))
    resumed = history_pull(client=contract_level)

    assert resumed.paused_until is None and not resumed.errors
    assert len(pulled()[0]) == 6 and len(pulled()[1]) == 3 and len(pulled()[2]) == 2
    assert Candidate.objects.count() == 1


def test_a_stub_matches_the_candidate_with_the_shared_email_and_is_never_duplicated(
    contract_level, rita_seat, alex_seat, casey
):
    existing = CandidateFactory(email="Casey.Candidate@example.com", first_name="Casey", last_name="C.")
    for seat in (rita_seat, alex_seat):
        thread = messaging.inmail_send(seat=seat, member=casey, subject="S", text="Hi", at=ago(hours=3))
        messaging.inmail_reply(
            thread=thread, text="Sure", share_profile=True, share_email=True, at=ago(hours=2)
        )

    history_pull(client=contract_level)
    HistoryCursor.objects.all().delete()  # read everything again
    history_pull(client=contract_level)

    assert list(Candidate.objects.values_list("pk", flat=True)) == [existing.pk]
    assert MemberLink.objects.get().candidate == existing
    assert MailStub.objects.filter(candidate=existing).count() == 2


def test_a_stub_without_the_email_matches_by_member_link(contract_level, rita_seat, casey):
    linked = CandidateFactory(email="casey.private@example.com")
    MemberLink.objects.create(candidate=linked, member_urn=CASEY, source=MemberLink.Source.WIDGET)
    thread = messaging.inmail_send(seat=rita_seat, member=casey, subject="S", text="Hi", at=ago(hours=3))
    messaging.inmail_reply(thread=thread, text="Sure", share_profile=True, at=ago(hours=2))

    history_pull(client=contract_level)

    assert list(Candidate.objects.values_list("pk", flat=True)) == [linked.pk]
    assert TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY).members.get().candidate == linked


def test_nothing_is_pulled_without_contract_level_access(contract_level):
    RscIntegration.objects.filter(level=RscIntegration.Level.CONTRACT).update(
        state=RscIntegration.State.PARTNER_READY
    )

    report = history_pull(client=contract_level)

    assert report.skipped == "LinkedIn Recruiter is not set up: ask an administrator."
    assert contract_level.calls == [] and not SeatHolder.objects.exists()


def test_refreshing_seats_drops_the_seats_no_longer_listed(contract_level):
    SeatHolder.objects.create(seat_urn="urn:li:seat:1", contract_urn=CONTRACT, refreshed_at=timezone.now())

    seats = seats_refresh(client=contract_level)

    assert {seat.seat_urn for seat in seats} == sandbox_seats()
    assert not SeatHolder.objects.filter(seat_urn="urn:li:seat:1").exists()


def test_a_pull_already_running_is_not_run_twice(contract_level):
    HistoryPullState.objects.update_or_create(pk=1, defaults={"running_since": timezone.now()})

    report = history_pull(client=contract_level)

    assert report.skipped == "A pull is already running." and contract_level.calls == []
