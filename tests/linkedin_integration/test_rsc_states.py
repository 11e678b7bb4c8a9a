"""The RSC state machine, state by state: what the admin may do from each state, where each LinkedIn
status leads from each state, and that a refused move changes nothing, writes nothing and asks
LinkedIn nothing. The expected tables are written out here, not derived from the service's own table."""

import pytest

from attract.errors import DomainError
from linkedin_integration.client import IntegrationChange, IntegrationKey, LinkedInError
from linkedin_integration.models import AuditEntry, LinkedInSettings, RscIntegration
from linkedin_integration.services import integrations
from tests.linkedin_integration.test_rsc import FakeLinkedIn, all_keys, connected  # noqa: F401

State = RscIntegration.State
NOT_REQUESTED, NOTIFY, READY, ENABLED, DISABLED = (
    State.NOT_REQUESTED,
    State.NOTIFY_PARTNER,
    State.PARTNER_READY,
    State.ENABLED,
    State.DISABLED,
)
DOWN = LinkedInError("Service Unavailable", 503, permanent=False)
ORG, CONTRACT = "urn:li:organization:2414183", "urn:li:contract:500200"


def changes(status):
    """An INTEGRATION_STATUS_CHANGE event in which every integration of contract-level has `status`."""
    return [
        IntegrationChange(key=IntegrationKey(CONTRACT if kind == "CSA_API" else ORG, kind), status=status)
        for kind in all_keys(status)
    ]


def put(level, state):
    RscIntegration.objects.update_or_create(level=level, defaults={"state": state})


def state(level="CONTRACT"):
    return RscIntegration.objects.get(level=level).state


class Spy(FakeLinkedIn):
    @property
    def asked(self):
        return bool(self.named or self.configured)


@pytest.mark.parametrize(
    "start, linkedin_up, end",
    [
        (NOT_REQUESTED, True, READY),
        (NOT_REQUESTED, False, NOTIFY),
        (DISABLED, True, READY),
        (DISABLED, False, NOTIFY),
    ],
)
def test_request_from_a_requestable_state(connected, admin_user, start, linkedin_up, end):  # noqa: F811
    put("CONTRACT", start)
    fake = FakeLinkedIn() if linkedin_up else FakeLinkedIn(failures=1, error=DOWN)

    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=fake)

    row = RscIntegration.objects.get(level="CONTRACT")
    assert row.state == end
    assert (row.requested_by, row.requested_at is not None) == (admin_user, True)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.ok) == (admin_user, "RSC requested", linkedin_up)
    assert entry.detail.startswith(f"Contract-level: {State(start).label} -> {State(end).label}")


@pytest.mark.parametrize("start", [NOTIFY, READY, ENABLED])
def test_request_is_refused_from_every_other_state(connected, admin_user, start):  # noqa: F811
    put("CONTRACT", start)
    spy = Spy()

    with pytest.raises(DomainError, match="nothing to request"):
        integrations.rsc_request(level="CONTRACT", actor=admin_user, client=spy)

    assert state() == start and not AuditEntry.objects.exists() and not spy.asked


@pytest.mark.parametrize("linkedin_up, end", [(True, READY), (False, NOTIFY)])
def test_notify_partner_retries_from_notify_partner(connected, admin_user, linkedin_up, end):  # noqa: F811
    put("CONTRACT", NOTIFY)
    fake = FakeLinkedIn() if linkedin_up else FakeLinkedIn(failures=1, error=DOWN)

    integrations.rsc_notify_partner(level="CONTRACT", actor=admin_user, client=fake)

    assert state() == end
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.ok) == ("Notify partner", linkedin_up)


@pytest.mark.parametrize("start", [NOT_REQUESTED, READY, ENABLED, DISABLED])
def test_notify_partner_is_refused_from_every_other_state(connected, admin_user, start):  # noqa: F811
    put("CONTRACT", start)
    spy = Spy()

    with pytest.raises(DomainError, match="Notify partner only retries"):
        integrations.rsc_notify_partner(level="CONTRACT", actor=admin_user, client=spy)

    assert state() == start and not AuditEntry.objects.exists() and not spy.asked


def test_a_request_fails_and_the_reason_stays_until_a_retry_succeeds(connected, admin_user):  # noqa: F811
    fake = FakeLinkedIn(failures=2, error=DOWN)
    integrations.rsc_request(level="COMPANY", actor=admin_user, client=fake)
    integrations.rsc_notify_partner(level="COMPANY", actor=admin_user, client=fake)
    row = RscIntegration.objects.get(level="COMPANY")
    assert row.state == NOTIFY and "did not answer properly" in row.last_error

    integrations.rsc_notify_partner(level="COMPANY", actor=admin_user, client=fake)

    row.refresh_from_db()
    assert (row.state, row.last_error) == (READY, "")
    assert list(AuditEntry.objects.order_by("pk").values_list("ok", flat=True)) == [False, False, True]


