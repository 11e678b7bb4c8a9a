"""Form errors in Attract's own words instead of Django's defaults ("This field is required.",
"Ensure this value has at most 200 characters ...").

Forms inherit AppVoice first: every message a form's author left at Django's default is replaced by a
sentence that names the field; messages the author wrote (error_messages=...) are kept.
"""

from django import forms


def _label(name: str, field: forms.Field) -> str:
    label = str(field.label or name.replace("_", " "))
    # "LinkedIn Company ID" keeps its capitals; "Title" reads "the title" inside a sentence.
    first_word = label.split(" ")[0]
    if any(char.isupper() for char in first_word[1:]):
        return label
    return label[0].lower() + label[1:]


def _class_defaults(field: forms.Field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def _is_choice(field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField))


KNOWN_INVALID = (
    forms.EmailField,
    forms.URLField,
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
)


def _invalid(field, label: str) -> str:
    if isinstance(field, forms.EmailField):
        return "Enter an email address like name@example.com."
    if isinstance(field, forms.URLField):
        return "Enter a full web address, starting with https://."
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return f"Enter the {label} as a number."
    if isinstance(field, forms.DateField):
        return f"Enter the {label} as a date, like 2026-12-31."
    if isinstance(field, forms.DateTimeField):
        return f"Enter the {label} as a date and time, like 2026-12-31 17:00."
    return f"The {label} is not valid: check what you typed."


def messages_for(name: str, field: forms.Field) -> dict:
    label = _label(name, field)
    return {
        "required": f"Choose the {label}." if _is_choice(field) else f"Fill in the {label}.",
        "max_length": f"The {label} can be at most %(limit_value)d characters; this has %(show_value)d.",
        "min_length": f"The {label} needs at least %(limit_value)d characters; this has %(show_value)d.",
        "invalid_choice": f"Choose the {label} from the list.",
        "invalid_list": f"Choose the {label} from the list.",
        "invalid_pk_value": f"Choose the {label} from the list.",
        "invalid": _invalid(field, label),
        "max_value": f"The {label} can be at most %(limit_value)s.",
        "min_value": f"The {label} must be at least %(limit_value)s.",
        "max_digits": f"The {label} has too many digits: at most %(max)s.",
        "max_decimal_places": f"The {label} can have at most %(max)s decimal places.",
        "max_whole_digits": f"The {label} has too many digits before the decimal point: at most %(max)s.",
        "step_size": f"The {label} must be a multiple of %(limit_value)s.",
    }


def speak_plainly(form: forms.BaseForm) -> None:
    """Replace the default messages of every field of `form` (the author's own are kept)."""
    for name, field in form.fields.items():
        defaults = _class_defaults(field)
        for code, message in messages_for(name, field).items():
            if code == "invalid" and code not in defaults and not isinstance(field, KNOWN_INVALID):
                # A validator's own "invalid" (e.g. the username's allowed characters) says more.
                continue
            current = field.error_messages.get(code)
            written_by_author = current is not None and (code not in defaults or current != defaults[code])
            if not written_by_author:
                field.error_messages[code] = message


class AppVoice:
    """Mixin for forms: put it first, `class JobForm(AppVoice, forms.ModelForm)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speak_plainly(self)
