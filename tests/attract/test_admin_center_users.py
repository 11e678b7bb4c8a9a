"""Admin center, Users and roles: list, create, edit roles and names, deactivate and reactivate."""

import re

import pytest
from django.urls import reverse

from attract import roles
from attract.errors import DomainError
from attract.models import User
from attract.services import user_set_active, user_update
from tests.factories import UserFactory

PERSONAS = ["admin_user", "recruiter", "hiring_manager", "interviewer", "read_only", None]

NEW_USER = {
    "username": "nadia",
    "first_name": "Nadia",
    "last_name": "Nowak",
    "email": "nadia@example.com",
    "password1": "violet-harbour-42",
    "password2": "violet-harbour-42",
    "roles": [roles.RECRUITER, roles.INTERVIEWER],
}


def role_names_in_db(user):
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def form_errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def edit_data(user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "roles": sorted(role_names_in_db(user)),
    }
    data.update(changes)
    return data


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="colleague", first_name="Cora", last_name="Colleague", roles=[roles.RECRUITER]
    )


# Who may use the pages


def admin_center_requests(colleague, former):
    """Every user URL of the Admin center, each with the request a person would send there."""
    return [
        ("get", reverse("admin_center:index"), None),
        ("get", reverse("admin_center:users"), None),
        ("get", reverse("admin_center:user_create"), None),
        ("post", reverse("admin_center:user_create"), NEW_USER),
        ("get", reverse("admin_center:user_edit", args=[colleague.pk]), None),
        (
            "post",
            reverse("admin_center:user_edit", args=[colleague.pk]),
            edit_data(colleague, first_name="X"),
        ),
        ("post", reverse("admin_center:user_deactivate", args=[colleague.pk]), {}),
        ("post", reverse("admin_center:user_reactivate", args=[former.pk]), {}),
    ]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin_user"])
def test_only_administrators_reach_the_user_pages_and_refused_writes_change_nothing(
    request, client_for, persona, colleague
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    former = UserFactory(username="former", is_active=False)

    for method, url, data in admin_center_requests(colleague, former):
        response = getattr(client, method)(url, data or {})
        if persona is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), url
        else:
            assert response.status_code == 403, url

    assert not User.objects.filter(username="nadia").exists()
    colleague.refresh_from_db()
    former.refresh_from_db()
    assert colleague.first_name == "Cora"
    assert colleague.is_active is True
    assert former.is_active is False


def test_an_administrator_reaches_every_user_page(client_for, admin_user, colleague):
    client = client_for(admin_user)
    assert client.get(reverse("admin_center:index"))["Location"] == reverse("admin_center:users")
    for name, args in [("users", []), ("user_create", []), ("user_edit", [colleague.pk])]:
        assert client.get(reverse(f"admin_center:{name}", args=args)).status_code == 200


@pytest.mark.parametrize("name", ["user_deactivate", "user_reactivate"])
def test_deactivation_buttons_only_answer_to_post(client_for, admin_user, colleague, name):
    response = client_for(admin_user).get(reverse(f"admin_center:{name}", args=[colleague.pk]))
    assert response.status_code == 405
    colleague.refresh_from_db()
    assert colleague.is_active is True


def test_an_unknown_user_is_not_found(client_for, admin_user):
    assert client_for(admin_user).get(reverse("admin_center:user_edit", args=[999999])).status_code == 404


# The list


def test_the_user_list_shows_everyone_with_their_roles_and_status(client_for, admin_user, colleague):
    UserFactory(username="gone", first_name="Gus", last_name="Gone", is_active=False, roles=[roles.READ_ONLY])

    response = client_for(admin_user).get(reverse("admin_center:users"))

    assert response.status_code == 200
    rows = {person.username: person for person in response.context["people"]}
    assert set(rows) == {"admin", "colleague", "gone"}
    html = response.content.decode()
    assert "Cora Colleague" in html and "Gus Gone" in html
    assert "Deactivated" in html and "Read-only" in html and "Recruiter" in html


def test_the_user_list_searches_by_name_username_and_email(client_for, admin_user, colleague):
    UserFactory(username="zed", first_name="Zed", last_name="Zulu", email="zz@elsewhere.org")
    client = client_for(admin_user)

    for query in ("cora", "COLLEAGUE", "colleague@example"):
        found = [
            p.username for p in client.get(reverse("admin_center:users"), {"q": query}).context["people"]
        ]
        assert found == ["colleague"], query


