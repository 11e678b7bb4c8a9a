"""Recruiter pages of a job: the list, creating and editing, the hiring process, the hiring team and
activation. The job page itself (/jobs/<id>/, with its pipeline) is the candidates app's board."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from attract import roles
from attract.confirm import confirmation_page, confirmed
from attract.errors import DomainError
from attract.paging import page_number
from attract.permissions import login_required
from jobs import services
from jobs.forms import JobForm, StageNameForm, TeamMemberForm
from jobs.models import IN_PIPELINE_MEANS, Job, JobRole, StageKind
from jobs.permissions import can_manage_job

PAGE_SIZE = 25
HISTORY_SHOWN = 50
STATUS_FILTERS = {
    "open": ("DRAFT", "ACTIVE"),
    "draft": ("DRAFT",),
    "active": ("ACTIVE",),
    "closed": ("CLOSED",),
}


def _job_or_404(user, pk) -> Job:
    """Jobs a user may not see do not exist for them (404, not 403: nothing leaks)."""
    return get_object_or_404(Job.objects.visible_to(user).select_related("owner"), pk=pk)


def _managed_job(user, pk) -> Job:
    job = _job_or_404(user, pk)
    if not can_manage_job(user, job):
        raise PermissionDenied(
            "Only the job's recruiters and hiring managers (or an administrator) can change it."
        )
    return job


def header_context(user, job: Job, active_tab: str) -> dict:
    return {
        "job": job,
        "active_tab": active_tab,
        "can_manage": can_manage_job(user, job),
        "has_hire": job.applications.filter(status="HIRED").exists(),
        "nav": "jobs",
    }


@login_required
def job_list(request):
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS or status == "all" else "open"
    query = request.GET.get("q", "").strip()
    jobs = Job.objects.visible_to(request.user).select_related("owner")
    if status != "all":
        jobs = jobs.filter(status__in=STATUS_FILTERS[status])
    if query:
        jobs = jobs.filter(Q(title__icontains=query) | Q(code__iexact=query) | Q(city__icontains=query))
    jobs = jobs.with_pipeline_count().order_by("-created_at")
    page = Paginator(jobs, PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": [
                ("open", "Open"),
                ("draft", "Draft"),
                ("active", "Active"),
                ("closed", "Closed"),
                ("all", "All"),
            ],
            "can_create": roles.can_create_jobs(request.user),
            "in_pipeline_means": IN_PIPELINE_MEANS,
            "nav": "jobs",
        },
    )


@login_required
def job_create(request):
    if not roles.can_create_jobs(request.user):
        raise PermissionDenied("Only administrators, recruiters and hiring managers create jobs.")
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(by=request.user, **form.job_fields())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"{job.code} {job.title} is created as a draft. Check its hiring process, then activate it.",
            )
            return redirect("jobs:process", pk=job.pk)
    return render(request, "jobs/job_form.html", {"form": form, "job": None, "nav": "jobs"})


@login_required
def job_edit(request, pk):
    job = _job_or_404(request.user, pk)
    editable = can_manage_job(request.user, job) and not job.is_closed
    if request.method == "POST":
        if not can_manage_job(request.user, job):
            raise PermissionDenied("Only the job's recruiters and hiring managers can edit it.")
        form = JobForm(request.POST, instance=Job.objects.get(pk=job.pk))
        if job.is_closed:
            form.add_error(None, f"{job.code} is closed: it can no longer be changed.")
        elif form.is_valid():
            try:
                services.job_update(
                    job=job,
                    by=request.user,
                    expected_updated_at=parse_datetime(form.cleaned_data["version"] or ""),
                    **form.job_fields(),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "The job is saved.")
                return redirect("jobs:details", pk=job.pk)
        job.refresh_from_db()
    else:
        form = JobForm(instance=job)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    context = header_context(request.user, job, "details")
    context.update(
        {"form": form, "editable": editable, "events": list(job.events.select_related("by")[:HISTORY_SHOWN])}
    )
    return render(request, "jobs/job_details.html", context, status=400 if form.errors else 200)


def _process_page(request, job, *, add_form=None, rename_form=None, renamed_pk=None, status=200):
    """The job's process editor. A refused name shows its error next to the stage (or the "New stage"
    field) it was typed into, with what was typed."""
    context = header_context(request.user, job, "process")
    stages = list(job.stages.annotate(app_count=Count("applications")).order_by("position"))
    # Only custom stages move, among themselves: arrows that could only fail are not shown.
    custom = [stage.kind == StageKind.CUSTOM for stage in stages]
    for index, stage in enumerate(stages):
        stage.can_move_up = custom[index] and index > 0 and custom[index - 1]
        stage.can_move_down = custom[index] and index + 1 < len(stages) and custom[index + 1]
    context.update(
        {
            "stages": stages,
            "editable": context["can_manage"] and job.is_draft,
            "has_prospect": any(stage.kind == StageKind.PROSPECT for stage in stages),
            "add_form": add_form or StageNameForm(),
            "rename_form": rename_form,
            "renamed_pk": renamed_pk,
        }
    )
    return render(request, "jobs/job_process.html", context, status=status)


@login_required
def job_process(request, pk):
    return _process_page(request, _job_or_404(request.user, pk))


PROCESS_ACTIONS = {"add", "rename", "up", "down", "remove", "prospect_on", "prospect_off"}


def _stage_name_change(request, job, action, stage_id):
    """Add or rename a stage; a refused name answers with the page and its field error (400)."""
    if action == "rename" and not job.stages.filter(pk=stage_id).exists():
        messages.error(request, "That stage is not part of this job's process (it may have been removed).")
        return redirect("jobs:process", pk=job.pk)
    form = StageNameForm(request.POST)
    if form.is_valid():
        try:
            if action == "add":
                stage = services.stage_add(job=job, name=form.cleaned_data["name"], by=request.user)
                success = f"“{stage.name}” is added before Offer."
            else:
                stage = services.stage_rename(
                    job=job, stage_id=stage_id, name=form.cleaned_data["name"], by=request.user
                )
                success = f"The stage is renamed “{stage.name}”."
        except DomainError as exc:
            if exc.field != "name":
                messages.error(request, exc.message)
                return redirect("jobs:process", pk=job.pk)
            form.add_error("name", exc.message)
        else:
            messages.success(request, success)
            return redirect("jobs:process", pk=job.pk)
    if action == "add":
        return _process_page(request, job, add_form=form, status=400)
    return _process_page(request, job, rename_form=form, renamed_pk=stage_id, status=400)


@login_required
@require_POST
def job_process_change(request, pk):
    job = _managed_job(request.user, pk)
    action = request.POST.get("action", "")
    if action not in PROCESS_ACTIONS:
        messages.error(request, "Unknown change to the process.")
        return redirect("jobs:process", pk=job.pk)
    stage_id = _int_or_none(request.POST.get("stage"))
    if action in ("add", "rename"):
        return _stage_name_change(request, job, action, stage_id)
    try:
        if action in ("up", "down"):
            services.stage_move(job=job, stage_id=stage_id, direction=action, by=request.user)
        elif action == "remove":
            services.stage_remove(job=job, stage_id=stage_id, by=request.user)
            messages.success(request, "The stage is removed.")
        else:
            services.prospect_set(job=job, enabled=action == "prospect_on", by=request.user)
            messages.success(request, f"Prospect is switched {'on' if action == 'prospect_on' else 'off'}.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("jobs:process", pk=job.pk)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def job_team(request, pk):
    job = _job_or_404(request.user, pk)
    form = TeamMemberForm()
    if request.method == "POST":
        job = _managed_job(request.user, pk)
        form = TeamMemberForm(request.POST)
        if form.is_valid():
            try:
                member = services.team_add(job=job, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                who = member.user.get_full_name() or member.user
                messages.success(request, f"{who} is {member.get_role_display()} on {job.code}.")
                return redirect("jobs:team", pk=job.pk)
    context = header_context(request.user, job, "team")
    context.update(
        {
            "members": JobRole.objects.filter(job=job)
            .select_related("user")
            .order_by("role", "user__first_name"),
            "form": form,
            "editable": context["can_manage"] and not job.is_closed,
        }
    )
    return render(request, "jobs/job_team.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def job_team_remove(request, pk, member_pk):
    job = _managed_job(request.user, pk)
    if not confirmed(request):
        member = get_object_or_404(JobRole.objects.select_related("user"), job=job, pk=member_pk)
        who = member.user.get_full_name() or member.user.username
        return confirmation_page(
            request,
            title=f"Take {who} off the hiring team of {job.code}?",
            question=f"{who} stops being {member.get_role_display()} on {job.code} {job.title}.",
            consequences=[
                f"Unless another role lets them, {who} no longer sees this job, its candidates or their "
                "feedback.",
                "Feedback and notes they already wrote stay.",
            ],
            action_label="Take off the team",
            cancel_url=reverse("jobs:team", args=[job.pk]),
        )
    try:
        services.team_remove(job=job, member_id=member_pk, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Removed from the hiring team.")
    return redirect("jobs:team", pk=job.pk)


@login_required
@require_POST
def job_activate(request, pk):
    job = _managed_job(request.user, pk)
    try:
        services.job_activate(job=job, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{job.code} is active: its process is locked and, if public, it is on the career site."
        )
    return redirect("candidates:job_pipeline", pk=job.pk)


@login_required
@require_POST
def job_reopen(request, pk):
    job = _managed_job(request.user, pk)
    try:
        job = services.job_reopen(job=job, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{job.code} is open again ({job.get_status_display()}): its pipeline can change and, if it is "
            "active and public, it is back on the career site.",
        )
    return redirect("candidates:job_pipeline", pk=job.pk)
