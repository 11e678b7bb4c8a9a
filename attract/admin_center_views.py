from django.shortcuts import render

from attract.permissions import admin_required


@admin_required
def users(request):
    return render(request, "attract/admin_center/users.html", {"tab": "users"})


@admin_required
def process_template(request):
    return render(request, "attract/admin_center/process.html", {"tab": "process"})
