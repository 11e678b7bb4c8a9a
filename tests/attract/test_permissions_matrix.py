"""Who may do what in the recruiter UI: every view of jobs and candidates against every persona.

One table, one row per request. Each row says for every persona what the server must answer:
OK (200 for a page; for a write a redirect that is not to sign-in, and the data changed), DENIED
(403, nothing changed), HIDDEN (404: the user may not even see the object; nothing changed), REFUSED
(the form turns the request away with a message, nothing changed) or LOGIN (anonymous: sent to
sign-in, nothing changed). The rules are those of CORE_CONTRACT and design.md: administrators do
everything; recruiters and hiring managers manage the jobs they are on; interviewers see the jobs they
are on and give feedback; read-only users see everything and change nothing; a recruiter, hiring
manager or interviewer who is not on a job does not see it. Access comes from the hiring team only: the
recruiter who created the jobs and was then taken off their team ("removed creator") is an outsider.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse

from attract import roles
from candidates.models import (
    Application,
    Candidate,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
)
from jobs import services
from jobs.models import Job, JobRole, ProcessTemplateStage, Stage
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    JobRoleFactory,
    NoteFactory,
    StageChangeFactory,
    TalentPoolFactory,
    TalentPoolMemberFactory,
    UserFactory,
)

OK, DENIED, HIDDEN, REFUSED, LOGIN = "ok", "denied", "hidden", "refused", "login"
PERSONAS = [
    "admin_user",
    "recruiter",
    "other_recruiter",
    "hiring_manager",
    "interviewer",
    "read_only",
    None,
    "removed_creator",
    "hiring_manager_elsewhere",
    "interviewer_elsewhere",
]
PERSONA_IDS = {None: "anonymous"}

TABLES = [
    Job,
    Stage,
    JobRole,
    ProcessTemplateStage,
    Candidate,
    Application,
    StageChange,
    Note,
    InterviewFeedback,
    TalentPool,
    TalentPoolMember,
]


def everything():
    """Every row of the core tables: a refused request must leave all of it exactly as it was."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def rule(
    admin, recruiter, other_recruiter, hiring_manager, interviewer, read_only, anonymous=LOGIN, *, on_job
):
    """The outcome per persona. The removed creator is a recruiter on no job of the world, so answers as
    other_recruiter. The hiring manager and interviewer who are on no job of the world answer as their
    on-the-team colleagues where the rule does not depend on the job (on_job=False), and are HIDDEN from
    what belongs to the world's jobs (on_job=True)."""
    elsewhere = (HIDDEN, HIDDEN) if on_job else (hiring_manager, interviewer)
    outcomes = [admin, recruiter, other_recruiter, hiring_manager, interviewer, read_only, anonymous]
    return dict(zip(PERSONAS, [*outcomes, other_recruiter, *elsewhere], strict=True))


# The rules, named once and used by many rows.
SEE_JOB = rule(OK, OK, HIDDEN, OK, OK, OK, on_job=True)
MANAGE_JOB = rule(OK, OK, HIDDEN, OK, DENIED, DENIED, on_job=True)
EVERY_SIGNED_IN = rule(OK, OK, OK, OK, OK, OK, on_job=False)
SEE_POOLS = rule(OK, OK, OK, DENIED, DENIED, OK, on_job=False)
MANAGE_POOLS = rule(OK, OK, OK, DENIED, DENIED, DENIED, on_job=False)
CREATE_CANDIDATES = rule(OK, OK, OK, OK, DENIED, DENIED, on_job=False)
EDIT_CANDIDATE = rule(OK, OK, HIDDEN, OK, DENIED, DENIED, on_job=True)
GIVE_FEEDBACK = rule(OK, OK, HIDDEN, OK, OK, DENIED, on_job=True)
WRITE_NOTES = rule(OK, OK, HIDDEN, OK, OK, DENIED, on_job=True)


@dataclass
class World:
    """A draft job and an active job, both with the recruiter, hiring manager and interviewer on the
    team; a candidate on the active job with a resume, an application, a note and a rejected
    application; two talent pools, one holding another candidate."""

    draft: Job
    live: Job
    candidate: Candidate
    application: Application
    rejected: Application
    note: Note
    pool: TalentPool
    empty_pool: TalentPool
    pooled: Candidate
    recruiter: object

    def stage(self, job, name):
        return job.stages.get(name=name)


@pytest.fixture
def removed_creator(db):
    return UserFactory(username="removed_creator", roles=[roles.RECRUITER])


@pytest.fixture
def hiring_manager_elsewhere(db):
    return UserFactory(username="hiring_manager_elsewhere", roles=[roles.HIRING_MANAGER])


