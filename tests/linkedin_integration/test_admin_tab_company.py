"""Admin center, LinkedIn Integration tab: the company settings section."""

import pytest

from linkedin_integration.models import AuditEntry, LinkedInSettings

TAB = "/admin-center/linkedin/"
SAVE = "/admin-center/linkedin/company/"


def test_the_tab_shows_company_settings_then_the_feed(client_for, admin_user):
    response = client_for(admin_user).get(TAB)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="active">LinkedIn Integration</a>' in html
    assert html.index("Company settings") < html.index("Limited Listings feed")
    assert 'name="company_name"' in html and 'name="company_id"' in html


def test_the_company_name_help_says_it_must_match_the_linkedin_page_exactly(client_for, admin_user):
    html = client_for(admin_user).get(TAB).content.decode()

    assert "Must match the name on your company&#x27;s LinkedIn page exactly" in html
    assert "puts them under the wrong company" in html


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager", "interviewer", "read_only"])
@pytest.mark.parametrize("method, url", [("get", TAB), ("post", SAVE)])
def test_only_administrators_open_the_tab_or_save(request, client_for, persona, method, url):
    client = client_for(request.getfixturevalue(persona))
    response = getattr(client, method)(url, {"company_name": "Evil", "company_id": "1"})
    assert response.status_code == 403
    assert not LinkedInSettings.objects.filter(company_name="Evil").exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(TAB)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin-center/linkedin/")


def test_saving_stores_the_settings_and_writes_the_audit_log(client_for, admin_user):
    response = client_for(admin_user).post(SAVE, {"company_name": "  Contoso  ", "company_id": " 2414183 "})
    assert response.status_code == 302
    assert response["Location"] == TAB
    linkedin = LinkedInSettings.load()
    assert (linkedin.company_name, linkedin.company_id) == ("Contoso", "2414183")
    entry = AuditEntry.objects.get(action="Company settings saved")
    assert entry.actor == admin_user
    assert "Contoso" in entry.detail and "2414183" in entry.detail


def test_every_save_is_audited(client_for, admin_user):
    client = client_for(admin_user)
    client.post(SAVE, {"company_name": "Contoso", "company_id": "1"})
    client.post(SAVE, {"company_name": "Contoso", "company_id": "2"})
    assert AuditEntry.objects.filter(action="Company settings saved").count() == 2
    assert "(was 1)" in AuditEntry.objects.filter(action="Company settings saved").first().detail


@pytest.mark.parametrize("company_id", ["abc", "12 34", "12-34", "1.5", "-5", "²", "١٢٣", "１２３", "1" * 21])
def test_a_company_id_that_is_not_plain_digits_is_refused_and_nothing_is_written(
    client_for, admin_user, company_id
):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Before", "company_id": "7"})
    response = client_for(admin_user).post(SAVE, {"company_name": "After", "company_id": company_id})
    assert response.status_code == 200
    errors = response.context["company_form"].errors
    assert list(errors) == ["company_id"]
    assert 'id="id_company_id-errors"' in response.content.decode()
    linkedin = LinkedInSettings.load()
    assert (linkedin.company_name, linkedin.company_id) == ("Before", "7")
    assert not AuditEntry.objects.exists()


def test_the_company_id_error_says_what_is_expected(client_for, admin_user):
    response = client_for(admin_user).post(SAVE, {"company_name": "Contoso", "company_id": "contoso"})
    assert "The LinkedIn Company ID is a number made of digits only" in response.content.decode()


def test_a_missing_company_name_is_refused_and_nothing_is_written(client_for, admin_user):
    response = client_for(admin_user).post(SAVE, {"company_name": "   ", "company_id": "123"})
    assert response.status_code == 200
    assert "Enter the company name LinkedIn shows on your jobs." in response.content.decode()
    assert LinkedInSettings.load().company_id == ""
    assert not AuditEntry.objects.exists()


def test_the_company_id_may_be_cleared_which_stops_publishing(client_for, admin_user):
    LinkedInSettings.objects.update_or_create(pk=1, defaults={"company_name": "Contoso", "company_id": "7"})
    client = client_for(admin_user)
    client.post(SAVE, {"company_name": "Contoso", "company_id": "", "confirmed": "yes"})
    assert LinkedInSettings.load().company_id == ""
    assert "No job is published: No LinkedIn Company ID is configured" in client.get(TAB).content.decode()


def test_the_service_refuses_bad_input_on_its_own(admin_user):
    from attract.errors import DomainError
    from linkedin_integration.services import company_settings_save

    with pytest.raises(DomainError) as refused:
        company_settings_save(actor=admin_user, company_name="Contoso", company_id="12a")
    assert refused.value.field == "company_id"
    assert not AuditEntry.objects.exists()


def test_the_form_shows_the_saved_values(client_for, admin_user):
    LinkedInSettings.objects.update_or_create(
        pk=1, defaults={"company_name": "Contoso", "company_id": "2414183"}
    )
    html = client_for(admin_user).get(TAB).content.decode()
    assert 'value="Contoso"' in html and 'value="2414183"' in html