# What LinkedIn reports (every integration of the contract level in the same status), from each state.
# A level never requested here follows LinkedIn only when LinkedIn says it is Enabled.
READINGS = [
    (NOT_REQUESTED, "ENABLED", ENABLED),
    (NOT_REQUESTED, "PARTNER_READY", NOT_REQUESTED),
    (NOT_REQUESTED, "DISABLED", NOT_REQUESTED),
    (NOT_REQUESTED, "REQUESTED", NOT_REQUESTED),
    (NOTIFY, "ENABLED", ENABLED),
    (NOTIFY, "PARTNER_READY", READY),
    (NOTIFY, "DISABLED", DISABLED),
    (NOTIFY, "REQUESTED", NOTIFY),
    (READY, "ENABLED", ENABLED),
    (READY, "PARTNER_READY", READY),
    (READY, "DISABLED", DISABLED),
    (READY, "REQUESTED", NOTIFY),
    (ENABLED, "ENABLED", ENABLED),
    (ENABLED, "PARTNER_READY", READY),
    (ENABLED, "DISABLED", DISABLED),
    (DISABLED, "ENABLED", ENABLED),
    (DISABLED, "PARTNER_READY", READY),
    (DISABLED, "DISABLED", DISABLED),
    (DISABLED, "REQUESTED", NOTIFY),
]


# Mixed answers: (status of the four organization integrations, status of CSA_API) -> what each level
# reads, both levels starting at Partner ready. A level is only as on as the least-on of its own keys.
MIXED_READINGS = [
    ("ENABLED", "DISABLED", ENABLED, DISABLED),  # the Recruiter admin moved Contract -> Company level
    ("ENABLED", "PARTNER_READY", ENABLED, READY),  # Company level on, contract level still waited for
    ("ENABLED", "REQUESTED", ENABLED, NOTIFY),
    ("PARTNER_READY", "ENABLED", READY, READY),
    ("PARTNER_READY", "DISABLED", READY, DISABLED),
    ("REQUESTED", "DISABLED", NOTIFY, DISABLED),
    ("REQUESTED", "PARTNER_READY", NOTIFY, NOTIFY),
    ("DISABLED", "ENABLED", DISABLED, DISABLED),
    ("DISABLED", "REQUESTED", DISABLED, DISABLED),
    ("DISABLED", "PARTNER_READY", DISABLED, DISABLED),
]


@pytest.mark.parametrize("organization, csa, company_end, contract_end", MIXED_READINGS)
def test_a_mixed_answer_reads_each_level_from_its_own_keys(
    connected, organization, csa, company_end, contract_end
):  # noqa: F811
    put("COMPANY", READY)
    put("CONTRACT", READY)
    mixed = {**all_keys(organization, contract=False), "CSA_API": csa}
    event = [
        IntegrationChange(key=IntegrationKey(CONTRACT if kind == "CSA_API" else ORG, kind), status=status)
        for kind, status in mixed.items()
    ]

    integrations.rsc_apply_changes(changes=event)

    assert (state("COMPANY"), state("CONTRACT")) == (company_end, contract_end)


def test_one_disabled_organization_integration_disables_both_levels(connected):  # noqa: F811
    put("COMPANY", ENABLED)
    put("CONTRACT", ENABLED)
    statuses = {**all_keys("ENABLED"), "PROFILE_PLUGIN": "DISABLED"}

    integrations.rsc_refresh_statuses(client=FakeLinkedIn(statuses=statuses), force=True)

    assert (state("COMPANY"), state("CONTRACT")) == (DISABLED, DISABLED)
    assert AuditEntry.objects.filter(detail__contains="Enabled -> Disabled").count() == 2


@pytest.mark.parametrize("start, reported, end", READINGS)
def test_what_linkedin_reports_moves_the_level(connected, start, reported, end):  # noqa: F811
    put("CONTRACT", start)
    put("COMPANY", NOT_REQUESTED)

    integrations.rsc_apply_changes(changes=changes(reported))

    assert state("CONTRACT") == end
    moves = AuditEntry.objects.filter(detail__startswith="Contract-level")
    if end == start:
        assert not moves.exists()
    else:
        entry = moves.get()
        assert (entry.actor, entry.action, entry.ok) == (None, "LinkedIn: INTEGRATION_STATUS_CHANGE", True)
        assert f"CSA_API={reported}" in entry.linkedin_answer


