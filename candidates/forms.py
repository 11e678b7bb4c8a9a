"""Forms of the recruiter UI for candidates, applications, notes, feedback and talent pools.

Forms only parse and validate input; the services decide and write.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django_countries import countries

from attract.voice import AppVoice
from candidates.career import check_resume
from candidates.models import Application, Candidate, InterviewFeedback, TalentPool
from jobs.models import Job


def validate_resume(upload):
    """The career site's check (extension, size, and the content: a .docx must be a Word archive, not
    any ZIP), so a resume a recruiter uploads passes the same test as one a job seeker sends."""
    check_resume(upload)
    return upload


class QuickSelect(forms.Select):
    """A select written out in Python. Django's Select renders a template per option, which made a
    profile's cost grow with the candidate's applications and the jobs to choose from."""

    def render(self, name, value, attrs=None, renderer=None):
        final = {**self.build_attrs(self.attrs, attrs), "name": name}
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class CandidateForm(AppVoice, forms.Form):
    """A candidate's profile. A plain form: the email's uniqueness is the service's rule."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    city = forms.CharField(max_length=100, required=False)
    region = forms.CharField(label="Region / state", max_length=100, required=False)
    country = forms.ChoiceField(required=False)
    current_company = forms.CharField(max_length=200, required=False)
    current_title = forms.CharField(max_length=200, required=False)
    linkedin_url = forms.URLField(label="LinkedIn profile URL", required=False, assume_scheme="https")
    resume = forms.FileField(required=False, validators=[validate_resume], help_text="PDF or DOCX.")

    def __init__(self, *args, instance: Candidate | None = None, **kwargs):
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.base_fields if name != "resume"}
            initial["country"] = instance.country.code or ""
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]


class VersionForm(AppVoice, forms.Form):
    """Every change of an application carries the version the person saw."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MoveForm(VersionForm):
    stage = forms.ModelChoiceField(queryset=None, empty_label="Move to…")

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = job.stages.all()


class RejectForm(VersionForm):
    reason = forms.ChoiceField(choices=[("", "Reason…"), *Application.RejectReason.choices])


class CloseJobForm(AppVoice, forms.Form):
    reason = forms.ChoiceField(choices=Job.CloseReason.choices)


class NoteForm(AppVoice, forms.Form):
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        error_messages={"required": "Write something in the note."},
    )
    application = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="About", widget=QuickSelect
    )

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the applications already loaded for the page: no query to render them.
        self._applications = {a.pk: a for a in applications}
        self.fields["application"].choices = [("", "The candidate in general")] + [
            (a.pk, f"{a.job.code} {a.job.title}") for a in applications
        ]

    def clean_application(self):
        pk = self.cleaned_data["application"]
        return self._applications.get(pk) if pk else None


class FeedbackForm(AppVoice, forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (i, f"{i} – {label}")
            for i, label in enumerate(["Poor", "Weak", "Mixed", "Good", "Excellent"], start=1)
        ],
        widget=forms.RadioSelect,
    )
    recommendation = forms.ChoiceField(
        choices=InterviewFeedback.Recommendation.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10_000)


class SearchForm(AppVoice, forms.Form):
    # Six words of a name, email or company fit well inside; past it the text is not a search.
    MAX_LENGTH = 150

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_LENGTH,
        error_messages={"max_length": f"The search is too long: use at most {MAX_LENGTH} characters."},
    )


class PoolForm(AppVoice, forms.ModelForm):
    class Meta:
        model = TalentPool
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self):
        """The service checks the name (without regard to case)."""


class JobChoiceForm(AppVoice, forms.Form):
    job = forms.ModelChoiceField(queryset=Job.objects.none(), empty_label="Choose a job…")

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["job"].label_from_instance = lambda j: f"{j.code} {j.title}"


class JobPickForm(AppVoice, forms.Form):
    """The "Add to a job" picker as shown on a page: its choices come from jobs already read, so
    rendering it costs no query (the view that receives it validates with JobChoiceForm)."""

    job = forms.TypedChoiceField(coerce=int, widget=QuickSelect)

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = [("", "Choose a job…")] + [(j.pk, f"{j.code} {j.title}") for j in jobs]


class PoolChoiceForm(AppVoice, forms.Form):
    pool = forms.ModelChoiceField(queryset=TalentPool.objects.all(), empty_label="Choose a pool…")


class CandidateChoiceForm(AppVoice, forms.Form):
    """Pick a candidate by email (adding to a pool) or by id (removing, pushing)."""

    email = forms.EmailField(required=False)
    candidate = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("candidate"):
            raise forms.ValidationError("Give the candidate's email.")
        return data


class PushToJobForm(JobChoiceForm):
    candidates = forms.ModelMultipleChoiceField(queryset=Candidate.objects.none(), required=True)

    def __init__(self, *args, pool: TalentPool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = Candidate.objects.filter(pool_memberships__pool=pool)
        self.fields["candidates"].error_messages["required"] = "Choose at least one candidate to push."
        # The member checkboxes sit in the table; the job select joins the same form by its id.
        self.fields["job"].widget.attrs["form"] = "push-form"
