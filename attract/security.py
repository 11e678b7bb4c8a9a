"""Request guards that apply to every URL: they refuse what no view could store or answer sensibly.

- A NUL in the path or the query string: PostgreSQL refuses it in any text it is compared with, so a
  look-up by a code or a search word would raise; no page of Attract has a use for it.
- An upload body larger than the resume limit plus the form around it: refused before it is read
  (Django would read it to disk first), with a page that says what the limit is.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.defaults import bad_request


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return bad_request(request, ValueError("The address holds a NUL character."))
        too_large = _upload_too_large(request)
        if too_large is not None:
            return too_large
        return self.get_response(request)


def upload_body_limit() -> int:
    """The largest multipart body taken: a resume at its limit and the form fields around it."""
    return settings.RESUME_MAX_BYTES + settings.UPLOAD_FORM_OVERHEAD_BYTES


def _upload_too_large(request):
    if request.method != "POST":
        return None
    if not request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= upload_body_limit():
        return None
    return render(
        request,
        "attract/upload_too_large.html",
        {"limit": filesizeformat(settings.RESUME_MAX_BYTES)},
        status=413,
    )
