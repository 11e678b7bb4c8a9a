"""The company settings ask before the Company ID is cleared and refuse 0; the audit log says only
what changed; staff LinkedIn sign-ins that are cancelled or refused are in the audit log too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from linkedin_integration.client import LinkedInError
from linkedin_integration.models import AuditEntry, JobListing, LinkedInSettings
from tests.factories import JobFactory
from tests.linkedin_integration.test_connection import CALLBACK, linkedin, start  # noqa: F401 - fixture

SAVE = "/admin-center/linkedin/company/"


@pytest.fixture
def company(db):
    LinkedInSettings.objects.update_or_create(
        pk=1, defaults={"company_name": "Contoso", "company_id": "2414183"}
    )


def on_linkedin(count):
    for _ in range(count):
        JobListing.objects.create(
            job=JobFactory(status="ACTIVE"), marked=True, first_published_at=timezone.now()
        )


def test_changing_only_the_name_records_only_the_name(client_for, admin_user, company):
    client_for(admin_user).post(SAVE, {"company_name": "Contoso Ltd", "company_id": "2414183"})

    entry = AuditEntry.objects.get(action="Company settings saved")
    assert entry.detail == "Company name: 'Contoso Ltd' (was 'Contoso')."


def test_changing_only_the_company_id_records_only_the_company_id(client_for, admin_user, company):
    client_for(admin_user).post(SAVE, {"company_name": "Contoso", "company_id": "99"})

    entry = AuditEntry.objects.get(action="Company settings saved")
    assert entry.detail == "LinkedIn Company ID: 99 (was 2414183)."


def test_a_save_that_changes_nothing_writes_nothing(client_for, admin_user, company):
    client_for(admin_user).post(SAVE, {"company_name": "Contoso", "company_id": "2414183"})

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("zero", ["0", "000"])
def test_company_id_zero_is_refused_and_nothing_is_written(client_for, admin_user, company, zero):
    response = client_for(admin_user).post(SAVE, {"company_name": "Contoso", "company_id": zero})

    assert response.status_code == 200
    assert "0 is not a LinkedIn Company ID" in response.content.decode()
    assert LinkedInSettings.load().company_id == "2414183"
    assert not AuditEntry.objects.exists()


def test_clearing_the_company_id_says_how_many_jobs_leave_linkedin_and_asks_first(
    client_for, admin_user, company
):
    on_linkedin(3)
    JobListing.objects.create(job=JobFactory(status="ACTIVE"), marked=True)  # not on LinkedIn yet
    client = client_for(admin_user)

    response = client.post(SAVE, {"company_name": "Contoso", "company_id": ""})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Clear the LinkedIn Company ID?" in body
    assert "3 jobs on LinkedIn will leave LinkedIn with the next feed publication" in body
    assert LinkedInSettings.load().company_id == "2414183"
    assert not AuditEntry.objects.exists()

    client.post(SAVE, {"company_name": "Contoso", "company_id": "", "confirmed": "yes"})

    assert LinkedInSettings.load().company_id == ""
    assert AuditEntry.objects.get().detail == "LinkedIn Company ID: none (was 2414183)."


def test_setting_a_company_id_for_the_first_time_does_not_ask(client_for, admin_user):
    response = client_for(admin_user).post(SAVE, {"company_name": "Contoso", "company_id": "5"})

    assert response.status_code == 302
    assert LinkedInSettings.load().company_id == "5"


@pytest.mark.parametrize(
    "params, action, answer",
    [
        (
            {"error": "user_cancelled_authorize", "error_description": "denied"},
            "LinkedIn sign-in cancelled",
            "user_cancelled_authorize: denied",
        ),
        ({"error": "server_error"}, "LinkedIn sign-in refused", "server_error"),
    ],
)
def test_a_cancelled_or_refused_connect_sign_in_is_audited(
    client_for,
    admin_user,
    linkedin,
    params,
    action,
    answer,  # noqa: F811
):
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))

    client.get(CALLBACK, {"state": state, **params})

    entry = AuditEntry.objects.get(action=action)
    assert (entry.actor, entry.ok, entry.linkedin_answer) == (admin_user, False, answer)
    assert "Connect to LinkedIn" in entry.detail


def test_a_code_linkedin_refuses_is_audited_with_its_answer(client_for, admin_user, linkedin):  # noqa: F811
    linkedin.exchange_error = LinkedInError("The authorization code expired", status=400, permanent=True)
    client = client_for(admin_user)
    state = start(client, reverse("linkedin:connect"))

    client.get(CALLBACK, {"state": state, "code": "old"})

    entry = AuditEntry.objects.get(action="LinkedIn sign-in refused")
    assert entry.linkedin_answer == "HTTP 400: The authorization code expired"


def test_a_users_own_cancelled_sign_in_is_audited_too(client_for, recruiter, linkedin):  # noqa: F811
    client = client_for(recruiter)
    state = start(client, reverse("linkedin:member_connect"))

    client.get(CALLBACK, {"state": state, "error": "access_denied"})

    entry = AuditEntry.objects.get(action="LinkedIn sign-in cancelled")
    assert entry.actor == recruiter and "their own LinkedIn account" in entry.detail
