"""manage.py seed_demo: realistic demo data created once, scalable for benchmarks."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse

from attract import roles
from attract.models import User
from candidates.models import (
    Application,
    Candidate,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
)
from jobs.models import Job, JobRole, Stage

pytestmark = pytest.mark.django_db

COUNTED = [
    User,
    Job,
    Stage,
    JobRole,
    Candidate,
    Application,
    StageChange,
    Note,
    InterviewFeedback,
    TalentPool,
]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    state = {model.__name__: model.objects.count() for model in COUNTED}
    state["TalentPoolMember"] = TalentPoolMember.objects.count()
    for model in (Job, Candidate, Application):
        state[f"{model.__name__} last change"] = model.objects.aggregate(at=Max("updated_at"))["at"]
    return state


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_demo_data_set_has_jobs_of_every_kind_with_full_public_details():
    seed()

    jobs = list(Job.objects.all())
    assert len(jobs) == 8
    public = [j for j in jobs if j.status == Job.Status.ACTIVE and j.visibility == Job.Visibility.PUBLIC]
    assert len(public) == 5
    assert len({j.country.code for j in public}) >= 4
    for job in public:
        assert len(visible_text(job.description)) > 100
        assert job.city and job.region and job.country and job.postal_code
        assert job.activated_at is not None
    assert sum(j.status == Job.Status.DRAFT for j in jobs) == 1
    assert (
        sum(j.status == Job.Status.CLOSED and j.close_reason == Job.CloseReason.CANCELLED for j in jobs) == 1
    )
    assert sum(j.visibility == Job.Visibility.INTERNAL for j in jobs) == 1
    assert len({j.code for j in jobs}) == 8
    assert all(re.fullmatch(r"J-\d{6}", j.code) for j in jobs)
    for job in jobs:
        assert [s.kind for s in job.stages.order_by("position")] == [
            "PROSPECT",
            "APPLICATION",
            "CUSTOM",
            "CUSTOM",
            "OFFER",
        ]
        assert job.team.exists()


def test_the_demo_pipeline_has_candidates_across_stages_with_their_history():
    seed()

    assert Candidate.objects.count() == 60
    applications = Application.objects.select_related("stage")
    assert {a.stage.name for a in applications} == {"Prospect", "Application", "Screen", "Interview", "Offer"}
    assert applications.filter(status=Application.Status.HIRED).count() == 1
    assert applications.filter(status=Application.Status.REJECTED).count() >= 5
    assert all(a.reject_reason for a in applications.filter(status=Application.Status.REJECTED))
    created_lines = StageChange.objects.filter(kind=StageChange.Kind.CREATED)
    assert created_lines.count() == applications.count()
    assert StageChange.objects.filter(kind=StageChange.Kind.MOVED).exists()
    hired = applications.get(status=Application.Status.HIRED)
    assert hired.stage.kind == "OFFER"
    assert hired.stage_changes.filter(kind=StageChange.Kind.HIRED).exists()
    assert Note.objects.count() >= 10
    assert InterviewFeedback.objects.count() >= 5
    assert Candidate.objects.filter(applications__isnull=False).distinct().count() < 60


def test_the_demo_has_two_talent_pools_and_members_in_the_linkedin_pool():
    seed()

    pools = TalentPool.objects.filter(system_key__isnull=True)
    assert pools.count() == 2
    assert all(pool.members.exists() for pool in pools)
    linkedin = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    members = linkedin.members.select_related("candidate")
    assert members.count() >= 2
    assert all(m.candidate.source == "LINKEDIN_INMAIL" for m in members)


def test_the_demo_users_can_sign_in_with_their_roles_and_the_sign_ins_are_printed(client):
    output = seed()

    expected = {
        "admin": roles.ADMINISTRATOR,
        "recruiter": roles.RECRUITER,
        "manager": roles.HIRING_MANAGER,
        "interviewer": roles.INTERVIEWER,
        "readonly": roles.READ_ONLY,
    }
    for username, role in expected.items():
        assert roles.role_names(User.objects.get(username=username)) >= {role}
        assert client.login(username=username, password="attract-demo")
        assert re.search(rf"{role}\s+{username}\s+/ attract-demo", output)
    sign_ins = output.index("Demo sign-ins")
    assert output.rstrip().splitlines()[-1].startswith("Career site")
    assert sign_ins > output.index("Demo data created")


def test_the_demo_shows_on_the_career_site_and_in_the_recruiters_pipeline(client_for):
    seed()
    recruiter = User.objects.get(username="recruiter")
    backend = Job.objects.get(title__startswith="Senior Backend Engineer")

    careers = client_for(None).get(reverse("careers:list"))
    pipeline = client_for(recruiter).get(reverse("candidates:job_pipeline", args=[backend.pk]))

    assert len(careers.context["jobs"]) == 5
    assert pipeline.status_code == 200


def test_running_it_again_changes_nothing_and_says_so():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Demo data is already there; nothing changed." in output
    assert "Demo sign-ins" in output


def test_the_scaled_option_adds_the_jobs_and_candidates_asked_for():
    seed()
    before = snapshot()

    output = seed("--jobs", "4", "--candidates", "150")

    after = snapshot()
    assert after["Job"] == before["Job"] + 4
    assert after["Candidate"] == before["Candidate"] + 150
    assert after["Application"] == before["Application"] + 150
    assert after["StageChange"] >= before["StageChange"] + 150
    assert "Added 4 jobs and 150 candidates" in output
    new_jobs = Job.objects.order_by("-pk")[:4]
    assert all(job.stages.count() == 5 and job.team.count() == 3 for job in new_jobs)
    assert Job.objects.values("code").distinct().count() == Job.objects.count()
    assert Candidate.objects.values("email").distinct().count() == Candidate.objects.count()

    seed("--jobs", "1", "--candidates", "10")

    assert Job.objects.count() == after["Job"] + 1
    assert Candidate.objects.count() == after["Candidate"] + 10


def test_the_scaled_option_on_an_empty_database_also_creates_the_demo_data_set():
    seed("--candidates", "25")

    assert Job.objects.count() == 8
    assert Candidate.objects.count() == 60 + 25
    # With no job added, the new candidates apply to the recruiter's active jobs.
    assert Application.objects.filter(candidate__email__endswith="@example.net").count() == 25


def test_a_negative_count_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="0 or more"):
        seed("--jobs", "-1")

    assert Job.objects.count() == 0
    assert not User.objects.filter(username="admin").exists()
