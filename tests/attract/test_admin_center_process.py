"""Admin center, Hiring process template: the default stages copied into every new job."""

import pytest
from django.urls import reverse

from attract.errors import DomainError
from attract.services import process_template_stage_move
from jobs.models import ProcessTemplateStage, Stage, StageKind

PERSONAS = ["admin_user", "recruiter", "hiring_manager", "interviewer", "read_only", None]
DEFAULT = [
    ("Prospect", StageKind.PROSPECT),
    ("Application", StageKind.APPLICATION),
    ("Screen", StageKind.CUSTOM),
    ("Interview", StageKind.CUSTOM),
    ("Offer", StageKind.OFFER),
]


def template():
    """The template as (name, kind) in order, checking the positions are 0..n-1 without gaps."""
    stages = list(ProcessTemplateStage.objects.order_by("position"))
    assert [s.position for s in stages] == list(range(len(stages)))
    return [(s.name, s.kind) for s in stages]


def names():
    return [name for name, _ in template()]


def stage(name):
    return ProcessTemplateStage.objects.get(name=name)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def admin(client_for, admin_user):
    return client_for(admin_user)


def test_the_first_migration_gives_the_default_process(db):
    assert template() == DEFAULT


# Who may use the pages


def process_requests():
    screen = stage("Screen")
    return [
        ("get", reverse("admin_center:process"), None),
        ("post", reverse("admin_center:process_stage_add"), {"new-name": "Assessment"}),
        (
            "post",
            reverse("admin_center:process_stage_rename", args=[screen.pk]),
            {f"stage{screen.pk}-name": "Call"},
        ),
        ("post", reverse("admin_center:process_stage_move", args=[screen.pk]), {"direction": "down"}),
        ("post", reverse("admin_center:process_stage_remove", args=[screen.pk]), {}),
        ("post", reverse("admin_center:process_prospect"), {"enabled": "off"}),
    ]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin_user"])
def test_only_administrators_edit_the_process_template_and_refused_writes_change_nothing(
    request, client_for, persona, db
):
    client = client_for(request.getfixturevalue(persona) if persona else None)

    for method, url, data in process_requests():
        response = getattr(client, method)(url, data or {})
        if persona is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), url
        else:
            assert response.status_code == 403, url

    assert template() == DEFAULT


def test_an_administrator_opens_the_process_template(admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = admin.get(reverse("admin_center:process"))

    assert response.status_code == 200
    assert [row["stage"].name for row in response.context["rows"]] == [n for n, _ in DEFAULT]
    html = response.content.decode()
    assert "Changes here apply to jobs created from now on" in html


@pytest.mark.parametrize(
    "name", ["process_stage_add", "process_stage_rename", "process_stage_move", "process_stage_remove"]
)
def test_the_change_buttons_only_answer_to_post(admin, name):
    args = [] if name == "process_stage_add" else [stage("Screen").pk]
    assert admin.get(reverse(f"admin_center:{name}", args=args)).status_code == 405
    assert admin.get(reverse("admin_center:process_prospect")).status_code == 405
    assert template() == DEFAULT


# Add


def test_an_administrator_adds_a_custom_stage_before_offer(admin):
    response = admin.post(reverse("admin_center:process_stage_add"), {"new-name": "  Assessment  "})

    assert response["Location"] == reverse("admin_center:process")
    assert template() == [*DEFAULT[:4], ("Assessment", StageKind.CUSTOM), DEFAULT[4]]


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Fill in the name."),
        ("   ", "Fill in the name."),
        ("screen", "already has a stage named “Screen”"),
        ("OFFER", "already has a stage named “Offer”"),
        ("x" * 61, "at most 60 characters"),
    ],
)
def test_adding_a_stage_with_a_bad_name_shows_the_error_and_writes_nothing(admin, name, message):
    response = admin.post(reverse("admin_center:process_stage_add"), {"new-name": name})

    assert response.status_code == 200
    assert message in " ".join(response.context["add_form"].errors["name"])
    assert message in response.content.decode()
    assert template() == DEFAULT


# Rename


def test_an_administrator_renames_a_stage(admin):
    screen = stage("Screen")

    response = admin.post(
        reverse("admin_center:process_stage_rename", args=[screen.pk]),
        {f"stage{screen.pk}-name": "Phone screen"},
    )

    assert response["Location"] == reverse("admin_center:process")
    assert names() == ["Prospect", "Application", "Phone screen", "Interview", "Offer"]


def test_required_stages_can_be_renamed_and_keep_their_kind(admin):
    offer = stage("Offer")

    admin.post(
        reverse("admin_center:process_stage_rename", args=[offer.pk]), {f"stage{offer.pk}-name": "Contract"}
    )

    assert template()[-1] == ("Contract", StageKind.OFFER)


def test_renaming_a_stage_to_its_own_name_in_other_case_is_allowed(admin):
    screen = stage("Screen")
    admin.post(
        reverse("admin_center:process_stage_rename", args=[screen.pk]), {f"stage{screen.pk}-name": "SCREEN"}
    )
    assert names()[2] == "SCREEN"


@pytest.mark.parametrize(
    "name, message",
    [("", "Fill in the name."), ("interview", "already has a stage named “Interview”")],
)
def test_renaming_a_stage_badly_shows_the_error_next_to_it_and_writes_nothing(admin, name, message):
    screen = stage("Screen")

    response = admin.post(
        reverse("admin_center:process_stage_rename", args=[screen.pk]), {f"stage{screen.pk}-name": name}
    )

    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row["stage"].pk == screen.pk)
    assert message in " ".join(row["rename_form"].errors["name"])
    assert message in response.content.decode()
    assert template() == DEFAULT


