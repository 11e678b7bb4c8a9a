"""The screens standing in for LinkedIn Recruiter: sign-in, contract chooser, Admin settings > ATS with
its access switch and the signed INTEGRATION_STATUS_CHANGE push, and the callback challenge check."""

import json
import time

import pytest
import requests
import responses

from linkedin_sandbox.models import Application, Event, Integration, Push
from linkedin_sandbox.push import challenge_response
from linkedin_sandbox.session import CONTRACT_KEY, MEMBER_KEY
from tests.linkedin_sandbox.helpers import (
    BASE,
    ORG,
    RSC_CALLBACK,
    call,
    client_token,
    configure_callback,
    contract_level_pairs,
    expected_signature,
    name_integrations,
    provision,
)

pytestmark = pytest.mark.django_db
ATS = f"{BASE}/recruiter/admin/ats/"
CONTRACTS = f"{BASE}/recruiter/contracts/"
SIGNIN = f"{BASE}/signin/"


def sign_in(client, member, contract_id=None):
    session = client.session
    session[MEMBER_KEY] = member.pk
    if contract_id:
        session[CONTRACT_KEY] = contract_id
    session.save()


def app():
    return Application.objects.get(unique_foreign_id="instance-1")


def switch(client, level):
    return client.post(f"{BASE}/recruiter/admin/ats/{app().pk}/access/", {"level": level})


def statuses():
    return dict(Integration.objects.values_list("integration_type", "status"))


def test_an_anonymous_visitor_is_sent_to_the_sandbox_sign_in(client):
    response = client.get(ATS)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGNIN)


def test_signing_in_picks_a_member_and_goes_on(client, rita):
    response = client.post(SIGNIN, {"member": rita.pk, "next": ATS})
    assert response.status_code == 302 and response["Location"] == ATS
    assert client.session[MEMBER_KEY] == rita.pk


def test_signing_in_never_goes_on_to_another_site(client, rita):
    response = client.post(SIGNIN, {"member": rita.pk, "next": "https://evil.example/"})
    assert response["Location"] == f"{BASE}/recruiter/"


def test_signing_in_without_a_member_is_refused(client):
    response = client.post(SIGNIN, {"next": ATS})
    assert response.status_code == 400
    assert "Choose the member to sign in as." in response.content.decode()
    assert MEMBER_KEY not in client.session


def test_a_member_with_two_seats_chooses_a_contract_first(client, alex):
    sign_in(client, alex)
    response = client.get(ATS)
    assert response.status_code == 302 and response["Location"].startswith(CONTRACTS)
    page = client.get(CONTRACTS).content.decode()
    assert "Contoso Demo Recruiter (Corporate)" in page and "Contoso Demo Recruiter (Campus)" in page
    chosen = client.post(CONTRACTS, {"contract": "500200", "next": ATS})
    assert chosen["Location"] == ATS
    assert client.session[CONTRACT_KEY] == 500200
    assert "Contoso Demo Recruiter (Campus)" in client.get(ATS).content.decode()


def test_a_contract_without_a_seat_cannot_be_chosen(client, rita):
    sign_in(client, rita)
    response = client.post(CONTRACTS, {"contract": "500200"})
    assert response.status_code == 400
    assert CONTRACT_KEY not in client.session


def test_a_user_seat_cannot_open_admin_settings(client, rita):
    sign_in(client, rita)
    response = client.get(ATS)
    assert response.status_code == 403
    assert "Only admins of Contoso Demo Recruiter (Corporate)" in response.content.decode()


def test_a_member_without_a_seat_is_told_so(client, casey):
    sign_in(client, casey)
    response = client.get(ATS)
    assert response.status_code == 403
    assert "holds no LinkedIn Recruiter seat" in response.content.decode()


def test_the_admin_sees_that_no_ats_has_asked_yet(client, alex):
    sign_in(client, alex, 500100)
    response = client.get(ATS)
    assert response.status_code == 200
    assert "No ATS has requested an integration for Contoso Demo yet." in response.content.decode()


def test_every_admin_settings_menu_entry_opens_a_working_screen(client, alex):
    import re

    sign_in(client, alex, 500100)
    page = client.get(ATS).content.decode()

    menu = re.search(r'<ul class="li-sidenav">(.*?)</ul>', page, re.S).group(1)
    entries = re.findall(r"<li[^>]*>(.*?)</li>", menu, re.S)
    assert entries and all(entry.startswith("<a href=") for entry in entries)
    for href in re.findall(r'href="([^"]+)"', menu):
        assert client.get(href).status_code == 200, href
    for dead in ("Users", "Company settings"):
        assert dead not in menu


