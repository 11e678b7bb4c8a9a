"""Forms of the Admin center. They parse and validate input; attract.services decides and writes."""

from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from attract import roles as role_rules
from attract.models import User
from attract.services import STAGE_NAME_MAX
from attract.voice import AppVoice

ROLE_CHOICES = [(name, name) for name in role_rules.ALL_ROLES]


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=ROLE_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one role."},
            help_text="Administrators see everything and open the Admin center; Read-only users see "
            "everything and change nothing.",
            **kwargs,
        )


class UserProfileFields(AppVoice, forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(max_length=254)
    roles = RolesField()


class UserCreateForm(UserProfileFields):
    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only; used to sign in.",
    )
    password1 = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Repeat the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2", "roles"]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and cleaned.get("password2") and password != cleaned["password2"]:
            self.add_error("password2", "The two passwords differ.")
        elif password:
            # Validated against the person being created, so "too similar to the username" is caught.
            person = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class UserUpdateForm(UserProfileFields):
    @classmethod
    def for_user(cls, user: User, data=None):
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "roles": [group.name for group in user.groups.all()],
        }
        return cls(data, initial=initial)


class StageNameForm(AppVoice, forms.Form):
    name = forms.CharField(max_length=STAGE_NAME_MAX)


class StageMoveForm(AppVoice, forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ProspectForm(AppVoice, forms.Form):
    enabled = forms.TypedChoiceField(
        choices=[("on", "On"), ("off", "Off")], coerce=lambda value: value == "on"
    )


def _time_zone_choices():
    default = f"The installation's ({settings.TIME_ZONE})"
    return [("", default)] + [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class TimeZoneForm(AppVoice, forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Dates and times are shown in this time zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _time_zone_choices()
