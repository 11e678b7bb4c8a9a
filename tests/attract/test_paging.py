"""Every paged view reads its page number with one helper that clamps it: junk is the first page, a huge
number is the last page the helper allows (an empty page or the paginator's last), never a 500."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from attract.paging import MAX_PAGE, page_number
from jobs.models import StageKind
from tests.factories import ApplicationFactory, CandidateFactory, TalentPoolFactory, TalentPoolMemberFactory

HUGE = "9999999999999999999"


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-5", 1),
        ("3", 3),
        (" 7 ", 7),
        (HUGE, MAX_PAGE),
        ("1" * 5000, MAX_PAGE),
        ("1e3", 1),
    ],
)
def test_the_page_number_is_clamped_between_one_and_the_last_page_allowed(raw, expected):
    request = RequestFactory().get("/", {} if raw is None else {"page": raw})

    assert page_number(request) == expected


def test_a_view_may_set_its_own_last_page():
    assert page_number(RequestFactory().get("/", {"page": "50"}), last=40) == 40


@pytest.fixture
def pool(admin_user):
    pool = TalentPoolFactory(name="Compilers", created_by=admin_user)
    TalentPoolMemberFactory(pool=pool, candidate=CandidateFactory())
    return pool


@pytest.mark.parametrize("page", [HUGE, "-" + HUGE, "1" * 5000])
def test_huge_page_numbers_on_every_paged_view_are_answered(client_for, admin_user, active_job, pool, page):
    candidate = CandidateFactory()
    ApplicationFactory(
        candidate=candidate, job=active_job, stage=active_job.stages.get(kind=StageKind.APPLICATION)
    )
    client = client_for(admin_user)
    addresses = [
        reverse("candidates:activity", args=[candidate.pk]),
        reverse("candidates:pool", args=[pool.pk]),
        reverse("candidates:list"),
        reverse("candidates:list") + "?q=a",
        reverse("jobs:list"),
        reverse("careers:list"),
        reverse("admin_center:users"),
    ]

    for address in addresses:
        separator = "&" if "?" in address else "?"
        response = client.get(f"{address}{separator}page={page}")
        assert response.status_code == 200, address


def test_a_pipeline_column_with_a_cursor_past_any_id_is_answered(client_for, admin_user, active_job):
    stage = active_job.stages.get(kind=StageKind.APPLICATION)
    ApplicationFactory(job=active_job, stage=stage)
    address = reverse("candidates:pipeline_column", args=[active_job.pk, stage.pk])

    for after in (f"2026-01-01T00:00:00+00:00,{HUGE}{HUGE}", "9999-12-31T23:59:59+00:00,-1", "junk"):
        response = client_for(admin_user).get(address, {"after": after})
        assert response.status_code == 200, after
