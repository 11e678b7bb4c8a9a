"""Actions on one application: move, reject, hire, withdraw, reopen, interview feedback, resume."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from attract.confirm import confirmation_page, confirmed, safe_next
from attract.errors import DomainError
from attract.permissions import login_required
from candidates import services
from candidates.forms import FeedbackForm, MoveForm, RejectForm, VersionForm
from candidates.models import Application, InterviewFeedback
from candidates.views._common import (
    add_domain_error,
    bound_data,
    flash_form_errors,
    redirect_back,
    serve_resume,
)
from jobs.permissions import can_give_feedback, can_manage_job


def _visible_application(request, pk) -> Application:
    queryset = Application.objects.visible_to(request.user).select_related("job", "candidate", "stage")
    return get_object_or_404(queryset, pk=pk)


def _act(request, pk, *, form_for, change, done):
    """Shared shape of the pipeline actions: check, validate, call the service, report, go back.

    A refused or stale change writes nothing and says why; the person lands back where they were.
    """
    application = _visible_application(request, pk)
    job = application.job
    if not can_manage_job(request.user, job):
        raise PermissionDenied("You cannot change applications on this job.")
    form = form_for(request.POST, job)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            change(application, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done(application, form.cleaned_data))
    return redirect_back(request, reverse("candidates:job_pipeline", args=[job.pk]))


@login_required
@require_POST
def application_move(request, pk):
    return _act(
        request,
        pk,
        form_for=lambda data, job: MoveForm(data, job=job),
        change=lambda app, data: services.application_move(
            application=app, to_stage=data["stage"], by=request.user, expected_version=data["version"]
        ),
        done=lambda app, data: f"{app.candidate.full_name} moved to {app.stage.name}.",
    )


@login_required
@require_POST
def application_reject(request, pk):
    return _act(
        request,
        pk,
        form_for=lambda data, job: RejectForm(data),
        change=lambda app, data: services.application_reject(
            application=app, reason=data["reason"], by=request.user, expected_version=data["version"]
        ),
        done=lambda app, data: f"{app.candidate.full_name} was rejected ({app.get_reject_reason_display()}).",
    )


@login_required
@require_POST
def application_hire(request, pk):
    return _act(
        request,
        pk,
        form_for=lambda data, job: VersionForm(data),
        change=lambda app, data: services.application_hire(
            application=app, by=request.user, expected_version=data["version"]
        ),
        done=lambda app, data: f"{app.candidate.full_name} is hired.",
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    if not confirmed(request):
        application = _visible_application(request, pk)
        if not can_manage_job(request.user, application.job):
            raise PermissionDenied("You cannot change applications on this job.")
        name = application.candidate.full_name
        return confirmation_page(
            request,
            title=f"Did {name} withdraw from {application.job.code} {application.job.title}?",
            question=f"{name} leaves this job's pipeline as Withdrawn.",
            consequences=[
                "The application moves to the job's Rejected and withdrawn list, with its history kept.",
                "You can reopen it later while the job is open.",
            ],
            action_label="Candidate withdrew",
            cancel_url=safe_next(request, reverse("candidates:activity", args=[application.candidate_id])),
        )
    return _act(
        request,
        pk,
        form_for=lambda data, job: VersionForm(data),
        change=lambda app, data: services.application_withdraw(
            application=app, by=request.user, expected_version=data["version"]
        ),
        done=lambda app, data: f"{app.candidate.full_name} withdrew.",
    )


@login_required
@require_POST
def application_reopen(request, pk):
    return _act(
        request,
        pk,
        form_for=lambda data, job: VersionForm(data),
        change=lambda app, data: services.application_reopen(
            application=app, by=request.user, expected_version=data["version"]
        ),
        done=lambda app, data: f"{app.candidate.full_name} is back in {app.stage.name}.",
    )


@login_required
def feedback(request, pk):
    """Interview feedback from someone on the job's hiring team."""
    application = _visible_application(request, pk)
    if not can_give_feedback(request.user, application.job):
        raise PermissionDenied("Only the hiring team gives interview feedback.")
    form = FeedbackForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(application=application, interviewer=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, f"Thank you: your feedback on {application.candidate.full_name} is saved."
            )
            return redirect("candidates:activity", pk=application.candidate_id)
    given = (
        InterviewFeedback.objects.alive().filter(application=application, interviewer=request.user).first()
    )
    return render(
        request,
        "candidates/feedback_form.html",
        {"application": application, "form": form, "given": given, "nav": "candidates"},
    )


@login_required
def application_resume(request, pk):
    application = _visible_application(request, pk)
    name = (
        f"resume-{application.candidate.first_name}-{application.candidate.last_name}-{application.job.code}"
    )
    return serve_resume(application.resume, name.replace(" ", "-"))
