"""Helpers for the candidates view tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

PERSONAS = ["admin_user", "recruiter", "other_recruiter", "hiring_manager", "interviewer", "read_only", None]


def sign_in(request, client_for, persona):
    """The test client signed in as the named persona fixture (None: anonymous)."""
    user = request.getfixturevalue(persona) if persona else None
    return client_for(user), user


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def assert_redirects_to_login(response, url):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
