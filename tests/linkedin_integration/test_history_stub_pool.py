"""InMail stub profiles in the system LinkedIn talent pool: shown with their source and the date they
were added, and pushed to a job like anyone else."""

import pytest
from django.utils import timezone

from candidates.models import Application, CandidateSource, TalentPool
from linkedin_integration.services.history import stub_profile_store

pytestmark = pytest.mark.django_db
STUB = {
    "member": "urn:li:person:st1",
    "first_name": "Sam",
    "last_name": "Stub",
    "email": "",
    "owner": "urn:li:seat:9100003",
    "created": timezone.now(),
}


def test_the_linkedin_pool_shows_a_stub_profiles_source_and_date(client_for, admin_user):
    stub_profile_store(stub=STUB, owner_urn=STUB["owner"])
    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)

    body = client_for(admin_user).get(f"/talent-pools/{pool.pk}/").content.decode()

    row = body.split("Sam Stub", 1)[1].split("</tr>", 1)[0]
    assert "LinkedIn InMail" in row
    assert timezone.now().strftime("%-d %b %Y") in row


def test_a_stub_profile_is_pushed_to_a_job_from_the_pool(client_for, admin_user, active_job):
    stub_profile_store(stub=STUB, owner_urn=STUB["owner"])
    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    candidate = pool.members.get().candidate
    assert candidate.source == CandidateSource.LINKEDIN_INMAIL and candidate.email == ""

    client_for(admin_user).post(
        f"/talent-pools/{pool.pk}/push/", {"job": active_job.pk, "candidates": [candidate.pk]}
    )

    assert Application.objects.filter(candidate=candidate, job=active_job).exists()
