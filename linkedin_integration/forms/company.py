from django import forms

from attract.voice import AppVoice
from linkedin_integration.services.company import COMPANY_ID_MAX, COMPANY_NAME_MAX, company_id_problem


class CompanySettingsForm(AppVoice, forms.Form):
    company_name = forms.CharField(
        label="Company name",
        max_length=COMPANY_NAME_MAX,
        help_text=(
            "Must match the name on your company's LinkedIn page exactly: LinkedIn links posted jobs to a "
            "company by this name, so any other spelling puts them under the wrong company."
        ),
        error_messages={"required": "Enter the company name LinkedIn shows on your jobs."},
    )
    company_id = forms.CharField(
        label="LinkedIn Company ID",
        required=False,
        max_length=COMPANY_ID_MAX + 20,
        help_text=(
            "Digits only, from your company page's admin address (linkedin.com/company/<ID>/admin). "
            "Jobs already on LinkedIn stay with the Company ID they were first posted for."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_company_id(self):
        value = self.cleaned_data["company_id"].strip()
        problem = company_id_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value