def test_the_user_list_costs_the_same_queries_for_three_or_sixty_users(
    client_for, admin_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    url = reverse("admin_center:users")
    UserFactory.create_batch(2, roles=[roles.RECRUITER, roles.INTERVIEWER])
    with django_assert_max_num_queries(6) as few:
        assert client.get(url).status_code == 200

    UserFactory.create_batch(57, roles=[roles.RECRUITER, roles.INTERVIEWER])
    with django_assert_max_num_queries(6) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["people"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


# Create


def test_an_administrator_creates_a_user_who_can_then_sign_in(client_for, admin_user, client):
    response = client_for(admin_user).post(reverse("admin_center:user_create"), NEW_USER)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin_center:users")
    nadia = User.objects.get(username="nadia")
    assert (nadia.first_name, nadia.last_name, nadia.email) == ("Nadia", "Nowak", "nadia@example.com")
    assert role_names_in_db(nadia) == {roles.RECRUITER, roles.INTERVIEWER}
    client.logout()
    assert client.login(username="nadia", password="violet-harbour-42")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password2": "something-else-9"}, "password2", "differ"),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.com."),
        ({"email": ""}, "email", "Fill in the email."),
        ({"username": "bad name!"}, "username", "valid username"),
        ({"username": "ADMIN"}, "username", "already exists"),
        ({"email": "ADMIN@example.com"}, "email", "already has this email"),
        ({"first_name": ""}, "first_name", "Fill in the first name."),
        ({"roles": []}, "roles", "at least one role"),
        ({"roles": ["Emperor"]}, "roles", "Choose the roles from the list."),
    ],
)
def test_creating_a_user_with_bad_input_shows_the_error_and_writes_nothing(
    client_for, admin_user, changes, field, message
):
    users_before = User.objects.count()

    response = client_for(admin_user).post(reverse("admin_center:user_create"), {**NEW_USER, **changes})

    assert response.status_code == 200
    assert message in form_errors(response, field)
    assert message in response.content.decode()
    assert User.objects.count() == users_before


def test_the_password_rules_are_the_configured_validators(client_for, admin_user, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]
    client = client_for(admin_user)

    similar = {
        **NEW_USER,
        "username": "harbourviolet",
        "password1": "harbourviolet",
        "password2": "harbourviolet",
    }
    numeric = {**NEW_USER, "password1": "48151623429", "password2": "48151623429"}

    assert "too similar" in form_errors(
        client.post(reverse("admin_center:user_create"), similar), "password1"
    )
    assert "entirely numeric" in form_errors(
        client.post(reverse("admin_center:user_create"), numeric), "password1"
    )
    assert not User.objects.filter(username__in=["harbourviolet", "nadia"]).exists()


# Edit


def test_an_administrator_changes_names_email_and_roles(client_for, admin_user, colleague):
    data = edit_data(
        colleague,
        first_name="Corinna",
        last_name="Cole",
        email="corinna@example.com",
        roles=[roles.HIRING_MANAGER],
    )

    response = client_for(admin_user).post(reverse("admin_center:user_edit", args=[colleague.pk]), data)

    assert response["Location"] == reverse("admin_center:users")
    colleague.refresh_from_db()
    assert (colleague.first_name, colleague.last_name, colleague.email) == (
        "Corinna",
        "Cole",
        "corinna@example.com",
    )
    assert role_names_in_db(colleague) == {roles.HIRING_MANAGER}


def test_the_edit_form_shows_the_current_roles(client_for, admin_user, colleague):
    response = client_for(admin_user).get(reverse("admin_center:user_edit", args=[colleague.pk]))
    assert response.context["form"].initial["roles"] == [roles.RECRUITER]
    html = response.content.decode()
    assert re.search(r'value="Recruiter"[^>]*checked', html)
    assert not re.search(r'value="Administrator"[^>]*checked', html)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"first_name": ""}, "first_name", "Fill in the first name."),
        ({"email": "nope"}, "email", "Enter an email address like name@example.com."),
        ({"email": "admin@example.com"}, "email", "already has this email"),
        ({"roles": []}, "roles", "at least one role"),
    ],
)
def test_editing_a_user_with_bad_input_shows_the_error_and_writes_nothing(
    client_for, admin_user, colleague, changes, field, message
):
    data = edit_data(colleague, last_name="Changed", **changes)

    response = client_for(admin_user).post(reverse("admin_center:user_edit", args=[colleague.pk]), data)

    assert response.status_code == 200
    assert message in form_errors(response, field)
    colleague.refresh_from_db()
    assert colleague.last_name == "Colleague"
    assert role_names_in_db(colleague) == {roles.RECRUITER}


