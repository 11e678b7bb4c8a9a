"""Talent pools: list, create, rename, delete, members in and out, push members to a job."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from attract.errors import DomainError
from attract.paging import page_number
from attract.permissions import login_required
from candidates import selectors, services
from candidates.forms import CandidateChoiceForm, PoolForm, PushToJobForm
from candidates.models import Candidate
from candidates.views._common import add_domain_error, bound_data, flash_form_errors


def _require_pool_manager(user):
    if not selectors.can_manage_pools(user):
        raise PermissionDenied("You cannot change talent pools.")


@login_required
def pool_list(request):
    pools = selectors.pools_for_user(request.user)
    form = PoolForm()
    return render(
        request,
        "candidates/pool_list.html",
        {
            "pools": pools,
            "form": form,
            "can_manage": selectors.can_manage_pools(request.user),
            "nav": "pools",
        },
    )


@login_required
def pool_create(request):
    _require_pool_manager(request.user)
    form = PoolForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"The talent pool {pool.name} is created.")
            return redirect("candidates:pool", pk=pool.pk)
    return render(request, "candidates/pool_form.html", {"form": form, "pool": None, "nav": "pools"})


def _detail_context(request, pool, **extra):
    members = selectors.pool_members(pool, page=page_number(request))
    can_manage = selectors.can_manage_pools(request.user)
    context = {"pool": pool, "members": members, "can_manage": can_manage, "nav": "pools"}
    if can_manage:
        jobs = selectors.manageable_open_jobs(request.user)[: selectors.JOB_CHOICES_LIMIT]
        context["push_form"] = PushToJobForm(jobs=jobs, pool=pool)
        context["add_form"] = CandidateChoiceForm()
        if not pool.is_system:
            context["rename_form"] = PoolForm(instance=pool)
    context.update(extra)
    return context


@login_required
@require_GET
def pool_detail(request, pk):
    pool = selectors.pool_or_404(request.user, pk)
    return render(request, "candidates/pool_detail.html", _detail_context(request, pool))


@login_required
def pool_rename(request, pk):
    pool = selectors.pool_or_404(request.user, pk)
    _require_pool_manager(request.user)
    if pool.is_system:
        messages.error(request, f"The {pool.name} pool is managed by Attract: it cannot be renamed.")
        return redirect("candidates:pool", pk=pool.pk)
    form = PoolForm(*bound_data(request), instance=pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_rename(pool=pool, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"The talent pool is now called {pool.name}.")
            return redirect("candidates:pool", pk=pool.pk)
    if form.is_bound:
        pool.refresh_from_db()
    return render(request, "candidates/pool_form.html", {"form": form, "pool": pool, "nav": "pools"})


@login_required
@require_POST
def pool_delete(request, pk):
    pool = selectors.pool_or_404(request.user, pk)
    _require_pool_manager(request.user)
    try:
        services.pool_delete(pool=pool, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("candidates:pool", pk=pool.pk)
    messages.success(request, f"The talent pool {pool.name} is deleted.")
    return redirect("candidates:pools")


def _chosen_candidate(request, form):
    """The candidate named in the form, among those the user may see."""
    visible = Candidate.objects.visible_to(request.user)
    if form.cleaned_data.get("candidate"):
        return visible.filter(pk=form.cleaned_data["candidate"]).first()
    return visible.filter(email__iexact=form.cleaned_data["email"]).first()


@login_required
@require_POST
def pool_add(request, pk):
    pool = selectors.pool_or_404(request.user, pk)
    _require_pool_manager(request.user)
    form = CandidateChoiceForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("candidates:pool", pk=pool.pk)
    candidate = _chosen_candidate(request, form)
    if candidate is None:
        messages.error(request, "No candidate you can see has that email.")
        return redirect("candidates:pool", pk=pool.pk)
    try:
        services.pool_add_member(pool=pool, candidate=candidate, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{candidate.full_name} was added to {pool.name}.")
    return redirect("candidates:pool", pk=pool.pk)


@login_required
@require_POST
def pool_remove(request, pk):
    pool = selectors.pool_or_404(request.user, pk)
    _require_pool_manager(request.user)
    form = CandidateChoiceForm(request.POST)
    candidate = _chosen_candidate(request, form) if form.is_valid() else None
    if candidate is None:
        messages.error(request, "Choose a member to remove.")
        return redirect("candidates:pool", pk=pool.pk)
    try:
        services.pool_remove_member(pool=pool, candidate=candidate, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{candidate.full_name} was removed from {pool.name}.")
    return redirect("candidates:pool", pk=pool.pk)


@login_required
@require_POST
def pool_push(request, pk):
    """Push chosen members into a job's Prospect stage (Application when Prospect is off)."""
    pool = selectors.pool_or_404(request.user, pk)
    _require_pool_manager(request.user)
    form = PushToJobForm(request.POST, jobs=selectors.manageable_open_jobs(request.user), pool=pool)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("candidates:pool", pk=pool.pk)
    job = form.cleaned_data["job"]
    try:
        created, skipped = services.pool_push_to_job(
            pool=pool, job=job, candidates=form.cleaned_data["candidates"], by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("candidates:pool", pk=pool.pk)
    if created:
        messages.success(request, f"{len(created)} added to {job.code} {job.title}.")
    if skipped:
        names = ", ".join(c.full_name for c in skipped)
        messages.warning(request, f"Already on {job.code}: {names}.")
    return redirect("candidates:pool", pk=pool.pk)
