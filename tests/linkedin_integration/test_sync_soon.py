"""sync_soon without a broker (make run; tests other than the redis ones run tasks eagerly): a change asks
for one In-ATS push per window, run by a thread of the web process once the window closes."""

import threading

import pytest

from linkedin_integration import tasks


@pytest.fixture(autouse=True)
def _fresh_window():
    tasks.forget_sync_window()
    yield
    tasks.forget_sync_window()


@pytest.fixture
def runs(monkeypatch):
    ran = []
    monkeypatch.setattr(tasks.push_linkedin_sync, "apply", lambda *args, **kwargs: ran.append(True))
    return ran


def _join_sync_threads():
    for thread in threading.enumerate():
        if thread.name == tasks.SYNC_SOON_THREAD:
            thread.join(timeout=10)


def test_without_a_broker_the_push_runs_beside_the_request_once_per_window(settings, runs):
    settings.LINKEDIN_SYNC_IN_PROCESS = True
    settings.LINKEDIN_SYNC_DEBOUNCE_SECONDS = 0
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 0

    assert tasks.sync_soon() is True
    _join_sync_threads()
    assert runs == [True]


def test_a_second_change_in_the_same_window_asks_for_nothing_more(settings, runs):
    settings.LINKEDIN_SYNC_IN_PROCESS = True
    settings.LINKEDIN_SYNC_DEBOUNCE_SECONDS = 60
    settings.LINKEDIN_SYNC_SAFETY_SECONDS = 0

    assert tasks.sync_soon() is True
    assert tasks.sync_soon() is False


def test_switched_off_without_a_broker_nothing_runs_in_process(settings, runs):
    settings.LINKEDIN_SYNC_IN_PROCESS = False
    settings.LINKEDIN_SYNC_DEBOUNCE_SECONDS = 0

    assert tasks.sync_soon() is False
    _join_sync_threads()
    assert runs == []
