"""Who is signed in to the sandbox's LinkedIn screens, and on which Recruiter contract.

Kept under its own session keys, so it never touches who is signed in to Attract on the same site."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from linkedin_sandbox.models import Member, Seat

MEMBER_KEY = "linkedin_sandbox_member"
CONTRACT_KEY = "linkedin_sandbox_contract"


def current_member(request) -> Member | None:
    member_id = request.session.get(MEMBER_KEY)
    return Member.objects.filter(pk=member_id).first() if member_id else None


def sign_in(request, member: Member):
    if request.session.get(MEMBER_KEY) != member.pk:
        request.session.pop(CONTRACT_KEY, None)
    request.session[MEMBER_KEY] = member.pk


def sign_out(request):
    request.session.pop(MEMBER_KEY, None)
    request.session.pop(CONTRACT_KEY, None)


def current_seat(request, member: Member) -> Seat | None:
    """The seat of the contract chosen in this session, if the member still holds it."""
    contract_id = request.session.get(CONTRACT_KEY)
    if not contract_id:
        return None
    return (
        Seat.objects.select_related("contract__organization")
        .filter(member=member, contract__contract_id=contract_id)
        .first()
    )


def choose_contract(request, seat: Seat):
    request.session[CONTRACT_KEY] = seat.contract.contract_id


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def redirect_to_sign_in(request):
    return redirect(f"{reverse('sandbox:signin')}?{urlencode({'next': request.get_full_path()})}")
