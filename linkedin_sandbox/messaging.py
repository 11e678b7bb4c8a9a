"""LinkedIn Recruiter's InMail and notes, as the sandbox plays them: a seat holder sends an InMail from a
member's profile, the member answers from their inbox (optionally sharing their profile, which makes a
mail stub the ATS pulls), and seat holders keep notes on members' profiles (public to the contract or
private). The pull endpoints that read all this back are in history.py.

Assumptions of the sandbox: a new InMail always opens a new thread; only the note's author edits or
deletes it; a member shares their profile once per seat (sharing again keeps the first stub, and its
email only becomes shared if the member ticks it again)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from linkedin_sandbox import session
from linkedin_sandbox.members import _recruiter_seat
from linkedin_sandbox.models import InMailMessage, InMailThread, MailStub, Member, RecruiterNote, Seat
from linkedin_sandbox.services import SandboxError

SUBJECT_MAX, TEXT_MAX, NOTE_MAX = 200, 4000, 2000


def _text(value: str, name: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise SandboxError(f"Write the {name}.")
    if len(value) > limit:
        raise SandboxError(f"The {name} is longer than {limit} characters.")
    return value


# Services ----------------------------------------------------------------------------------------------


@transaction.atomic
def inmail_send(*, seat: Seat, member: Member, subject: str, text: str, at=None) -> InMailThread:
    if seat.member_id == member.pk:
        raise SandboxError("You cannot send an InMail to yourself.")
    at = at or timezone.now()
    thread = InMailThread.objects.create(
        seat=seat, member=member, subject=_text(subject, "subject", SUBJECT_MAX), created_at=at
    )
    InMailMessage.objects.create(
        thread=thread, seat=seat, from_member=False, text=_text(text, "message", TEXT_MAX), created_at=at
    )
    return thread


@transaction.atomic
def inmail_reply(
    *, thread: InMailThread, text: str, share_profile=False, share_email=False, at=None
) -> InMailMessage:
    """The member answers; sharing their profile makes (once) the stub profile the ATS pulls."""
    at = at or timezone.now()
    message = InMailMessage.objects.create(
        thread=thread, seat=thread.seat, from_member=True, text=_text(text, "answer", TEXT_MAX), created_at=at
    )
    if share_profile:
        stub, created = MailStub.objects.get_or_create(
            seat=thread.seat,
            member=thread.member,
            defaults={"email_shared": share_email, "created_at": at},
        )
        if not created and share_email and not stub.email_shared:
            stub.email_shared = True
            stub.save(update_fields=["email_shared"])
    return message


def note_add(*, seat: Seat, member: Member, text: str, visibility: str, at=None) -> RecruiterNote:
    if visibility not in RecruiterNote.Visibility.values:
        raise SandboxError("Choose who sees the note.")
    at = at or timezone.now()
    return RecruiterNote.objects.create(
        seat=seat,
        member=member,
        text=_text(text, "note", NOTE_MAX),
        visibility=visibility,
        created_at=at,
        last_modified=at,
    )


def _own_note(seat: Seat, note_pk) -> RecruiterNote:
    note = RecruiterNote.objects.filter(pk=note_pk, active=True).select_related("member").first()
    if note is None or note.seat_id != seat.pk:
        raise SandboxError("Only the note's author can change it.")
    return note


def note_edit(*, seat: Seat, note_pk, text: str, visibility: str) -> RecruiterNote:
    note = _own_note(seat, note_pk)
    if visibility not in RecruiterNote.Visibility.values:
        raise SandboxError("Choose who sees the note.")
    note.text, note.visibility = _text(text, "note", NOTE_MAX), visibility
    note.last_modified = timezone.now()
    note.save(update_fields=["text", "visibility", "last_modified"])
    return note


def note_delete(*, seat: Seat, note_pk) -> RecruiterNote:
    """Kept inactive: LinkedIn reports a deleted note as active: false, so the ATS deletes it too."""
    note = _own_note(seat, note_pk)
    note.active = False
    note.last_modified = timezone.now()
    note.save(update_fields=["active", "last_modified"])
    return note


# Reads for the profile page's section -----------------------------------------------------------------


def history_for(person: Member, seat: Seat) -> dict:
    """What the signed-in seat sees on a member's profile: its own threads with the member, and the
    member's notes that are public on the contract or its own."""
    threads = list(
        InMailThread.objects.filter(seat=seat, member=person)
        .prefetch_related("messages")
        .order_by("-created_at")
    )
    notes = list(
        RecruiterNote.objects.filter(member=person, active=True, seat__contract_id=seat.contract_id)
        .filter(Q(visibility=RecruiterNote.Visibility.PUBLIC) | Q(seat=seat))
        .select_related("seat__member")
        .order_by("-last_modified", "-pk")
    )
    return {"threads": threads, "notes": notes, "visibilities": RecruiterNote.Visibility.choices}


# Recruiter screens -------------------------------------------------------------------------------------


def _back_to(person_id: str, anchor: str):
    return redirect(reverse("sandbox:member_profile", args=[person_id]) + anchor)


@require_POST
def inmail_new(request, person_id):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    person = get_object_or_404(Member, person_id=person_id)
    try:
        inmail_send(
            seat=seat,
            member=person,
            subject=request.POST.get("subject", ""),
            text=request.POST.get("text", ""),
        )
    except SandboxError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"InMail sent to {person.name}.")
    return _back_to(person_id, "#inmail")


@require_POST
def note_new(request, person_id):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    person = get_object_or_404(Member, person_id=person_id)
    try:
        note_add(
            seat=seat,
            member=person,
            text=request.POST.get("text", ""),
            visibility=request.POST.get("visibility"),
        )
    except SandboxError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Note added.")
    return _back_to(person_id, "#notes")


@require_POST
def note_change(request, person_id, note_pk):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    try:
        if request.POST.get("delete"):
            note_delete(seat=seat, note_pk=note_pk)
            messages.success(request, "Note deleted.")
        else:
            note_edit(
                seat=seat,
                note_pk=note_pk,
                text=request.POST.get("text", ""),
                visibility=request.POST.get("visibility"),
            )
            messages.success(request, "Note saved.")
    except SandboxError as exc:
        messages.error(request, exc.message)
    return _back_to(person_id, "#notes")


# The member's side: their InMail inbox -----------------------------------------------------------------


def _member(request):
    member = session.current_member(request)
    return member, (None if member else session.redirect_to_sign_in(request))


def inbox(request):
    member, response = _member(request)
    if response:
        return response
    threads = InMailThread.objects.filter(member=member).select_related("seat__member", "seat__contract")
    return render(request, "linkedin_sandbox/inbox.html", {"member": member, "threads": threads})


def thread(request, thread_pk):
    member, response = _member(request)
    if response:
        return response
    conversation = get_object_or_404(
        InMailThread.objects.select_related("seat__member", "seat__contract"), pk=thread_pk, member=member
    )
    if request.method == "POST":
        try:
            inmail_reply(
                thread=conversation,
                text=request.POST.get("text", ""),
                share_profile=request.POST.get("share_profile") == "on",
                share_email=request.POST.get("share_email") == "on",
            )
        except SandboxError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Answer sent.")
            return redirect("sandbox:inmail_thread", thread_pk=conversation.pk)
    shared = MailStub.objects.filter(seat=conversation.seat, member=member).first()
    context = {
        "member": member,
        "thread": conversation,
        "thread_messages": conversation.messages.all(),
        "shared": shared,
    }
    return render(request, "linkedin_sandbox/inmail_thread.html", context)
