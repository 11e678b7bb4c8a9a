from django import forms

from linkedin_sandbox.models import FaultControl

MAX_FAULTS = 1000


class FaultForm(forms.ModelForm):
    class Meta:
        model = FaultControl
        fields = ["throttle_next", "server_error_next", "partner_step_failures", "partner_step_mode"]
        widgets = {"partner_step_mode": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        for name in ("throttle_next", "server_error_next", "partner_step_failures"):
            value = cleaned.get(name)
            if value is not None and value > MAX_FAULTS:
                self.add_error(name, f"At most {MAX_FAULTS}.")
        return cleaned
