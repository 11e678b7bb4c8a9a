from django.shortcuts import render

from attract.permissions import login_required
from jobs.models import Job


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user)
    return render(request, "jobs/job_list.html", {"jobs": jobs, "nav": "jobs"})
