"""Candidate search, create and edit, the profile with its tabs, notes, adding to a job or a pool."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from attract import roles
from attract.errors import DomainError
from attract.paging import page_number
from attract.permissions import login_required
from candidates import selectors, services
from candidates.forms import CandidateForm, JobChoiceForm, JobPickForm, NoteForm, PoolChoiceForm, SearchForm
from candidates.models import CandidateSource, Note
from candidates.views._common import (
    add_domain_error,
    bound_data,
    flash_form_errors,
    redirect_back,
    serve_resume,
)
from jobs.models import JobRole, StageKind
from jobs.permissions import can_give_feedback, can_manage_job, job_roles_of, prime_job_roles


@login_required
@require_GET
def candidate_list(request):
    form = SearchForm(request.GET)
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = selectors.candidate_search(request.user, query, page=page_number(request))
    else:
        # A refused search shows its error, not the unfiltered list.
        query = request.GET.get("q", "")
        results = selectors.ResultPage(items=[], number=1, has_next=False)
    return render(
        request,
        "candidates/candidate_list.html",
        {
            "form": form,
            "query": query,
            "results": results,
            # Rows link to "<prefix><pk>/" instead of reversing a URL per row.
            "detail_url": reverse("candidates:detail", args=[0]).removesuffix("0/"),
            "can_create": selectors.can_edit_candidates(request.user),
            "nav": "candidates",
        },
    )


def _target_job(request):
    """The job a new candidate goes straight onto (?job=<pk>): one the user manages and is open."""
    pk = request.GET.get("job") or request.POST.get("job")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404("No such job.")
    job = selectors.visible_job_or_404(request.user, int(pk))
    if not can_manage_job(request.user, job):
        raise PermissionDenied("You cannot add candidates to this job.")
    return job


@login_required
def candidate_create(request):
    if not selectors.can_edit_candidates(request.user):
        raise PermissionDenied("You cannot add candidates.")
    job = _target_job(request)
    form = CandidateForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            # The candidate and their place on the job are one change: both or neither.
            with transaction.atomic():
                candidate = services.candidate_create(
                    **form.cleaned_data, source=CandidateSource.MANUAL, by=request.user
                )
                if job is not None:
                    services.application_create(
                        candidate=candidate, job=job, stage_kind=StageKind.PROSPECT, by=request.user
                    )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if job is not None:
                messages.success(request, f"{candidate.full_name} was added to {job.code} {job.title}.")
                return redirect("candidates:job_pipeline", pk=job.pk)
            messages.success(request, f"{candidate.full_name} was added.")
            return redirect("candidates:detail", pk=candidate.pk)
    return render(
        request,
        "candidates/candidate_form.html",
        {"form": form, "job": job, "candidate": None, "nav": "candidates"},
    )


@login_required
def candidate_edit(request, pk):
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    if not selectors.can_edit_candidates(request.user):
        raise PermissionDenied("You cannot edit candidates.")
    form = CandidateForm(*bound_data(request), instance=candidate)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        resume = data.pop("resume", None)
        try:
            services.candidate_update(candidate=candidate, by=request.user, resume=resume, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "The profile is saved.")
            return redirect("candidates:detail", pk=candidate.pk)
    if form.is_bound:
        # A refused form must not show its rejected values in the page header.
        candidate.refresh_from_db()
    return render(
        request,
        "candidates/candidate_form.html",
        {"form": form, "job": None, "candidate": candidate, "nav": "candidates"},
    )


def _profile_context(request, candidate, tab):
    user = request.user
    return {
        "candidate": candidate,
        "tab": tab,
        "nav": "candidates",
        "can_edit": selectors.can_edit_candidates(user),
        "can_manage_pools": selectors.can_manage_pools(user),
        "can_write_notes": selectors.can_write_notes(user),
    }


@login_required
@require_GET
def candidate_detail(request, pk):
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    context = _profile_context(request, candidate, "profile")
    memberships = selectors.candidate_pool_memberships(candidate)
    context["memberships"] = memberships
    if context["can_manage_pools"]:
        member_of = {m.pool_id for m in memberships}
        pool_form = PoolChoiceForm()
        pool_form.fields["pool"].queryset = pool_form.fields["pool"].queryset.exclude(pk__in=member_of)
        context["pool_form"] = pool_form
    return render(request, "candidates/candidate_detail.html", context)


@login_required
@require_GET
def candidate_activity(request, pk):
    """Applications and activity. With ?page=N from htmx: only the next activity items."""
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    return _activity_page(request, candidate, page=page_number(request))


def _activity_page(request, candidate, *, page=1, note_form=None, status=200):
    """The Applications and activity tab; a refused note comes back in note_form with its errors."""
    activity = selectors.candidate_activity(candidate, request.user, page=page)
    items_context = {
        "candidate": candidate,
        "activity": activity,
        "can_write_notes": selectors.can_write_notes(request.user),
        # Items build their delete links from this prefix instead of reversing a URL per note.
        "note_url": reverse("candidates:note_delete", args=[0]).removesuffix("0/delete/"),
    }
    if request.htmx and activity.number > 1:
        return render(request, "candidates/_activity_items.html", items_context)
    context = _profile_context(request, candidate, "activity")
    context.update(items_context)
    applications = selectors.candidate_applications(candidate, request.user)
    prime_job_roles(request.user, [a.job for a in applications])
    for application in applications:
        application.can_manage = can_manage_job(request.user, application.job)
        application.can_give_feedback = can_give_feedback(request.user, application.job)
    # Says why colleagues' feedback is missing from the activity (the selector leaves it out).
    sees_all_feedback = roles.is_admin(request.user) or roles.is_read_only(request.user)
    feedback_waits = not sees_all_feedback and any(
        a.can_give_feedback and JobRole.Role.RECRUITER not in job_roles_of(request.user, a.job)
        for a in applications
    )
    open_ones = [a for a in applications if not a.job.is_closed]
    context.update(
        {
            "applications": applications,
            "feedback_waits": feedback_waits,
            "note_form": note_form or NoteForm(applications=open_ones),
            # Rows build their links from these prefixes instead of reversing URLs per application.
            "job_url": reverse("candidates:job_pipeline", args=[0]).removesuffix("0/"),
            "application_url": reverse("candidates:application_resume", args=[0]).removesuffix("0/resume/"),
        }
    )
    if context["can_edit"]:
        on_jobs = [a.job_id for a in applications]
        jobs = selectors.manageable_open_jobs(request.user).exclude(pk__in=on_jobs)
        jobs = list(jobs.only("pk", "code", "title")[: selectors.JOB_CHOICES_LIMIT])
        context["job_form"] = JobPickForm(jobs=jobs) if jobs else None
    return render(request, "candidates/candidate_activity.html", context, status=status)


@login_required
def candidate_resume(request, pk):
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    return serve_resume(
        candidate.resume, f"resume-{candidate.first_name}-{candidate.last_name}".replace(" ", "-")
    )


@login_required
@require_POST
def candidate_add_to_job(request, pk):
    """Put an existing candidate on a job's Prospect stage (Application when Prospect is off)."""
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    if not selectors.can_edit_candidates(request.user):
        raise PermissionDenied("You cannot add candidates to jobs.")
    form = JobChoiceForm(request.POST, jobs=selectors.manageable_open_jobs(request.user))
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        job = form.cleaned_data["job"]
        try:
            services.application_create(
                candidate=candidate, job=job, stage_kind=StageKind.PROSPECT, by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{candidate.full_name} was added to {job.code} {job.title}.")
    return redirect_back(request, reverse("candidates:activity", args=[candidate.pk]))


@login_required
@require_POST
def candidate_add_to_pool(request, pk):
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    if not selectors.can_manage_pools(request.user):
        raise PermissionDenied("You cannot change talent pools.")
    form = PoolChoiceForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        pool = form.cleaned_data["pool"]
        try:
            services.pool_add_member(pool=pool, candidate=candidate, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{candidate.full_name} was added to {pool.name}.")
    return redirect_back(request, reverse("candidates:detail", args=[candidate.pk]))


@login_required
@require_POST
def note_add(request, pk):
    candidate = selectors.visible_candidate_or_404(request.user, pk)
    if not selectors.can_write_notes(request.user):
        raise PermissionDenied("You cannot add notes.")
    applications = selectors.candidate_applications(candidate, request.user)
    # The same choices as the page offers: a note goes on the candidate or one of their open applications.
    form = NoteForm(request.POST, applications=[a for a in applications if not a.job.is_closed])
    if form.is_valid():
        try:
            services.note_create(candidate=candidate, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "The note is added.")
            return redirect("candidates:activity", pk=candidate.pk)
    return _activity_page(request, candidate, note_form=form, status=400)


@login_required
@require_POST
def note_delete(request, pk):
    note = get_object_or_404(Note.objects.alive().select_related("candidate"), pk=pk)
    candidate = selectors.visible_candidate_or_404(request.user, note.candidate_id)
    if not selectors.can_write_notes(request.user):
        raise PermissionDenied("You cannot delete notes.")
    if note.author_id != request.user.pk and not roles.is_admin(request.user):
        raise PermissionDenied("Only the author or an administrator can delete this note.")
    try:
        services.note_delete(note=note, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The note is deleted.")
    return redirect("candidates:activity", pk=candidate.pk)
