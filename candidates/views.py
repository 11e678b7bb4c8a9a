from django.shortcuts import render

from attract.permissions import login_required
from candidates.models import Candidate, TalentPool


@login_required
def candidate_list(request):
    return render(
        request,
        "candidates/candidate_list.html",
        {"candidates": Candidate.objects.visible_to(request.user)[:50]},
    )


@login_required
def pool_list(request):
    return render(request, "candidates/pool_list.html", {"pools": TalentPool.objects.all()})