def test_the_only_administrator_cannot_give_up_the_role(client_for, admin_user):
    data = edit_data(admin_user, roles=[roles.RECRUITER], first_name="Changed")

    response = client_for(admin_user).post(reverse("admin_center:user_edit", args=[admin_user.pk]), data)

    assert response.status_code == 200
    assert "last active administrator" in form_errors(response, "roles")
    admin_user.refresh_from_db()
    assert admin_user.first_name != "Changed"
    assert role_names_in_db(admin_user) == {roles.ADMINISTRATOR}


def test_an_administrator_may_give_up_the_role_while_another_remains(client_for, admin_user):
    UserFactory(username="second_admin", roles=[roles.ADMINISTRATOR])
    client = client_for(admin_user)

    response = client.post(
        reverse("admin_center:user_edit", args=[admin_user.pk]),
        edit_data(admin_user, roles=[roles.RECRUITER]),
    )

    assert response["Location"] == reverse("home")
    assert role_names_in_db(admin_user) == {roles.RECRUITER}
    assert client.get(reverse("admin_center:users")).status_code == 403


def test_removing_the_role_from_another_administrator_is_allowed(client_for, admin_user):
    other = UserFactory(username="second_admin", roles=[roles.ADMINISTRATOR])

    client_for(admin_user).post(
        reverse("admin_center:user_edit", args=[other.pk]), edit_data(other, roles=[roles.READ_ONLY])
    )

    assert role_names_in_db(other) == {roles.READ_ONLY}


# Deactivate and reactivate


def test_a_deactivated_user_can_no_longer_sign_in_and_a_reactivated_one_can(
    client_for, admin_user, colleague
):
    admin = client_for(admin_user)

    response = admin.post(reverse("admin_center:user_deactivate", args=[colleague.pk]))
    assert response["Location"] == reverse("admin_center:users")
    colleague.refresh_from_db()
    assert colleague.is_active is False
    assert User.objects.filter(pk=colleague.pk).exists()
    admin.logout()
    assert not admin.login(username="colleague", password="pass-word-123")

    admin.force_login(admin_user)
    admin.post(reverse("admin_center:user_reactivate", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert colleague.is_active is True
    admin.logout()
    assert admin.login(username="colleague", password="pass-word-123")


def test_an_administrator_cannot_deactivate_themselves(client_for, admin_user):
    UserFactory(username="second_admin", roles=[roles.ADMINISTRATOR])

    response = client_for(admin_user).post(
        reverse("admin_center:user_deactivate", args=[admin_user.pk]), follow=True
    )

    assert "You cannot deactivate your own account." in messages_of(response)
    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_another_administrator_can_be_deactivated(client_for, admin_user):
    other = UserFactory(username="second_admin", roles=[roles.ADMINISTRATOR])

    client_for(admin_user).post(reverse("admin_center:user_deactivate", args=[other.pk]))

    other.refresh_from_db()
    assert other.is_active is False


def test_the_last_active_administrator_cannot_be_deactivated(admin_user):
    UserFactory(username="retired_admin", is_active=False, roles=[roles.ADMINISTRATOR])

    with pytest.raises(DomainError, match="last active administrator"):
        user_set_active(user=admin_user, active=False, by=None)

    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_the_role_of_the_last_active_administrator_cannot_be_removed(admin_user):
    with pytest.raises(DomainError, match="last active administrator"):
        user_update(user=admin_user, first_name="A", last_name="B", email="a@example.com", roles=[])

    assert role_names_in_db(admin_user) == {roles.ADMINISTRATOR}


def test_a_superuser_counts_as_the_remaining_administrator(admin_user):
    UserFactory(username="operator", is_superuser=True)

    user_set_active(user=admin_user, active=False, by=None)

    admin_user.refresh_from_db()
    assert admin_user.is_active is False
