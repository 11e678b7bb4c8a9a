"""No LinkedIn call inside a database transaction: LinkedIn is called first, then its answer written in a
short transaction. Under the embedded default the sandbox answers from the same SQLite file, so a
transaction held across the call locks it out ("database is locked", then a timeout).

The guard that fails every test making such a call lives in tests/conftest.py; these tests drive the
flow that used to hang, and prove the guard catches a call inside a transaction."""

import time

import pytest
from django.db import transaction

from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import LinkedInConnection
from tests.linkedin_integration.test_apply_with_linkedin_sandbox import hidden_inputs
from tests.linkedin_integration.test_rsc_sandbox import (  # noqa: F401
    Visitor,
    _no_connection_outlives_the_test,
    linkedin_is_the_sandbox,
)

RITA = "Rt4kLw9Re2"


@pytest.mark.django_db(transaction=True)
def test_a_user_connects_their_own_linkedin_account_against_the_sandbox_without_waiting(
    recruiter, linkedin_is_the_sandbox
):
    from linkedin_sandbox.models import Member

    user = Visitor(linkedin_is_the_sandbox)
    try:
        user.post("/accounts/login/", {"username": recruiter.username, "password": "pass-word-123"})
        consent = user.post("/settings/linkedin/connect/")
        assert "/sandbox/linkedin/oauth/v2/authorization" in consent.url
        rita = Member.objects.get(person_id=RITA)
        form = {**hidden_inputs(consent.text), "member": rita.pk, "decision": "allow"}
        form.pop("csrfmiddlewaretoken", None)
        started = time.monotonic()
        settings_page = user.post(consent.url.split(linkedin_is_the_sandbox, 1)[1], form)
        took = time.monotonic() - started
    finally:
        user.close()

    assert settings_page.url.endswith("/settings/")
    assert "Your LinkedIn account Rita Recruiter is connected." in settings_page.text
    assert took < 10
    connection = LinkedInConnection.objects.get(user=recruiter)
    assert connection.person_urn == f"urn:li:person:{RITA}"


@pytest.mark.django_db
def test_the_guard_notes_a_linkedin_call_made_inside_a_transaction(
    mocked, _no_linkedin_call_in_a_transaction, settings
):
    mocked.get(f"{settings.LINKEDIN_API_BASE}/v2/me", json={"id": "p1", "localizedFirstName": "A"})
    client = LinkedInClient(retries=0)

    client.me("member-token")
    assert _no_linkedin_call_in_a_transaction == []
    with transaction.atomic():
        client.me("member-token")

    assert _no_linkedin_call_in_a_transaction == [f"GET {settings.LINKEDIN_API_BASE}/v2/me"]
    _no_linkedin_call_in_a_transaction.clear()  # this test made the call on purpose
