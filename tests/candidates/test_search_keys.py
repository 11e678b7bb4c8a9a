"""Candidates keep the normalised keys search compares, whichever way they are written."""

import pytest

from candidates.models import Candidate
from candidates.search import search_key
from tests.factories import CandidateFactory


@pytest.mark.parametrize(
    "text, key",
    [
        ("García", "garcia"),
        ("ÅNGSTRÖM-Søren", "angstrom-soren"),
        ("Straße", "strasse"),
        ("Łukasz  Œuvre ", "lukasz oeuvre"),
        ("Ｆｕｌｌ width", "full width"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_search_key_has_no_accents_case_or_repeated_spaces(text, key):
    assert search_key(text) == key


def _keys(candidate):
    candidate.refresh_from_db()
    return (candidate.first_name_key, candidate.last_name_key, candidate.email_key, candidate.company_key)


@pytest.mark.django_db
def test_saving_a_candidate_writes_its_keys():
    candidate = CandidateFactory(
        first_name="Zoë", last_name="García", email="Zoe.Garcia@Example.org", current_company="Müller"
    )

    assert _keys(candidate) == ("zoe", "garcia", "zoe.garcia@example.org", "muller")


@pytest.mark.django_db
def test_saving_some_fields_also_writes_their_keys():
    candidate = CandidateFactory(last_name="Smith")
    candidate.last_name = "Núñez"

    candidate.save(update_fields=["last_name", "updated_at"])

    assert _keys(candidate)[1] == "nunez"


@pytest.mark.django_db
def test_bulk_writes_fill_the_keys_as_seed_demo_and_the_bench_use_them():
    created = Candidate.objects.bulk_create(
        [Candidate(first_name="Åsa", last_name="Öberg"), Candidate(first_name="Ana", last_name="Peña")]
    )
    created[1].last_name = "Muñoz"
    Candidate.objects.bulk_update(created[1:], ["last_name"])

    assert [_keys(c)[:2] for c in created] == [("asa", "oberg"), ("ana", "munoz")]


@pytest.mark.django_db
def test_a_bulk_write_of_other_fields_reads_no_deferred_name(django_assert_num_queries):
    CandidateFactory(first_name="Åsa", last_name="Öberg")
    (partial,) = Candidate.objects.only("pk", "updated_at")

    with django_assert_num_queries(1):
        Candidate.objects.bulk_update([partial], ["updated_at"])

    assert _keys(partial)[:2] == ("asa", "oberg")