def test_renaming_a_stage_that_was_removed_meanwhile_is_not_found(admin):
    gone_pk = stage("Screen").pk
    ProcessTemplateStage.objects.filter(pk=gone_pk).delete()

    response = admin.post(
        reverse("admin_center:process_stage_rename", args=[gone_pk]), {f"stage{gone_pk}-name": "Call"}
    )

    assert response.status_code == 404
    assert not ProcessTemplateStage.objects.filter(name="Call").exists()


# Reorder


def test_an_administrator_moves_custom_stages_up_and_down(admin):
    admin.post(reverse("admin_center:process_stage_move", args=[stage("Screen").pk]), {"direction": "down"})
    assert names() == ["Prospect", "Application", "Interview", "Screen", "Offer"]

    admin.post(reverse("admin_center:process_stage_move", args=[stage("Screen").pk]), {"direction": "up"})
    assert names() == ["Prospect", "Application", "Screen", "Interview", "Offer"]


@pytest.mark.parametrize(
    "name, direction, message",
    [
        ("Screen", "up", "Screen is already the first custom stage."),
        ("Interview", "down", "Interview is already the last custom stage."),
        ("Application", "down", "Application keeps its place in the process; only custom stages move."),
        ("Offer", "up", "Offer keeps its place in the process; only custom stages move."),
        ("Prospect", "down", "Prospect keeps its place in the process; only custom stages move."),
    ],
)
def test_moving_a_stage_out_of_its_allowed_place_is_refused(admin, name, direction, message):
    response = admin.post(
        reverse("admin_center:process_stage_move", args=[stage(name).pk]),
        {"direction": direction},
        follow=True,
    )

    assert message in messages_of(response)
    assert template() == DEFAULT


def test_moving_without_a_direction_is_refused(admin):
    response = admin.post(
        reverse("admin_center:process_stage_move", args=[stage("Screen").pk]),
        {"direction": "sideways"},
        follow=True,
    )

    assert "Choose whether to move the stage up or down." in messages_of(response)
    assert template() == DEFAULT


def test_the_service_refuses_an_unknown_direction(db):
    with pytest.raises(DomainError, match="up or down"):
        process_template_stage_move(stage=stage("Screen"), direction="left")
    assert template() == DEFAULT


# Remove


def test_an_administrator_removes_a_custom_stage(admin):
    response = admin.post(reverse("admin_center:process_stage_remove", args=[stage("Screen").pk]))

    assert response["Location"] == reverse("admin_center:process")
    assert names() == ["Prospect", "Application", "Interview", "Offer"]


@pytest.mark.parametrize(
    "name, message",
    [
        ("Application", "Application is required in every hiring process and cannot be removed."),
        ("Offer", "Offer is required in every hiring process and cannot be removed."),
        ("Prospect", "Switch the Prospect stage off instead of removing it."),
    ],
)
def test_required_stages_cannot_be_removed(admin, name, message):
    response = admin.post(reverse("admin_center:process_stage_remove", args=[stage(name).pk]), follow=True)

    assert message in messages_of(response)
    assert template() == DEFAULT


def test_the_page_offers_remove_only_for_custom_stages(admin):
    rows = admin.get(reverse("admin_center:process")).context["rows"]
    assert [row["stage"].name for row in rows if row["removable"]] == ["Screen", "Interview"]


# Prospect on and off


def test_an_administrator_switches_prospect_off_and_on_again(admin):
    admin.post(reverse("admin_center:process_prospect"), {"enabled": "off"})
    assert names() == ["Application", "Screen", "Interview", "Offer"]
    assert "Switch Prospect on" in admin.get(reverse("admin_center:process")).content.decode()

    admin.post(reverse("admin_center:process_prospect"), {"enabled": "on"})
    assert template() == DEFAULT


def test_switching_prospect_on_twice_adds_it_once(admin):
    admin.post(reverse("admin_center:process_prospect"), {"enabled": "on"})
    assert template() == DEFAULT


def test_prospect_cannot_come_back_while_a_custom_stage_has_its_name(admin):
    admin.post(reverse("admin_center:process_prospect"), {"enabled": "off"})
    screen = stage("Screen")
    admin.post(
        reverse("admin_center:process_stage_rename", args=[screen.pk]), {f"stage{screen.pk}-name": "Prospect"}
    )

    response = admin.post(reverse("admin_center:process_prospect"), {"enabled": "on"}, follow=True)

    assert "The process already has a stage named “Prospect”." in messages_of(response)
    assert template() == [
        ("Application", StageKind.APPLICATION),
        ("Prospect", StageKind.CUSTOM),
        ("Interview", StageKind.CUSTOM),
        ("Offer", StageKind.OFFER),
    ]


def test_a_garbled_prospect_switch_is_refused(admin):
    response = admin.post(reverse("admin_center:process_prospect"), {"enabled": "maybe"}, follow=True)

    assert "Choose whether the Prospect stage is on or off." in messages_of(response)
    assert template() == DEFAULT


# Existing jobs


def test_editing_the_template_leaves_the_stages_of_existing_jobs_alone(admin, job):
    before = list(job.stages.order_by("position").values_list("name", "kind"))

    admin.post(reverse("admin_center:process_stage_add"), {"new-name": "Assessment"})
    admin.post(reverse("admin_center:process_stage_remove", args=[stage("Screen").pk]))
    admin.post(reverse("admin_center:process_prospect"), {"enabled": "off"})

    assert list(job.stages.order_by("position").values_list("name", "kind")) == before
    assert Stage.objects.filter(name="Assessment").count() == 0
