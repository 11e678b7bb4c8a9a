"""Screens standing in for LinkedIn's own: the index, the sandbox sign-in, the Recruiter contract chooser,
"LinkedIn Recruiter > Admin settings > ATS", and the fault controls. Sign-in here is the sandbox's own
(a member picked from the seeded ones), kept apart from Attract's sign-in."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from linkedin_sandbox import push, selectors, services, session
from linkedin_sandbox.forms import FaultForm
from linkedin_sandbox.models import ApiCall, Application, Contract, Event, FaultControl, Member

API_CALLS_SHOWN = 30


def index(request):
    context = {
        "member": session.current_member(request),
        "members": Member.objects.prefetch_related("seats__contract"),
        "contracts": Contract.objects.select_related("organization"),
        "partner": Application.objects.filter(kind=Application.Kind.PARTNER).first(),
        "child_apps": selectors.child_apps(),
        "faults": FaultControl.load(),
        "oauth_base": request.build_absolute_uri(reverse("sandbox:index")).rstrip("/"),
        "api_base": request.build_absolute_uri(reverse("sandbox:index")) + "api",
        "site_url": settings.SITE_URL,
    }
    return render(request, "linkedin_sandbox/index.html", context)


def signin(request):
    members = list(Member.objects.prefetch_related("seats__contract"))
    next_url = session.safe_next(request, reverse("sandbox:recruiter"))
    error = ""
    if request.method == "POST":
        member = next((m for m in members if str(m.pk) == request.POST.get("member")), None)
        if member is not None:
            session.sign_in(request, member)
            return redirect(next_url)
        error = "Choose the member to sign in as."
    chosen = session.current_member(request)
    context = {"members": members, "next": next_url, "error": error, "chosen": chosen, "member": chosen}
    return render(request, "linkedin_sandbox/signin.html", context, status=400 if error else 200)


@require_POST
def signout(request):
    session.sign_out(request)
    messages.info(request, "Signed out of the LinkedIn sandbox.")
    return redirect("sandbox:index")


def _admin_seat(request):
    """(seat, None) for a member signed in on a chosen contract, else (None, the response to give)."""
    member = session.current_member(request)
    if member is None:
        return None, session.redirect_to_sign_in(request)
    seat = session.current_seat(request, member)
    if seat is None:
        seats = list(member.seats.select_related("contract__organization"))
        if not seats:
            context = {"member": member, "message": f"{member.name} holds no LinkedIn Recruiter seat."}
            return None, render(request, "linkedin_sandbox/forbidden.html", context, status=403)
        if len(seats) > 1:
            return None, redirect(
                f"{reverse('sandbox:contracts')}?{urlencode({'next': reverse('sandbox:ats')})}"
            )
        seat = seats[0]
        session.choose_contract(request, seat)
    if not seat.is_admin:
        message = (
            f"Only admins of {seat.contract.name} can open Admin settings; {member.name} holds a user seat."
        )
        context = {"member": member, "seat": seat, "message": message}
        return None, render(request, "linkedin_sandbox/forbidden.html", context, status=403)
    return seat, None


def recruiter(request):
    """LinkedIn Recruiter's home: Admin settings for a contract admin, People for a user seat, and the
    inbox for a member without a seat (an InMail's recipient), instead of a page they may not open."""
    member = session.current_member(request)
    if member is not None:
        seats = list(member.seats.all())
        if not seats:
            return redirect("sandbox:inbox")
        if not any(seat.is_admin for seat in seats):
            return redirect("sandbox:people")
    seat, response = _admin_seat(request)
    return response or redirect("sandbox:ats")


def contracts(request):
    member = session.current_member(request)
    if member is None:
        return session.redirect_to_sign_in(request)
    seats = list(member.seats.select_related("contract__organization"))
    next_url = session.safe_next(request, reverse("sandbox:ats"))
    error = ""
    if request.method == "POST":
        seat = next((s for s in seats if str(s.contract.contract_id) == request.POST.get("contract")), None)
        if seat is not None:
            session.choose_contract(request, seat)
            return redirect(next_url)
        error = "Choose one of your contracts."
    current = session.current_seat(request, member)
    context = {"member": member, "seats": seats, "next": next_url, "error": error, "current": current}
    return render(request, "linkedin_sandbox/contracts.html", context, status=400 if error else 200)


def ats(request):
    seat, response = _admin_seat(request)
    if response:
        return response
    context = {
        "member": seat.member,
        "seat": seat,
        "contract": seat.contract,
        "rows": selectors.ats_overview(seat.contract),
        "labels": services.AccessLevel.LABELS,
    }
    return render(request, "linkedin_sandbox/ats.html", context)


def _report_push(request, delivery):
    if delivery.delivered:
        messages.success(
            request,
            f"Push {delivery.event.event_id} delivered to {delivery.url}: HTTP {delivery.status_code}.",
        )
    elif delivery.status_code is not None:
        messages.warning(
            request, f"Push {delivery.event.event_id} to {delivery.url} answered HTTP {delivery.status_code}."
        )
    else:
        messages.warning(request, f"Push {delivery.event.event_id}: {delivery.error}")


@require_POST
def access_switch(request, app_pk):
    seat, response = _admin_seat(request)
    if response:
        return response
    app = get_object_or_404(Application, pk=app_pk, kind=Application.Kind.CHILD)
    level = request.POST.get("level", "")
    try:
        event = services.access_switch(application=app, contract=seat.contract, level=level, by=seat.member)
    except services.SandboxError as exc:
        messages.error(request, exc.message)
        return redirect("sandbox:ats")
    if event is None:
        messages.info(request, "Nothing changed, so no push was sent.")
    else:
        messages.success(request, f"{event.summary}.")
        # After the commit: the ATS may call the sandbox back (q=request) while answering the push.
        _report_push(request, push.push_deliver(event=event))
    return redirect("sandbox:ats")


@require_POST
def push_resend(request, event_pk):
    seat, response = _admin_seat(request)
    if response:
        return response
    event = get_object_or_404(Event.objects.select_related("application"), pk=event_pk)
    if not event.application.integrations.for_contract(seat.contract).exists():
        raise Http404("No such event under this contract.")
    _report_push(request, push.push_deliver(event=event))
    return redirect("sandbox:ats")


@require_POST
def challenge(request, app_pk):
    seat, response = _admin_seat(request)
    if response:
        return response
    app = get_object_or_404(Application, pk=app_pk, kind=Application.Kind.CHILD)
    url = services.callback_url_for(app)
    passed, what = push.challenge_check(application=app, url=url)
    (messages.success if passed else messages.error)(request, f"Challenge check of {url or app.name}: {what}")
    return redirect("sandbox:ats")


def faults(request):
    control = FaultControl.load()
    form = FaultForm(request.POST or None, instance=FaultControl.load())
    if request.method == "POST":
        if request.POST.get("reset"):
            services.faults_set(
                throttle_next=0,
                server_error_next=0,
                partner_step_failures=0,
                partner_step_mode=control.partner_step_mode,
            )
            messages.success(request, "Every fault is off: the sandbox answers normally.")
            return redirect("sandbox:faults")
        if form.is_valid():
            services.faults_set(**form.cleaned_data)
            messages.success(request, "Fault controls saved.")
            return redirect("sandbox:faults")
    context = {
        "form": form,
        "control": control,
        "calls": ApiCall.objects.all()[:API_CALLS_SHOWN],
        "member": session.current_member(request),
    }
    return render(request, "linkedin_sandbox/faults.html", context, status=400 if form.errors else 200)
