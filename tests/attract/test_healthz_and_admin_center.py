import pytest

from attract.models import Counter
from tests.factories import UserFactory


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin_user", 200),
        ("recruiter", 403),
        ("hiring_manager", 403),
        ("interviewer", 403),
        ("read_only", 403),
    ],
)
def test_admin_center_is_for_administrators_only(request, client_for, persona, expected):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/admin-center/users/", follow=False)
    assert response.status_code == expected


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_sign_in_from_the_admin_center(client):
    response = client.get("/admin-center/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin-center/users/")


def test_the_admin_center_shows_its_three_tabs_and_the_main_menu_links_it_for_admins_only(
    client_for, admin_user, recruiter
):
    html = client_for(admin_user).get("/admin-center/", follow=True).content.decode()
    for tab in ("Users and roles", "Hiring process template", "LinkedIn Integration"):
        assert tab in html
    assert 'href="/admin-center/linkedin/"' in html
    assert 'href="/admin-center/"' in html

    assert 'href="/admin-center/"' not in client_for(recruiter).get("/candidates/").content.decode()


def test_operators_find_users_and_counters_in_the_django_admin(client, db):
    operator = UserFactory(username="operator", is_staff=True, is_superuser=True)
    Counter.objects.create(name="job_code", value=41)
    client.force_login(operator)

    assert "operator" in client.get("/django-admin/attract/user/").content.decode()
    assert client.get(f"/django-admin/attract/user/{operator.pk}/change/").status_code == 200
    counters = client.get("/django-admin/attract/counter/").content.decode()
    assert "job_code" in counters and ">41<" in counters


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, sees_pools, sees_admin",
    [
        ("admin_user", True, True),
        ("recruiter", True, False),
        ("hiring_manager", False, False),
        ("interviewer", False, False),
        ("read_only", True, False),
    ],
)
def test_the_main_menu_offers_only_what_the_persona_may_open(
    request, client_for, persona, sees_pools, sees_admin
):
    body = client_for(request.getfixturevalue(persona)).get("/jobs/").content.decode()
    assert ('href="/talent-pools/"' in body) is sees_pools
    assert ('href="/admin-center/"' in body) is sees_admin