@pytest.mark.parametrize("start, reported, end", [r for r in READINGS if r[0] != NOT_REQUESTED])
def test_the_status_refresh_reads_the_same_way(connected, start, reported, end):  # noqa: F811
    put("CONTRACT", start)

    integrations.rsc_refresh_statuses(client=FakeLinkedIn(statuses=all_keys(reported)), force=True)

    assert state("CONTRACT") == end


def test_the_status_refresh_asks_nothing_while_nothing_is_requested(connected):  # noqa: F811
    class Refusing(FakeLinkedIn):
        def integration_statuses(self, keys):
            raise AssertionError("LinkedIn was asked")

    assert integrations.rsc_refresh_statuses(client=Refusing(), force=True) == []
    assert {state("COMPANY"), state("CONTRACT")} == {NOT_REQUESTED}


def test_a_level_whose_integrations_linkedin_did_not_all_report_is_left_alone(connected):  # noqa: F811
    put("COMPANY", READY)
    put("CONTRACT", READY)
    # LinkedIn answered for the organisation's integrations, with an error for CSA_API.
    statuses = all_keys("ENABLED", contract=False)

    integrations.rsc_refresh_statuses(client=FakeLinkedIn(statuses=statuses), force=True)

    assert (state("COMPANY"), state("CONTRACT")) == (ENABLED, READY)


@pytest.mark.parametrize("current", [NOT_REQUESTED, NOTIFY, READY, DISABLED])
def test_no_customer_data_may_go_to_linkedin_before_enabled(connected, current):  # noqa: F811
    put("COMPANY", current)
    put("CONTRACT", current)
    assert integrations.rsc_enabled() is False
    assert integrations.rsc_enabled("COMPANY") is False

    put("COMPANY", ENABLED)

    assert integrations.rsc_enabled() is True
    assert (integrations.rsc_enabled("COMPANY"), integrations.rsc_enabled("CONTRACT")) == (True, False)


def test_a_reading_the_table_does_not_allow_is_recorded_not_raised(connected):  # noqa: F811
    put("CONTRACT", ENABLED)

    integrations.rsc_refresh_statuses(client=FakeLinkedIn(statuses=all_keys("REQUESTED")), force=True)

    assert state("CONTRACT") == ENABLED
    assert AuditEntry.objects.filter(ok=False).exists()


def test_a_disconnect_after_the_claim_leaves_notify_partner_with_the_reason(connected, admin_user):  # noqa: F811
    class DisconnectedMeanwhile(Spy):
        def name_integrations(self, names):
            raise AssertionError("LinkedIn was asked")

    real = integrations._connected_settings
    calls = []

    def connected_then_not(level):
        calls.append(level)
        if len(calls) > 1:  # the second look, after the claim: the admin disconnected in between
            LinkedInSettings.objects.filter(pk=1).update(connected_at=None)
        return real(level)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(integrations, "_connected_settings", connected_then_not)
        row = integrations.rsc_request(level="CONTRACT", actor=admin_user, client=DisconnectedMeanwhile())

    assert row.state == NOTIFY and "Connect LinkedIn first" in row.last_error
    assert state() == NOTIFY
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.ok) == ("RSC requested", False)
    assert (
        entry.detail.startswith("Contract-level: Request -> Notify partner")
        and "Connect LinkedIn" in entry.detail
    )


def test_a_reset_during_the_partner_step_wins_over_its_outcome(connected, admin_user):  # noqa: F811
    class ResetMeanwhile(FakeLinkedIn):
        def configure_callback_url(self, key, url):
            integrations.rsc_reset(actor=admin_user, reason="Disconnected from LinkedIn.")
            return super().configure_callback_url(key, url)

    row = integrations.rsc_request(level="CONTRACT", actor=admin_user, client=ResetMeanwhile())

    assert row.state == NOT_REQUESTED and state() == NOT_REQUESTED
    late = AuditEntry.objects.get(action="RSC requested")
    assert late.ok is False and "was not applied" in late.detail


def test_a_slow_partner_step_does_not_settle_a_newer_request_of_the_same_level(connected, admin_user):
    class RequestedAgainMeanwhile(FakeLinkedIn):
        """While this step waits on LinkedIn, the level is reset and requested again (say, after
        connecting another contract), and that newer request fails."""

        def configure_callback_url(self, key, url):
            integrations.rsc_reset(actor=admin_user, reason="Connected to another contract.")
            integrations.rsc_request(
                level="CONTRACT", actor=admin_user, client=FakeLinkedIn(failures=1, error=DOWN)
            )
            return super().configure_callback_url(key, url)

    integrations.rsc_request(level="CONTRACT", actor=admin_user, client=RequestedAgainMeanwhile())

    # The newer request's outcome stands; the older step's success is logged as not applied.
    assert state() == NOTIFY
    assert AuditEntry.objects.filter(action="RSC requested", detail__contains="was not applied").count() == 1
