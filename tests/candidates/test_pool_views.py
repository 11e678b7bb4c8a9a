import pytest
from django.urls import reverse

from candidates.models import Application, TalentPool, TalentPoolMember
from jobs.models import StageKind
from tests.candidates.helpers import PERSONAS, messages_of, sign_in
from tests.factories import CandidateFactory, TalentPoolFactory, TalentPoolMemberFactory

VIEWS_POOLS = {"admin_user", "recruiter", "other_recruiter", "read_only"}
MANAGES_POOLS = {"admin_user", "recruiter", "other_recruiter"}


def denied_status(persona):
    return 302 if persona is None else 403


@pytest.fixture
def linkedin_pool(db):
    return TalentPool.objects.get(system_key="linkedin")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_talent_pools(request, client_for, persona, linkedin_pool):
    pool = TalentPoolFactory(name="Designers")
    TalentPoolMemberFactory(pool=pool)
    client, _ = sign_in(request, client_for, persona)

    listing = client.get(reverse("candidates:pools"))
    detail = client.get(reverse("candidates:pool", args=[pool.pk]))

    if persona in VIEWS_POOLS:
        assert listing.status_code == detail.status_code == 200
        assert [p.name for p in listing.context["pools"]] == ["Designers", "LinkedIn"]
        assert listing.context["pools"][0].member_count == 1
        assert len(detail.context["members"].items) == 1
    else:
        assert listing.status_code == detail.status_code == denied_status(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_creates_a_pool(request, client_for, persona, db):
    client, _ = sign_in(request, client_for, persona)

    response = client.post(reverse("candidates:pool_create"), {"name": "Data people", "description": ""})

    pool = TalentPool.objects.filter(name="Data people").first()
    if persona in MANAGES_POOLS:
        assert response["Location"] == reverse("candidates:pool", args=[pool.pk])
    else:
        assert response.status_code == denied_status(persona)
        assert pool is None


def test_a_pool_with_a_taken_name_shows_the_error_and_writes_nothing(client_for, recruiter, linkedin_pool):
    response = client_for(recruiter).post(reverse("candidates:pool_create"), {"name": "LinkedIn"})
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["name"])
    assert TalentPool.objects.count() == 1


def test_a_pool_without_a_name_shows_the_error(client_for, recruiter, linkedin_pool):
    response = client_for(recruiter).post(reverse("candidates:pool_create"), {"name": ""})
    assert "name" in response.context["form"].errors
    assert TalentPool.objects.count() == 1


def test_a_pool_is_renamed_and_deleted(client_for, recruiter):
    pool = TalentPoolFactory(name="Old")
    client = client_for(recruiter)

    client.post(reverse("candidates:pool_rename", args=[pool.pk]), {"name": "New", "description": "d"})
    assert TalentPool.objects.get(pk=pool.pk).name == "New"

    response = client.post(reverse("candidates:pool_delete", args=[pool.pk]))
    assert response["Location"] == reverse("candidates:pools")
    assert not TalentPool.objects.filter(pk=pool.pk).exists()


def test_the_linkedin_pool_cannot_be_renamed_or_deleted_through_the_ui(client_for, admin_user, linkedin_pool):
    client = client_for(admin_user)

    renamed = client.post(
        reverse("candidates:pool_rename", args=[linkedin_pool.pk]), {"name": "Mine"}, follow=True
    )
    deleted = client.post(reverse("candidates:pool_delete", args=[linkedin_pool.pk]), follow=True)

    assert any("cannot be renamed" in m for m in messages_of(renamed))
    assert any("cannot be deleted" in m for m in messages_of(deleted))
    assert TalentPool.objects.get(pk=linkedin_pool.pk).name == "LinkedIn"
    detail = client.get(reverse("candidates:pool", args=[linkedin_pool.pk])).content.decode()
    assert reverse("candidates:pool_delete", args=[linkedin_pool.pk]) not in detail


@pytest.mark.parametrize("persona", ["read_only", "hiring_manager", "interviewer", None])
def test_those_who_cannot_manage_pools_change_nothing(request, client_for, persona, db):
    pool = TalentPoolFactory(name="Keep")
    member = TalentPoolMemberFactory(pool=pool).candidate
    client, _ = sign_in(request, client_for, persona)

    responses = [
        client.post(reverse("candidates:pool_rename", args=[pool.pk]), {"name": "Changed"}),
        client.post(reverse("candidates:pool_add", args=[pool.pk]), {"email": "x@example.org"}),
        client.post(reverse("candidates:pool_remove", args=[pool.pk]), {"candidate": member.pk}),
        client.post(reverse("candidates:pool_delete", args=[pool.pk])),
    ]

    assert {r.status_code for r in responses} == {denied_status(persona)}
    assert TalentPool.objects.get(pk=pool.pk).name == "Keep"
    assert pool.members.count() == 1


