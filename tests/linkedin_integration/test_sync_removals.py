"""Deletions reach LinkedIn: a removed application, a deleted or anonymised candidate (its applications
first), a deleted note or feedback, and a profile link removed; and the sync stops when RSC does."""

import pytest
from django.utils import timezone

from attract.errors import DomainError
from candidates.models import InterviewFeedback, Removal
from candidates.services.removals import application_remove, candidate_anonymise, candidate_delete
from linkedin_integration.models import LinkedInSettings, MemberLink, RscIntegration
from linkedin_integration.selectors.sync import candidate_on_linkedin
from linkedin_integration.services.sync import sync_push
from linkedin_sandbox.models import (
    AtsApplication,
    AtsApplicationNote,
    AtsCandidate,
    AtsInterviewFeedback,
    Member,
)
from tests.factories import ApplicationFactory, InterviewFeedbackFactory, NoteFactory
from tests.linkedin_integration.sync_helpers import client, enabled, later, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(enabled, sandbox):
    application = ApplicationFactory()
    NoteFactory(candidate=application.candidate, application=application)
    InterviewFeedbackFactory(application=application)
    sync_push(client=client(), clock=later())
    assert AtsApplication.objects.exists()
    return application


def test_a_removed_application_is_deleted_with_its_notes_and_feedback(synced, admin_user, sandbox):
    application_remove(application=synced, by=admin_user)

    sync_push(client=client(), clock=later(10))

    assert not AtsApplication.objects.exists()
    assert not AtsApplicationNote.objects.exists()
    assert AtsCandidate.objects.filter(ats_candidate_id=str(synced.candidate_id)).exists()


def test_a_deleted_candidate_is_deleted_after_their_applications(synced, admin_user, sandbox):
    candidate_id = synced.candidate_id
    sandbox.calls.clear()

    candidate_delete(candidate=synced.candidate, by=admin_user)
    sync_push(client=client(), clock=later(10))

    deletes = [path for method, path in sandbox.data_calls() if method == "DELETE"]
    assert [path.split("?")[0].rsplit("/", 1)[-1] for path in deletes] == ["atsApplications", "atsCandidates"]
    assert not AtsCandidate.objects.exists()
    assert not candidate_on_linkedin(candidate_id)


def test_an_anonymised_candidate_leaves_linkedin(synced, admin_user):
    candidate_anonymise(candidate=synced.candidate, by=admin_user)

    sync_push(client=client(), clock=later(10))

    assert not AtsCandidate.objects.exists()
    assert not AtsApplication.objects.exists()


def test_only_an_administrator_removes(synced, recruiter):
    with pytest.raises(DomainError):
        candidate_delete(candidate=synced.candidate, by=recruiter)

    assert not Removal.objects.exists()


def test_deleted_feedback_is_deleted_on_linkedin(synced):
    InterviewFeedback.objects.update(deleted_at=timezone.now(), updated_at=timezone.now())

    sync_push(client=client(), clock=later(10))

    assert not AtsInterviewFeedback.objects.exists()


def test_a_profile_link_is_sent_as_the_manual_match_and_its_removal_unlinks(synced):
    member = Member.objects.get(person_id="Cs2hNv6Ca3")
    link = MemberLink.objects.create(candidate=synced.candidate, member_urn=member.urn, source="EXPORT")

    sync_push(client=client(), clock=later(10))
    assert AtsCandidate.objects.get().manual_matched_member == member

    link.delete()
    sync_push(client=client(), clock=later(20))
    assert AtsCandidate.objects.get().manual_matched_member is None


@pytest.mark.parametrize(
    "stop",
    [
        lambda: RscIntegration.objects.update(state=RscIntegration.State.DISABLED),
        lambda: LinkedInSettings.objects.update(connected_at=None),
        lambda: RscIntegration.objects.update(state=RscIntegration.State.NOT_REQUESTED),
    ],
    ids=["disabled", "disconnected", "reset"],
)
def test_disabled_disconnect_or_reset_stops_the_sync(synced, sandbox, stop):
    NoteFactory(candidate=synced.candidate)
    stop()
    sandbox.calls.clear()

    report = sync_push(client=client(), clock=later(10))

    assert report.stopped
    assert sandbox.calls == []
