from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from attract import roles
from attract.voice import AppVoice
from jobs.models import Job, JobFunction, JobRole

MAX_JOB_FUNCTIONS = 3


class JobForm(AppVoice, forms.ModelForm):
    """The job's details. The description keeps basic formatting; the service removes other markup."""

    country = LazyTypedChoiceField(
        choices=[("", "---------")] + list(countries),
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not a country code (ISO 3166 alpha-2, e.g. NL, US)."
        },
    )
    job_functions = forms.MultipleChoiceField(
        choices=JobFunction.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=f"Up to {MAX_JOB_FUNCTIONS}.",
    )
    # Optimistic concurrency: the time the row had when the form was shown.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Job
        fields = [
            "title",
            "description",
            "city",
            "region",
            "country",
            "postal_code",
            "workplace_type",
            "employment_type",
            "seniority",
            "job_functions",
            "industry",
            "openings",
            "visibility",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "salary_public",
            "apply_by",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10, "data-rich-text": ""}),
            "apply_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": "Paragraphs, bold, italics, underline, headings and lists are kept; other "
            "markup is removed.",
            "visibility": "Public jobs show on the career site; internal ones only inside Attract.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Give the job a title."
        self.fields["description"].error_messages["required"] = "Describe the job."
        self.fields["openings"].min_value = 1
        self.fields["openings"].widget.attrs["min"] = 1
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean_job_functions(self):
        chosen = self.cleaned_data["job_functions"]
        if len(chosen) > MAX_JOB_FUNCTIONS:
            raise forms.ValidationError(f"Choose at most {MAX_JOB_FUNCTIONS} job functions.")
        return chosen

    def clean_openings(self):
        openings = self.cleaned_data["openings"]
        if openings is None or openings < 1:
            raise forms.ValidationError("A job has at least one opening.")
        return openings

    def clean_apply_by(self):
        apply_by = self.cleaned_data.get("apply_by")
        # Only a newly chosen date must lie ahead; a job keeps the deadline it already had.
        if apply_by and "apply_by" in self.changed_data and apply_by < timezone.localdate():
            raise forms.ValidationError("The last day to apply cannot be in the past.")
        return apply_by

    def clean_salary_currency(self):
        currency = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise forms.ValidationError("Use a three-letter currency code, e.g. EUR or USD.")
        return currency

    def job_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["country"] = data.get("country") or ""
        return data


class StageNameForm(AppVoice, forms.Form):
    name = forms.CharField(max_length=60, error_messages={"required": "Give the stage a name."})


class TeamMemberForm(AppVoice, forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Person")
    role = forms.ChoiceField(choices=JobRole.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read-only users act on no job, so they are not offered (and the service refuses them).
        self.fields["user"].queryset = roles.without_read_only(
            get_user_model().objects.filter(is_active=True)
        ).order_by("first_name", "last_name", "username")
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
