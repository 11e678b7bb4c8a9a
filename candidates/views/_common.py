"""Small helpers shared by the candidates views."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

RESUME_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def bound_data(request) -> tuple:
    """Form arguments: the posted data and files on POST (even when empty), nothing on GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def redirect_back(request, fallback):
    """Back to the page the form was on (a local `next`), else to the fallback URL."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def add_domain_error(form, exc) -> None:
    """Show a service's refusal on the field it names, or on the form as a whole."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def first_error(form) -> str:
    for field_name, errors in form.errors.items():
        if field_name in form.fields and not form.fields[field_name].widget.is_hidden:
            return f"{form[field_name].label}: {errors[0]}"
        return errors[0]
    return "Please check the form."


def flash_form_errors(request, form) -> None:
    messages.error(request, first_error(form))


def serve_resume(file_field, download_name: str):
    """Stream a stored resume as an attachment; resumes are never public media files."""
    if not file_field:
        raise Http404("No resume on file.")
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The resume file is missing.") from exc
    suffix = PurePosixPath(file_field.name).suffix.lower()
    content_type = RESUME_CONTENT_TYPES.get(suffix, "application/octet-stream")
    return FileResponse(
        handle, as_attachment=True, filename=f"{download_name}{suffix}", content_type=content_type
    )
