import pytest

from linkedin_sandbox import seed
from linkedin_sandbox.models import Contract, Member
from tests.linkedin_sandbox.helpers import (
    PARTNER_ID,
    PARTNER_SECRET,
    client_token,
    configure_callback,
    contract_level_pairs,
    name_integrations,
    provision,
)


@pytest.fixture(autouse=True)
def _sandbox_world(db):
    """The data migration seeds the sandbox, but live-server tests flush the database after themselves."""
    seed.seed()


@pytest.fixture
def partner_token(db, client):
    return client_token(client, PARTNER_ID, PARTNER_SECRET)


@pytest.fixture
def child_app(client, partner_token):
    response = provision(client, partner_token)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def child_token(client, child_app):
    credentials = child_app["credentials"]
    return client_token(client, credentials["client_id"], credentials["client_secret"])


@pytest.fixture
def alex(db):
    return Member.objects.get(first_name="Alex", last_name="Admin")


@pytest.fixture
def rita(db):
    return Member.objects.get(first_name="Rita", last_name="Recruiter")


@pytest.fixture
def casey(db):
    return Member.objects.get(first_name="Casey", last_name="Candidate")


@pytest.fixture
def corporate(db):
    return Contract.objects.get(contract_id=500100)


@pytest.fixture
def partner_ready(client, child_token):
    """Contract-level RSC requested and the partner-side step done: every integration PARTNER_READY."""
    assert name_integrations(client, child_token, contract_level_pairs()).status_code == 200
    assert configure_callback(client, child_token).status_code == 200
