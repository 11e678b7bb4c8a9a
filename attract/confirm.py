"""One confirmation for every action that cannot be taken back.

A destructive form posts as usual; without `confirmed=yes` the view answers with a confirmation page
(what happens, a button that posts the same fields again with `confirmed=yes`, and Cancel). A GET on
the action's address shows the same page, so a link can lead to it. No JavaScript is needed; the
service runs only on the confirmed post.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRM_FIELD = "confirmed"
NOT_REPOSTED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass
class Option:
    """One radio choice on a confirmation page (e.g. the reason a job is closed)."""

    value: str
    label: str
    disabled_because: str = ""


@dataclass
class Choice:
    name: str
    legend: str
    options: list[Option] = field(default_factory=list)
    initial: str = ""


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def safe_next(request, fallback: str) -> str:
    """Where Cancel (or the action) leads back: the form's `next` if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def confirmation_page(
    request,
    *,
    title: str,
    question: str,
    consequences: list[str],
    action_label: str,
    cancel_url: str,
    choice: Choice | None = None,
    extra_fields: dict | None = None,
):
    """The page asking to confirm `request`'s action; it posts back to the same address."""
    source = request.POST if request.method == "POST" else request.GET
    skip = NOT_REPOSTED | ({choice.name} if choice else set())
    fields = {name: source.get(name) for name in source if name not in skip}
    fields.update(extra_fields or {})
    if choice is not None:
        choice.initial = source.get(choice.name) or choice.initial
    return render(
        request,
        "attract/confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": consequences,
            "action_label": action_label,
            "cancel_url": cancel_url,
            "choice": choice,
            "fields": sorted(fields.items()),
            "action": request.path,
        },
    )
