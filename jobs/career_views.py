from django.shortcuts import render

from jobs.models import Job


def career_list(request):
    jobs = Job.objects.active_public()
    return render(request, "jobs/careers/list.html", {"jobs": jobs})
