import pytest
from django.urls import reverse

from linkedin_sandbox import session
from linkedin_sandbox.models import Member, Seat

pytestmark = pytest.mark.django_db


def _sign_in(client, member):
    stored = client.session
    stored[session.MEMBER_KEY] = member.pk
    stored.save()


def test_people_search_needs_a_sandbox_sign_in(client):
    response = client.get(reverse("sandbox:people"))
    assert response.status_code == 302
    assert reverse("sandbox:signin") in response["Location"]


def test_a_seat_holder_finds_a_member_by_name_and_opens_the_profile(client):
    seat = Seat.objects.select_related("member").first()
    _sign_in(client, seat.member)
    other = Member.objects.exclude(pk=seat.member.pk).first()

    found = client.get(reverse("sandbox:people"), {"q": seat.member.first_name}).content.decode()
    assert seat.member.last_name in found
    if other.first_name != seat.member.first_name:
        assert other.name not in found

    profile = client.get(reverse("sandbox:member_profile", args=[seat.member.person_id]))
    assert profile.status_code == 200
    assert f"urn:li:person:{seat.member.person_id}" in profile.content.decode()
    assert client.get(reverse("sandbox:member_profile", args=["nobody"])).status_code == 404
