"""Jobs, their hiring process and team, through the service layer."""

import pytest
from django.contrib.auth import get_user_model

from attract.errors import ConflictError, DomainError
from jobs import services
from jobs.models import Job, JobRole, ProcessTemplateStage, Stage, StageKind
from tests.factories import ApplicationFactory

FIELDS = {
    "title": "Platform engineer",
    "description": "<p>Build the <strong>platform</strong>.</p><script>alert(1)</script><img src=x>",
    "city": "Utrecht",
    "country": "NL",
}


def names(job):
    return list(job.stages.order_by("position").values_list("name", flat=True))


@pytest.fixture
def draft(recruiter):
    return services.job_create(by=recruiter, **FIELDS)


def test_a_new_job_is_a_draft_with_a_code_the_default_process_and_its_creator_on_the_team(recruiter):
    first = services.job_create(by=recruiter, **FIELDS)
    second = services.job_create(by=recruiter, **FIELDS)

    assert first.code.startswith("J-") and len(first.code) == 8
    assert int(second.code[2:]) == int(first.code[2:]) + 1
    assert first.status == Job.Status.DRAFT
    assert names(first) == list(
        ProcessTemplateStage.objects.order_by("position").values_list("name", flat=True)
    )
    assert names(first) == ["Prospect", "Application", "Screen", "Interview", "Offer"]
    assert list(first.team.values_list("user", "role")) == [(recruiter.pk, JobRole.Role.RECRUITER)]


def test_the_description_keeps_basic_formatting_and_loses_the_rest(draft):
    assert draft.description == "<p>Build the <strong>platform</strong>.</p>"


def test_a_job_changed_by_the_default_template_copies_the_template_of_its_time(recruiter):
    ProcessTemplateStage.objects.create(name="Assessment", kind=StageKind.CUSTOM, position=3)
    job = services.job_create(by=recruiter, **FIELDS)
    assert "Assessment" in names(job)


@pytest.mark.parametrize(
    "fields, field", [({"title": "  "}, "title"), ({"description": "<script>x</script>"}, "description")]
)
def test_a_job_without_a_title_or_description_is_refused_and_nothing_is_created(recruiter, fields, field):
    with pytest.raises(DomainError) as error:
        services.job_create(by=recruiter, **{**FIELDS, **fields})
    assert error.value.field == field
    assert not Job.objects.exists()


