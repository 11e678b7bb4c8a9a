"""Applying on the public career site: the form, its checks, the write, and the views.

It lives in candidates/ (not jobs/) because it writes candidates and applications. A job seeker has no
account, so whatever they send is checked here: the resume by its extension and by its content, the
job by its status and visibility (only active public jobs take applications), the email against the
people already known (linked, never duplicated; a second application to the same job is refused).
"""

import logging
import re
import time
import zipfile
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods

from attract.errors import DomainError
from attract.voice import AppVoice
from candidates import services
from candidates.models import Application, Candidate, CandidateSource
from jobs.models import Job

log = logging.getLogger(__name__)

ALREADY_APPLIED = (
    "You have already applied for this job with this email address. We have your application: there is "
    "no need to send it again."
)
NOT_OPEN = "This job no longer accepts applications."
RESUME_EXTENSIONS = (".pdf", ".docx")
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-/]+$")
HONEYPOT = "website"
# A Word document holds tens of entries (a few hundred with many pictures) and its XML inflates a few
# times over: an archive past these, judged from its directory alone, is a zip bomb or not a resume.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_INFLATED_BYTES = 200 * 1024 * 1024
LINKEDIN_PROFILE_URL = re.compile(r"^https://([a-z]{2,3}\.)?linkedin\.com/in/[^/?#\s]+/?$")


def check_resume(upload) -> None:
    """A PDF or a Word .docx, judged by its name and its first bytes, within the size limit.

    The name alone is not trusted (a program renamed to .pdf), nor the content type the browser sends.
    A .docx is a zip archive holding word/document.xml; only the archive's directory is read, and an
    archive whose declared sizes or entry count no Word file has is refused without inflating it.
    """
    extension = PurePosixPath(upload.name or "").suffix.lower()
    if extension not in RESUME_EXTENSIONS:
        raise forms.ValidationError("Upload your resume as a PDF or a Word (.docx) file.", code="type")
    if upload.size > settings.RESUME_MAX_BYTES:
        raise forms.ValidationError(
            f"The resume is too large ({filesizeformat(upload.size)}): the limit is "
            f"{filesizeformat(settings.RESUME_MAX_BYTES)}.",
            code="size",
        )
    upload.seek(0)
    try:
        if extension == ".pdf":
            if upload.read(5) != b"%PDF-":
                raise forms.ValidationError(
                    "This file is not a PDF document. Upload your resume as a PDF or a Word (.docx) file.",
                    code="content",
                )
        else:
            try:
                with zipfile.ZipFile(upload) as archive:
                    is_word = _looks_like_word(archive.infolist())
            except (zipfile.BadZipFile, OSError, ValueError):
                is_word = False
            if not is_word:
                raise forms.ValidationError(
                    "This file is not a Word (.docx) document. Upload your resume as a PDF or a Word "
                    "(.docx) file.",
                    code="content",
                )
    finally:
        upload.seek(0)


def _looks_like_word(entries) -> bool:
    if len(entries) > DOCX_MAX_ENTRIES:
        return False
    if sum(entry.file_size for entry in entries) > DOCX_MAX_INFLATED_BYTES:
        return False
    return any(entry.filename == "word/document.xml" for entry in entries)


class CareerApplicationForm(AppVoice, forms.Form):
    first_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    resume = forms.FileField(
        required=False,
        validators=[check_resume],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    cover_letter = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    # Hidden from people by the page's style; programs that fill in every field give themselves away.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.RESUME_MAX_BYTES)
        self.fields["resume"].help_text = f"Optional. PDF or Word (.docx), at most {limit}."
        self.fields["phone"].help_text = "Optional."
        self.fields["cover_letter"].help_text = "Optional. Tell us why this job interests you."

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 20):
            raise forms.ValidationError("Enter a phone number: digits, spaces and + ( ) - only.")
        return phone

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def _fill_blanks(candidate: Candidate, *, resume_name: str, **values) -> None:
    """Complete a known candidate with what they sent, never overwriting what is already on file."""
    blanks = {name: value for name, value in values.items() if value and not getattr(candidate, name)}
    resume = resume_name if resume_name and not candidate.resume else None
    if blanks or resume:
        services.candidate_update(candidate=candidate, by=None, resume=resume, **blanks)


