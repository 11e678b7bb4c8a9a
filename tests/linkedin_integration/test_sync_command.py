"""manage.py sync_linkedin [--dry-run]."""

import io

import pytest
from django.core.management import call_command

from linkedin_sandbox.models import AtsCandidate
from tests.factories import CandidateFactory
from tests.linkedin_integration.sync_helpers import enabled, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_linkedin", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_dry_run_says_what_would_be_sent_and_sends_nothing(enabled, sandbox):
    CandidateFactory()

    out, _ = run("--dry-run")

    assert "Push Candidates: would send everything of the last 2 years (first run)" in out
    assert sandbox.data_calls() == []


def test_the_command_pushes_with_a_progress_bar(enabled, sandbox, settings):
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = -5
    CandidateFactory()

    out, err = run()

    assert "Push Candidates: 1 accepted, 0 refused" in out
    assert "Candidates" in err  # tqdm's bar
    assert AtsCandidate.objects.count() == 1


def test_before_enabled_the_command_says_why_nothing_ran(db, sandbox):
    out, _ = run()

    assert "Push: not run. LinkedIn is not connected." in out
