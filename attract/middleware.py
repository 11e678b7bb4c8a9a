"""Every page shows times in the viewer's time zone (their own setting, else the installation's), and a
section htmx loads for a signed-out viewer sends the whole page to the sign-in form."""

import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect


class TimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: reading request.user would still touch the session
        # and add "Vary: Cookie" to public answers (the feed, the career site) for nothing.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        name = getattr(getattr(request, "user", None), "time_zone", "") if signed_in else ""
        try:
            zone = zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class HtmxSignInMiddleware:
    """A section loaded by htmx after the session expired is sent to the sign-in form: htmx follows the
    redirect itself and would put the whole sign-in page inside the section. Instead the browser goes
    to it, and comes back to the page the section was on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        location = response.get("Location", "") if response.status_code == 302 else ""
        if not (getattr(request, "htmx", False) and location.startswith(settings.LOGIN_URL)):
            return response
        page = request.htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(f"{settings.LOGIN_URL}?{urlencode({'next': page})}")