def test_a_member_is_added_by_email_and_removed(client_for, recruiter):
    pool = TalentPoolFactory()
    candidate = CandidateFactory(email="ada@example.org", created_by=recruiter)
    client = client_for(recruiter)

    client.post(reverse("candidates:pool_add", args=[pool.pk]), {"email": "ADA@example.org"})
    assert pool.members.get().candidate == candidate

    again = client.post(
        reverse("candidates:pool_add", args=[pool.pk]), {"email": "ada@example.org"}, follow=True
    )
    assert any("already in" in m for m in messages_of(again))

    client.post(reverse("candidates:pool_remove", args=[pool.pk]), {"candidate": candidate.pk})
    assert not pool.members.exists()


def test_adding_an_unknown_or_invisible_email_is_refused(client_for, other_recruiter):
    pool = TalentPoolFactory()
    CandidateFactory(email="hidden@example.org")  # not visible to this recruiter
    client = client_for(other_recruiter)

    for email in ("hidden@example.org", "nobody@example.org", "not-an-email"):
        response = client.post(reverse("candidates:pool_add", args=[pool.pk]), {"email": email}, follow=True)
        assert messages_of(response)
    assert not pool.members.exists()


def test_a_candidate_is_added_to_a_pool_from_the_profile(client_for, recruiter, application):
    pool = TalentPoolFactory(name="Backend")

    client_for(recruiter).post(
        reverse("candidates:add_to_pool", args=[application.candidate_id]), {"pool": pool.pk}
    )

    assert TalentPoolMember.objects.filter(pool=pool, candidate_id=application.candidate_id).exists()


def test_a_hiring_manager_cannot_add_to_a_pool_from_the_profile(client_for, hiring_manager, application):
    pool = TalentPoolFactory(name="Backend")
    response = client_for(hiring_manager).post(
        reverse("candidates:add_to_pool", args=[application.candidate_id]), {"pool": pool.pk}
    )
    assert response.status_code == 403
    assert not pool.members.exists()


def test_members_are_pushed_to_a_jobs_prospect_stage(client_for, recruiter, active_job):
    pool = TalentPoolFactory()
    members = [TalentPoolMemberFactory(pool=pool).candidate for _ in range(2)]

    response = client_for(recruiter).post(
        reverse("candidates:pool_push", args=[pool.pk]),
        {"job": active_job.pk, "candidates": [m.pk for m in members]},
        follow=True,
    )

    assert "2 added to" in " ".join(messages_of(response))
    apps = Application.objects.filter(job=active_job)
    assert {a.candidate_id for a in apps} == {m.pk for m in members}
    assert {a.stage.kind for a in apps} == {StageKind.PROSPECT}


def test_pushing_to_a_job_one_does_not_manage_is_refused(client_for, other_recruiter, active_job):
    pool = TalentPoolFactory()
    member = TalentPoolMemberFactory(pool=pool).candidate

    response = client_for(other_recruiter).post(
        reverse("candidates:pool_push", args=[pool.pk]),
        {"job": active_job.pk, "candidates": [member.pk]},
        follow=True,
    )

    assert any("from the list" in m for m in messages_of(response))
    assert not Application.objects.exists()


def test_pushing_without_choosing_anyone_is_refused(client_for, recruiter, active_job):
    pool = TalentPoolFactory()
    TalentPoolMemberFactory(pool=pool)
    response = client_for(recruiter).post(
        reverse("candidates:pool_push", args=[pool.pk]), {"job": active_job.pk}, follow=True
    )
    assert any("Choose at least one candidate" in m for m in messages_of(response))
    assert not Application.objects.exists()


# Session, user, roles, the pool, a page of members, the pushable jobs.
POOL_PAGE_QUERIES = 6


def test_a_pool_page_costs_the_same_queries_with_few_or_many_members(
    client_for, recruiter, django_assert_max_num_queries
):
    pool = TalentPoolFactory()
    TalentPoolMemberFactory.create_batch(2, pool=pool)
    client = client_for(recruiter)
    url = reverse("candidates:pool", args=[pool.pk])
    with django_assert_max_num_queries(POOL_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    TalentPoolMemberFactory.create_batch(40, pool=pool)
    with django_assert_max_num_queries(POOL_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["members"].items) == 25