@pytest.fixture
def interviewer_elsewhere(db):
    return UserFactory(username="interviewer_elsewhere", roles=[roles.INTERVIEWER])


@pytest.fixture
def world(
    job,
    recruiter,
    other_recruiter,
    hiring_manager,
    interviewer,
    read_only,
    admin_user,
    removed_creator,
    hiring_manager_elsewhere,
    interviewer_elsewhere,
):
    live = JobFactory(owner=recruiter, status=Job.Status.ACTIVE, title="Data Engineer")
    for user, role in [
        (recruiter, JobRole.Role.RECRUITER),
        (hiring_manager, JobRole.Role.HIRING_MANAGER),
        (interviewer, JobRole.Role.INTERVIEWER),
    ]:
        JobRoleFactory(job=live, user=user, role=role)
    # Both jobs were created by removed_creator, who was then taken off their hiring teams.
    for created in (job, live):
        Job.objects.filter(pk=created.pk).update(owner=removed_creator)
        created.owner = removed_creator
        seat = JobRoleFactory(job=created, user=removed_creator, role=JobRole.Role.RECRUITER)
        services.team_remove(job=created, member_id=seat.pk, by=recruiter)
    # The outsiders are on a job of their own, so they are a hiring manager and an interviewer somewhere.
    theirs = JobFactory(owner=hiring_manager_elsewhere, title="Elsewhere")
    JobRoleFactory(job=theirs, user=hiring_manager_elsewhere, role=JobRole.Role.HIRING_MANAGER)
    JobRoleFactory(job=theirs, user=interviewer_elsewhere, role=JobRole.Role.INTERVIEWER)
    candidate = CandidateFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    candidate.resume.save("ada.pdf", ContentFile(b"%PDF-1.4 resume of Ada"), save=True)
    application = ApplicationFactory(job=live, candidate=candidate)
    application.resume.save("ada-app.pdf", ContentFile(b"%PDF-1.4 resume for the job"), save=True)
    StageChangeFactory(application=application)
    grace = CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")
    rejected = ApplicationFactory(
        job=live, candidate=grace, status=Application.Status.REJECTED, reject_reason="NOT_QUALIFIED"
    )
    note = NoteFactory(candidate=candidate, author=recruiter, body="Strong on algorithms.")
    pool = TalentPoolFactory(name="Designers")
    pooled = CandidateFactory(first_name="Edsger", last_name="Dijkstra", email="edsger@example.org")
    TalentPoolMemberFactory(pool=pool, candidate=pooled)
    return World(
        draft=job,
        live=live,
        candidate=candidate,
        application=application,
        rejected=rejected,
        note=note,
        pool=pool,
        empty_pool=TalentPoolFactory(name="Empty"),
        pooled=pooled,
        recruiter=recruiter,
    )


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[World], str]
    outcomes: dict
    data: Callable[[World], dict] = field(default=lambda w: {})
    # For pages that list things: does the response show the world's job or candidate?
    shows: Callable[[World, object], bool] | None = None


def url(name, *args):
    """A URL builder: args are functions of the world giving the URL's arguments."""
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def version_of(application):
    return Application.objects.get(pk=application.pk).version


def links_to(target):
    """Does the page link to the object (its URL given as a function of the world)?"""
    return lambda w, response: f'href="{target(w)}"' in response.content.decode()


