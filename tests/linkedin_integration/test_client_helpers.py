"""Shared set-up for the LinkedIn client tests (no tests here): fake base URLs and credentials, a clock
the tests move by hand, a sleep that only records, and the token answer most tests need."""

import datetime as dt
import json
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
import responses

from linkedin_integration.client import LinkedInClient
from linkedin_integration.models import LinkedInSettings

API = "https://api.linkedin.test"
OAUTH = "https://www.linkedin.test"
TOKEN_URL = f"{OAUTH}/oauth/v2/accessToken"
PARTNER_ID = "partner-app-id"
PARTNER_SECRET = "partner-secret-5f1c77"
CHILD_ID = "child-app-id"
CHILD_SECRET = "child-secret-a9e2d1"
CHILD_KEY = "urn:li:developerApplication:4242"
START = dt.datetime(2025, 3, 14, 10, 0, tzinfo=dt.UTC)
ORG = "urn:li:organization:1001"
CONTRACT = "urn:li:contract:2002"


class FakeClock:
    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


class Sleeps(list):
    """Stands in for time.sleep: remembers each delay instead of waiting."""

    def __call__(self, seconds):
        self.append(seconds)


def configure(settings):
    settings.LINKEDIN_API_BASE = API
    settings.LINKEDIN_OAUTH_BASE = OAUTH
    settings.LINKEDIN_CLIENT_ID = PARTNER_ID
    settings.LINKEDIN_CLIENT_SECRET = PARTNER_SECRET
    settings.LINKEDIN_TIMEOUT = 7.5


def connect_child_app(client_id=CHILD_ID, secret=CHILD_SECRET):
    row = LinkedInSettings.load()
    row.app_key, row.app_client_id, row.app_client_secret = CHILD_KEY, client_id, secret
    row.save()
    return row


def make_client(clock=None, sleeps=None):
    return LinkedInClient(clock=clock or FakeClock(), sleep=sleeps if sleeps is not None else Sleeps())


def add_token(mocked, token="child-token-1", expires_in=1800):
    mocked.add(responses.POST, TOKEN_URL, json={"access_token": token, "expires_in": expires_in})


def form(call):
    """The form a request posted, as {name: value}."""
    return {name: values[0] for name, values in parse_qs(call.request.body).items()}


def body(call):
    return json.loads(call.request.body)


def calls_to(mocked, url_prefix):
    return [call for call in mocked.calls if call.request.url.startswith(url_prefix)]


def assert_query(call, address, pairs):
    """The request went to `address` with exactly these query pairs, in this order, and its URNs travel
    as LinkedIn's collection writes them (`urn:li:...`, no `%3A`)."""
    parts = urlsplit(call.request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == address
    assert parse_qsl(parts.query) == pairs
    assert "%3A" not in parts.query


@pytest.fixture
def configured_linkedin(settings, db):
    """The fake LinkedIn's addresses and credentials in the settings (import with the two below)."""
    configure(settings)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def client(sleeps):
    """A client on a clock that does not move, whose sleeps are only recorded."""
    return make_client(FakeClock(), sleeps)
