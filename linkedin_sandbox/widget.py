"""LinkedIn's profile widget (RSC's PROFILE_PLUGIN), the sandbox's stand-in: its own in.js and the
iframe page in.js puts where the ATS's page has a `<script type="IN/HcmWidget">` (contract, "Profile
widget"), plus the signed-in seat holder's Recruiter projects.

The ATS's page is the same as with LinkedIn's widget: in.js configured with `api_key` (the child app's
client id) and `extensions: HcmWidget@...`, then the HcmWidget script's data attributes. in.js passes them
to the frame with the page's origin; the frame checks them as LinkedIn would (a provisioned app, the
page's origin among its validJsSdkDomains, PROFILE_PLUGIN enabled for the organization) and only that
origin may frame it. In the frame a Recruiter seat holder of the organization sees the member matched to
the ATS candidate (the manual match, else LinkedIn's own match), confirms the match or finds the right
person, links or unlinks (that is LinkedIn's side of the match: the candidate's manualMatchedMember) and
saves the member to a project. Each link and unlink is posted to the page (postMessage to the checked
origin), where in.js calls the page's data-onlink / data-onunlink function with the member URN.

Sandbox assumptions (LinkedIn documents none of this): the frame's URL and parameters, the message
format between frame and in.js, the exact checks' order and wording, and projects holding members only."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.contrib.staticfiles import finders
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods

from linkedin_sandbox import session
from linkedin_sandbox.models import (
    ORGANIZATION_URN,
    Application,
    AtsCandidate,
    Integration,
    IntegrationType,
    Member,
    Organization,
    Project,
    Seat,
)
from linkedin_sandbox.restli import ascii_number

HCM_WIDGET = "HcmWidget"
SEARCH_SHOWN = 20
FRAME_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")
ORGANIZATION = re.compile(re.escape(ORGANIZATION_URN) + r"(\d{1,18})")
FLAGS = {"true": True, "false": False, "": False}
# What in.js passes to the frame: the HcmWidget attributes, the api_key, the page's origin and the frame's
# id among the page's widgets (sandbox assumption: LinkedIn's own frame URL is not documented).
FRAME_PARAMS = (
    "api_key",
    "origin",
    "frameId",
    "widgetType",
    "atsCandidateId",
    "integrationContext",
    "showUnlinkUrl",
    "confirmUnlink",
)


class WidgetProblem(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Embed:
    app: Application
    origin: str
    frame_id: str
    organization: Organization
    ats_candidate_id: str
    show_unlink: bool
    confirm_unlink: bool
    params: dict = field(default_factory=dict)

    @property
    def query(self) -> str:
        return urlencode(self.params)


@require_GET
def in_js(request):
    """The stand-in of https://platform.linkedin.com/in.js, served at the sandbox's root."""
    path = finders.find("linkedin_sandbox/widget/in.js")
    if not path:
        raise Http404("in.js is missing")
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _flag(params, name) -> bool:
    value = params.get(name, "")
    if value not in FLAGS:
        raise WidgetProblem(f"data-{_dashed(name)} must be true or false, not {value[:40]!r}.")
    return FLAGS[value]


def _dashed(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), name)


def _origin_allowed(app: Application, origin: str) -> bool:
    """An entry of validJsSdkDomains may be a bare host[:port] or an origin with its scheme."""
    return bool({urlsplit(origin).netloc, origin} & set(app.valid_js_sdk_domains))


