"""1-click export's page actions: the exporter has read their refused exports."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from attract.permissions import login_required
from linkedin_integration.services.export import export_refusals_seen


@login_required
@require_POST
def exports_seen(request):
    export_refusals_seen(user=request.user)
    return redirect("/settings/#exports")