CANDIDATE_ROWS = [
    Row("job pipeline", "get", url("candidates:job_pipeline", lambda w: w.live.pk), SEE_JOB),
    Row(
        "pipeline column",
        "get",
        url("candidates:pipeline_column", lambda w: w.live.pk, lambda w: w.application.stage_id),
        SEE_JOB,
    ),
    Row(
        "close job",
        "post",
        url("candidates:job_close", lambda w: w.live.pk),
        MANAGE_JOB,
        data=lambda w: {"reason": Job.CloseReason.CANCELLED, "confirmed": "yes"},
    ),
    Row(
        "move application",
        "post",
        url("candidates:application_move", lambda w: w.application.pk),
        MANAGE_JOB,
        data=lambda w: {"stage": w.stage(w.live, "Screen").pk, "version": version_of(w.application)},
    ),
    Row(
        "reject application",
        "post",
        url("candidates:application_reject", lambda w: w.application.pk),
        MANAGE_JOB,
        data=lambda w: {
            "reason": Application.RejectReason.OVERQUALIFIED,
            "version": version_of(w.application),
        },
    ),
    Row(
        "hire",
        "post",
        url("candidates:application_hire", lambda w: w.application.pk),
        MANAGE_JOB,
        data=lambda w: {"version": version_of(w.application)},
    ),
    Row(
        "withdraw application",
        "post",
        url("candidates:application_withdraw", lambda w: w.application.pk),
        MANAGE_JOB,
        data=lambda w: {"version": version_of(w.application), "confirmed": "yes"},
    ),
    Row(
        "reopen application",
        "post",
        url("candidates:application_reopen", lambda w: w.rejected.pk),
        MANAGE_JOB,
        data=lambda w: {"version": version_of(w.rejected)},
    ),
    Row("feedback form", "get", url("candidates:feedback", lambda w: w.application.pk), GIVE_FEEDBACK),
    Row(
        "give feedback",
        "post",
        url("candidates:feedback", lambda w: w.application.pk),
        GIVE_FEEDBACK,
        data=lambda w: {
            "rating": 4,
            "recommendation": InterviewFeedback.Recommendation.YES,
            "comments": "Good.",
        },
    ),
    Row(
        "application resume", "get", url("candidates:application_resume", lambda w: w.application.pk), SEE_JOB
    ),
    Row(
        "candidate list",
        "get",
        url("candidates:list"),
        EVERY_SIGNED_IN,
        shows=links_to(url("candidates:detail", lambda w: w.candidate.pk)),
    ),
    Row("new candidate form", "get", url("candidates:create"), CREATE_CANDIDATES),
    Row(
        "create candidate",
        "post",
        url("candidates:create"),
        CREATE_CANDIDATES,
        data=lambda w: {"first_name": "Alan", "last_name": "Turing", "email": "alan@example.org"},
    ),
    Row("candidate profile", "get", url("candidates:detail", lambda w: w.candidate.pk), SEE_JOB),
    Row("candidate activity", "get", url("candidates:activity", lambda w: w.candidate.pk), SEE_JOB),
    Row(
        "candidate LinkedIn tab",
        "get",
        url("linkedin:candidate_tab", lambda w: w.candidate.pk),
        SEE_JOB,
    ),
    Row("candidate resume", "get", url("candidates:resume", lambda w: w.candidate.pk), SEE_JOB),
    Row("edit candidate form", "get", url("candidates:edit", lambda w: w.candidate.pk), EDIT_CANDIDATE),
    Row(
        "edit candidate",
        "post",
        url("candidates:edit", lambda w: w.candidate.pk),
        EDIT_CANDIDATE,
        data=lambda w: {"first_name": "Augusta Ada", "last_name": "King", "email": "ada@example.org"},
    ),
    Row(
        "add candidate to a job",
        "post",
        url("candidates:add_to_job", lambda w: w.candidate.pk),
        EDIT_CANDIDATE,
        data=lambda w: {"job": w.draft.pk},
    ),
    Row(
        "add candidate to a pool",
        "post",
        url("candidates:add_to_pool", lambda w: w.candidate.pk),
        rule(OK, OK, HIDDEN, DENIED, DENIED, DENIED, on_job=True),
        data=lambda w: {"pool": w.empty_pool.pk},
    ),
    Row(
        "add note",
        "post",
        url("candidates:note_add", lambda w: w.candidate.pk),
        WRITE_NOTES,
        data=lambda w: {"body": "Called back, keen on the role."},
    ),
    Row(
        "delete note (the recruiter's)",
        "post",
        url("candidates:note_delete", lambda w: w.note.pk),
        rule(OK, OK, HIDDEN, DENIED, DENIED, DENIED, on_job=True),
    ),
    Row("talent pools", "get", url("candidates:pools"), SEE_POOLS),
    Row("talent pool", "get", url("candidates:pool", lambda w: w.pool.pk), SEE_POOLS),
    Row(
        "create pool",
        "post",
        url("candidates:pool_create"),
        MANAGE_POOLS,
        data=lambda w: {"name": "Data people", "description": ""},
    ),
    Row(
        "rename pool",
        "post",
        url("candidates:pool_rename", lambda w: w.pool.pk),
        MANAGE_POOLS,
        data=lambda w: {"name": "Product designers", "description": ""},
    ),
    Row("delete pool", "post", url("candidates:pool_delete", lambda w: w.empty_pool.pk), MANAGE_POOLS),
    Row(
        "add pool member",
        "post",
        url("candidates:pool_add", lambda w: w.empty_pool.pk),
        MANAGE_POOLS,
        data=lambda w: {"email": w.pooled.email},
    ),
    Row(
        "remove pool member",
        "post",
        url("candidates:pool_remove", lambda w: w.pool.pk),
        MANAGE_POOLS,
        data=lambda w: {"candidate": w.pooled.pk},
    ),
    Row(
        "push pool members to a job",
        "post",
        url("candidates:pool_push", lambda w: w.pool.pk),
        # A recruiter who is not on the job cannot choose it: the form refuses.
        rule(OK, OK, REFUSED, DENIED, DENIED, DENIED, on_job=False),
        data=lambda w: {"job": w.live.pk, "candidates": [w.pooled.pk]},
    ),
]

