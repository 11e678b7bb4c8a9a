"""The sandbox's demo history: seeded once, a second run changes nothing."""

import pytest

from linkedin_sandbox import seed_history
from linkedin_sandbox.models import InMailMessage, InMailThread, MailStub, RecruiterNote

pytestmark = pytest.mark.django_db


def counts():
    return tuple(model.objects.count() for model in (InMailThread, InMailMessage, MailStub, RecruiterNote))


def test_the_demo_history_is_seeded_once():
    seed_history.seed()
    first = counts()

    seed_history.seed()

    assert counts() == first
    assert first[0] >= 2 and first[2] >= 1 and first[3] >= 2
    stub = MailStub.objects.get(seat__seat_id=9100003)
    assert stub.member.person_id == seed_history.CASEY and stub.email_shared
