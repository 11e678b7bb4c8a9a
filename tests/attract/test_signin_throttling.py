"""Sign-in throttling: repeated failures for one account or from one address slow sign-ins down and
then lock them for a while, saying so; a success clears the account; Django's admin sign-in is
throttled too; a cache that does not answer lets people sign in."""

import pytest
from django.urls import reverse

from attract import signin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "pass-word-123"
WRONG = "not-the-password"
INVALID = "enter a correct username and password"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(signin, "_now", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance


@pytest.fixture
def user(db):
    return UserFactory(username="grace")


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302


def test_the_first_failures_only_say_the_password_is_wrong(client, user, clock):
    for _ in range(signin.ACCOUNT.slow_after):
        response = attempt(client, "grace", WRONG)
        assert INVALID in response.content.decode()

    assert signed_in(attempt(client, "grace", PASSWORD)) is False  # the fourth try must wait first


def test_after_three_failures_the_account_must_wait_a_growing_delay_even_with_the_right_password(
    client, user, clock
):
    for _ in range(3):
        attempt(client, "grace", WRONG)

    refused = attempt(client, "grace", PASSWORD)
    assert "wait 2 seconds before trying again" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    clock(2)
    attempt(client, "grace", WRONG)  # a fourth failure doubles the delay
    assert "wait 4 seconds" in attempt(client, "grace", PASSWORD).content.decode()

    clock(4)
    assert signed_in(attempt(client, "grace", PASSWORD))


def test_ten_failures_lock_the_account_for_fifteen_minutes_from_any_address(client, user, clock):
    for n in range(signin.ACCOUNT.lock_after):
        attempt(client, "grace", WRONG, address=f"10.0.1.{n}")
        clock(signin.MAX_DELAY)

    locked = attempt(client, "grace", PASSWORD, address="10.9.9.9")
    assert "locked for this account or address" in locked.content.decode()
    assert "Try again in 14 minutes" in locked.content.decode()

    clock(signin.LOCK_SECONDS - signin.MAX_DELAY)
    assert signed_in(attempt(client, "grace", PASSWORD, address="10.9.9.9"))


def test_a_locked_account_does_not_lock_its_neighbours(client, user, clock):
    UserFactory(username="alan")
    for _ in range(3):
        attempt(client, "grace", WRONG, address="10.0.0.1")

    assert signed_in(attempt(client, "alan", PASSWORD, address="10.0.0.2"))


def test_many_accounts_tried_from_one_address_slow_that_address_down(client, user, clock):
    for n in range(signin.ADDRESS.slow_after):
        attempt(client, f"guess-{n}", WRONG, address="10.6.6.6")

    from_there = attempt(client, "grace", PASSWORD, address="10.6.6.6")
    elsewhere = attempt(client, "grace", PASSWORD, address="10.7.7.7")

    assert "wait 2 seconds" in from_there.content.decode()
    assert signed_in(elsewhere)


def test_a_successful_sign_in_forgets_the_account_s_failures(client, user, clock):
    for _ in range(2):
        attempt(client, "grace", WRONG)
    assert signed_in(attempt(client, "grace", PASSWORD))
    client.logout()

    for _ in range(2):
        attempt(client, "grace", WRONG, address="10.0.0.9")

    assert signed_in(attempt(client, "grace", PASSWORD, address="10.0.0.9"))


def test_the_django_admin_sign_in_is_throttled_too(client, clock):
    UserFactory(username="operator", is_staff=True, is_superuser=True)
    for _ in range(3):
        attempt(client, "operator", WRONG)

    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": "operator", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )

    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_cache_that_does_not_answer_lets_people_sign_in(client, user, clock, monkeypatch):
    class Silent:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("the cache is not answering")

            return fail

    monkeypatch.setattr(signin, "cache", Silent())

    assert INVALID in attempt(client, "grace", WRONG).content.decode()
    assert signed_in(attempt(client, "grace", PASSWORD))


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(client, user, clock, settings):
    settings.SIGNIN_BEHIND_PROXY = True
    for n in range(signin.ADDRESS.slow_after):
        client.post(
            LOGIN,
            {"username": f"guess-{n}", "password": WRONG},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7",
        )

    # The proxy's own address is shared by everyone: it is not what gets slowed down.
    other_client = client.post(
        LOGIN,
        {"username": "grace", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    same_client = client.post(
        LOGIN,
        {"username": "grace", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="forged, 203.0.113.7",
    )

    assert signed_in(other_client)
    assert "wait 2 seconds" in same_client.content.decode()
