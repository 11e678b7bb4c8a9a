from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect

from attract.permissions import admin_required


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
