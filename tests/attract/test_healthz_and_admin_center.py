import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


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