def test_the_admin_sees_the_integrations_the_ats_requested(
    client, alex, partner_ready, django_assert_max_num_queries
):
    sign_in(client, alex, 500100)
    with django_assert_max_num_queries(8):
        response = client.get(ATS)
    page = response.content.decode()
    assert "Attract for Contoso Demo" in page
    [row] = response.context["rows"]
    assert (row["level"], row["can_company"], row["can_contract"]) == ("OFF", True, True)
    assert row["callback_url"] == RSC_CALLBACK
    assert len(row["integrations"]) == 5


def test_the_page_costs_the_same_with_more_ats_apps_and_events(
    client, alex, partner_ready, partner_token, mocked, django_assert_max_num_queries
):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    other = provision(client, partner_token, foreign_id="instance-2").json()["credentials"]
    other_token = client_token(client, other["client_id"], other["client_secret"])
    name_integrations(client, other_token, contract_level_pairs())
    configure_callback(client, other_token)
    sign_in(client, alex, 500100)
    switch(client, "CONTRACT")
    switch(client, "COMPANY")
    with django_assert_max_num_queries(8):
        response = client.get(ATS)
    assert len(response.context["rows"]) == 2


def test_the_other_contract_shows_only_the_company_level_integrations(client, alex, partner_ready):
    sign_in(client, alex, 500200)
    [row] = client.get(ATS).context["rows"]
    assert {i.integration_type for i in row["integrations"]} == {
        "ONE_CLICK_EXPORT",
        "IN_ATS_INDICATOR",
        "PROFILE_PLUGIN",
        "APPLY_WITH_LINKEDIN",
    }
    assert row["can_contract"] is False


def test_switching_contract_level_on_enables_everything_and_sends_a_signed_push(
    client, alex, partner_ready, child_app, mocked
):
    mocked.add(responses.POST, RSC_CALLBACK, status=200, json={"ok": True})
    sign_in(client, alex, 500100)
    response = switch(client, "CONTRACT")
    assert response.status_code == 302
    assert set(statuses().values()) == {"ENABLED"}

    [sent] = mocked.calls
    body = sent.request.body
    assert sent.request.headers["X-LI-Signature"] == expected_signature(
        child_app["credentials"]["client_secret"], body
    )
    assert sent.request.headers["Content-Type"] == "application/json"
    notification = json.loads(body)
    event = Event.objects.get()
    assert notification == {
        "id": event.event_id,
        "type": "INTEGRATION_STATUS_CHANGE",
        "expiresAt": int(event.expires_at.timestamp() * 1000),
    }
    assert notification["expiresAt"] > time.time() * 1000
    push = Push.objects.get()
    assert (push.url, push.status_code, push.delivered) == (RSC_CALLBACK, 200, True)
    page = client.get(ATS).content.decode()
    assert "HTTP 200" in page and event.event_id in page
    assert client.get(ATS).context["rows"][0]["level"] == "CONTRACT"


