"""The sign-in and provisioning calls of the LinkedIn contract: the request the client sends and how it
reads the answer. atsIntegrations calls: test_client_integrations.py."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from linkedin_integration.client import LinkedInError
from tests.linkedin_integration.test_client_helpers import (
    API,
    CHILD_ID,
    CHILD_KEY,
    CHILD_SECRET,
    CONTRACT,
    OAUTH,
    ORG,
    PARTNER_ID,
    PARTNER_SECRET,
    START,
    TOKEN_URL,
    FakeClock,
    Sleeps,
    add_token,
    assert_query,
    body,
    configure,
    connect_child_app,
    form,
    make_client,
)


@pytest.fixture(autouse=True)
def _linkedin(settings, db):
    configure(settings)


@pytest.fixture
def client():
    return make_client(FakeClock(), Sleeps())


# Signing a person in.


def test_the_authorization_url_carries_code_client_redirect_state_and_scope(client):
    url = client.authorization_url(
        redirect_uri="https://attract.test/linkedin/connect/done/", state="st-123", scope="r_liteprofile"
    )

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{OAUTH}/oauth/v2/authorization"
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": [PARTNER_ID],
        "redirect_uri": ["https://attract.test/linkedin/connect/done/"],
        "state": ["st-123"],
        "scope": ["r_liteprofile"],
    }
    assert PARTNER_SECRET not in url


def test_the_authorization_url_of_the_child_app_names_the_child_app(client):
    connect_child_app()

    url = client.authorization_url(redirect_uri="https://attract.test/cb/", state="s", app="CHILD")

    assert parse_qs(urlsplit(url).query)["client_id"] == [CHILD_ID]


def test_an_authorization_url_without_state_is_refused(client):
    with pytest.raises(ValueError):
        client.authorization_url(redirect_uri="https://attract.test/cb/", state="")


def test_exchanging_a_code_posts_the_authorization_code_grant_and_returns_the_member_token(client, mocked):
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": "member-token", "expires_in": 5184000})

    token = client.exchange_code(code="code-abc", redirect_uri="https://attract.test/cb/")

    assert token.access_token == "member-token"
    assert token.expires_at == START + dt.timedelta(seconds=5184000)
    assert form(mocked.calls[0]) == {
        "grant_type": "authorization_code",
        "code": "code-abc",
        "redirect_uri": "https://attract.test/cb/",
        "client_id": PARTNER_ID,
        "client_secret": PARTNER_SECRET,
    }
    assert "member-token" not in repr(token)


@pytest.mark.parametrize(
    "answer",
    [
        {"body": "<html>oops</html>"},
        {"json": ["access_token", "x"]},
        {"json": {"expires_in": 3600}},
        {"json": {"access_token": "", "expires_in": 3600}},
        {"json": {"access_token": "t", "expires_in": "3600"}},
        {"json": {"access_token": "t", "expires_in": 0}},
        {"json": {"access_token": "t"}},
    ],
)
def test_a_junk_token_answer_is_an_error_never_a_token(client, mocked, answer):
    mocked.add(responses.POST, TOKEN_URL, **answer)

    with pytest.raises(LinkedInError) as caught:
        client.exchange_code(code="code-abc", redirect_uri="https://attract.test/cb/")

    assert caught.value.permanent is True
    assert "not understood" in caught.value.message


def test_a_missing_code_is_refused_without_asking_linkedin(client, mocked):
    with pytest.raises(LinkedInError, match="no authorization code"):
        client.exchange_code(code="", redirect_uri="https://attract.test/cb/")

    assert len(mocked.calls) == 0


def test_a_spent_code_brings_linkedins_oauth_message(client, mocked):
    mocked.add(
        responses.POST,
        TOKEN_URL,
        status=400,
        json={"error": "invalid_grant", "error_description": "The authorization code was already used"},
    )

    with pytest.raises(LinkedInError) as caught:
        client.exchange_code(code="code-abc", redirect_uri="https://attract.test/cb/")

    assert (caught.value.status, caught.value.permanent) == (400, True)
    assert caught.value.message == "The authorization code was already used"


def test_me_asks_with_the_member_token_and_returns_the_person_urn_and_name(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/v2/me",
        json={"id": "aBc123", "localizedFirstName": "Ada", "localizedLastName": "Lovelace"},
    )

    member = client.me("member-token")

    assert (member.urn, member.name) == ("urn:li:person:aBc123", "Ada Lovelace")
    request = mocked.calls[0].request
    assert request.headers["Authorization"] == "Bearer member-token"
    assert "X-RestLi-Protocol-Version" not in request.headers


def test_me_reads_localized_name_objects_too(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/v2/me",
        json={"id": "x1", "firstName": {"localized": {"en_US": "Grace"}}, "lastName": {"localized": {}}},
    )

    assert client.me("member-token").name == "Grace"


@pytest.mark.parametrize(
    "vanity, url",
    [
        ("ada-lovelace-1815", "https://www.linkedin.com/in/ada-lovelace-1815"),
        ("", ""),
        ("../../evil?x=1", ""),
        (None, ""),
    ],
)
def test_me_gives_the_headline_and_the_public_profile_url_from_the_vanity_name(client, mocked, vanity, url):
    answer = {"id": "a1", "localizedFirstName": "Ada", "localizedHeadline": "Analyst | Engines"}
    mocked.add(responses.GET, f"{API}/v2/me", json={**answer, "vanityName": vanity})

    member = client.me("member-token")

    assert (member.headline, member.profile_url) == ("Analyst | Engines", url)


def test_the_email_address_comes_from_the_email_finder_and_may_be_absent(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/v2/emailAddress",
        json={
            "elements": [{"handle": "urn:li:emailAddress:7", "handle~": {"emailAddress": "ada@example.test"}}]
        },
    )
    mocked.add(responses.GET, f"{API}/v2/emailAddress", json={"elements": []})

    assert client.email_address("member-token") == "ada@example.test"
    assert client.email_address("member-token") == ""
    assert_query(
        mocked.calls[0], f"{API}/v2/emailAddress", [("q", "members"), ("projection", "(elements*(handle~))")]
    )
    assert mocked.calls[0].request.headers["Authorization"] == "Bearer member-token"


@pytest.mark.parametrize("answer", [{"localizedFirstName": "Ada"}, {"id": ""}, {"id": True}, ["id"]])
def test_a_profile_answer_without_a_person_id_is_an_error(client, mocked, answer):
    mocked.add(responses.GET, f"{API}/v2/me", json=answer)

    with pytest.raises(LinkedInError, match="not understood"):
        client.me("member-token")


def test_recruiter_contracts_lists_the_contracts_of_the_signed_in_person(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/v2/recruiterContracts",
        json={
            "elements": [
                {"contract": CONTRACT, "name": "Acme EMEA", "organization": ORG, "isAdmin": True},
                {
                    "contract": "urn:li:contract:3003",
                    "name": "Acme US",
                    "organization": ORG,
                    "isAdmin": False,
                },
            ]
        },
    )

    contracts = client.recruiter_contracts("member-token")

    assert mocked.calls[0].request.url == f"{API}/v2/recruiterContracts?q=viewer"
    assert mocked.calls[0].request.headers["Authorization"] == "Bearer member-token"
    assert [(c.urn, c.name, c.organization_urn, c.is_admin) for c in contracts] == [
        (CONTRACT, "Acme EMEA", ORG, True),
        ("urn:li:contract:3003", "Acme US", ORG, False),
    ]


@pytest.mark.parametrize(
    "answer",
    [{}, {"elements": "none"}, {"elements": [{"contract": "2002", "organization": ORG}]}, {"elements": [7]}],
)
def test_a_junk_contract_list_is_an_error(client, mocked, answer):
    mocked.add(responses.GET, f"{API}/v2/recruiterContracts", json=answer)

    with pytest.raises(LinkedInError, match="not understood"):
        client.recruiter_contracts("member-token")


# Provisioning the child app, with the partner app's token.


def test_provisioning_posts_the_child_app_with_the_partner_token(client, mocked):
    add_token(mocked, "partner-token-1")
    mocked.add(
        responses.POST,
        f"{API}/v2/provisionedApplications",
        status=201,
        json={"key": CHILD_KEY, "credentials": {"client_id": CHILD_ID, "client_secret": CHILD_SECRET}},
    )

    app = client.provision_application(
        name="Attract (acme)",
        description="Attract ATS",
        unique_foreign_id="5d0c6a8e-0000-4000-8000-000000000001",
        callback_urls=["https://attract.test/linkedin/connect/done/"],
        js_sdk_domains=["attract.test"],
    )

    assert (app.key, app.client_id, app.client_secret) == (CHILD_KEY, CHILD_ID, CHILD_SECRET)
    assert CHILD_SECRET not in repr(app)
    token_call, create_call = mocked.calls
    assert form(token_call) == {
        "grant_type": "client_credentials",
        "client_id": PARTNER_ID,
        "client_secret": PARTNER_SECRET,
    }
    assert create_call.request.method == "POST"
    assert create_call.request.headers["Authorization"] == "Bearer partner-token-1"
    assert "X-RestLi-Protocol-Version" not in create_call.request.headers
    assert body(create_call) == {
        "name": "Attract (acme)",
        "description": "Attract ATS",
        "uniqueForeignId": "5d0c6a8e-0000-4000-8000-000000000001",
        "oauth2AuthorizedCallbackUrls": ["https://attract.test/linkedin/connect/done/"],
        "validJsSdkDomains": ["attract.test"],
    }


def test_a_provisioning_answer_without_the_secret_is_an_error(client, mocked):
    add_token(mocked, "partner-token-1")
    mocked.add(
        responses.POST,
        f"{API}/v2/provisionedApplications",
        status=201,
        json={"key": CHILD_KEY, "credentials": {"client_id": CHILD_ID}},
    )

    with pytest.raises(LinkedInError, match="not understood"):
        client.provision_application(name="n", description="d", unique_foreign_id="u", callback_urls=[])


def test_the_look_up_by_unique_foreign_id_finds_the_child_app(client, mocked):
    add_token(mocked, "partner-token-1")
    mocked.add(
        responses.GET,
        f"{API}/v2/provisionedApplications",
        json={"elements": [{"key": CHILD_KEY, "name": "Attract", "credentials": {"client_id": CHILD_ID}}]},
    )

    app = client.find_provisioned_application("inst-1")

    assert mocked.calls[1].request.url == (
        f"{API}/v2/provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId=inst-1"
    )
    assert mocked.calls[1].request.headers["Authorization"] == "Bearer partner-token-1"
    assert (app.key, app.client_id, app.client_secret) == (CHILD_KEY, CHILD_ID, "")


def test_the_look_up_of_an_installation_without_a_child_app_finds_nothing(client, mocked):
    add_token(mocked, "partner-token-1")
    mocked.add(responses.GET, f"{API}/v2/provisionedApplications", json={"elements": []})

    assert client.find_provisioned_application("inst-1") is None


def test_updating_the_child_apps_domains_is_a_plain_post_of_a_patch_to_the_app(client, mocked):
    add_token(mocked, "partner-token-1")
    mocked.add(
        responses.POST, f"{API}/v2/provisionedApplications/urn:li:developerApplication:4242", status=204
    )

    client.update_provisioned_application(key=CHILD_KEY, js_sdk_domains=["careers.acme.test"])

    call = mocked.calls[1]
    assert call.request.url == f"{API}/v2/provisionedApplications/urn:li:developerApplication:4242"
    assert "x-restli-method" not in call.request.headers
    assert body(call) == {"patch": {"$set": {"validJsSdkDomains": ["careers.acme.test"]}}}
