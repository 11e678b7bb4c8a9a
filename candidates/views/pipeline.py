"""The job page: header and pipeline board, its lazily loaded columns, and closing the job."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_http_methods

from attract.confirm import Choice, Option, confirmation_page, confirmed, safe_next
from attract.errors import DomainError
from attract.permissions import login_required
from candidates import selectors, services
from candidates.forms import CloseJobForm
from candidates.models import Application
from candidates.views._common import flash_form_errors
from jobs.models import IN_PIPELINE, IN_PIPELINE_MEANS
from jobs.permissions import can_manage_job


def _board_context(request, job, view, stages):
    """What every card needs, computed once per page rather than once per card."""
    can_act = can_manage_job(request.user, job) and not job.is_closed
    return {
        "job": job,
        "view": view,
        "can_act": can_act,
        "stage_options": format_html_join(
            "", '<option value="{}">{}</option>', ((s.pk, s.name) for s in stages)
        ),
        "reason_options": format_html_join(
            "", '<option value="{}">{}</option>', Application.RejectReason.choices
        ),
        "board_url": reverse("candidates:job_pipeline", args=[job.pk])
        + ("?view=closed" if view == "closed" else ""),
        # Cards build their links from these prefixes: reversing four URLs per card would cost
        # more than the rest of the page.
        "application_url": reverse("candidates:application_move", args=[0]).removesuffix("0/move/"),
        "candidate_url": reverse("candidates:detail", args=[0]).removesuffix("0/"),
    }


@login_required
@require_GET
def job_pipeline(request, pk):
    job = selectors.visible_job_or_404(request.user, pk)
    pipeline = selectors.pipeline_for_job(job, request.user, view=request.GET.get("view", "open"))
    context = _board_context(request, job, pipeline.view, pipeline.stages)
    context.update(
        {
            "pipeline": pipeline,
            "can_manage": can_manage_job(request.user, job),
            "active_tab": "pipeline",
            "has_hire": pipeline.has_hire,
            "nav": "jobs",
            "closed_count": pipeline.totals[Application.Status.REJECTED]
            + pipeline.totals[Application.Status.WITHDRAWN],
            "open_count": sum(pipeline.totals[status] for status in IN_PIPELINE),
            "in_pipeline_means": IN_PIPELINE_MEANS,
            "can_add_candidates": selectors.can_edit_candidates(request.user)
            and can_manage_job(request.user, job)
            and not job.is_closed,
        }
    )
    return render(request, "candidates/pipeline.html", context)


@login_required
@require_GET
def pipeline_column(request, pk, stage_pk):
    """The next cards of one column: a fragment for htmx, a page of its own without JavaScript."""
    job = selectors.visible_job_or_404(request.user, pk)
    stages = list(job.stages.all())
    stage = next((s for s in stages if s.pk == stage_pk), None)
    if stage is None:
        raise Http404("No such stage on this job.")
    view = request.GET.get("view", "open")
    view = view if view in selectors.BOARD_STATUSES else "open"
    column = selectors.pipeline_column(
        job, request.user, stage=stage, after=request.GET.get("after"), view=view
    )
    context = _board_context(request, job, view, stages)
    context["column"] = column
    template = "candidates/_column_cards.html" if request.htmx else "candidates/pipeline_column.html"
    return render(request, template, context)


CLOSE_CONSEQUENCES = [
    "It leaves the career site at once and, if it is posted there, LinkedIn with the next feed.",
    "Its pipeline becomes read-only: nobody can be moved, rejected or hired.",
    "You can reopen it later from its header; closing and reopening are kept in its history.",
]


@login_required
@require_http_methods(["GET", "POST"])
def job_close(request, pk):
    """Close a job after a confirmation that names its consequences and asks to choose "Close as"."""
    job = selectors.visible_job_or_404(request.user, pk)
    if not can_manage_job(request.user, job):
        raise PermissionDenied("You cannot close this job.")
    back = reverse("candidates:job_pipeline", args=[job.pk])
    if job.is_closed:
        messages.error(request, f"The job {job.code} is already closed.")
        return redirect(back)
    if not confirmed(request):
        has_hire = job.applications.filter(status=Application.Status.HIRED).exists()
        return confirmation_page(
            request,
            title=f"Close {job.code} {job.title}?",
            question="Closing the job ends its hiring.",
            consequences=CLOSE_CONSEQUENCES,
            action_label="Close job",
            cancel_url=safe_next(request, back),
            choice=Choice(
                name="reason",
                legend="Close as",
                options=[
                    Option("CANCELLED", "Cancelled: nobody will be hired"),
                    Option(
                        "POSITION_FILLED",
                        "Position filled",
                        "" if has_hire else "only once a candidate is hired",
                    ),
                ],
                initial="POSITION_FILLED" if has_hire else "CANCELLED",
            ),
        )
    form = CloseJobForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            services.job_close(job=job, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"{job.code} is closed ({job.get_close_reason_display()}): it has left the career site "
                "and its pipeline is read-only.",
            )
    return redirect(back)
