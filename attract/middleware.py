"""Every page shows times in the viewer's time zone: their own setting, else the installation's."""

import zoneinfo

from django.conf import settings
from django.utils import timezone


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
