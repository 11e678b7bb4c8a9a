from functools import cache

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from attract.forms import TimeZoneForm
from attract.permissions import admin_required, login_required


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    return redirect("jobs:list" if request.user.is_authenticated else "careers:list")


@admin_required
def admin_center(request):
    return redirect("admin_center:users")


@login_required
@require_POST
def time_zone_save(request):
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        zone = request.user.time_zone or "the installation's time zone"
        messages.success(request, f"Dates and times are now shown in {zone}.")
    else:
        messages.error(request, form.errors["time_zone"][0])
    return redirect("linkedin:settings")


@cache
def _favicon_bytes() -> bytes | None:
    path = finders.find("img/favicon.ico")
    if not path:
        return None
    with open(path, "rb") as icon:
        return icon.read()


def favicon(request):
    """Browsers ask for /favicon.ico on every site whatever the page links; answer it without a redirect."""
    icon = _favicon_bytes()
    if icon is None:
        raise Http404("No favicon.")
    response = HttpResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
