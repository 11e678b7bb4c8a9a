"""Asks for an In-ATS push soon after a change. jobs/ and candidates/ know nothing of LinkedIn, so the
change is noticed here: any successful write request (not the sandbox's, not LinkedIn's own pushes)
may have changed what LinkedIn shows; sync_soon debounces, and a run with nothing new costs a few
queries and no call."""

from linkedin_integration.tasks import sync_soon

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
IGNORED_PREFIXES = ("/sandbox/", "/linkedin/rsc/callback/", "/static/", "/healthz")


class SyncSoonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in WRITES
            and response.status_code < 400
            and not request.path.startswith(IGNORED_PREFIXES)
        ):
            sync_soon()
        return response
