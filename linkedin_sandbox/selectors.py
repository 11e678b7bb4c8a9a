"""Reads for the sandbox's screens, each fetching what its page shows in a fixed number of queries."""

from collections import defaultdict

from linkedin_sandbox.models import CONTRACT_TYPES, Application, Event, Integration, IntegrationType
from linkedin_sandbox.services import AccessLevel, access_level_of

EVENTS_SHOWN = 10


def ats_overview(contract) -> list[dict]:
    """Per child app that requested integrations under this contract: its integrations, the access level
    they amount to, which levels can be switched on, and its latest events with their pushes."""
    integrations = list(
        Integration.objects.for_contract(contract)
        .select_related("application")
        .order_by("application_id", "pk")
    )
    by_app: dict[Application, list] = defaultdict(list)
    for integration in integrations:
        by_app[integration.application].append(integration)
    events = defaultdict(list)
    recent = (
        Event.objects.filter(application__in=list(by_app))
        .select_related("by")
        .prefetch_related("pushes")
        .order_by("-created_at", "-pk")[: EVENTS_SHOWN * max(len(by_app), 1)]
    )
    for event in recent:
        if len(events[event.application_id]) < EVENTS_SHOWN:
            events[event.application_id].append(event)
    rows = []
    for app, items in by_app.items():
        organization_ones = [i for i in items if i.integration_type not in CONTRACT_TYPES]
        contract_ones = [i for i in items if i.integration_type in CONTRACT_TYPES]
        ready = {i.pk for i in items if i.status != Integration.Status.REQUESTED}
        company_ready = bool(organization_ones) and all(i.pk in ready for i in organization_ones)
        level = access_level_of(items)
        rows.append(
            {
                "app": app,
                "integrations": items,
                "level": level,
                "level_label": AccessLevel.LABELS[level],
                "can_company": company_ready,
                "can_contract": company_ready
                and bool(contract_ones)
                and all(i.pk in ready for i in contract_ones),
                "callback_url": _callback_url(items),
                "events": events[app.pk],
            }
        )
    return rows


def _callback_url(items) -> str:
    """The URL pushes for these integrations go to (as services.callback_url_for picks it)."""
    with_url = sorted(
        (i for i in items if i.callback_url),
        key=lambda i: i.integration_type != IntegrationType.ONE_CLICK_EXPORT,
    )
    return with_url[0].callback_url if with_url else ""


def child_apps():
    """Every provisioned child app with its integrations, for the index page."""
    return Application.objects.filter(kind=Application.Kind.CHILD).prefetch_related("integrations")
