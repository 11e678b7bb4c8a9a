"""OAuth 2.0 as LinkedIn speaks it: the member sign-in and consent page at /oauth/v2/authorization and
the token endpoint at /oauth/v2/accessToken (client credentials for apps, authorization codes for members).

A bad client_id or a redirect_uri not registered for the app (a provisioned child app's
oauth2AuthorizedCallbackUrls) gets an error page and never a redirect; any other problem with the request
goes back to the (registered) redirect_uri as error=...&state=... The child app's validJsSdkDomains play
no part here: they are the origins allowed to run LinkedIn's JavaScript SDK, not sign-in redirects."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from linkedin_sandbox import services, session
from linkedin_sandbox.models import Application, Member
from linkedin_sandbox.restli import ApiError, log_call, raise_for_faults

PARTNER_CALLBACK_SUFFIX = "/linkedin/oauth/callback/"
KNOWN_SCOPES = {
    "openid",
    "profile",
    "email",
    "r_liteprofile",
    "r_basicprofile",
    "r_emailaddress",
    "w_member_social",
}
SCOPE_LABELS = {
    "openid": "Use your name and photo to sign you in",
    "profile": "Your name, headline and photo",
    "email": "Your primary email address",
    "r_liteprofile": "Your name and photo",
    "r_basicprofile": "Your name, headline, photo and public profile URL",
    "r_emailaddress": "Your primary email address",
    "w_member_social": "Post, comment and react on your behalf",
}


class PageError(Exception):
    pass


def _redirect_uri_registered(app: Application, redirect_uri: str) -> bool:
    if app.kind == Application.Kind.CHILD:
        return redirect_uri in app.oauth2_authorized_callback_urls
    # The partner app signs admins in before any child app exists: it takes this installation's callback.
    parts = urlsplit(redirect_uri)
    return (
        redirect_uri.startswith(settings.SITE_URL + "/")
        and parts.path.endswith(PARTNER_CALLBACK_SUFFIX)
        and not parts.query
        and not parts.fragment
    )


def _client_and_redirect(params) -> tuple[Application, str]:
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if not client_id:
        raise PageError("The request has no client_id.")
    app = Application.objects.filter(client_id=client_id).first()
    if app is None:
        raise PageError(f"There is no application with client_id {client_id}.")
    if not redirect_uri:
        raise PageError("The request has no redirect_uri.")
    if not _redirect_uri_registered(app, redirect_uri):
        raise PageError(f"The redirect_uri {redirect_uri} is not registered for the application {app.name}.")
    return app, redirect_uri


def _request_problem(params) -> tuple[str, str] | None:
    """The OAuth error (code, description) to send back to the client, or None."""
    if params.get("response_type") != "code":
        return "unsupported_response_type", "response_type must be code."
    if not params.get("state"):
        return "invalid_request", "The request has no state."
    scopes = params.get("scope", "").split()
    if not scopes:
        return "invalid_request", "The request has no scope."
    unknown = sorted(set(scopes) - KNOWN_SCOPES)
    if unknown:
        return "invalid_scope", f"Unknown scope: {' '.join(unknown)}."
    return None


def _back_to_client(redirect_uri: str, **params) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{redirect_uri}?{urlencode(params)}")


def authorize(request):
    params = request.POST if request.method == "POST" else request.GET
    try:
        app, redirect_uri = _client_and_redirect(params)
    except PageError as exc:
        return render(request, "linkedin_sandbox/oauth_error.html", {"message": str(exc)}, status=400)
    state = params.get("state", "")
    problem = _request_problem(params)
    if problem:
        return _back_to_client(redirect_uri, error=problem[0], error_description=problem[1], state=state)
    scope = " ".join(params["scope"].split())
    members = list(Member.objects.all())
    chosen = session.current_member(request)
    error = ""
    if request.method == "POST":
        if params.get("decision") == "deny":
            return _back_to_client(
                redirect_uri,
                error="access_denied",
                error_description="The member refused the request.",
                state=state,
            )
        member = next((m for m in members if str(m.pk) == params.get("member")), None)
        if member is not None:
            code = services.code_issue(application=app, member=member, redirect_uri=redirect_uri, scope=scope)
            session.sign_in(request, member)
            return _back_to_client(redirect_uri, code=code, state=state)
        error = "Choose the member to sign in as."
    context = {
        "app": app,
        "members": members,
        "chosen": chosen,
        "member": chosen,
        "scopes": [(name, SCOPE_LABELS[name]) for name in scope.split()],
        "params": {
            name: params.get(name, "") for name in ("response_type", "client_id", "redirect_uri", "state")
        },
        "scope": scope,
        "error": error,
    }
    return render(request, "linkedin_sandbox/authorize.html", context, status=400 if error else 200)


def _oauth_error(status: int, error: str, description: str) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


# The form's media type as declared. Postman sends the collection's partner token request as
# text/plain over a form-encoded body, and LinkedIn answers it, so a text/plain body is read as the form.
# (assumption: LinkedIn publishes no rule for text/plain; what it refuses here, JSON for one, is refused.)
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "text/plain")


def _token_form(request) -> dict | None:
    """The token request's parameters, or None when the body is not a form."""
    if request.content_type not in FORM_CONTENT_TYPES:
        return None
    if request.content_type == "application/x-www-form-urlencoded":
        return request.POST
    try:
        text = request.body.decode()
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
    except (UnicodeDecodeError, ValueError):
        return None
    return dict(pairs)


@csrf_exempt
def access_token(request):
    form = _token_form(request) if request.method == "POST" else None
    client_id = (form or {}).get("client_id", "")
    response = _access_token(request, form)
    message = "" if response.status_code == 200 else response.content.decode()[:300]
    log_call(request, response.status_code, client_id=client_id, message=message)
    return response


def _access_token(request, form):
    try:
        raise_for_faults()
    except ApiError as exc:
        return exc.response()
    if request.method != "POST":
        return _oauth_error(405, "invalid_request", "The token endpoint only takes POST.")
    if form is None:
        return _oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.")
    grant_type = form.get("grant_type", "")
    if not grant_type:
        return _oauth_error(400, "invalid_request", 'A required parameter "grant_type" is missing.')
    if grant_type not in ("client_credentials", "authorization_code"):
        return _oauth_error(400, "unsupported_grant_type", f"grant_type {grant_type} is not supported.")
    for name in ("client_id", "client_secret"):
        if not form.get(name):
            return _oauth_error(400, "invalid_request", f'A required parameter "{name}" is missing.')
    app = services.client_authenticate(client_id=form["client_id"], client_secret=form["client_secret"])
    if app is None:
        return _oauth_error(401, "invalid_client", "Client authentication failed.")
    if grant_type == "client_credentials":
        raw, token = services.token_issue(application=app)
        return JsonResponse({"access_token": raw, "expires_in": int(services.TOKEN_LIFETIME.total_seconds())})
    for name in ("code", "redirect_uri"):
        if not form.get(name):
            return _oauth_error(400, "invalid_request", f'A required parameter "{name}" is missing.')
    try:
        raw, token = services.code_redeem(
            application=app, code=form["code"], redirect_uri=form["redirect_uri"]
        )
    except services.SandboxError as exc:
        return _oauth_error(400, "invalid_grant", exc.message)
    return JsonResponse(
        {
            "access_token": raw,
            "expires_in": int(services.TOKEN_LIFETIME.total_seconds()),
            "scope": token.scope,
        }
    )
