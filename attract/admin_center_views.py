"""Admin center: users and roles, and the default hiring process template. Administrators only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from attract import forms, services
from attract import roles as role_rules
from attract.errors import DomainError
from attract.models import User
from attract.paging import page_number
from attract.permissions import admin_required
from jobs.models import ProcessTemplateStage, StageKind

USERS_PER_PAGE = 50


def _show_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@admin_required
def index(request):
    return redirect("admin_center:users")


@admin_required
def users(request):
    query = request.GET.get("q", "").strip()
    people = User.objects.prefetch_related("groups").order_by("first_name", "last_name", "username")
    if query:
        people = people.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(people, USERS_PER_PAGE).get_page(page_number(request))
    context = {"tab": "users", "nav": "admin", "page": page, "people": page.object_list, "query": query}
    return render(request, "attract/admin_center/users.html", context)


@admin_required
def user_create(request):
    form = forms.UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.user_create(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password1"],
                roles=data["roles"],
                by=request.user,
            )
        except DomainError as exc:
            _show_domain_error(form, exc)
        else:
            messages.success(request, f"{person} can now sign in as “{person.username}”.")
            return redirect("admin_center:users")
    return render(
        request, "attract/admin_center/user_form.html", {"tab": "users", "nav": "admin", "form": form}
    )


@admin_required
def user_edit(request, pk):
    person = get_object_or_404(User.objects.prefetch_related("groups"), pk=pk)
    form = forms.UserUpdateForm.for_user(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                user=person,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
                by=request.user,
            )
        except DomainError as exc:
            _show_domain_error(form, exc)
        else:
            messages.success(request, f"Saved {person}.")
            if person.pk == request.user.pk and not role_rules.is_admin(person):
                # They gave up their own Administrator role: the Admin center is closed to them now.
                return redirect("home")
            return redirect("admin_center:users")
    context = {"tab": "users", "nav": "admin", "form": form, "person": person}
    return render(request, "attract/admin_center/user_form.html", context)


def _set_active(request, pk, *, active: bool):
    person = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(user=person, active=active, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("admin_center:user_edit", pk=person.pk)
    if active:
        messages.success(request, f"{person} can sign in again.")
    else:
        messages.success(request, f"{person} is deactivated and can no longer sign in.")
    return redirect("admin_center:users")


@admin_required
@require_POST
def user_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@admin_required
@require_POST
def user_reactivate(request, pk):
    return _set_active(request, pk, active=True)


def _process_page(request, *, add_form=None, rename_form=None, renamed_pk=None, status=200):
    """The template editor. A failed rename shows its errors next to the stage it was meant for."""
    stages = list(ProcessTemplateStage.objects.order_by("position", "pk"))
    custom = [stage for stage in stages if stage.kind == StageKind.CUSTOM]
    rows = []
    for stage in stages:
        if rename_form is not None and stage.pk == renamed_pk:
            form = rename_form
        else:
            form = forms.StageNameForm(initial={"name": stage.name}, prefix=f"stage{stage.pk}")
        rows.append(
            {
                "stage": stage,
                "rename_form": form,
                "can_move_up": stage.kind == StageKind.CUSTOM and stage is not custom[0],
                "can_move_down": stage.kind == StageKind.CUSTOM and stage is not custom[-1],
                "removable": stage.kind == StageKind.CUSTOM,
            }
        )
    context = {
        "tab": "process",
        "nav": "admin",
        "rows": rows,
        "prospect_on": any(stage.kind == StageKind.PROSPECT for stage in stages),
        "add_form": add_form or forms.StageNameForm(prefix="new"),
    }
    return render(request, "attract/admin_center/process.html", context, status=status)


@admin_required
def process_template(request):
    return _process_page(request)


@admin_required
@require_POST
def process_stage_add(request):
    form = forms.StageNameForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            stage = services.process_template_stage_add(name=form.cleaned_data["name"], by=request.user)
        except DomainError as exc:
            _show_domain_error(form, exc)
        else:
            messages.success(request, f"Added the stage {stage.name}.")
            return redirect("admin_center:process")
    return _process_page(request, add_form=form)


@admin_required
@require_POST
def process_stage_rename(request, pk):
    stage = get_object_or_404(ProcessTemplateStage, pk=pk)
    form = forms.StageNameForm(request.POST, prefix=f"stage{stage.pk}")
    if form.is_valid():
        try:
            services.process_template_stage_rename(
                stage=stage, name=form.cleaned_data["name"], by=request.user
            )
        except DomainError as exc:
            _show_domain_error(form, exc)
        else:
            messages.success(request, "Renamed the stage.")
            return redirect("admin_center:process")
    return _process_page(request, rename_form=form, renamed_pk=stage.pk)


def _run_and_return(request, action, success: str):
    """Run a one-button change of the template and go back to the editor with its outcome."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("admin_center:process")


@admin_required
@require_POST
def process_stage_move(request, pk):
    stage = get_object_or_404(ProcessTemplateStage, pk=pk)
    form = forms.StageMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to move the stage up or down.")
        return redirect("admin_center:process")
    direction = form.cleaned_data["direction"]
    return _run_and_return(
        request,
        lambda: services.process_template_stage_move(stage=stage, direction=direction, by=request.user),
        f"Moved {stage.name} {direction}.",
    )


@admin_required
@require_POST
def process_stage_remove(request, pk):
    stage = get_object_or_404(ProcessTemplateStage, pk=pk)
    return _run_and_return(
        request,
        lambda: services.process_template_stage_remove(stage=stage, by=request.user),
        f"Removed the stage {stage.name}.",
    )


@admin_required
@require_POST
def process_prospect(request):
    form = forms.ProspectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the Prospect stage is on or off.")
        return redirect("admin_center:process")
    enabled = form.cleaned_data["enabled"]
    return _run_and_return(
        request,
        lambda: services.process_template_prospect_set(enabled=enabled, by=request.user),
        "The Prospect stage is on." if enabled else "The Prospect stage is off.",
    )