def _embed(params) -> Embed:
    """The widget's parameters checked as LinkedIn checks the embed, or the problem to show."""
    api_key = params.get("api_key", "")
    app = (
        Application.objects.filter(client_id=api_key, kind=Application.Kind.CHILD).first()
        if api_key
        else None
    )
    if app is None:
        raise WidgetProblem(
            "in.js has no valid api_key: it must be the client id of the customer's provisioned application."
        )
    origin = params.get("origin", "")
    if not ORIGIN.fullmatch(origin):
        raise WidgetProblem("The page's origin is missing or malformed.")
    if not _origin_allowed(app, origin):
        raise WidgetProblem(
            f"The domain {urlsplit(origin).netloc} is not one of the allowed JavaScript SDK domains "
            f"(validJsSdkDomains) of the application {app.name}.",
            status=403,
        )
    frame_id = params.get("frameId", "")
    if not FRAME_ID.fullmatch(frame_id):
        raise WidgetProblem("The frame id is missing or malformed.")
    if params.get("widgetType") != "ATS":
        raise WidgetProblem("data-widget-type must be ATS.")
    context = params.get("integrationContext", "")
    found = ORGANIZATION.fullmatch(context)
    if not found:
        raise WidgetProblem("data-integration-context must be an organization URN (urn:li:organization:N).")
    organization = Organization.objects.filter(org_id=int(found.group(1))).first()
    enabled = Integration.objects.filter(
        application=app,
        integration_context=context,
        integration_type=IntegrationType.PROFILE_PLUGIN,
        status=Integration.Status.ENABLED,
    ).exists()
    if organization is None or not enabled:
        raise WidgetProblem(
            f"The profile widget (PROFILE_PLUGIN) is not enabled for {context} and this application.",
            status=403,
        )
    ats_candidate_id = params.get("atsCandidateId", "")
    if not ats_candidate_id or len(ats_candidate_id) > 200:
        raise WidgetProblem("data-ats-candidate-id is missing or longer than 200 characters.")
    return Embed(
        app=app,
        origin=origin,
        frame_id=frame_id,
        organization=organization,
        ats_candidate_id=ats_candidate_id,
        show_unlink=_flag(params, "showUnlinkUrl"),
        confirm_unlink=_flag(params, "confirmUnlink"),
        params={name: params.get(name, "") for name in FRAME_PARAMS},
    )


def _seat(request, member: Member, organization: Organization) -> Seat | None:
    """The member's seat on a contract of the organization: the contract chosen in this session if it is
    one, else their first."""
    seats = list(
        Seat.objects.select_related("contract").filter(member=member, contract__organization=organization)
    )
    chosen = request.session.get(session.CONTRACT_KEY)
    return next((s for s in seats if s.contract.contract_id == chosen), seats[0] if seats else None)


def _framed(response, origin: str):
    # Only the page the widget was embedded in may frame it (X-Frame-Options cannot name an origin).
    response["Content-Security-Policy"] = f"frame-ancestors {origin}"
    return response


def _problem_page(request, problem: WidgetProblem):
    response = render(
        request, "linkedin_sandbox/widget/problem.html", {"message": problem.message}, status=problem.status
    )
    # An error shows in whichever page embedded it, so its developer reads why; it offers no action.
    response["Content-Security-Policy"] = "frame-ancestors *"
    return response


def _search(query: str):
    members = Member.objects.order_by("last_name", "first_name", "pk")
    for word in query.split():
        members = members.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(current_company__icontains=word)
        )
    return list(members[:SEARCH_SHOWN])


def _person(post) -> Member:
    person = (
        Member.objects.filter(person_id=post.get("person", "")[:40]).first() if post.get("person") else None
    )
    if person is None:
        raise WidgetProblem("Choose the person first.")
    return person