@transaction.atomic
def career_application_submit(
    *,
    job: Job,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    cover_letter: str = "",
    resume_name: str = "",
    linkedin: dict | None = None,
) -> Application:
    """Put a job seeker in the job's Application stage: a known email is linked to its candidate.

    `resume_name` is a file already in storage (the caller stores it and removes it again if this
    fails). `linkedin` is what Apply with LinkedIn's sign-in shared ({"linkedin_url", "headline"}, plain
    data from the session): the application's source is then Apply with LinkedIn. Raises DomainError
    when the job is not open to the public or they already applied.
    """
    source = CandidateSource.APPLY_WITH_LINKEDIN if linkedin is not None else CandidateSource.CAREER_SITE
    shared = {
        "linkedin_url": (linkedin or {}).get("linkedin_url", ""),
        "headline": (linkedin or {}).get("headline", ""),
    }
    if not Job.objects.open_to_applicants().filter(pk=job.pk).exists():
        raise DomainError(NOT_OPEN)
    candidate = services.candidate_find_by_email(email)
    if candidate is not None and Application.objects.filter(candidate=candidate, job=job).exists():
        raise DomainError(ALREADY_APPLIED)
    created = False
    if candidate is None:
        try:
            candidate = services.candidate_create(
                first_name=first_name,
                last_name=last_name,
                email=email,
                phone=phone,
                source=source,
                resume=resume_name or None,
                **shared,
            )
            created = True
        except DomainError:
            # The same person sent another application at the same moment: link to that candidate.
            candidate = services.candidate_find_by_email(email)
            if candidate is None:
                raise
    if not created:
        _fill_blanks(
            candidate,
            resume_name=resume_name,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            **shared,
        )
    try:
        return services.application_create(
            candidate=candidate,
            job=job,
            source=source,
            cover_letter=cover_letter,
            resume=resume_name or None,
        )
    except DomainError:
        if Application.objects.filter(candidate=candidate, job=job).exists():
            raise DomainError(ALREADY_APPLIED) from None
        raise


def _store_resume(upload) -> str:
    field = Application._meta.get_field("resume")
    return field.storage.save(field.generate_filename(None, upload.name), upload, max_length=field.max_length)


def career_apply(*, job: Job, data: dict, linkedin: dict | None = None) -> Application:
    """Store the resume, then write the application; if the write fails the stored file goes too."""
    data = dict(data)
    data.pop(HONEYPOT, None)
    upload = data.pop("resume", None)
    resume_name = _store_resume(upload) if upload else ""
    try:
        return career_application_submit(job=job, resume_name=resume_name, linkedin=linkedin, **data)
    except BaseException:
        if resume_name:
            Application._meta.get_field("resume").storage.delete(resume_name)
        raise


def _open_job_or_404(code):
    return get_object_or_404(
        Job.objects.open_to_applicants().only(
            "code", "title", "status", "visibility", "city", "region", "country", "workplace_type"
        ),
        code=code,
    )


@require_http_methods(["GET", "POST"])
def apply(request, code):
    job = _open_job_or_404(code)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            log.info("Career-site application to %s dropped: the hidden field was filled in.", job.code)
            return redirect("career_apply:thanks", code=job.code)
        form = CareerApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                career_apply(job=job, data=form.cleaned_data, linkedin=_linkedin_shared(request, job))
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                _forget_prefill(request, job)
                return redirect("career_apply:thanks", code=job.code)
    else:
        form = CareerApplicationForm(initial=_prefill(request, job))
    return render(request, "candidates/careers/apply.html", {"job": job, "form": form})


# Set by a sign-in on the applicant's side (Apply with LinkedIn): {job code: {field: value}}. Only
# form fields are taken, and the applicant can change every one of them before submitting.
PREFILL_SESSION_KEY = "apply_prefill"


# What LinkedIn shared is someone's personal data in a session that may be a shared computer's: it is
# kept until the application is sent, and for this long at most.
PREFILL_LIFETIME = 30 * 60  # seconds


def _prefill(request, job) -> dict:
    found = request.session.get(PREFILL_SESSION_KEY, {}).get(job.code, {})
    if found and time.time() - found.get("at", 0) > PREFILL_LIFETIME:
        _forget_prefill(request, job)
        return {}
    return {name: value for name, value in found.items() if name in CareerApplicationForm.base_fields}


def _linkedin_shared(request, job) -> dict | None:
    """What the applicant's LinkedIn sign-in gave beyond the form (profile URL, headline), or None when
    they did not apply with LinkedIn (or too long ago). Read from the session the sign-in wrote, never
    from the form, so it is only ever what LinkedIn said."""
    found = request.session.get(PREFILL_SESSION_KEY, {}).get(job.code, {})
    if not found or time.time() - found.get("at", 0) > PREFILL_LIFETIME:
        return None
    url = found.get("linkedin_url") or ""
    headline = found.get("linkedin_headline") or ""
    return {
        # Only a profile on LinkedIn's own site is kept as the candidate's LinkedIn profile URL.
        "linkedin_url": url if isinstance(url, str) and LINKEDIN_PROFILE_URL.match(url) else "",
        "headline": headline[:255] if isinstance(headline, str) else "",
    }


def _forget_prefill(request, job) -> None:
    prefill = request.session.get(PREFILL_SESSION_KEY, {})
    if prefill.pop(job.code, None) is not None:
        request.session[PREFILL_SESSION_KEY] = prefill


@require_http_methods(["GET"])
def thanks(request, code):
    # A job closed since the application still gets a thank-you, only without its title.
    job = Job.objects.active_public().only("code", "title").filter(code=code).first()
    return render(request, "candidates/careers/thanks.html", {"job": job, "code": code})
