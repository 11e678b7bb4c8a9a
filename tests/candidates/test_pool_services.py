import pytest

from attract.errors import DomainError
from candidates import services
from candidates.models import Application, TalentPool, TalentPoolMember
from jobs.models import StageKind
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, TalentPoolFactory


@pytest.fixture
def linkedin_pool(db):
    return TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)


def test_the_linkedin_pool_exists_from_the_first_migration(linkedin_pool):
    assert linkedin_pool.name == "LinkedIn"
    assert linkedin_pool.is_system


def test_the_linkedin_pool_cannot_be_renamed(linkedin_pool, recruiter):
    with pytest.raises(DomainError, match="cannot be renamed"):
        services.pool_rename(pool=linkedin_pool, name="Other", by=recruiter)
    assert TalentPool.objects.get(pk=linkedin_pool.pk).name == "LinkedIn"


def test_the_linkedin_pool_cannot_be_deleted(linkedin_pool, admin_user):
    with pytest.raises(DomainError, match="cannot be deleted"):
        services.pool_delete(pool=linkedin_pool, by=admin_user)
    assert TalentPool.objects.filter(pk=linkedin_pool.pk).exists()


def test_a_pool_is_created_renamed_and_deleted(recruiter):
    pool = services.pool_create(name="  Backend engineers ", description="Strong on Django", by=recruiter)
    assert (pool.name, pool.created_by) == ("Backend engineers", recruiter)

    services.pool_rename(pool=pool, name="Python engineers", by=recruiter)
    assert TalentPool.objects.get(pk=pool.pk).name == "Python engineers"

    member = CandidateFactory()
    services.pool_add_member(pool=pool, candidate=member, by=recruiter)
    services.pool_delete(pool=pool, by=recruiter)
    assert not TalentPool.objects.filter(pk=pool.pk).exists()
    assert not TalentPoolMember.objects.filter(candidate=member).exists()
    member.refresh_from_db()  # the candidate stays


@pytest.mark.parametrize("name", ["", "   ", "linkedin", "LINKEDIN"])
def test_a_pool_needs_a_name_that_is_not_taken(name, recruiter, linkedin_pool):
    before = TalentPool.objects.count()
    with pytest.raises(DomainError) as caught:
        services.pool_create(name=name, by=recruiter)
    assert caught.value.field == "name"
    assert TalentPool.objects.count() == before


def test_renaming_to_a_taken_name_is_refused(recruiter):
    TalentPoolFactory(name="Designers")
    pool = TalentPoolFactory(name="Writers")
    with pytest.raises(DomainError, match="already exists"):
        services.pool_rename(pool=pool, name="designers", by=recruiter)
    assert TalentPool.objects.get(pk=pool.pk).name == "Writers"


def test_a_candidate_is_added_once_and_removed(recruiter):
    pool, candidate = TalentPoolFactory(), CandidateFactory()
    services.pool_add_member(pool=pool, candidate=candidate, by=recruiter)

    with pytest.raises(DomainError, match="already in"):
        services.pool_add_member(pool=pool, candidate=candidate, by=recruiter)
    assert pool.members.count() == 1

    services.pool_remove_member(pool=pool, candidate=candidate, by=recruiter)
    assert pool.members.count() == 0
    with pytest.raises(DomainError, match="is not in"):
        services.pool_remove_member(pool=pool, candidate=candidate, by=recruiter)


def test_members_can_be_added_to_the_linkedin_pool(linkedin_pool, recruiter):
    candidate = CandidateFactory()
    services.pool_add_member(pool=linkedin_pool, candidate=candidate, by=recruiter)
    assert linkedin_pool.members.filter(candidate=candidate).exists()


def test_pushing_members_puts_them_in_the_prospect_stage(active_job, recruiter):
    pool = TalentPoolFactory()
    members = [CandidateFactory(), CandidateFactory()]
    for member in members:
        services.pool_add_member(pool=pool, candidate=member, by=recruiter)

    created, skipped = services.pool_push_to_job(pool=pool, job=active_job, candidates=members, by=recruiter)

    assert skipped == []
    assert {a.stage.kind for a in created} == {StageKind.PROSPECT}
    assert {a.source for a in created} == {"TALENT_POOL"}
    assert all(a.stage_changes.filter(kind="CREATED", by=recruiter).exists() for a in created)


def test_pushing_to_a_job_without_prospect_lands_in_application(recruiter):
    job = JobFactory(
        status="ACTIVE", stages=[("Application", StageKind.APPLICATION), ("Offer", StageKind.OFFER)]
    )
    pool, member = TalentPoolFactory(), CandidateFactory()
    services.pool_add_member(pool=pool, candidate=member, by=recruiter)

    created, _ = services.pool_push_to_job(pool=pool, job=job, candidates=[member], by=recruiter)

    assert created[0].stage.kind == StageKind.APPLICATION


def test_pushing_skips_members_already_on_the_job(active_job, recruiter):
    pool = TalentPoolFactory()
    already, fresh = CandidateFactory(), CandidateFactory()
    for member in (already, fresh):
        services.pool_add_member(pool=pool, candidate=member, by=recruiter)
    ApplicationFactory(job=active_job, candidate=already)

    created, skipped = services.pool_push_to_job(
        pool=pool, job=active_job, candidates=[already, fresh], by=recruiter
    )

    assert [a.candidate for a in created] == [fresh]
    assert skipped == [already]
    assert Application.objects.filter(job=active_job).count() == 2


def test_pushing_a_non_member_or_to_a_closed_job_is_refused(active_job, recruiter):
    pool, outsider = TalentPoolFactory(), CandidateFactory()
    with pytest.raises(DomainError, match="Not in"):
        services.pool_push_to_job(pool=pool, job=active_job, candidates=[outsider], by=recruiter)

    services.pool_add_member(pool=pool, candidate=outsider, by=recruiter)
    services.job_close(job=active_job, reason="CANCELLED", by=recruiter)
    with pytest.raises(DomainError, match="closed"):
        services.pool_push_to_job(pool=pool, job=active_job, candidates=[outsider], by=recruiter)
    assert not Application.objects.filter(job=active_job).exists()