CREATE_JOBS = rule(OK, OK, OK, OK, DENIED, DENIED, on_job=False)


def job_form_data(job, **changes):
    """What the job's details form posts, as the page would show it, with some fields changed."""
    job = Job.objects.get(pk=job.pk)
    data = {
        "title": job.title,
        "description": job.description,
        "city": job.city,
        "region": job.region,
        "country": job.country.code if job.country else "",
        "postal_code": job.postal_code,
        "workplace_type": job.workplace_type,
        "employment_type": job.employment_type,
        "seniority": job.seniority,
        "job_functions": job.job_functions,
        "industry": job.industry or "",
        "openings": job.openings,
        "visibility": job.visibility,
        "apply_by": job.apply_by.isoformat() if job.apply_by else "",
        "version": job.updated_at.isoformat(),
    }
    data.update(changes)
    return data


JOB_ROWS: list[Row] = [
    Row(
        "job list",
        "get",
        url("jobs:list"),
        EVERY_SIGNED_IN,
        shows=links_to(url("candidates:job_pipeline", lambda w: w.live.pk)),
    ),
    Row("new job page", "get", url("jobs:create"), CREATE_JOBS),
    Row(
        "create job",
        "post",
        url("jobs:create"),
        CREATE_JOBS,
        data=lambda w: job_form_data(w.live, title="Data engineer", version=""),
    ),
    Row("job details", "get", url("jobs:details", lambda w: w.live.pk), SEE_JOB),
    Row(
        "edit job",
        "post",
        url("jobs:details", lambda w: w.live.pk),
        MANAGE_JOB,
        data=lambda w: job_form_data(w.live, title="Senior platform engineer"),
    ),
    Row("hiring process", "get", url("jobs:process", lambda w: w.draft.pk), SEE_JOB),
    Row(
        "add a stage",
        "post",
        url("jobs:process_change", lambda w: w.draft.pk),
        MANAGE_JOB,
        data=lambda w: {"action": "add", "name": "Case study"},
    ),
    Row("hiring team", "get", url("jobs:team", lambda w: w.live.pk), SEE_JOB),
    Row(
        "add to the team",
        "post",
        url("jobs:team", lambda w: w.live.pk),
        MANAGE_JOB,
        data=lambda w: {"user": w.recruiter.pk, "role": JobRole.Role.INTERVIEWER},
    ),
    Row(
        "remove from the team",
        "post",
        url(
            "jobs:team_remove",
            lambda w: w.live.pk,
            lambda w: w.live.team.get(role=JobRole.Role.INTERVIEWER).pk,
        ),
        MANAGE_JOB,
        data=lambda w: {"confirmed": "yes"},
    ),
    Row("activate job", "post", url("jobs:activate", lambda w: w.draft.pk), MANAGE_JOB),
]

ROWS = JOB_ROWS + CANDIDATE_ROWS


def cases():
    for row in ROWS:
        for persona, outcome in row.outcomes.items():
            yield pytest.param(
                row, persona, outcome, id=f"{row.name}-{PERSONA_IDS.get(persona, persona)}-{outcome}"
            )


def error_messages(response):
    return [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.mark.parametrize("row, persona, outcome", list(cases()))
def test_permission(request, client_for, world, row, persona, outcome):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    target = row.url(world)
    before = everything()

    response = getattr(client, row.method)(target, row.data(world))

    after = everything()
    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={target}")
    elif outcome == DENIED:
        assert response.status_code == 403
    elif outcome == HIDDEN:
        assert response.status_code == 404
    elif outcome == REFUSED:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
        assert error_messages(response)
    elif row.method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, error_messages(response) or response.content[:500]
        assert not response["Location"].startswith("/accounts/login/")
        assert not error_messages(response)
    if row.method == "post" and outcome == OK:
        assert after != before, "the allowed write changed nothing"
    else:
        assert after == before, "a refused request or a page view changed data"


def list_cases():
    for row in ROWS:
        if row.shows is None:
            continue
        for persona, outcome in row.outcomes.items():
            if outcome == OK:
                yield pytest.param(row, persona, id=f"{row.name}-{PERSONA_IDS.get(persona, persona)}")


# Who sees the job and the candidate in lists: exactly those who may open them.
SEES_THE_JOB = {persona for persona, outcome in SEE_JOB.items() if outcome == OK}


@pytest.mark.parametrize("row, persona", list(list_cases()))
def test_lists_show_only_what_the_persona_may_open(request, client_for, world, row, persona):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    response = client.get(row.url(world))
    assert row.shows(world, response) is (persona in SEES_THE_JOB)