def _act(request, embed: Embed, seat: Seat, ats: AtsCandidate) -> dict:
    """A link, unlink or save pressed in the frame; returns what the page shows and the event it posts."""
    action = request.POST.get("action", "")
    if action == "link":
        person = _person(request.POST)
        # Linking the member already linked still tells the page, so an ATS that missed it catches up.
        if ats.manual_matched_member_id != person.pk:
            ats.manual_matched_member = person
            ats.save(update_fields=["manual_matched_member", "updated_at"])
        return {
            "message": f"Linked {person.name} to {ats.name}.",
            "event": "link",
            "event_member": person.urn,
        }
    if action == "unlink":
        if not embed.show_unlink:
            raise WidgetProblem("Unlinking is not offered in this widget (data-show-unlink-url).")
        linked = ats.manual_matched_member
        if linked is None:
            return {"message": "Nobody is linked to this candidate."}
        if embed.confirm_unlink and request.POST.get("confirmed") != "yes":
            return {"confirm_unlink": linked}
        ats.manual_matched_member = None
        ats.save(update_fields=["manual_matched_member", "updated_at"])
        return {
            "message": f"Unlinked {linked.name} from {ats.name}.",
            "event": "unlink",
            "event_member": linked.urn,
        }
    if action == "save":
        person = _person(request.POST)
        chosen = ascii_number(request.POST.get("project", ""), max_digits=15)
        project = seat.projects.filter(pk=chosen).first() if chosen is not None else None
        new_name = request.POST.get("new_project", "").strip()[:200]
        if project is None and new_name:
            project, _ = Project.objects.get_or_create(owner=seat, name=new_name)
        if project is None:
            raise WidgetProblem("Choose one of your projects or name a new one.")
        project.members.add(person)
        return {"message": f"Saved {person.name} to the project {project.name}."}
    raise WidgetProblem("Unknown action.")


@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def frame(request):
    try:
        embed = _embed(request.GET)
    except WidgetProblem as problem:
        return _problem_page(request, problem)
    context = {"embed": embed, "signin_url": _signin_url(request)}
    member = session.current_member(request)
    if member is None:
        return _framed(
            render(request, "linkedin_sandbox/widget/frame.html", context | {"state": "signin"}), embed.origin
        )
    seat = _seat(request, member, embed.organization)
    context |= {"member": member, "seat": seat}
    if seat is None:
        page = render(
            request, "linkedin_sandbox/widget/frame.html", context | {"state": "no_seat"}, status=403
        )
        return _framed(page, embed.origin)
    ats = (
        AtsCandidate.objects.select_related("manual_matched_member")
        .filter(organization=embed.organization, ats_candidate_id=embed.ats_candidate_id)
        .first()
    )
    if ats is None:
        return _framed(
            render(request, "linkedin_sandbox/widget/frame.html", context | {"state": "not_synced"}),
            embed.origin,
        )
    status = 200
    if request.method == "POST":
        try:
            context |= _act(request, embed, seat, ats)
        except WidgetProblem as problem:
            context["error"] = problem.message
            status = problem.status
    matches = ats.matched_members()
    shown = ats.manual_matched_member or (matches[0] if matches else None)
    query = request.GET.get("q", "").strip()[:100]
    searching = request.GET.get("view") == "search"
    projects = list(seat.projects.prefetch_related("members"))
    context |= {
        "state": "profile",
        "ats": ats,
        "shown": shown,
        "manual": ats.manual_matched_member_id is not None,
        "others": [m for m in matches if m != shown],
        "searching": searching,
        "query": query,
        "results": _search(query) if searching and query else [],
        "projects": projects,
        "saved_in": [p for p in projects if shown is not None and shown in p.members.all()],
    }
    return _framed(
        render(request, "linkedin_sandbox/widget/frame.html", context, status=status), embed.origin
    )


def _signin_url(request) -> str:
    return f"{reverse('sandbox:signin')}?{urlencode({'next': reverse('sandbox:projects')})}"


def projects(request):
    """LinkedIn Recruiter > Projects: the signed-in seat holder's projects and who is saved in them."""
    member = session.current_member(request)
    if member is None:
        return session.redirect_to_sign_in(request)
    seat = session.current_seat(request, member) or member.seats.select_related("contract").first()
    context = {
        "member": member,
        "seat": seat,
        "projects": list(seat.projects.prefetch_related("members")) if seat else [],
    }
    return render(request, "linkedin_sandbox/widget/projects.html", context, status=200 if seat else 403)
