"""manage.py sync_linkedin pulls the history too: a dry run says what it would read and calls nothing;
a real run pulls with a progress bar and says what it stored."""

from io import StringIO

import pytest
from django.core.management import call_command

from linkedin_integration.models import InMailEvent
from linkedin_integration.services import history
from tests.linkedin_integration.test_history_pull import (  # noqa: F401
    _no_seeded_history,
    casey,
    contract_level,
    linkedin,
    rita_seat,
    sandbox_http,
    sandbox_seats,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pull_uses_the_sandbox(contract_level, monkeypatch):
    monkeypatch.setattr(history, "LinkedInClient", lambda: contract_level)
    return contract_level


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("sync_linkedin", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_pulls_inmail_with_a_progress_bar(pull_uses_the_sandbox, rita_seat, casey):
    from linkedin_sandbox import messaging

    messaging.inmail_send(seat=rita_seat, member=casey, subject="Hi", text="Hello")

    seats = len(sandbox_seats())

    out, err = run()

    assert f"Pull: {seats} seats" in out and "1 InMail messages" in out
    assert "Seats" in err and f"{seats}/{seats}" in err
    assert InMailEvent.objects.count() == 1


def test_a_dry_run_says_what_it_would_read_and_calls_nothing(pull_uses_the_sandbox):
    history.seats_refresh(client=pull_uses_the_sandbox)
    pull_uses_the_sandbox.calls.clear()

    out, _ = run("--dry-run")

    assert "Pull Rita Recruiter InMail events: from" in out and "2 window(s)" in out
    assert pull_uses_the_sandbox.calls == []
