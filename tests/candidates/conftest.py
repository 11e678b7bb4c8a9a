"""Fixtures of the candidates tests: applications on the shared persona job."""

import pytest

from jobs.models import StageKind
from tests.factories import ApplicationFactory, CandidateFactory, StageChangeFactory


def stage_of(job, kind=None, name=None):
    if name is not None:
        return job.stages.get(name=name)
    return job.stages.get(kind=kind)


@pytest.fixture
def candidate(db):
    return CandidateFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")


@pytest.fixture
def application(active_job, candidate):
    """Ada's application in the Application stage of the active persona job, with its history line."""
    app = ApplicationFactory(
        job=active_job, candidate=candidate, stage=stage_of(active_job, StageKind.APPLICATION)
    )
    StageChangeFactory(application=app)
    return app
