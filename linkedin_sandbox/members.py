"""LinkedIn Recruiter's people screens: search the seeded members, and a member's profile page.

The profile page is shared by several surfaces, each drawing its own section through a template tag of
its own module: the contact card's job box and Export (sandbox_export), the In-ATS section
(sandbox_in_ats), InMail and Recruiter notes (sandbox_history)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from linkedin_sandbox import session
from linkedin_sandbox.models import Member

PEOPLE_SHOWN = 50


def _recruiter_seat(request):
    """(seat, None) for a member signed in on a Recruiter contract, else (None, the response to give)."""
    member = session.current_member(request)
    if member is None:
        return None, session.redirect_to_sign_in(request)
    seat = session.current_seat(request, member)
    if seat is None:
        seats = list(member.seats.select_related("contract__organization"))
        if not seats:
            context = {"member": member, "message": f"{member.name} holds no LinkedIn Recruiter seat."}
            return None, render(request, "linkedin_sandbox/forbidden.html", context, status=403)
        seat = seats[0]
        session.choose_contract(request, seat)
    return seat, None


def people(request):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    query = request.GET.get("q", "").strip()[:100]
    members = Member.objects.order_by("last_name", "first_name", "pk")
    for word in query.split():
        members = members.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(current_company__icontains=word)
            | Q(city__icontains=word)
        )
    context = {"member": seat.member, "seat": seat, "query": query, "people": members[:PEOPLE_SHOWN]}
    return render(request, "linkedin_sandbox/people.html", context)


def profile(request, person_id):
    seat, response = _recruiter_seat(request)
    if response:
        return response
    person = get_object_or_404(Member, person_id=person_id)
    context = {"member": seat.member, "seat": seat, "person": person}
    return render(request, "linkedin_sandbox/member_profile.html", context)
