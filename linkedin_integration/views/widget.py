"""The profile widget's callbacks: the page around LinkedIn's widget (static/js/linkedin-widget.js)
posts here when the recruiter links or unlinks a member in it.

Answers are JSON for that script: 200 with the candidate's link as Attract now holds it, or 4xx with a
message a person can read. CSRF is checked as on every POST (the script sends the page's token)."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from attract import roles
from candidates.models import Candidate
from linkedin_integration.models import LinkedInConnection, MemberLink
from linkedin_integration.services.integrations import rsc_enabled
from linkedin_integration.services.widget import WidgetRefusal, widget_link, widget_unlink

ACTIONS = ("link", "unlink")


def _refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _answer(candidate: Candidate, message: str) -> JsonResponse:
    link = MemberLink.objects.filter(candidate_id=candidate.pk).values("member_urn", "source").first()
    return JsonResponse(
        {
            "ok": True,
            "message": message,
            "member": link["member_urn"] if link else None,
            "source": MemberLink.Source(link["source"]).label if link else None,
        }
    )


@require_POST
def widget_callback(request, pk):
    user = request.user
    if not user.is_authenticated:
        return _refused("Sign in to Attract again, then reload the page.", 401)
    candidate = Candidate.objects.visible_to(user).filter(pk=pk).first()
    if candidate is None:
        return _refused("There is no such candidate, or you may not see them.", 404)
    if roles.is_read_only(user):
        return _refused("Read-only users cannot change a candidate's LinkedIn link.", 403)
    if not rsc_enabled():
        return _refused("LinkedIn Recruiter is not set up: ask an administrator.", 403)
    if not LinkedInConnection.objects.filter(user=user).exists():
        return _refused("Connect your LinkedIn account in Settings first.", 403)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return _refused("action must be link or unlink.", 400)
    member = request.POST.get("member", "")
    try:
        if action == "link":
            widget_link(
                candidate=candidate,
                member_urn=member,
                actor=user,
                visible_ids=Candidate.objects.visible_to(user)
                .filter(linkedin_member_link__member_urn=member.strip())
                .values_list("pk", flat=True),
            )
            return _answer(candidate, f"Linked {candidate.full_name} to {member.strip()} in Attract.")
        removed = widget_unlink(candidate=candidate, member_urn=member)
    except WidgetRefusal as exc:
        return _refused(exc.message, exc.status)
    message = "Unlinked in Attract." if removed else "This candidate was not linked in Attract."
    return _answer(candidate, message)