def test_the_pushed_event_is_what_the_ats_fetches(client, alex, partner_ready, child_token, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    sign_in(client, alex, 500100)
    switch(client, "COMPANY")
    event_id = json.loads(mocked.calls[0].request.body)["id"]
    elements = call(client, "GET", f"atsIntegrations?q=request&requestId={event_id}", child_token).json()[
        "elements"
    ]
    assert {e["integrationType"]: e["status"] for e in elements} == {
        "ONE_CLICK_EXPORT": "ENABLED",
        "IN_ATS_INDICATOR": "ENABLED",
        "PROFILE_PLUGIN": "ENABLED",
        "APPLY_WITH_LINKEDIN": "ENABLED",
        "CSA_API": "PARTNER_READY",
    }


def test_going_from_contract_to_company_level_disables_only_csa_api(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    sign_in(client, alex, 500100)
    switch(client, "CONTRACT")
    switch(client, "COMPANY")
    assert statuses()["CSA_API"] == "DISABLED"
    assert {
        statuses()[t]
        for t in ("ONE_CLICK_EXPORT", "IN_ATS_INDICATOR", "PROFILE_PLUGIN", "APPLY_WITH_LINKEDIN")
    } == {"ENABLED"}
    assert Event.objects.count() == 2 and len(mocked.calls) == 2


def test_switching_off_disables_what_was_enabled(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    sign_in(client, alex, 500100)
    switch(client, "COMPANY")
    switch(client, "OFF")
    assert statuses() == {
        "ONE_CLICK_EXPORT": "DISABLED",
        "IN_ATS_INDICATOR": "DISABLED",
        "PROFILE_PLUGIN": "DISABLED",
        "APPLY_WITH_LINKEDIN": "DISABLED",
        "CSA_API": "PARTNER_READY",
    }


def test_switching_to_the_level_already_on_sends_nothing(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    sign_in(client, alex, 500100)
    switch(client, "COMPANY")
    switch(client, "COMPANY")
    assert "Nothing changed, so no push was sent." in client.get(ATS).content.decode()
    assert Event.objects.count() == 1 and len(mocked.calls) == 1


def test_access_cannot_be_switched_on_before_the_partner_is_ready(client, alex, child_token, mocked):
    name_integrations(client, child_token, contract_level_pairs())  # no CALLBACK_URL yet
    sign_in(client, alex, 500100)
    response = switch(client, "CONTRACT")
    assert response.status_code == 302
    page = client.get(ATS).content.decode()
    assert "Waiting for the ATS partner to finish its side: ONE_CLICK_EXPORT (needs CALLBACK_URL)." in page
    assert "ENABLED" not in statuses().values()
    assert not Event.objects.exists() and not mocked.calls


def test_contract_level_needs_csa_api_to_be_requested(client, alex, child_token, mocked):
    name_integrations(client, child_token, [(ORG, "IN_ATS_INDICATOR")])
    sign_in(client, alex, 500100)
    switch(client, "CONTRACT")
    assert "has not requested contract-level access" in client.get(ATS).content.decode()
    assert statuses() == {"IN_ATS_INDICATOR": "PARTNER_READY"}
    assert not mocked.calls


def test_a_user_seat_cannot_switch_access(client, rita, partner_ready, mocked):
    sign_in(client, rita, 500100)
    response = switch(client, "COMPANY")
    assert response.status_code == 403
    assert "ENABLED" not in statuses().values()
    assert not Event.objects.exists() and not mocked.calls


def test_an_unknown_level_is_refused(client, alex, partner_ready, mocked):
    sign_in(client, alex, 500100)
    switch(client, "EVERYTHING")
    assert "Choose Company-level, Contract-level or Off." in client.get(ATS).content.decode()
    assert "ENABLED" not in statuses().values()


def test_a_failed_delivery_is_recorded_and_shown_not_raised(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, body=requests.ConnectionError("connection refused"))
    sign_in(client, alex, 500100)
    response = switch(client, "COMPANY")
    assert response.status_code == 302
    push = Push.objects.get()
    assert push.status_code is None and "connection refused" in push.error
    assert "connection refused" in client.get(ATS).content.decode()
    assert statuses()["ONE_CLICK_EXPORT"] == "ENABLED"


def test_an_error_answer_from_the_ats_is_recorded(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=401, body="bad signature")
    sign_in(client, alex, 500100)
    switch(client, "COMPANY")
    push = Push.objects.get()
    assert (push.status_code, push.answer, push.delivered) == (401, "bad signature", False)


def test_a_push_can_be_sent_again_with_the_same_id(client, alex, partner_ready, mocked):
    mocked.add(responses.POST, RSC_CALLBACK, status=200)
    sign_in(client, alex, 500100)
    switch(client, "COMPANY")
    event = Event.objects.get()
    client.post(f"{BASE}/recruiter/admin/ats/events/{event.pk}/resend/")
    assert len(mocked.calls) == 2
    assert mocked.calls[0].request.body == mocked.calls[1].request.body
    assert Push.objects.count() == 2


def test_the_challenge_check_passes_when_the_callback_answers_right(
    client, alex, partner_ready, child_app, mocked
):
    secret = child_app["credentials"]["client_secret"]

    def answer(request):
        code = request.params["challengeCode"]
        return (
            200,
            {},
            json.dumps({"challengeCode": code, "challengeResponse": challenge_response(secret, code)}),
        )

    mocked.add_callback(responses.GET, RSC_CALLBACK, callback=answer)
    sign_in(client, alex, 500100)
    client.post(f"{BASE}/recruiter/admin/ats/{app().pk}/challenge/")
    assert "The callback answered the challenge correctly." in client.get(ATS).content.decode()


def test_the_challenge_check_fails_on_a_wrong_answer(client, alex, partner_ready, mocked):
    def answer(request):
        code = request.params["challengeCode"]
        return 200, {}, json.dumps({"challengeCode": code, "challengeResponse": "0" * 64})

    mocked.add_callback(responses.GET, RSC_CALLBACK, callback=answer)
    sign_in(client, alex, 500100)
    client.post(f"{BASE}/recruiter/admin/ats/{app().pk}/challenge/")
    assert "challengeResponse is not HMAC-SHA256" in client.get(ATS).content.decode()


def test_the_index_links_every_screen(client, partner_ready):
    response = client.get(f"{BASE}/")
    page = response.content.decode()
    for path in ("signin/", "recruiter/contracts/", "recruiter/admin/ats/", "faults/", "jobs/"):
        assert f'href="{BASE}/{path}"' in page
    assert "Attract for Contoso Demo" in page and "Partner ready" in page
