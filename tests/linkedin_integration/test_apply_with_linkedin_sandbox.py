"""Apply with LinkedIn over real HTTP against the sandbox: the admin switches it on (the career site's
domain joins the child app's allowed domains), a job seeker signs in on LinkedIn's page and finds the
apply form filled in with what LinkedIn shared, edits it and applies."""

import html
import re

import pytest

from candidates.models import Application
from linkedin_integration.models import LinkedInSettings
from tests.factories import JobFactory
from tests.linkedin_integration.test_rsc_sandbox import (  # noqa: F401
    Visitor,
    _no_connection_outlives_the_test,
    attract_admin,
    connected,
    linkedin_is_the_sandbox,
)

pytestmark = pytest.mark.django_db(transaction=True)


def hidden_inputs(page: str) -> dict:
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def test_a_job_seeker_applies_with_linkedin_and_edits_the_prefilled_form(
    connected, attract_admin, linkedin_is_the_sandbox, admin_user
):
    from linkedin_sandbox.models import Member

    job = JobFactory(status="ACTIVE", owner=admin_user, title="Sandbox Apply Engineer")
    apply_path = f"/careers/{job.code}/apply/"

    switched = attract_admin.post("/admin-center/linkedin/apply-with-linkedin/", {"enabled": "on"})
    assert "Apply with LinkedIn is on." in switched.text
    assert connected.__class__.objects.get(pk=connected.pk).valid_js_sdk_domains == [
        linkedin_is_the_sandbox.split("//", 1)[1]
    ]
    assert LinkedInSettings.load().apply_with_linkedin

    seeker = Visitor(linkedin_is_the_sandbox)
    try:
        assert "Apply with LinkedIn" in seeker.get(apply_path).text
        consent = seeker.post(f"/careers/{job.code}/apply/linkedin/")
        assert "/sandbox/linkedin/oauth/v2/authorization" in consent.url
        casey = Member.objects.get(first_name="Casey")
        form = {**hidden_inputs(consent.text), "member": casey.pk, "decision": "allow"}
        form.pop("csrfmiddlewaretoken", None)
        prefilled = seeker.post(consent.url.split(linkedin_is_the_sandbox, 1)[1], form)

        assert prefilled.url.endswith(f"{apply_path}?linkedin=1")
        assert 'value="casey.candidate@example.com"' in prefilled.text
        assert 'value="Casey"' in prefilled.text
        assert "We filled in what LinkedIn shared" in prefilled.text

        sent = seeker.post(
            apply_path,
            {"first_name": "Casey", "last_name": "Candidate-Smith", "email": "casey.candidate@example.com"},
        )
        assert sent.url.endswith(f"{apply_path}thanks/")
    finally:
        seeker.close()
    application = Application.objects.get(job=job)
    assert (application.candidate.last_name, application.candidate.email) == (
        "Candidate-Smith",
        "casey.candidate@example.com",
    )
    # What the profile gave beyond the form, and where the applicant came from.
    assert application.source == application.candidate.source == "APPLY_WITH_LINKEDIN"
    assert application.candidate.linkedin_url == f"https://www.linkedin.com/in/{casey.vanity_name}"
    assert application.candidate.headline == casey.headline != ""


def test_switching_apply_with_linkedin_off_removes_the_domain_the_button_and_the_sign_in(
    connected, attract_admin, linkedin_is_the_sandbox, admin_user
):
    from linkedin_sandbox.models import AuthorizationCode

    job = JobFactory(status="ACTIVE", owner=admin_user, title="Sandbox Apply Engineer")
    apply_path = f"/careers/{job.code}/apply/"
    attract_admin.post("/admin-center/linkedin/apply-with-linkedin/", {"enabled": "on"})
    seeker = Visitor(linkedin_is_the_sandbox)
    try:
        switched = attract_admin.post("/admin-center/linkedin/apply-with-linkedin/", {})

        assert "Apply with LinkedIn is off." in switched.text
        connected.refresh_from_db()
        # The profile widget keeps the domain allowed; Attract itself refuses the sign-in.
        assert connected.valid_js_sdk_domains == [linkedin_is_the_sandbox.split("//", 1)[1]]
        assert not LinkedInSettings.load().apply_with_linkedin
        assert "Apply with LinkedIn" not in seeker.get(apply_path).text
        started = seeker.post(f"/careers/{job.code}/apply/linkedin/")
        assert started.status_code == 404 and started.url.endswith("/apply/linkedin/")
    finally:
        seeker.close()
    assert not AuthorizationCode.objects.exists()
