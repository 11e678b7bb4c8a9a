"""Django's admin for operators: the system LinkedIn pool keeps its name there too."""

import pytest
from django.urls import reverse

from candidates.models import TalentPool
from tests.factories import TalentPoolFactory


def change_data(pool, name):
    return {
        "name": name,
        "description": pool.description,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("operator", "operator@example.com", "pass-word-123")


def test_the_system_pool_name_is_read_only_in_the_admin(client, operator):
    pool = TalentPool.objects.get(system_key=TalentPool.LINKEDIN_KEY)
    client.force_login(operator)
    url = reverse("admin:candidates_talentpool_change", args=[pool.pk])

    page = client.get(url)
    assert "name" not in page.context["adminform"].form.fields
    response = client.post(url, change_data(pool, "Renamed"))

    assert response.status_code == 302
    assert TalentPool.objects.get(pk=pool.pk).name == pool.name


def test_an_ordinary_pool_can_be_renamed_in_the_admin(client, operator):
    pool = TalentPoolFactory(name="Designers")
    client.force_login(operator)
    url = reverse("admin:candidates_talentpool_change", args=[pool.pk])

    assert "name" in client.get(url).context["adminform"].form.fields
    client.post(url, change_data(pool, "Product designers"))

    assert TalentPool.objects.get(pk=pool.pk).name == "Product designers"
