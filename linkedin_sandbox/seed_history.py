"""The sandbox's Recruiter history for the demo: a few InMail threads between seats and Casey Candidate
(one answered with the profile shared, which makes a mail stub), and notes on Casey's profile, public
and private. Dated a few days back, so a first pull (30 days) finds them.

Called by seed.seed() and by this app's data migration; running it again changes nothing. Seats or
members the seed does not hold (a flushed database) are skipped."""

import datetime as dt

from django.utils import timezone

CASEY = "Cs2hNv6Ca3"
# (seat id, subject, [(days ago, from the member?, text)], shared with email?)
THREADS = [
    (
        9100003,
        "Backend Engineer at Contoso Demo",
        [
            (
                6,
                False,
                "Hi Casey, your Django work caught my eye. Would you like to hear about our backend role?",
            ),
            (5, True, "Hi Rita, thanks! Yes, happy to talk. Here is my profile."),
            (5, False, "Great, I will send you an invitation for a first call."),
        ],
        True,
    ),
    (
        9100006,
        "Python roles at Contoso Demo",
        [(4, False, "Hello Casey, we are growing the platform team. Open to a chat?")],
        None,
    ),
]
# (seat id, days ago, visibility, text)
NOTES = [
    (9100003, 5, "PUBLIC", "Strong Django and PostgreSQL; prefers hybrid work in Rotterdam."),
    (9100006, 4, "PRIVATE", "Follow up after the summer."),
]


def seed(apps=None) -> None:
    if apps is None:
        from django.apps import apps
    try:
        Thread = apps.get_model("linkedin_sandbox", "InMailThread")
    except LookupError:  # an older migration state, before the history models
        return
    Message = apps.get_model("linkedin_sandbox", "InMailMessage")
    Note = apps.get_model("linkedin_sandbox", "RecruiterNote")
    Stub = apps.get_model("linkedin_sandbox", "MailStub")
    Seat = apps.get_model("linkedin_sandbox", "Seat")
    Member = apps.get_model("linkedin_sandbox", "Member")
    casey = Member.objects.filter(person_id=CASEY).first()
    if casey is None:
        return
    now = timezone.now()
    seats = {seat.seat_id: seat for seat in Seat.objects.filter(seat_id__in=[t[0] for t in THREADS + NOTES])}
    for seat_id, subject, messages, shared in THREADS:
        seat = seats.get(seat_id)
        if seat is None or Thread.objects.filter(seat=seat, member=casey, subject=subject).exists():
            continue
        first = now - dt.timedelta(days=messages[0][0])
        thread = Thread.objects.create(seat=seat, member=casey, subject=subject, created_at=first)
        for days, from_member, text in messages:
            Message.objects.create(
                thread=thread,
                seat=seat,
                from_member=from_member,
                text=text,
                created_at=now - dt.timedelta(days=days),
            )
        if shared is not None:
            answered = now - dt.timedelta(days=max(d for d, from_member, _ in messages if from_member) or 0)
            Stub.objects.get_or_create(
                seat=seat, member=casey, defaults={"email_shared": shared, "created_at": answered}
            )
    for seat_id, days, visibility, text in NOTES:
        seat = seats.get(seat_id)
        if seat is None or Note.objects.filter(seat=seat, member=casey, text=text).exists():
            continue
        at = now - dt.timedelta(days=days)
        Note.objects.create(
            seat=seat, member=casey, text=text, visibility=visibility, created_at=at, last_modified=at
        )