def test_custom_stages_are_added_before_offer_renamed_reordered_and_removed(draft, recruiter):
    added = services.stage_add(job=draft, name="Case study", by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Screen", "Interview", "Case study", "Offer"]

    services.stage_rename(job=draft, stage_id=added.pk, name="Take-home case", by=recruiter)
    services.stage_move(job=draft, stage_id=added.pk, direction="up", by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Screen", "Take-home case", "Interview", "Offer"]

    services.stage_remove(job=draft, stage_id=added.pk, by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Screen", "Interview", "Offer"]
    assert list(draft.stages.order_by("position").values_list("position", flat=True)) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("kind", [StageKind.APPLICATION, StageKind.OFFER])
def test_application_and_offer_cannot_be_removed(draft, recruiter, kind):
    stage = draft.stages.get(kind=kind)
    with pytest.raises(DomainError, match="required stage"):
        services.stage_remove(job=draft, stage_id=stage.pk, by=recruiter)
    assert draft.stages.filter(pk=stage.pk).exists()


@pytest.mark.parametrize(
    "name, direction, message",
    [
        ("Prospect", "down", "keeps its place"),
        ("Application", "up", "keeps its place"),
        ("Application", "down", "keeps its place"),
        ("Offer", "up", "keeps its place"),
        ("Screen", "up", "already the first custom stage"),
        ("Interview", "down", "already the last custom stage"),
    ],
)
def test_only_custom_stages_move_and_only_among_themselves(draft, recruiter, name, direction, message):
    stage = draft.stages.get(name=name)
    with pytest.raises(DomainError, match=message):
        services.stage_move(job=draft, stage_id=stage.pk, direction=direction, by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Screen", "Interview", "Offer"]


def test_custom_stages_swap_places(draft, recruiter):
    interview = draft.stages.get(name="Interview")
    services.stage_move(job=draft, stage_id=interview.pk, direction="up", by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Interview", "Screen", "Offer"]


def test_duplicate_and_empty_stage_names_are_refused(draft, recruiter):
    with pytest.raises(DomainError, match="already has a stage"):
        services.stage_add(job=draft, name="screen", by=recruiter)
    with pytest.raises(DomainError, match="name"):
        services.stage_add(job=draft, name="   ", by=recruiter)
    assert len(names(draft)) == 5


def test_prospect_can_be_switched_off_and_on_again_first(draft, recruiter):
    services.prospect_set(job=draft, enabled=False, by=recruiter)
    assert names(draft) == ["Application", "Screen", "Interview", "Offer"]
    services.prospect_set(job=draft, enabled=True, by=recruiter)
    assert names(draft) == ["Prospect", "Application", "Screen", "Interview", "Offer"]


def test_a_stage_holding_candidates_cannot_be_removed(draft, recruiter):
    screen = draft.stages.get(name="Screen")
    ApplicationFactory(job=draft, stage=screen)
    with pytest.raises(DomainError, match="Move the candidates"):
        services.stage_remove(job=draft, stage_id=screen.pk, by=recruiter)


def test_activation_locks_the_process(draft, recruiter):
    services.job_activate(job=draft, by=recruiter)
    draft.refresh_from_db()
    assert draft.status == Job.Status.ACTIVE and draft.activated_at is not None

    before = names(draft)
    for change in (
        lambda: services.stage_add(job=draft, name="Late stage", by=recruiter),
        lambda: services.stage_rename(job=draft, stage_id=draft.stages.first().pk, name="X", by=recruiter),
        lambda: services.prospect_set(job=draft, enabled=False, by=recruiter),
        lambda: services.job_activate(job=draft, by=recruiter),
    ):
        with pytest.raises(DomainError):
            change()
    assert names(draft) == before


def test_a_stage_of_another_job_is_not_touched(draft, recruiter):
    other = services.job_create(by=recruiter, **FIELDS)
    stage = other.stages.get(name="Screen")
    with pytest.raises(DomainError, match="not part of this job"):
        services.stage_remove(job=draft, stage_id=stage.pk, by=recruiter)
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_the_team_takes_each_person_once_per_role_and_keeps_a_recruiter(draft, recruiter, hiring_manager):
    member = services.team_add(job=draft, user=hiring_manager, role=JobRole.Role.HIRING_MANAGER, by=recruiter)
    with pytest.raises(DomainError, match="already"):
        services.team_add(job=draft, user=hiring_manager, role=JobRole.Role.HIRING_MANAGER, by=recruiter)
    services.team_remove(job=draft, member_id=member.pk, by=recruiter)
    only_recruiter = draft.team.get(role=JobRole.Role.RECRUITER)
    with pytest.raises(DomainError, match="at least one recruiter"):
        services.team_remove(job=draft, member_id=only_recruiter.pk, by=recruiter)


def test_a_deactivated_user_cannot_join_a_team(draft, recruiter):
    gone = get_user_model().objects.create_user("gone", is_active=False)
    with pytest.raises(DomainError, match="deactivated"):
        services.team_add(job=draft, user=gone, role=JobRole.Role.INTERVIEWER, by=recruiter)


def test_a_read_only_user_cannot_join_a_team(draft, recruiter, read_only):
    with pytest.raises(DomainError, match="Read-only") as refused:
        services.team_add(job=draft, user=read_only, role=JobRole.Role.INTERVIEWER, by=recruiter)

    assert refused.value.field == "user"
    assert not JobRole.objects.filter(job=draft, user=read_only).exists()


def test_a_closed_job_is_read_only(draft, recruiter, hiring_manager):
    Job.objects.filter(pk=draft.pk).update(status=Job.Status.CLOSED, close_reason="CANCELLED")
    draft.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        services.job_update(job=draft, by=recruiter, title="Reopened?")
    with pytest.raises(DomainError, match="closed"):
        services.team_add(job=draft, user=hiring_manager, role=JobRole.Role.INTERVIEWER, by=recruiter)
    assert Job.objects.get(pk=draft.pk).title == FIELDS["title"]


def test_an_edit_based_on_a_stale_version_is_a_conflict(draft, recruiter):
    seen = draft.updated_at
    services.job_update(job=draft, by=recruiter, expected_updated_at=seen, title="First edit")
    with pytest.raises(ConflictError, match="Somebody else saved"):
        services.job_update(job=draft, by=recruiter, expected_updated_at=seen, title="Second edit")
    assert Job.objects.get(pk=draft.pk).title == "First edit"


def test_a_description_typed_as_plain_text_keeps_its_paragraphs_and_escapes_what_looks_like_markup(recruiter):
    job = services.job_create(
        by=recruiter, **{**FIELDS, "description": "First paragraph, 5 < 6.\nSecond line.\n\nNext & last."}
    )
    assert job.description == "<p>First paragraph, 5 &lt; 6.<br>Second line.</p><p>Next &amp; last.</p>"
